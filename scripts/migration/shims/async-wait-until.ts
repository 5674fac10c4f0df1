// async-wait-until's API written with patiently as docs/migration.md says, for its own test suite.
import { until, WaitError, type Truthy, type Wait } from 'patiently'

/** async-wait-until's options. */
interface Options {
  readonly timeout?: number
  readonly intervalBetweenAttempts?: number
}

export const DEFAULT_INTERVAL_BETWEEN_ATTEMPTS_IN_MS = 50
export const DEFAULT_TIMEOUT_IN_MS = 5000
export const WAIT_FOREVER: number = Infinity

// The longest timer JavaScript keeps: what `.atMost` takes for `WAIT_FOREVER`.
const LONGEST = 2 ** 31 - 1

/**
 * `waitUntil(predicate, { timeout, intervalBetweenAttempts })` (or `waitUntil(predicate,
 * timeout, interval)`) is `until(predicate, Boolean).atMost(timeout).every(interval)`, with
 * async-wait-until's 5 s and 50 ms when they are not given.
 */
export function waitUntil<T>(
  predicate: () => T | PromiseLike<T>,
  options?: number | Options,
  intervalBetweenAttempts?: number,
): Wait<Truthy<Awaited<T>>> {
  const timeout =
    (typeof options === 'number' ? options : options?.timeout) ?? DEFAULT_TIMEOUT_IN_MS
  const interval =
    (typeof options === 'number' ? intervalBetweenAttempts : options?.intervalBetweenAttempts) ??
    DEFAULT_INTERVAL_BETWEEN_ATTEMPTS_IN_MS
  return until(predicate, Boolean)
    .atMost(timeout === WAIT_FOREVER ? LONGEST : timeout)
    .every(interval)
}

export { WaitError as TimeoutError }
export default waitUntil
