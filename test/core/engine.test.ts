// The engine's invariants hold for any value a probe hands over: thenables that call back twice or
// throw, proxies whose traps throw, probes that block the thread past the deadline. One attempt
// at a time, a hard deadline, nothing left running, and `.result()` never rejects for a failure.
import { describe, expect, test } from 'vitest'
import { condition, during, until, WaitError, type ProbeContext } from '../../src/index.js'
import type { Clock } from '../../src/core/clock.js'
import { earlyClock, FakeClock, flushMicrotasks, settle } from './fake-clock.js'

/** A probe that counts its calls and how many ran at once, returning what `make` makes. */
function counted(make: (attempt: number) => unknown): {
  probe: (context: ProbeContext) => unknown
  calls: () => number
} {
  let calls = 0
  return { probe: ({ attempt }) => (calls++, make(attempt)), calls: () => calls }
}

function hostileProxy(): object {
  const boom = (): never => {
    throw new Error('trap')
  }
  return new Proxy(
    {},
    { get: boom, has: boom, getPrototypeOf: boom, ownKeys: boom, getOwnPropertyDescriptor: boom },
  )
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  return proxy
}

describe('thenables that misbehave', () => {
  const twice = {
    'resolve twice': (resolve: (v: unknown) => void) => (resolve(false), resolve(false)),
    'resolve then reject': (resolve: (v: unknown) => void, reject: (e: unknown) => void) => (
      resolve(false),
      reject(new Error('late'))
    ),
    'reject twice': (_: unknown, reject: (e: unknown) => void) => (
      reject(new Error('a')),
      reject(new Error('b'))
    ),
  }

  test.each(Object.entries(twice))(
    'a thenable that calls back twice (%s) is one attempt: no forked loop',
    async (_, then) => {
      const clock = new FakeClock()
      const { probe, calls } = counted(() => ({ then }))
      const result = await settle(until(probe).clock(clock).every(100).atMost(1000).result(), clock)
      expect(result.ok).toBe(true)
      // Attempts at 0, 100, … 1000: eleven, as for any probe that fails on that schedule.
      expect(calls()).toBe(11)
      expect(result.ok && !result.value.passed && result.value.attempts).toBe(11)
      expect(clock.pending).toBe(0)
    },
  )

  test('a thenable whose then throws, or whose then getter throws, is a failed attempt, retried', async () => {
    const clock = new FakeClock()
    const bad = new Error('then threw')
    const { probe, calls } = counted((attempt) =>
      attempt === 1
        ? {
            then() {
              throw bad
            },
          }
        : attempt === 2
          ? {
              get then(): never {
                throw bad
              },
            }
          : 'done',
    )
    const result = await settle(until(probe).clock(clock).every(10).result(), clock)
    expect(result).toMatchObject({ ok: true, value: { passed: true, value: 'done', attempts: 3 } })
    expect(calls()).toBe(3)
  })

  test('a thenable that throws after resolving counts as resolved', async () => {
    const clock = new FakeClock()
    const probe = (): PromiseLike<string> => ({
      then(resolve) {
        resolve?.('yes')
        throw new Error('after')
      },
    })
    expect(await settle(until(probe).clock(clock), clock)).toMatchObject({ ok: true, value: 'yes' })
  })

  test('a thenable that resolves with another thenable is followed to its value', async () => {
    const clock = new FakeClock()
    const inner = { then: (resolve: (v: unknown) => void) => resolve('inner') }
    const probe = (): unknown => ({ then: (resolve: (v: unknown) => void) => resolve(inner) })
    expect(await settle(until(probe).clock(clock), clock)).toMatchObject({
      ok: true,
      value: 'inner',
    })
  })

  test('a thenable that never calls back is cut at the deadline', async () => {
    const clock = new FakeClock()
    const result = await settle(
      until(() => ({ then: () => undefined }))
        .clock(clock)
        .atMost(500)
        .result(),
      clock,
    )
    expect(result.at).toBe(500)
    expect(result.ok && !result.value.passed && result.value.error.reason).toBe('timeout')
  })
})

