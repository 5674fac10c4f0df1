import { toMs, type Duration } from './duration.js'
import { invalid } from './validate.js'

/**
 * Gives the delay in milliseconds before the next attempt, from the number of attempts made so
 * far (1 after the first). Pass one to `every()`, or use {@link backoff} and {@link fibonacci}.
 *
 * @example
 * ```ts
 * const slowingDown: Schedule = (attempts) => Math.min(50 * attempts, 1000)
 * await until(probe).every(slowingDown)
 * ```
 */
export type Schedule = (attempts: number) => number

/**
 * What `every()` accepts: a fixed interval, a list of intervals (the last one repeats), or a
 * {@link Schedule}.
 *
 * @example
 * ```ts
 * until(probe).every(100)
 * until(probe).every(['10ms', '50ms', '200ms'])
 * until(probe).every(backoff({ initial: 10, max: '1s' }))
 * ```
 */
export type Interval = Duration | readonly Duration[] | Schedule

/** Turns what `every()` was given into a Schedule, or throws a TypeError naming `every`. */
export function toSchedule(interval: Interval): Schedule {
  if (typeof interval === 'function') return interval
  if (Array.isArray(interval)) {
    const list = (interval as readonly Duration[]).map((d, i) => toMs(d, `every[${i}]`))
    if (list.length === 0) invalid('every', 'a non-empty list of intervals', list)
    return (attempts) => list[Math.min(attempts, list.length) - 1] as number
  }
  const ms = toMs(interval, 'every')
  let fixed = fixedSchedules.get(ms)
  if (!fixed) {
    // A bound, not a cache of every interval a long run has seen.
    if (fixedSchedules.size >= FIXED_KEPT) fixedSchedules.clear()
    fixed = () => ms
    fixedSchedules.set(ms, fixed)
  }
  return fixed
}

// One schedule per fixed interval, shared by every wait polled at it: thousands of waits started
// with `every(10)` would otherwise each hold a function and its context.
const fixedSchedules = new Map<number, Schedule>()
const FIXED_KEPT = 64

/**
 * Exponential backoff: `initial`, then multiplied by `factor` after every attempt, never above
 * `max`; `jitter` (0 to 1) takes off up to that fraction at random, so many waiters spread out.
 *
 * @default initial 10 ms, factor 2, max 1 s, jitter 0
 * @example
 * ```ts
 * await until(() => queue.isEmpty()).every(backoff({ initial: 10, factor: 2, max: '500ms', jitter: 0.2 }))
 * ```
 */
export function backoff(
  options: {
    initial?: Duration
    factor?: number
    max?: Duration
    jitter?: number
    random?: () => number
  } = {},
): Schedule {
  const initial = toMs(options.initial ?? 10, 'backoff.initial')
  const max = toMs(options.max ?? 1000, 'backoff.max')
  const factor = options.factor ?? 2
  const jitter = options.jitter ?? 0
  const random = options.random ?? Math.random
  if (!(factor >= 1) || factor === Infinity)
    invalid('backoff.factor', 'a finite number of at least 1', factor)
  if (!(jitter >= 0 && jitter <= 1)) invalid('backoff.jitter', 'a number from 0 to 1', jitter)
  if (max < initial) invalid('backoff.max', `at least backoff.initial (${initial})`, max)
  return (attempts) => {
    // factor ** n overflows to Infinity after about a thousand attempts, and 0 × Infinity is NaN.
    const delay = Math.min(max, initial * Math.min(factor ** (attempts - 1), Number.MAX_VALUE))
    return delay - delay * jitter * random()
  }
}

/**
 * Fibonacci intervals: `initial`, `initial`, 2×, 3×, 5×, 8× … never above `max`.
 *
 * @default initial 10 ms, max 1 s
 * @example
 * ```ts
 * await until(probe).every(fibonacci({ initial: 20, max: '2s' }))
 * ```
 */
export function fibonacci(options: { initial?: Duration; max?: Duration } = {}): Schedule {
  const initial = toMs(options.initial ?? 10, 'fibonacci.initial')
  const max = toMs(options.max ?? 1000, 'fibonacci.max')
  if (max < initial) invalid('fibonacci.max', `at least fibonacci.initial (${initial})`, max)
  return (attempts) => {
    let [a, b] = [1, 1]
    for (let i = 1; i < attempts && a * initial < max; i++) [a, b] = [b, a + b]
    return Math.min(max, a * initial)
  }
}
