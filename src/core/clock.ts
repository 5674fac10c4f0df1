/**
 * Where the engine reads the time and sets its timers. Inject one to run waits on virtual time.
 *
 * @example
 * ```ts
 * const clock: Clock = { now: () => Date.now(), setTimeout: (fn, ms) => { const id = setTimeout(fn, ms); return () => clearTimeout(id) } }
 * await until(probe).clock(clock)
 * ```
 */
export interface Clock {
  /** Milliseconds on a monotonic scale; only differences are used. */
  now(): number
  /** Calls `callback` once after `ms` milliseconds and returns a function that cancels it. */
  setTimeout(callback: () => void, ms: number): () => void
}

interface Timers {
  setTimeout: (this: unknown, callback: () => void, ms: number) => unknown
  clearTimeout: (this: unknown, id: unknown) => void
  setImmediate?: (this: unknown, callback: () => void) => unknown
  clearImmediate?: (this: unknown, id: unknown) => void
  performance: { now: (this: unknown) => number }
}

const timers = (): Timers => globalThis as unknown as Timers

/**
 * The default clock. It looks up `performance.now`, `setTimeout` and `setImmediate` when a wait
 * starts, never at import, and each wait keeps what it found until it ends: fake timers installed
 * before a wait are seen (and refused, see docs/fake-timers.md), and fake timers installed during
 * one cannot switch its clock half-way. A zero delay yields one turn of the event loop with
 * `setImmediate` where the runtime has it, which unlike `setTimeout(0)` is not clamped to 1 ms.
 *
 * @example
 * ```ts
 * await until(probe).clock(systemClock)
 * ```
 */
export const systemClock: Clock = {
  now: () => globalThis.performance.now(),
  setTimeout: (callback, ms) => pinSystemClock().setTimeout(callback, ms),
}

// The global timers as they were when a wait started, called with the global object as `this`.
class PinnedClock implements Clock {
  readonly #performance: Timers['performance']
  readonly #performanceNow: Timers['performance']['now']
  readonly #now: () => number
  readonly #set: Timers['setTimeout']
  readonly #clear: Timers['clearTimeout']
  readonly #setImmediate: Timers['setImmediate']
  readonly #clearImmediate: Timers['clearImmediate']

  constructor(t: Timers) {
    this.#performance = t.performance
    this.#performanceNow = t.performance.now
    this.#now = t.performance.now.bind(t.performance)
    this.#set = t.setTimeout
    this.#clear = t.clearTimeout
    this.#setImmediate = t.setImmediate
    this.#clearImmediate = t.clearImmediate
  }

  /** Whether `t` holds the very timers this clock was pinned to. */
  matches(t: Timers): boolean {
    return (
      t.setTimeout === this.#set &&
      t.clearTimeout === this.#clear &&
      t.setImmediate === this.#setImmediate &&
      t.clearImmediate === this.#clearImmediate &&
      t.performance === this.#performance &&
      t.performance.now === this.#performanceNow
    )
  }

  now(): number {
    return this.#now()
  }

  setTimeout(callback: () => void, ms: number): () => void {
    const setImmediate = this.#setImmediate
    const clearImmediate = this.#clearImmediate
    if (ms <= 0 && setImmediate && clearImmediate) {
      const id = setImmediate.call(globalThis, callback)
      return () => clearImmediate.call(globalThis, id)
    }
    const clear = this.#clear
    const id = this.#set.call(globalThis, callback, ms)
    return () => clear.call(globalThis, id)
  }
}

let pinned: PinnedClock | undefined

/**
 * The system clock as it is now, for one wait from its start to its end. Waits that start on the
 * same global timers get the same clock, so that they share its scheduler.
 */
export function pinSystemClock(): Clock {
  const t = timers()
  if (!pinned?.matches(t)) pinned = new PinnedClock(t)
  return pinned
}

const env = (name: string): string | undefined => {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
      ?.env?.[name]
  } catch {
    return undefined
  }
}

/**
 * When the global `setTimeout` is a fake one (vitest, jest, @sinonjs/fake-timers, node:test's
 * mock timers), what to do instead of running a wait on it, which would hang: a wait's timers
 * would fire only when the test moves the fake time, and nothing does while the test awaits.
 */
