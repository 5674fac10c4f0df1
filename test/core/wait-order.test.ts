// Limits checked whatever order they are given in; wake-ups that respect the poll delay and come
// one at a time; the check at the deadline not reported as a hung attempt.
import { describe, expect, test } from 'vitest'
import { condition, patiently, until, WaitError } from '../../src/index.js'
import { FakeClock, flushMicrotasks } from './fake-clock.js'

describe('limits against the deadline', () => {
  test('may be given before atMost', () => {
    expect(() =>
      until(() => 1)
        .atLeast('5s')
        .atMost('10s'),
    ).not.toThrow()
    expect(() =>
      until(() => 1)
        .holdsFor('5s')
        .atMost('10s'),
    ).not.toThrow()
    expect(() =>
      until(() => 1)
        .pollDelay('5s')
        .atMost('10s'),
    ).not.toThrow()
  })

  test('are checked against the default deadline when the wait starts', async () => {
    await expect(until(() => 1).atLeast('5s')).rejects.toThrow(
      new TypeError('Expected `atLeast` to be at most atMost (4 s), got 5 s'),
    )
  })

  test('are still checked at once against an atMost already given', () => {
    expect(() =>
      until(() => 1)
        .atMost('1s')
        .atLeast('2s'),
    ).toThrow(new TypeError('Expected `atLeast` to be at most atMost (1 s), got 2 s'))
  })

  test('a default poll delay longer than a wait is cut to it, not an error', async () => {
    const { until: slowStart } = patiently.with({ pollDelay: '2s' })
    await expect(slowStart(() => 'ready').atMost(50)).resolves.toBe('ready')
  })
})

/** A condition that never passes, whose wake-ups the test sends; counts the probe's calls. */
function wakeable(): {
  cond: ReturnType<typeof condition<false>>
  wake: () => void
  calls: () => number
} {
  let calls = 0
  let wake = (): void => undefined
  const cond = condition<false>(
    () => {
      calls++
      return false
    },
    { subscribe: (w) => ((wake = w), () => undefined) },
  )
  return { cond, wake: () => wake(), calls: () => calls }
}

describe('wake-ups', () => {
  test('do not cut the poll delay short', async () => {
    const clock = new FakeClock()
    const attempts: number[] = []
    let wake = (): void => undefined
    const cond = condition(
      () => {
        attempts.push(clock.now())
        return false
      },
      { subscribe: (w) => ((wake = w), () => undefined) },
    )
    const wait = until(cond).clock(clock).pollDelay(300).every(10_000).atMost(1000).result()
    await clock.advance(100)
    wake()
    await clock.advance(100)
    expect(attempts).toEqual([])
    await clock.advance(100)
    expect(attempts).toEqual([300])
    wake()
    await flushMicrotasks()
    expect(attempts).toEqual([300, 300])
    await clock.runAll()
    await wait
  })

  test('in a burst make one attempt, not one each', async () => {
    const clock = new FakeClock()
    const { cond, wake, calls } = wakeable()
    const wait = until(cond).clock(clock).every(10_000).atMost(1000).result()
    expect(calls()).toBe(1)
    for (let i = 0; i < 100; i++) wake()
    await flushMicrotasks()
    expect(calls()).toBe(2)
    await clock.runAll()
    await wait
  })
})

describe('the check at the deadline', () => {
  test('is not reported as a hung attempt when it does not answer at once', async () => {
    const clock = new FakeClock()
    // Each attempt takes 5 ms of (virtual) I/O: attempts at 0, 15, 30, 45, and the check at 60.
    const slow = (): Promise<false> =>
      new Promise((resolve) => clock.setTimeout(() => resolve(false), 5))
    const outcome = until(slow).as('slow I/O').clock(clock).every(10).atMost(60).result()
    await clock.runAll()
    const r = await outcome
    expect(r.passed).toBe(false)
    expect(r.attempts).toBe(5)
    expect(!r.passed && r.error.message).toBe(
      'Timed out after 60 ms waiting for slow I/O (atMost 60 ms, 5 attempts).\n  last value:  false',
    )
  })

  test('an attempt still running at the deadline is', async () => {
    const r = await until(() => new Promise<never>(() => undefined))
      .atMost(30)
      .result()
    expect(r.passed).toBe(false)
    expect(!r.passed && r.error).toBeInstanceOf(WaitError)
    expect(!r.passed && r.error.message).toContain(
      'the last attempt was still running when the time ran out, and was abandoned',
    )
  })
})
