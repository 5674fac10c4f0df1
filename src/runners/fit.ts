// Whether a runner integration fits default deadlines to the test's timeout: off unless asked.
import { got } from '../core/format.js'

/** The variable that turns it on: `PATIENTLY_FIT_TO_TEST=1` (or `true`). */
const FIT_TO_TEST = 'PATIENTLY_FIT_TO_TEST'

/** Whether {@link FIT_TO_TEST} asks for it: `1` or `true` is yes; unset, empty, `0` or `false`, no. */
export function fitToTest(
  value: string | undefined = globalThis.process?.env?.[FIT_TO_TEST],
): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false
  if (value === '1' || value === 'true') return true
  throw new TypeError(`Expected ${FIT_TO_TEST} to be 1 or 0 (true or false), got ${got(value)}`)
}

/**
 * A test's timeout as a runner gives it, in ms: `undefined` for none (0, a timer's ceiling of
 * 2^31 − 1 ms or more, Infinity) and for anything that is not a number.
 */
export function toTestTimeout(value: unknown): number | undefined {
  return typeof value === 'number' && value > 0 && value < 2 ** 31 - 1 ? value : undefined
}