export function fakeTimerAdvice(): string | undefined {
  let fake: unknown
  let name: unknown
  try {
    const set = globalThis.setTimeout as unknown as { clock?: unknown; name?: unknown }
    fake = set.clock
    name = set.name
  } catch {
    return undefined
  }
  const advice = (installed: string, advance: string, more = ''): string =>
    `${installed}, so the wait's timers would never fire${more}. Run it on the fake time: .clock(autoAdvance(${advance})) moves the fake time for the wait, .clock(globalTimers) leaves that to the test; configure({ clock }) sets either for every wait`
  if (fake !== null && typeof fake === 'object') {
    if ('__vitest_worker__' in globalThis) {
      return advice(`vitest's fake timers are installed (vi.useFakeTimers())`, '')
    }
    if (env('JEST_WORKER_ID') !== undefined) {
      return advice(
        `jest's fake timers are installed (jest.useFakeTimers())`,
        '(ms) => jest.advanceTimersByTimeAsync(ms)',
      )
    }
    return advice(
      '@sinonjs/fake-timers are installed (FakeTimers.install())',
      '(ms) => clock.tickAsync(ms)',
    )
  }
  if (typeof name === 'string' && name.startsWith('bound #')) {
    return advice(
      `node:test's mock timers are enabled (mock.timers.enable())`,
      '(ms) => mock.timers.tick(ms)',
      ` (enable them with apis: ['setTimeout', 'Date'], so that the wait's time moves with them)`,
    )
  }
  return undefined
}

/**
 * The global `setTimeout` and `Date.now()`, looked up at every call, fake or not: for a test that
 * installs fake timers and moves the fake time itself while a wait is pending. The default clock
 * refuses to start a wait under fake timers, since nothing would move them.
 *
 * @example
 * ```ts
 * vi.useFakeTimers()
 * const paid = until(() => order.status === 'paid').clock(globalTimers)
 * await vi.advanceTimersByTimeAsync(5_000)
 * await paid
 * ```
 */
export const globalTimers: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const t = timers()
    const id = t.setTimeout(callback, ms)
    return () => t.clearTimeout(id)
  },
}

/**
 * Moves a fake clock forward by `ms`, e.g. `(ms) => vi.advanceTimersByTimeAsync(ms)`.
 *
 * @example
 * ```ts
 * const advance: Advance = (ms) => clock.tickAsync(ms)
 * ```
 */
export type Advance = (ms: number) => unknown

// The global setTimeout as it was when patiently was loaded: while it is in place, no fake timers
// are installed.
const loadedSetTimeout = globalThis.setTimeout

/**
 * A clock for tests that use fake timers (vitest's `vi.useFakeTimers()`, `@sinonjs/fake-timers`):
 * while a wait has a timer pending, it advances the fake time to that timer, so the wait runs to
 * its end instead of hanging. Without an argument it drives the fake clock that vitest, jest and
 * sinon attach to the faked `setTimeout`; pass your own `advance` for other fake-timer libraries.
 * While no fake timers are installed it runs on real time, so it can be set for every wait with
 * `configure({ clock: autoAdvance() })`.
 *
 * @example
 * ```ts
 * vi.useFakeTimers()
 * await until(() => cache.ready).atMost('30s').clock(autoAdvance())
 * // or for every wait: configure({ clock: autoAdvance((ms) => vi.advanceTimersByTimeAsync(ms)) })
 * ```
 */
export function autoAdvance(advance?: Advance): Clock {
  const due = new Set<{ at: number }>()
  let pumping = false
  const stepper = (): Advance => {
    if (advance) return advance
    const fake = (globalThis.setTimeout as { clock?: { tickAsync?: Advance } }).clock
    if (!fake?.tickAsync) {
      throw new Error(
        'autoAdvance() cannot drive these fake timers (the faked setTimeout carries no clock it knows): pass the function that advances them, such as autoAdvance((ms) => mock.timers.tick(ms))',
      )
    }
    return (ms) => fake.tickAsync?.(ms)
  }
  const pump = async (step: Advance): Promise<void> => {
    if (pumping) return
    pumping = true
    try {
      while (due.size > 0) {
        let next = Infinity
        for (const timer of due) next = Math.min(next, timer.at)
        const before = Date.now()
        const pending = due.size
        await step(Math.max(0, next - before))
        // sinon puts a 0 ms timer set while it ticks at now + 1 ms, so a step of 0 can fire
        // nothing: move on by 1 ms rather than step 0 forever.
        if (Date.now() === before && due.size === pending && pending > 0) await step(1)
      }
    } finally {
      pumping = false
    }
  }
  return {
    now: () => Date.now(),
    setTimeout(callback, ms) {
      // No fake timers installed: real time, so that one autoAdvance() can be set for every wait.
      if (globalThis.setTimeout === loadedSetTimeout) return systemClock.setTimeout(callback, ms)
      const step = stepper()
      const timer = { at: Date.now() + ms }
      due.add(timer)
      const t = timers()
      const id = t.setTimeout(() => {
        due.delete(timer)
        callback()
      }, ms)
      // A promise job, not queueMicrotask: @sinonjs/fake-timers fakes queueMicrotask by default,
      // and a pump queued there would wait for the very tick it is meant to make.
      void Promise.resolve().then(() => pump(step))
      return () => {
        due.delete(timer)
        t.clearTimeout(id)
      }
    },
  }
}