describe('proxies whose traps throw, and revoked ones', () => {
  test.each([
    ['a proxy whose traps throw', hostileProxy],
    ['a revoked proxy', revokedProxy],
  ])('%s, returned: a failed attempt, and the message is still built', async (_, make) => {
    const clock = new FakeClock()
    const result = await settle(until(make).clock(clock).every(100).atMost(300).result(), clock)
    expect(result.ok).toBe(true)
    const outcome = result.ok ? result.value : undefined
    expect(outcome?.passed).toBe(false)
    if (outcome && !outcome.passed) {
      expect(outcome.attempts).toBe(4)
      expect(outcome.error.reason).toBe('timeout')
      expect(outcome.error.message).toContain('Timed out after 300 ms')
    }
  })

  test.each([
    ['a proxy whose traps throw', hostileProxy],
    ['a revoked proxy', revokedProxy],
  ])('%s, thrown: a failed attempt in until, in always and with retryOn', async (_, make) => {
    const clock = new FakeClock()
    const raise = (): never => {
      throw make() as unknown
    }
    const waits = [
      until(raise).atMost(200),
      until(raise).atMost(200).retryOn(TypeError),
      during(200).always(raise),
      during(200).never(raise),
    ]
    const results = await Promise.all(
      waits.map((wait) => settle(wait.clock(clock).every(100).result(), clock)),
    )
    const reasons = results.map((r) => (r.ok && !r.value.passed ? r.value.error.reason : r.ok))
    // until: retried to the deadline; retryOn(TypeError) cannot tell its class, so ends at once;
    // always: a throw is a failure; never: not an assertion failure, so it cannot tell.
    expect(reasons).toEqual(['timeout', 'error', 'violated', 'error'])
  })
})

describe('a probe that blocks the thread past the deadline', () => {
  test('the attempt that ends past the deadline is the last one', async () => {
    const clock = new FakeClock()
    let calls = 0
    const result = await settle(
      until(() => {
        calls++
        clock.block(700)
        return false
      })
        .clock(clock)
        .atMost(500)
        .result(),
      clock,
    )
    expect(calls).toBe(1)
    expect(result.ok && !result.value.passed && result.value.error.reason).toBe('timeout')
    expect(result.ok && result.value.elapsedMs).toBe(700)
  })

  test('a never window ends with the attempt that blocked through it', async () => {
    const clock = new FakeClock()
    let calls = 0
    const settled = await settle(
      during(300)
        .never(() => {
          calls++
          clock.block(calls === 2 ? 400 : 0)
          return false
        })
        .clock(clock)
        .every(100),
      clock,
    )
    expect(settled).toMatchObject({ ok: true, at: 500 })
    expect(calls).toBe(2)
  })
})

describe('waits polled in the same tick', () => {
  test('a deadline that comes in the middle of a tick judges the attempt that answered, as the last', async () => {
    const clock = new FakeClock()
    // Started first: in the tick at 10 ms its probe passes before the other's moves the time on
    // through its deadline at 15 ms.
    let calls = 0
    const first = until(() => ++calls === 2)
      .clock(clock)
      .every(10)
      .atMost(15)
      .result()
    let otherCalls = 0
    const other = until(() => {
      if (++otherCalls === 2) clock.advanceNow(10)
      return false
    })
      .clock(clock)
      .every(10)
      .atMost(1000)
      .result()
    await flushMicrotasks()
    clock.advanceNow(10)
    expect(await first).toMatchObject({ passed: true, value: true, attempts: 2, elapsedMs: 15 })
    clock.advanceNow(1000)
    expect(await other).toMatchObject({ passed: false })
  })

  test("each attempt is taken to end when the tick's last attempt ends: past the deadline, it is the last", async () => {
    const clock = new FakeClock()
    let shortCalls = 0
    let shortEnded: { at: number; outcome: unknown } | undefined
    // Started first, so its timers fire first: its second attempt ends before the other blocks.
    void until(() => (shortCalls++, false))
      .clock(clock)
      .every(100)
      .atMost(250)
      .result()
      .then((outcome) => (shortEnded = { at: clock.now(), outcome }))
    let longCalls = 0
    const long = until(() => {
      longCalls++
      if (longCalls === 2) clock.block(300)
      return longCalls === 3
    })
      .clock(clock)
      .every(100)
      .atMost(1000)
    const settled = await settle(long, clock)
    expect(settled).toMatchObject({ ok: true, value: true, at: 500 })
    // Its attempt at 100 is judged at 400, when the tick ended: no check at the deadline follows.
    expect(shortCalls).toBe(2)
    expect(shortEnded).toMatchObject({
      at: 400,
      outcome: { passed: false, error: { reason: 'timeout', attempts: 2, elapsedMs: 400 } },
    })
    expect(longCalls).toBe(3)
  })

  test.each([
    ['a deadline timer that fires early by the clock still ends the wait at its deadline', false],
    ['so does one that fires early while an attempt hangs', new Promise<boolean>(() => {})],
  ])('%s', async (_, answer) => {
    const fake = new FakeClock()
    const early = earlyClock(fake, 0.6)
    const settled = await settle(
      until(() => answer)
        .clock(early)
        .every(100)
        .atMost(1000),
      fake,
    )
    expect(settled).toMatchObject({ ok: false, at: 999.4 })
    const error = !settled.ok && (settled.error as WaitError)
    expect(error && error.elapsedMs).toBe(1000)
    expect(error && error.message).toMatch(/^Timed out after 1 s /)
  })

  test('a clock that throws when the tick reads it fails the wait with its error', async () => {
    const fake = new FakeClock()
    const broken = new Error('the clock broke')
    const clock: Clock = {
      now: () => {
        if (fake.now() > 0) throw broken
        return fake.now()
      },
      setTimeout: (callback, ms) => fake.setTimeout(callback, ms),
    }
    let calls = 0
    const settled = await settle(
      until(() => (calls++, false))
        .clock(clock)
        .every(10),
      fake,
    )
    expect(settled).toMatchObject({ ok: false, error: broken, at: 10 })
    expect(calls).toBe(2)
  })

  test('what a polled probe throws is kept while its attempt waits for the time: the last error is the cause', async () => {
    const clock = new FakeClock()
    const settled = await settle(
      until(({ attempt }) => {
        throw new Error(`not yet ${attempt}`)
      })
        .clock(clock)
        .every(10)
        .atMost(25),
      clock,
    )
    expect(settled).toMatchObject({ ok: false, at: 25 })
    const error = !settled.ok && (settled.error as WaitError)
    expect(error && error.attempts).toBe(4)
    expect(error && error.cause).toMatchObject({ message: 'not yet 4' })
  })
})

