// Checks of what users hand over, with one way to say what was wrong: the option, what it takes,
// and the value given.
import { got } from './format.js'

/**
 * A TypeError that names the option and shows the bad value (`shown` replaces it where the value
 * must not be shown, such as a secret).
 */
export function problem(
  option: string,
  expected: string,
  value: unknown,
  shown?: string,
): TypeError {
  return new TypeError(`Expected \`${option}\` to be ${expected}, got ${shown ?? got(value)}`)
}

/** Throws {@link problem}. */
export function invalid(option: string, expected: string, value: unknown, shown?: string): never {
  throw problem(option, expected, value, shown)
}

/**
 * Checks that `value` is a whole number from `least` to `most`; throws a TypeError naming
 * `option`. `shown` is what the message says was given, where that is not `value` itself: the
 * text as typed on a command line or in a query string, before it was read as a number.
 */
export function toCount(
  value: unknown,
  option: string,
  least: number = 1,
  most: number = Infinity,
  shown?: string,
): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < least || value > most) {
    const range = most === Infinity ? `of at least ${least}` : `from ${least} to ${most}`
    invalid(option, `a whole number ${range}`, value, shown)
  }
  return value
}
