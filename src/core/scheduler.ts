import type { Clock } from './clock.js'

/**
 * What a scheduler calls back; `token` says which of its timers is due. `fire` returns `true` to
 * be called `ended(now)` once every timer due with it has fired: `now` is the clock's time then,
 * read once for all of them, or `undefined` if reading it threw.
 */
export interface Due {
  fire(token: number): boolean
  ended(now: number | undefined): void
}

// Fired slots kept for reuse, at most: with thousands of waits polling, a list grown afresh each
// millisecond was most of what the polling allocated.
const SPARE = 16

// A slot's list is kept in parts of this many entries (a target and a token for each of 32
// timers): a list grown by copying left each shorter copy behind, 140 B a wait in all when 10,000
// waits started at once. A part grows as timers are added, so a slot of one timer holds a short
// one. `PART` is `1 << SHIFT`.
const SHIFT = 6
const PART = 1 << SHIFT
const MASK = PART - 1

type Entry = Due | number | undefined

/** The timers due in one millisecond (or, for a zero delay, in the next turn), and their one timer. */
export class Slot {
  due = 0
  // Each timer's target and token, side by side, in parts of `PART` entries, of which the first
  // `size` entries are in use. A cancelled timer's target is dropped at once: a wait that is over
  // must not be held until a deadline it shared comes.
  readonly timers: Entry[][] = []
  size = 0
  // Timers in the slot that are neither cancelled nor fired.
  live = 0
  cancel: (() => void) | undefined
  // Counts the slot's uses: a timer of a clock that failed to cancel it must not fire the timers
  // of a later use.
  generation = 0

  /** Adds a timer; returns its place, for `Scheduler.cancel`. */
  add(target: Due, token: number): number {
    const place = this.size
    const at = place & MASK
    const part = (this.timers[place >> SHIFT] ??= [])
    part[at] = target
    part[at + 1] = token
    this.size = place + 2
    this.live++
    return place
  }

  /** The target of the timer at `place`, unless it has fired or been cancelled. */
  target(place: number): Due | undefined {
    return this.#part(place)[place & MASK] as Due | undefined
  }

  /** The token of the timer at `place`. */
  token(place: number): number {
    return this.#part(place)[(place & MASK) + 1] as number
  }

  /** Lets go of the target of the timer at `place`. */
  drop(place: number): void {
    this.#part(place)[place & MASK] = undefined
  }

  // The part `place` is in: parts are never let go, so a place's part is there.
  #part(place: number): Entry[] {
    return this.timers[place >> SHIFT] as Entry[]
  }
}

/**
 * The timers of every wait on one clock. Timers due in the same millisecond share one timer of the
 * clock, and a zero delay joins the others set in the same turn: with thousands of waits polling
 * at once, a timer (and a cancel function) per wait per sleep was most of what each attempt
 * allocated. A timer is set for no sooner than asked, and at most a millisecond later (on Node,
 * whose timers count the event loop's whole milliseconds, it may fire up to a millisecond early
 * by `performance.now()`). Timers that share one fire in the order they were set, and then those
 * that asked are told the time, read once for all.
 */
export class Scheduler {
  /** The clock whose timers it sets. */
  readonly clock: Clock
  #slots = new Map<number, Slot>()
  #soon: Slot | undefined
  readonly #spare: Slot[] = []
  // The global setTimeout when the slots above were made. A clock may follow the global timers
  // (`globalTimers`, `autoAdvance()`): a timer set after fake timers were installed or removed
  // must get a timer of its own kind, not join one set on the others.
  #globalTimer: unknown

  constructor(clock: Clock) {
    this.clock = clock
  }

  /**
   * The slot for a timer due after `ms` from `now` (the clock's time, if the caller has just read
   * it): `slot.add(target, token)` sets one that calls `target.fire(token)` once, and returns its
   * place, for `cancel`.
   */
  after(ms: number, now: number = this.clock.now()): Slot {
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
        slot = this.#soon = this.#slot(-Infinity)
        this.#arm(slot, 0)
      }
    } else {
      const due = Math.ceil(now + ms)
      slot = this.#slots.get(due)
      if (!slot) {
        slot = this.#slot(due)
        this.#slots.set(due, slot)
        this.#arm(slot, due - now)
      }
    }
    return slot
  }

  /** Cancels the timer at `place` in `slot`; the clock's own timer goes with the last one. */
  cancel(slot: Slot, place: number): void {
    if (slot.target(place) === undefined) return
    slot.drop(place)
    if (--slot.live > 0 || !slot.cancel) return
    const cancel = slot.cancel
    this.#forget(slot)
    this.#recycle(slot)
    cancel()
  }

  #slot(due: number): Slot {
    const slot = this.#spare.pop() ?? new Slot()
    slot.due = due
    return slot
  }

  #arm(slot: Slot, ms: number): void {
    const { generation } = slot
    slot.cancel = this.clock.setTimeout(() => this.#fired(slot, generation), ms)
  }

  #forget(slot: Slot): void {
    slot.cancel = undefined
    if (slot === this.#soon) this.#soon = undefined
    else if (this.#slots.get(slot.due) === slot) this.#slots.delete(slot.due)
  }

  // Takes back a slot with no timer left in it. None is kept once no slot is in use, so that a
  // scheduler at rest holds no list. Every line runs each time: a line that first runs when
  // thousands of waits have just passed together sends the optimised code back to the
  // interpreter (seen on Node 20 at the end of the scale benchmark's flip, 2 ms).
  #recycle(slot: Slot): void {
    slot.size = slot.live = 0
    // Its clock's timer, if the clock failed to cancel it, now fires nothing.
    slot.generation++
    const spare = this.#spare
    const soon = this.#soon
    const keep = this.#slots.size > 0 || soon !== undefined ? SPARE : 0
    if (spare.length < keep) spare.push(slot)
    spare.length = Math.min(spare.length, keep)
  }

  #fired(slot: Slot, generation: number): void {
    if (generation !== slot.generation) return
    // Timers set from here on, for the same millisecond or a zero delay, go to a new slot.
    this.#forget(slot)
    const { size } = slot
    let failure: { error: unknown } | undefined
    let asked = false
    for (let place = 0; place < size; place += 2) {
      const target = slot.target(place)
      if (target === undefined) continue
      let ask = false
      try {
        ask = target.fire(slot.token(place))
      } catch (error) {
        // One target that throws must not keep the others from firing; it still surfaces.
        failure ??= { error }
      }
      if (ask) asked = true
      else slot.drop(place)
    }
    if (asked) {
      let now: number | undefined
      try {
        now = this.clock.now()
      } catch {
        // Each target reads it again, and fails as a read of its own would.
      }
      for (let place = 0; place < size; place += 2) {
        const target = slot.target(place)
        if (target === undefined) continue
        slot.drop(place)
        try {
          target.ended(now)
        } catch (error) {
          failure ??= { error }
        }
      }
    }
    this.#recycle(slot)
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