describe('errors that only a mistake in the test throws end the wait at once', () => {
  test('a ReferenceError, whatever its realm, is not retried', async () => {
    const clock = new FakeClock()
    const foreign = Object.assign(Object.create(null) as object, {
      name: 'ReferenceError',
      message: 'x is not defined',
    })
    for (const thrown of [new ReferenceError('orders is not defined'), foreign]) {
      let calls = 0
      const settled = await settle(
        until(() => {
          calls++
          throw thrown as unknown
        }).clock(clock),
        clock,
      )
      expect(calls).toBe(1)
      expect((settled as { error: WaitError }).error).toMatchObject({ reason: 'error' })
      expect((settled as { error: WaitError }).error.cause).toBe(thrown)
    }
  })

  test('retryOn opts back in', async () => {
    const clock = new FakeClock()
    let calls = 0
    const value = await settle(
      until(() => {
        if (++calls < 3) throw new ReferenceError('late is not defined')
        return 'there'
      })
        .clock(clock)
        .every(10)
        .retryOn(ReferenceError),
      clock,
    )
    expect(value).toMatchObject({ ok: true, value: 'there' })
  })

  test('a TypeError or SyntaxError is still a "not yet" (fetch failed, half-written JSON)', async () => {
    const clock = new FakeClock()
    const errors = [new TypeError('fetch failed'), new SyntaxError('Unexpected end of JSON input')]
    const settled = await settle(
      until(() => {
        const next = errors.shift()
        if (next) throw next
        return 'ok'
      })
        .clock(clock)
        .every(10),
      clock,
    )
    expect(settled).toMatchObject({ ok: true, value: 'ok', at: 20 })
  })
})

