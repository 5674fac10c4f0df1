import { afterEach, describe, expect, test, vi } from 'vitest'
import type { Clock } from '../../src/core/clock.js'
import { globalTimers, pinSystemClock } from '../../src/core/clock.js'
import { Scheduler, schedulerOf, type Due } from '../../src/core/scheduler.js'
import { FakeClock, stuckClock } from './fake-clock.js'

/** A target that calls `fire` when due, and asks for nothing more. */
function target(fire: (token: number) => void): Due {
  return {
    fire(token) {
      fire(token)
      return false
    },
    ended() {
      throw new Error('told the time without asking')
    },
  }
}

/** A target that writes down when (on `clock`) and with which token it fired. */
function recorder(clock: Clock, name: string, log: string[]): Due {
  return target((token) => log.push(`${name}#${token}@${clock.now()}`))
}

/** Sets a timer; returns the function that cancels it. */
function set(scheduler: Scheduler, ms: number, target: Due, token: number): () => void {
  const slot = scheduler.after(ms)
  const place = slot.add(target, token)
  return () => scheduler.cancel(slot, place)
}

/** A clock that counts the timers set on it and keeps their delays. */
class CountingClock extends FakeClock {
  set = 0
  readonly delays: number[] = []

  override setTimeout(callback: () => void, ms: number): () => void {
    this.set++
    this.delays.push(ms)
    return super.setTimeout(callback, ms)
  }
}

