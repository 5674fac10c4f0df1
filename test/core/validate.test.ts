import { describe, expect, test } from 'vitest'
import { invalid, problem, toCount } from '../../src/core/validate.js'

describe('toCount', () => {
  test('takes whole numbers of at least 1', () => {
    expect(toCount(1, 'inARow')).toBe(1)
    expect(toCount(7, 'inARow')).toBe(7)
  })

  test.each([[0], [-1], [1.5], [NaN], [Infinity], [2 ** 53], ['3']])('rejects %s', (value) => {
    const shown = typeof value === 'string' ? `'${value}'` : String(value)
    expect(() => toCount(value, 'maxAttempts')).toThrow(
      new TypeError(`Expected \`maxAttempts\` to be a whole number of at least 1, got ${shown}`),
    )
  })

  test('shows the text as typed, when told to, instead of the number read from it', () => {
    expect(() => toCount(70000, '--port', 0, 65535, "'70000'")).toThrow(
      new TypeError("Expected `--port` to be a whole number from 0 to 65535, got '70000'"),
    )
  })
})

describe('problem and invalid', () => {
  test('name the option, what it takes and the value given', () => {
    expect(problem('every', 'a duration', { ms: 5 }).message).toBe(
      'Expected `every` to be a duration, got { ms: 5 }',
    )
    expect(() => invalid('token', 'a string', 42)).toThrow(
      new TypeError('Expected `token` to be a string, got 42'),
    )
  })

  test('show what they are told to instead of a secret', () => {
    expect(problem('token', 'at least 16 characters', 'hunter2', 'a string of 7').message).toBe(
      'Expected `token` to be at least 16 characters, got a string of 7',
    )
  })
})