describe('in a never window, only an assertion failure means "it did not happen"', () => {
  class AssertionError extends Error {
    override name = 'AssertionError'
  }
  const jestLike = Object.assign(new Error('expect(received).toBe(expected)'), {
    matcherResult: { pass: false },
  })

  test.each([
    [
      'node:assert, chai and vitest (name AssertionError)',
      new AssertionError('expected 2 to be 1'),
    ],
    ["jest's, vitest's and Playwright's expect (matcherResult)", jestLike],
  ])('%s: the window goes on and passes', async (_, error) => {
    const clock = new FakeClock()
    const settled = await settle(
      during(300)
        .never(() => {
          throw error
        })
        .clock(clock)
        .every(100),
      clock,
    )
    expect(settled).toMatchObject({ ok: true, at: 300 })
  })

  test.each([
    ['an Error', new Error('connection refused')],
    ['a TypeError of a method that does not exist', new TypeError('sink.count is not a function')],
    ['a string', 'nope'],
    ['undefined', undefined],
  ])('%s ends the window at once as a failure, with the error as cause', async (_, thrown) => {
    const clock = new FakeClock()
    const settled = await settle(
      during(300)
        .never(({ attempt }) => {
          if (attempt === 2) throw thrown as unknown
          return false
        })
        .clock(clock)
        .every(100),
      clock,
    )
    expect(settled.ok).toBe(false)
    expect(settled.at).toBe(100)
    const error = (settled as { error: WaitError }).error
    expect(error).toBeInstanceOf(WaitError)
    expect(error).toMatchObject({ reason: 'error', attempts: 2, lastError: thrown })
  })

  test('an error that retryOn accepts is a "not yet" too', async () => {
    const clock = new FakeClock()
    const settled = await settle(
      during(300)
        .never(() => {
          throw new RangeError('busy')
        })
        .retryOn(RangeError)
        .clock(clock)
        .every(100),
      clock,
    )
    expect(settled).toMatchObject({ ok: true, at: 300 })
  })
})

describe('a probe that is itself a hostile Proxy', () => {
  test('its traps cannot crash the wait: no subscription, no description, a failed wait', async () => {
    const clock = new FakeClock()
    const target = (): boolean => false
    const probe = new Proxy(target, {
      get() {
        throw new Error('get trap')
      },
    })
    const result = await settle(until(probe).clock(clock).every(100).atMost(200).result(), clock)
    expect(result.ok).toBe(true)
    const outcome = result.ok ? result.value : undefined
    expect(outcome?.passed).toBe(false)
    expect(outcome && !outcome.passed && outcome.error.message).toBe(
      // A proxy's source cannot be read: the engine says what the language gives it.
      'Timed out after 200 ms waiting for `function () { [native code] }` (atMost 200 ms, 3 attempts).\n  last value:  false',
    )
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

  test('gets a context of its own: its signal is live while the earlier attempts’ has aborted', async () => {
    const clock = new FakeClock()
    const seen: { context: ProbeContext; attempt: number; aborted: boolean }[] = []
    const probe = (context: ProbeContext): false => {
      seen.push({ context, attempt: context.attempt, aborted: context.signal.aborted })
      return false
    }
    await settle(until(probe).clock(clock).every(100).atMost(250), clock)
    expect(seen.map((s) => s.attempt)).toEqual([1, 2, 3, 4])
    expect(seen.map((s) => s.aborted)).toEqual([false, false, false, false])
    // The attempts before the deadline share one context, moved on to each; the last has its own.
    const [first, second, third, last] = seen.map((s) => s.context)
    expect(second).toBe(first)
    expect(third).toBe(first)
    expect(last).not.toBe(first)
    expect(first?.signal.aborted).toBe(true)
    expect(first?.signal.reason).toMatchObject({ name: 'TimeoutError' })
    // Read after the end, the last context's signal is still its own, aborted as the wait ended.
    expect(last?.signal).not.toBe(first?.signal)
    expect(last?.signal.aborted).toBe(true)
    expect(last?.signal.reason).toMatchObject({ name: 'AbortError' })
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

describe('observer reports', () => {
  test('give times rounded to what a person reads', async () => {
    const clock = new FakeClock()
    clock.block(0.0850270000000819)
    const times: number[] = []
    await settle(
      until(() => {
        clock.block(1.333333)
        return true
      })
        .observe((r) => times.push(r.startedMs, r.elapsedMs, r.durationMs))
        .clock(clock),
      clock,
    )
    expect(times).toEqual([0, 1.33, 1.33])
  })
})

describe('the clock', () => {
  test('is read at the start and the first attempt, then once a tick; a wait without observers ends at its last read', async () => {
    let reads = 0
    const clock = new FakeClock()
    const counting: Clock = {
      now: () => (reads++, clock.now()),
      setTimeout: (callback, ms) => clock.setTimeout(callback, ms),
    }
    const outcome = until(counted((attempt) => attempt === 3).probe)
      .every(10)
      .clock(counting)
      .result()
    await clock.runAll()
    const r = await outcome
    expect(r).toMatchObject({ passed: true, attempts: 3, elapsedMs: 20 })
    // Start, first attempt, then once at each of two ticks: no read to end the wait.
    expect(reads).toBe(4)
  })
})
