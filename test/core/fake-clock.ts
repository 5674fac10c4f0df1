import type { Clock } from '../../src/core/clock.js'

interface Timer {
  readonly at: number
  readonly seq: number
  readonly callback: () => void
}

// Captured at import so that fake timers installed by a test cannot stall the flush.
const realSetImmediate = setImmediate

/** Lets every queued microtask (and the promise chains they start) run to completion. */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve))
}

/**
 * A deterministic virtual clock for the engine: time moves only when a test advances it, timers
 * fire in order of due time (ties in the order they were set), and microtasks are flushed between
 * timers so that each awaited step of the engine runs before the next timer fires.
 */
export class FakeClock implements Clock {
  #now = 0
  #seq = 0
  readonly #timers = new Map<number, Timer>()

  now(): number {
    return this.#now
  }

  setTimeout(callback: () => void, ms: number): () => void {
    const seq = ++this.#seq
    this.#timers.set(seq, { at: this.#now + Math.max(0, ms), seq, callback })
    return () => {
      this.#timers.delete(seq)
    }
  }

  /** Moves the time on by `ms` without firing any timer: what a probe that blocks the thread does. */
  block(ms: number): void {
    this.#now += ms
  }

  /** How many timers are set and not yet fired or cancelled. */
  get pending(): number {
    return this.#timers.size
  }

  /** Fires every timer due within `ms` from now, in order, then sets the time to now + `ms`. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms
    await flushMicrotasks()
    for (let next = this.#next(); next && next.at <= target; next = this.#next()) {
      await this.#fire(next)
    }
    this.#now = target
    await flushMicrotasks()
  }

  /**
   * Moves the time on by `ms` at once, firing each timer due on the way, in order, with no
   * microtask in between: what a probe that moves fake time synchronously does. It may be called
   * from a timer it fires; time never goes back.
   */
  advanceNow(ms: number): void {
    const target = this.#now + ms
    for (let next = this.#next(); next && next.at <= target; next = this.#next()) {
      this.#timers.delete(next.seq)
      this.#now = Math.max(this.#now, next.at)
      next.callback()
    }
    this.#now = Math.max(this.#now, target)
  }

  /** Fires timers in order until none is left; throws if more than `limit` fire. */
  async runAll(limit = 100_000): Promise<void> {
    await flushMicrotasks()
    for (let fired = 0, next = this.#next(); next; next = this.#next()) {
      if (++fired > limit) throw new Error(`FakeClock.runAll fired more than ${limit} timers`)
      await this.#fire(next)
    }
  }

  async #fire(timer: Timer): Promise<void> {
    this.#timers.delete(timer.seq)
    this.#now = timer.at
    timer.callback()
    await flushMicrotasks()
  }

  #next(): Timer | undefined {
    let next: Timer | undefined
    for (const timer of this.#timers.values()) {
      if (!next || timer.at < next.at || (timer.at === next.at && timer.seq < next.seq)) {
        next = timer
      }
    }
    return next
  }
}

/** What a promise came to, and the virtual time at which it did. */
export type Settled<T> =
  | { readonly ok: true; readonly value: T; readonly at: number }
  | { readonly ok: false; readonly error: unknown; readonly at: number }

/** Starts `wait`, runs the clock until no timer is left, and reports how and when it settled. */
export async function settle<T>(wait: PromiseLike<T>, clock: FakeClock): Promise<Settled<T>> {
  let settled: Settled<T> | undefined
  void Promise.resolve(wait).then(
    (value) => (settled = { ok: true, value, at: clock.now() }),
    (error: unknown) => (settled = { ok: false, error, at: clock.now() }),
  )
  await clock.runAll()
  if (!settled) throw new Error('the wait had not settled when the fake clock ran out of timers')
  return settled
}

/** A clock on `fake` whose timers all fire `earlyMs` before their time, as Node's can by `performance.now()`. */
export function earlyClock(fake: FakeClock, earlyMs: number): Clock {
  return {
    now: () => fake.now(),
    setTimeout: (callback, ms) => fake.setTimeout(callback, Math.max(0, ms - earlyMs)),
  }
}

/** A clock on `fake` that fails to cancel its timers. */
export function stuckClock(fake: FakeClock): Clock {
  return {
    now: () => fake.now(),
    setTimeout: (callback, ms) => {
      fake.setTimeout(callback, ms)
      return () => {}
    },
  }
}
