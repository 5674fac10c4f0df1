import { describe, expect, test } from 'vitest'
import { backoff, fibonacci, toSchedule, type Interval } from '../../src/core/schedule.js'

const first = (schedule: (attempts: number) => number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => schedule(i + 1))

describe('toSchedule', () => {
  test('a fixed interval is the same after every attempt', () => {
    expect(first(toSchedule(100), 3)).toEqual([100, 100, 100])
    expect(first(toSchedule('1.5s'), 2)).toEqual([1500, 1500])
  })

  test('waits polled at the same fixed interval share one schedule, for any number of intervals', () => {
    expect(toSchedule(100)).toBe(toSchedule('100ms'))
    // More intervals than are kept at once: each still gives its own delay.
    const schedules = Array.from({ length: 200 }, (_, ms) => toSchedule(ms))
    expect(schedules.map((schedule) => schedule(1))).toEqual(
      Array.from({ length: 200 }, (_, ms) => ms),
    )
    expect(toSchedule(199)).toBe(schedules[199])
  })

  test('at most 64 fixed schedules are kept: past that, the kept ones are let go', () => {
    const first = toSchedule(10_001)
    for (let ms = 10_002; ms <= 10_070; ms++) toSchedule(ms)
    expect(toSchedule(10_001)).not.toBe(first)
  })

  test('a list gives its intervals in order, then repeats the last', () => {
    expect(first(toSchedule(['10ms', 50, '0.2s']), 5)).toEqual([10, 50, 200, 200, 200])
  })

  test('a function is used as it is', () => {
    const schedule = (attempts: number): number => attempts * 7
    expect(toSchedule(schedule)).toBe(schedule)
  })

  test('bad input throws a TypeError naming the option', () => {
    expect(() => toSchedule(-5)).toThrow(
      new TypeError(
        "Expected `every` to be a non-negative number of milliseconds (at most 24 days) or a duration such as '250ms', '3s', '1m', got -5",
      ),
    )
    expect(() => toSchedule([])).toThrow(
      new TypeError('Expected `every` to be a non-empty list of intervals, got []'),
    )
    const withWord: unknown = [10, 'soon']
    expect(() => toSchedule(withWord as Interval)).toThrow(
      new TypeError(
        "Expected `every[1]` to be a non-negative number of milliseconds (at most 24 days) or a duration such as '250ms', '3s', '1m', got 'soon'",
      ),
    )
  })
})

describe('backoff', () => {
  test('multiplies by the factor after every attempt, up to the maximum', () => {
    expect(first(backoff(), 9)).toEqual([10, 20, 40, 80, 160, 320, 640, 1000, 1000])
    expect(first(backoff({ initial: '5ms', factor: 3, max: 100 }), 5)).toEqual([
      5, 15, 45, 100, 100,
    ])
  })

  test('jitter takes off up to its fraction, drawn from the random source', () => {
    const draws = [0, 0.5, 1, 0.25]
    const random = (): number => draws.shift() ?? 0
    const schedule = backoff({ initial: 100, factor: 2, max: 1000, jitter: 0.2, random })
    expect(first(schedule, 4)).toEqual([100, 180, 320, 760])
  })

  test('stays finite after very many attempts, even from zero', () => {
    expect(backoff({ initial: 0 })(2000)).toBe(0)
    expect(backoff({ initial: 10, max: 500 })(2000)).toBe(500)
  })

  test('bad options throw a TypeError naming the option', () => {
    expect(() => backoff({ factor: 0.5 })).toThrow(
      new TypeError('Expected `backoff.factor` to be a finite number of at least 1, got 0.5'),
    )
    expect(() => backoff({ factor: Infinity })).toThrow(
      new TypeError('Expected `backoff.factor` to be a finite number of at least 1, got Infinity'),
    )
    expect(() => backoff({ jitter: 1.5 })).toThrow(
      new TypeError('Expected `backoff.jitter` to be a number from 0 to 1, got 1.5'),
    )
    expect(() => backoff({ jitter: NaN })).toThrow(
      new TypeError('Expected `backoff.jitter` to be a number from 0 to 1, got NaN'),
    )
    expect(() => backoff({ initial: 100, max: 50 })).toThrow(
      new TypeError('Expected `backoff.max` to be at least backoff.initial (100), got 50'),
    )
    expect(() => backoff({ initial: -1 })).toThrow(
      new TypeError(
        "Expected `backoff.initial` to be a non-negative number of milliseconds (at most 24 days) or a duration such as '250ms', '3s', '1m', got -1",
      ),
    )
  })
})

describe('fibonacci', () => {
  test('gives initial, initial, then the Fibonacci multiples, up to the maximum', () => {
    expect(first(fibonacci(), 8)).toEqual([10, 10, 20, 30, 50, 80, 130, 210])
    expect(first(fibonacci({ initial: '1s', max: '5s' }), 6)).toEqual([
      1000, 1000, 2000, 3000, 5000, 5000,
    ])
    expect(fibonacci({ initial: 10, max: 100 })(10_000)).toBe(100)
  })

  test('bad options throw a TypeError naming the option', () => {
    expect(() => fibonacci({ initial: 100, max: 10 })).toThrow(
      new TypeError('Expected `fibonacci.max` to be at least fibonacci.initial (100), got 10'),
    )
    expect(() => fibonacci({ max: 'never' as '1s' })).toThrow(
      new TypeError(
        "Expected `fibonacci.max` to be a non-negative number of milliseconds (at most 24 days) or a duration such as '250ms', '3s', '1m', got 'never'",
      ),
    )
  })
})
