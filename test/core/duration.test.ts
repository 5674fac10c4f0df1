import { describe, expect, test } from 'vitest'
import { formatMs, toMs } from '../../src/core/duration.js'

const EXPECTED =
  "a non-negative number of milliseconds (at most 24 days) or a duration such as '250ms', '3s', '1m'"

describe('toMs', () => {
  test('takes milliseconds and strings with a unit', () => {
    expect(toMs(0, 'atMost')).toBe(0)
    expect(toMs(250, 'atMost')).toBe(250)
    expect(toMs('250ms', 'atMost')).toBe(250)
    expect(toMs('1.5s', 'atMost')).toBe(1500)
    expect(toMs(' 2 s ', 'atMost')).toBe(2000)
    expect(toMs('1.5m', 'atMost')).toBe(90_000)
    expect(toMs('1h', 'atMost')).toBe(3_600_000)
    expect(toMs(2_147_483_647, 'atMost')).toBe(2_147_483_647)
  })

  test.each([
    [-5, '-5'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [2_147_483_648, '2147483648'],
    ['3 sec', "'3 sec'"],
    ['-1s', "'-1s'"],
    ['', "''"],
    ['25d', "'25d'"],
    ['1000h', "'1000h'"],
    [null, 'null'],
    [undefined, 'undefined'],
  ])('rejects %s, naming the option and the value', (value, shown) => {
    expect(() => toMs(value, 'pollDelay')).toThrow(
      new TypeError(`Expected \`pollDelay\` to be ${EXPECTED}, got ${shown}`),
    )
  })
})

describe('formatMs', () => {
  test.each([
    [0, '0 ms'],
    [12.4, '12 ms'],
    [999.4, '999 ms'],
    [999.6, '1 s'],
    [1000, '1 s'],
    [1250, '1.25 s'],
    [59_994, '59.99 s'],
    [59_999, '1 m 0 s'],
    [60_000, '1 m 0 s'],
    [125_000, '2 m 5 s'],
    [179_999, '3 m 0 s'],
    [3_599_499, '59 m 59 s'],
    [3_599_500, '1 h 0 m'],
    [12_000_000, '3 h 20 m'],
    [86_370_000, '1 d 0 h'],
    [1_800_000_000, '20 d 20 h'],
  ])('formats %s ms as %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text)
  })
})
