import { describe, expect, test } from 'vitest'
import { fitToTest } from '../../src/runners/fit.js'

describe('fitToTest', () => {
  test.each([
    [undefined, false],
    ['', false],
    ['0', false],
    ['false', false],
    ['1', true],
    ['true', true],
  ])('PATIENTLY_FIT_TO_TEST=%s is %s', (value, expected) => {
    expect(fitToTest(value)).toBe(expected)
  })

  test('anything else is a mistake, named', () => {
    expect(() => fitToTest('yes')).toThrow(
      new TypeError("Expected PATIENTLY_FIT_TO_TEST to be 1 or 0 (true or false), got 'yes'"),
    )
  })
})
