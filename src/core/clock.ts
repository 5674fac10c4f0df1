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
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(id: unknown): void
  setImmediate?(callback: () => void): unknown
  clearImmediate?(id: unknown): void
}

const timers = (): Timers => globalThis

/**
 * The default clock. It looks up `performance.now`, `setTimeout` and `setImmediate` on every
 * call, never at import, so fake timers installed later are seen. A zero delay yields one turn of
 * the event loop with `setImmediate` where the runtime has it, which unlike `setTimeout(0)` is not
 * clamped to 1 ms or more.
 *
 * @example
 * ```ts
 * await until(probe).clock(systemClock)
 * ```
 */
export const systemClock: Clock = {
  now: () => globalThis.performance.now(),
  setTimeout(callback, ms) {
    const t = timers()
    if (ms <= 0 && t.setImmediate && t.clearImmediate) {
      const id = t.setImmediate(callback)
      return () => t.clearImmediate?.(id)
    }
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

/**
 * A clock for tests that use fake timers (vitest's `vi.useFakeTimers()`, `@sinonjs/fake-timers`):
 * while a wait has a timer pending, it advances the fake time to that timer, so the wait runs to
 * its end instead of hanging. Without an argument it drives the fake clock that vitest and sinon
 * attach to the faked `setTimeout`; pass your own `advance` for other fake-timer libraries.
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
        'autoAdvance() found no fake timers: install them first (vi.useFakeTimers()), or pass a function that advances your fake clock',
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
