// p-wait-for's API written with patiently as docs/migration.md says, for its own test suite.
import { until, WaitError, type Wait } from 'patiently'

/** p-wait-for's `timeout` as an object. */
interface TimeoutOptions {
  readonly milliseconds: number
  readonly message?: string | Error
  readonly fallback?: () => unknown
}

/** p-wait-for's options. */
interface Options {
  readonly interval?: number
  readonly timeout?: number | TimeoutOptions
  readonly before?: boolean
  readonly signal?: AbortSignal
}

// The longest timer JavaScript keeps: what `.atMost` takes for p-wait-for's `Infinity`.
const LONGEST = 2 ** 31 - 1

/**
 * `pWaitFor(condition, { interval, timeout, before, signal })` is
 * `until(condition).every(interval).atMost(timeout).pollDelay(interval if before is false).signal(signal)`,
 * with p-wait-for's 20 ms interval, and patiently's 4 s deadline when no timeout is given.
 */
async function pWaitFor(condition: () => unknown, options: Options = {}): Promise<unknown> {
  const { interval = 20, timeout, before = true, signal } = options
  let wait: Wait<unknown> = until(condition).every(interval)
  if (!before) wait = wait.pollDelay(interval)
  if (signal) wait = wait.signal(signal)
  const limit = typeof timeout === 'object' ? timeout.milliseconds : timeout
  if (limit !== undefined) wait = wait.atMost(limit === Infinity ? LONGEST : limit)
  if (typeof timeout === 'object' && typeof timeout.message === 'string') {
    wait = wait.as(timeout.message)
  }
  if (typeof timeout === 'object' && timeout.fallback) {
    const result = await wait.result()
    return result.passed ? result.value : timeout.fallback()
  }
  return wait
}

/** Not needed with patiently: `until` resolves with what the probe returned. */
pWaitFor.resolveWith = <T>(value: T): T => value

export { WaitError as TimeoutError }
export default pWaitFor
