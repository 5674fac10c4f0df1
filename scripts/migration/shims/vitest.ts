// vitest's vi.waitFor and vi.waitUntil written with patiently as docs/migration.md says, for
// vitest's own tests of them.
import { vi } from 'vitest'
import { autoAdvance, until, type Passed, type Truthy, type Wait } from 'patiently'

/** vitest's options of `vi.waitFor` and `vi.waitUntil`. */
interface Options {
  readonly timeout?: number
  readonly interval?: number
}

// A test knows whether it faked the timers; this shim asks vitest, and adds the clock the page
// says to add under fake timers.
function withLimits<T>(wait: Wait<T>, options: number | Options): Wait<T> {
  const { timeout = 1000, interval = 50 } =
    typeof options === 'number' ? { timeout: options } : options
  const limited = wait.atMost(timeout).every(interval)
  return vi.isFakeTimers() ? limited.clock(autoAdvance()) : limited
}

/** `vi.waitFor(callback, { timeout, interval })` is `until(callback).atMost(timeout).every(interval)`. */
export function waitFor<T>(
  callback: () => T | PromiseLike<T>,
  options: number | Options = {},
): Wait<Passed<T>> {
  return withLimits(until(callback), options)
}

/** `vi.waitUntil(callback, { timeout, interval })` is `until(callback, Boolean).atMost(timeout).every(interval)`. */
export function waitUntil<T>(
  callback: () => T | PromiseLike<T>,
  options: number | Options = {},
): Wait<Truthy<Awaited<T>>> {
  return withLimits(until(callback, Boolean), options)
}