describe('the scheduler', () => {
  test('timers due in the same millisecond share one timer of the clock and fire in the order set', async () => {
    const clock = new CountingClock()
    const scheduler = new Scheduler(clock)
    const log: string[] = []
    set(scheduler, 10, recorder(clock, 'a', log), 1)
    set(scheduler, 20, recorder(clock, 'b', log), 2)
    set(scheduler, 10, recorder(clock, 'c', log), 3)
    expect(clock.set).toBe(2)
    await clock.runAll()
    expect(log).toEqual(['a#1@10', 'c#3@10', 'b#2@20'])
  })

  test('a slot of hundreds of timers fires each once, in the order set, but those cancelled', async () => {
    const clock = new CountingClock()
    const scheduler = new Scheduler(clock)
    const fired: number[] = []
    const asked: number[] = []
    const cancels = Array.from({ length: 300 }, (_, i) =>
      set(
        scheduler,
        10,
        {
          fire: (token) => {
            fired.push(token)
            // Every tenth asks for the time, so the slot is walked a second time.
            return token % 10 === 0
          },
          ended: () => asked.push(i),
        },
        i,
      ),
    )
    for (const i of [0, 127, 128, 200, 299]) cancels[i]?.()
    await clock.runAll()
    const left = (i: number): boolean => ![0, 127, 128, 200, 299].includes(i)
    expect(fired).toEqual(Array.from({ length: 300 }, (_, i) => i).filter(left))
    expect(asked).toEqual(Array.from({ length: 30 }, (_, i) => i * 10).filter(left))
    expect(clock.set).toBe(1)
  })

  test('a zero delay fires in the next turn, and all set in one turn share one timer', async () => {
    const clock = new CountingClock()
    const scheduler = new Scheduler(clock)
    const log: string[] = []
    set(scheduler, 0, recorder(clock, 'a', log), 1)
    set(scheduler, -5, recorder(clock, 'b', log), 2)
    expect(log).toEqual([])
    expect(clock.set).toBe(1)
    expect(clock.delays).toEqual([0])
    await clock.runAll()
    expect(log).toEqual(['a#1@0', 'b#2@0'])
  })

  test('a fractional due time is rounded up to the millisecond, never down', async () => {
    const clock = new CountingClock()
    const scheduler = new Scheduler(clock)
    const log: string[] = []
    set(scheduler, 2.5, recorder(clock, 'a', log), 1)
    set(scheduler, 3, recorder(clock, 'b', log), 2)
    expect(clock.delays).toEqual([3])
    await clock.runAll()
    expect(log).toEqual(['a#1@3', 'b#2@3'])
  })

  test('a cancelled timer does not fire; the clock timer goes with the last one of its slot', async () => {
    const clock = new FakeClock()
    const scheduler = new Scheduler(clock)
    const log: string[] = []
    const first = set(scheduler, 10, recorder(clock, 'a', log), 1)
    const second = set(scheduler, 10, recorder(clock, 'b', log), 2)
    const other = set(scheduler, 30, recorder(clock, 'c', log), 3)
    other()
    expect(clock.pending).toBe(1)
    first()
    first()
    expect(clock.pending).toBe(1)
    second()
    expect(clock.pending).toBe(0)
    await clock.runAll()
    expect(log).toEqual([])
  })

  test('a slot whose timers were all cancelled is not reused: a later timer for that millisecond fires', async () => {
    const clock = new FakeClock()
    const scheduler = new Scheduler(clock)
    const log: string[] = []
    set(scheduler, 10, recorder(clock, 'a', log), 1)()
    set(scheduler, 0, recorder(clock, 'z', log), 9)()
    set(scheduler, 10, recorder(clock, 'b', log), 2)
    set(scheduler, 0, recorder(clock, 'y', log), 8)
    await clock.runAll()
    expect(log).toEqual(['y#8@0', 'b#2@10'])
  })

  test('a timer set while a slot fires goes to a new slot, even for the same instant', async () => {
    const clock = new FakeClock()
    const scheduler = new Scheduler(clock)
    const log: string[] = []
    const again = recorder(clock, 'again', log)
    set(
      scheduler,
      5,
      target(() => set(scheduler, 0, again, 2)),
      1,
    )
    await clock.runAll()
    expect(log).toEqual(['again#2@5'])
    expect(clock.pending).toBe(0)
  })

  test('a target that throws does not keep the others of its slot from firing; the error surfaces', () => {
    let fire: (() => void) | undefined
    const clock: Clock = {
      now: () => 0,
      setTimeout: (callback) => {
        fire = callback
        return () => {}
      },
    }
    const scheduler = new Scheduler(clock)
    const log: string[] = []
    set(
      scheduler,
      1,
      target(() => log.push('a')),
      1,
    )
    set(
      scheduler,
      1,
      target(() => {
        throw new Error('boom')
      }),
      2,
    )
    set(
      scheduler,
      1,
      target(() => log.push('c')),
      3,
    )
    expect(() => fire?.()).toThrow('boom')
    expect(log).toEqual(['a', 'c'])
  })

  test('a cancelled timer lets go of its target at once, while the slot waits for the others', () => {
    const clock = new FakeClock()
    const scheduler = new Scheduler(clock)
    const over = target(() => {})
    const slot = scheduler.after(1000)
    expect(scheduler.after(1000)).toBe(slot)
    const place = slot.add(over, 1)
    slot.add(
      target(() => {}),
      2,
    )
    scheduler.cancel(slot, place)
    expect(slot.timers.flat()).not.toContain(over)
    expect(clock.pending).toBe(1)
  })

  test('timers that ask are told the time once every timer of their tick has fired, read once for all', async () => {
    class ReadCounting extends FakeClock {
      reads = 0
      override now(): number {
        this.reads++
        return super.now()
      }
    }
    const clock = new ReadCounting()
    const scheduler = new Scheduler(clock)
    const log: string[] = []
    const asking = (name: string, blockMs = 0): Due => ({
      fire(token) {
        log.push(`${name}#${token}`)
        clock.block(blockMs)
        return true
      },
      ended: (now) => log.push(`${name} told ${now}`),
    })
    set(scheduler, 10, asking('a'), 1)
    set(
      scheduler,
      10,
      target(() => log.push('b')),
      2,
    )
    set(scheduler, 10, asking('c', 7), 3)
    clock.reads = 0
    await clock.runAll()
    expect(log).toEqual(['a#1', 'b', 'c#3', 'a told 17', 'c told 17'])
    expect(clock.reads).toBe(1)
  })

  test('a clock that throws when read: the targets that asked are told undefined', () => {
    let fire: (() => void) | undefined
    let broken = false
    const clock: Clock = {
      now: () => {
        if (broken) throw new Error('no time')
        return 0
      },
      setTimeout: (callback) => {
        fire = callback
        return () => {}
      },
    }
    const scheduler = new Scheduler(clock)
    const told: (number | undefined)[] = []
    set(scheduler, 1, { fire: () => true, ended: (now) => told.push(now) }, 1)
    broken = true
    fire?.()
    expect(told).toEqual([undefined])
  })

  test('a target that throws when told the time does not keep the others from it; the error surfaces', () => {
    const clock = new FakeClock()
    let fire: (() => void) | undefined
    const scheduler = new Scheduler({
      now: () => clock.now(),
      setTimeout: (callback) => {
        fire = callback
        return () => {}
      },
    })
    const told: string[] = []
    const throwing: Due = {
      fire: () => true,
      ended: () => {
        throw new Error('boom')
      },
    }
    set(scheduler, 1, throwing, 1)
    set(scheduler, 1, { fire: () => true, ended: () => told.push('b') }, 2)
    expect(() => fire?.()).toThrow('boom')
    expect(told).toEqual(['b'])
  })

  test('a slot reused after it fired holds none of the targets it fired', async () => {
    const clock = new FakeClock()
    const scheduler = new Scheduler(clock)
    const first = scheduler.after(10)
    first.add({ fire: () => true, ended: () => {} }, 1)
    first.add(
      target(() => {}),
      2,
    )
    // A timer still pending keeps the scheduler in use, so the fired slot is kept for reuse.
    const later = set(
      scheduler,
      100,
      target(() => {}),
      3,
    )
    await clock.advance(10)
    const reused = scheduler.after(20)
    expect(reused).toBe(first)
    expect(reused.timers.flat().filter((entry) => typeof entry === 'object')).toEqual([])
    later()
  })

  /**
   * A scheduler on a clock that fails to cancel, with a timer at 10 ms cancelled (its clock's
   * timer still set) and one pending at 100 ms, which keeps the scheduler in use, so the cancelled
   * slot is kept for reuse; `pending()` cancels that one.
   */
  function cancelledOnStuckClock(log: string[]): {
    fake: FakeClock
    scheduler: Scheduler
    pending: () => void
  } {
    const fake = new FakeClock()
    const scheduler = new Scheduler(stuckClock(fake))
    const pending = set(
      scheduler,
      100,
      target(() => {}),
      9,
    )
    set(scheduler, 10, recorder(fake, 'a', log), 1)()
    return { fake, scheduler, pending }
  }

  test('a timer the clock failed to cancel does not fire the timers of a slot used again', async () => {
    const log: string[] = []
    const { fake, scheduler, pending } = cancelledOnStuckClock(log)
    set(scheduler, 20, recorder(fake, 'b', log), 2)
    await fake.runAll()
    expect(log).toEqual(['b#2@20'])
    pending()
  })

  test('a timer the clock failed to cancel, firing before its slot is used again, fires nothing', async () => {
    const log: string[] = []
    const { fake, scheduler, pending } = cancelledOnStuckClock(log)
    await fake.advance(15)
    set(scheduler, 5, recorder(fake, 'b', log), 2)
    set(scheduler, 15, recorder(fake, 'c', log), 3)
    await fake.advance(15)
    expect(log).toEqual(['b#2@20', 'c#3@30'])
    pending()
  })

  test('one scheduler per clock', () => {
    const a = new FakeClock()
    const b = new FakeClock()
    expect(schedulerOf(a)).toBe(schedulerOf(a))
    expect(schedulerOf(a)).not.toBe(schedulerOf(b))
  })
})

