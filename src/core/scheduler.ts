import type { Clock } from './clock.js'

/** What a scheduler calls back; `token` says which of its timers is due. */
export interface Due {
  fire(token: number): void
}

/** The timers due in one millisecond (or, for a zero delay, in the next turn), and their one timer. */
export class Slot {
  readonly due: number
  // Each timer's target and token, side by side in one list. A cancelled timer's target is
  // dropped at once: a wait that is over must not be held until a deadline it shared comes.
  readonly timers: (Due | number | undefined)[] = []
  // Timers in the slot that are neither cancelled nor fired.
  live = 0
  cancel: (() => void) | undefined

  constructor(due: number) {
    this.due = due
  }

  /** Adds a timer; returns its place, for `Scheduler.cancel`. */
  add(target: Due, token: number): number {
    this.live++
    return this.timers.push(target, token) - 2
  }
}

/**
 * The timers of every wait on one clock. Timers due in the same millisecond share one timer of the
 * clock, and a zero delay joins the others set in the same turn: with thousands of waits polling
 * at once, a timer (and a cancel function) per wait per sleep was most of what each attempt
 * allocated. A timer fires no sooner than asked, and at most a millisecond later; timers that
 * share one fire in the order they were set.
 */
export class Scheduler {
  readonly #clock: Clock
  #slots = new Map<number, Slot>()
  #soon: Slot | undefined
  // The global setTimeout when the slots above were made. A clock may follow the global timers
  // (`globalTimers`, `autoAdvance()`): a timer set after fake timers were installed or removed
  // must get a timer of its own kind, not join one set on the others.
  #globalTimer: unknown

  constructor(clock: Clock) {
    this.#clock = clock
  }

  /**
   * The slot for a timer due after `ms` from `now` (the clock's time, if the caller has just read
   * it): `slot.add(target, token)` sets one that calls `target.fire(token)` once, and returns its
   * place, for `cancel`.
   */
  after(ms: number, now: number = this.#clock.now()): Slot {
    const clock = this.#clock
    const globalTimer = globalThis.setTimeout
    if (globalTimer !== this.#globalTimer) {
      // The slots made before keep their timers, and their cancellation; they take no new ones.
      this.#globalTimer = globalTimer
      this.#slots = new Map()
      this.#soon = undefined
    }
    let slot: Slot | undefined
    if (ms <= 0) {
      slot = this.#soon
      if (!slot) {
        const soon = (slot = this.#soon = new Slot(-Infinity))
        soon.cancel = clock.setTimeout(() => this.#fire(soon), 0)
      }
    } else {
      const due = Math.ceil(now + ms)
      slot = this.#slots.get(due)
      if (!slot) {
        const fresh = (slot = new Slot(due))
        this.#slots.set(due, fresh)
        fresh.cancel = clock.setTimeout(() => this.#fire(fresh), due - now)
      }
    }
    return slot
  }

  /** Cancels the timer at `place` in `slot`; the clock's own timer goes with the last one. */
  cancel(slot: Slot, place: number): void {
    if (slot.timers[place] === undefined) return
    slot.timers[place] = undefined
    if (--slot.live > 0 || !slot.cancel) return
    const cancel = slot.cancel
    this.#forget(slot)
    cancel()
  }

  #forget(slot: Slot): void {
    slot.cancel = undefined
    if (slot === this.#soon) this.#soon = undefined
    else if (this.#slots.get(slot.due) === slot) this.#slots.delete(slot.due)
  }

  #fire(slot: Slot): void {
    // Timers set from here on, for the same millisecond or a zero delay, go to a new slot.
    this.#forget(slot)
    const { timers } = slot
    let failure: { error: unknown } | undefined
    for (let i = 0; i < timers.length; i += 2) {
      const target = timers[i] as Due | undefined
      if (target === undefined) continue
      try {
        target.fire(timers[i + 1] as number)
      } catch (error) {
        // One target that throws must not keep the others from firing; it still surfaces.
        failure ??= { error }
      }
    }
    if (failure) throw failure.error
  }
}

const schedulers = new WeakMap<Clock, Scheduler>()

/** The one scheduler of `clock`, shared by every wait on it. */
export function schedulerOf(clock: Clock): Scheduler {
  let scheduler = schedulers.get(clock)
  if (!scheduler) schedulers.set(clock, (scheduler = new Scheduler(clock)))
  return scheduler
}