describe('a clock that follows the global timers', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  test('a timer set after fake timers were installed gets a fake one, not a place beside a real one', () => {
    const scheduler = new Scheduler(globalTimers)
    const log: string[] = []
    // Both due at the very same millisecond, which would put them in one slot on one kind of timer.
    const now = Date.now()
    const real = scheduler.after(50, now)
    const realPlace = real.add(
      target(() => log.push('real')),
      1,
    )
    vi.useFakeTimers({ now })
    const fake = scheduler.after(50, now)
    expect(fake).not.toBe(real)
    fake.add(
      target(() => log.push('fake')),
      2,
    )
    vi.advanceTimersByTime(50)
    expect(log).toEqual(['fake'])
    vi.useRealTimers()
    expect(scheduler.after(50)).not.toBe(fake)
    scheduler.cancel(real, realPlace)
  })
})

describe('the pinned system clock', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  test('waits that start on the same global timers share one clock, and so one scheduler', () => {
    expect(pinSystemClock()).toBe(pinSystemClock())
  })

  test('a clock pinned before fake timers were installed keeps the real timers', () => {
    const real = pinSystemClock()
    vi.useFakeTimers()
    const fake = pinSystemClock()
    expect(fake).not.toBe(real)
    let fired = false
    const cancel = real.setTimeout(() => (fired = true), 1)
    vi.advanceTimersByTime(10)
    expect(fired).toBe(false)
    cancel()
    vi.useRealTimers()
    expect(pinSystemClock()).not.toBe(fake)
  })
})
