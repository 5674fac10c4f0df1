import { describe, expect, test } from 'vitest'
import {
  condition,
  during,
  patiently,
  retryAfter,
  stop,
  until,
  WaitError,
  type AttemptReport,
  type During,
  type Duration,
  type ProbeContext,
} from '../../src/index.js'
import { FakeClock, flushMicrotasks, settle, type Settled } from './fake-clock.js'

/** Runs `wait` on a fresh virtual clock; `make` gets the clock to build the wait with. */
async function run<T>(
  make: (clock: FakeClock) => PromiseLike<T>,
): Promise<Settled<T> & { clock: FakeClock }> {
  const clock = new FakeClock()
  return { ...(await settle(make(clock), clock)), clock }
}

/** Throws anything, as probes may: strings, undefined, plain objects. */
function raise(value: unknown): never {
  throw value
}

function window(length: Duration, mode: 'never' | 'always'): During['never'] {
  const made = during(length)
  return mode === 'never' ? made.never : made.always
}

function reasonOf(settled: Settled<unknown>): string | undefined {
  return settled.ok ? undefined : (settled.error as WaitError).reason
}

describe('what passes and what fails', () => {
  test.each([
    ['0', 0],
    ['an empty string', ''],
    ['null', null],
    ['undefined', undefined],
    ['true', true],
  ])('%s passes, and until() resolves with it', async (_, value) => {
    const settled = await run((clock) => until(() => value).clock(clock))
    expect(settled).toMatchObject({ ok: true, value, at: 0 })
  })

  test.each([
    ['false', (): unknown => false],
    [
      'a TypeError',
      (): never => {
        throw new TypeError('no')
      },
    ],
    ['a thrown string', (): never => raise('no')],
    ['a thrown undefined', (): never => raise(undefined)],
    ['a rejection', (): Promise<never> => Promise.reject(new Error('no'))],
    ['a resolved false', (): Promise<boolean> => Promise.resolve(false)],
  ])('%s fails the attempt, and the wait retries', async (_, fail) => {
    const settled = await run((clock) =>
      until((ctx) => (ctx.attempt < 3 ? fail() : 'done'))
        .clock(clock)
        .every(100),
    )
    expect(settled).toMatchObject({ ok: true, value: 'done', at: 200 })
  })

  test('an async probe is awaited', async () => {
    const settled = await run((clock) =>
      until(
        ({ attempt }) =>
          new Promise<number | false>((resolve) =>
            clock.setTimeout(() => resolve(attempt > 1 && attempt), 30),
          ),
      )
        .clock(clock)
        .every(100),
    )
    // attempt 1 ends at 30, attempt 2 starts at 130 and passes at 160
    expect(settled).toMatchObject({ ok: true, value: 2, at: 160 })
  })
})

describe('modifiers', () => {
  test('every sets the delay between attempts, after each attempt ends', async () => {
    const times: number[] = []
    const settled = await run((clock) =>
      until(() => {
        times.push(clock.now())
        return times.length === 4
      })
        .clock(clock)
        .every([10, 50, 100]),
    )
    expect(times).toEqual([0, 10, 60, 160])
    expect(settled.at).toBe(160)
  })

  test('atMost ends the wait at the deadline with one last check there', async () => {
    const times: number[] = []
    const settled = await run((clock) =>
      until(() => {
        times.push(clock.now())
        return false
      })
        .clock(clock)
        .every(300)
        .atMost(1000),
    )
    expect(times).toEqual([0, 300, 600, 900, 1000])
    expect(settled).toMatchObject({ ok: false, at: 1000 })
  })

  test('atLeast fails a pass that comes too early, and accepts one after it', async () => {
    const early = await run((clock) =>
      until(() => clock.now() >= 100)
        .clock(clock)
        .every(100)
        .atLeast(150),
    )
    expect(reasonOf(early)).toBe('too-early')
    const late = await run((clock) =>
      until(() => clock.now() >= 200)
        .clock(clock)
        .every(100)
        .atLeast(150),
    )
    expect(late).toMatchObject({ ok: true, at: 200 })
  })

  test('pollDelay delays the first attempt', async () => {
    const times: number[] = []
    await run((clock) =>
      until(() => times.push(clock.now()) > 2)
        .clock(clock)
        .every(10)
        .pollDelay(250),
    )
    expect(times).toEqual([250, 260, 270])
  })

  test('maxAttempts gives up after that many attempts', async () => {
    const settled = await run((clock) =>
      until(() => false)
        .clock(clock)
        .every(10)
        .maxAttempts(5),
    )
    expect(settled).toMatchObject({ ok: false, at: 40 })
    expect((settled as { error: WaitError }).error.attempts).toBe(5)
  })

  test('holdsFor needs the probe to keep passing for the window, and restarts after a failure', async () => {
    const results = [true, true, false, true, true, true, true, true]
    const settled = await run((clock) =>
      until(({ attempt }) => results[attempt - 1] ?? false)
        .clock(clock)
        .every(100)
        .holdsFor(300),
    )
    // passes from 300 ms; held at 600 ms
    expect(settled).toMatchObject({ ok: true, at: 600 })
  })

  test('holdsFor checks at the end of the hold even when the interval is longer', async () => {
    const times: number[] = []
    const settled = await run((clock) =>
      until(() => times.push(clock.now()) > 0)
        .clock(clock)
        .every(1000)
        .holdsFor(250),
    )
    expect(times).toEqual([0, 250])
    expect(settled.at).toBe(250)
  })

  test('inARow needs that many passes in a row', async () => {
    const results = [true, false, true, true, false, true, true, true]
    const settled = await run((clock) =>
      until(({ attempt }) => results[attempt - 1] ?? false)
        .clock(clock)
        .every(10)
        .inARow(3),
    )
    expect(settled).toMatchObject({ ok: true, at: 70 })
  })

  test('as names the wait in its message', async () => {
    const settled = await run((clock) =>
      until(() => false)
        .as('the invoice')
        .clock(clock)
        .atMost(0),
    )
    expect((settled as { error: WaitError }).error.description).toBe('the invoice')
  })

  describe('retryOn', () => {
    class Transient extends TypeError {}
    const throwing = (errors: unknown[]) => () => {
      const next = errors.shift()
      return next === undefined ? 'ok' : raise(next)
    }

    test('retries errors of the classes given, subclasses included', async () => {
      const settled = await run((clock) =>
        until(throwing([new TypeError('a'), new Transient('b')]))
          .clock(clock)
          .every(10)
          .retryOn(TypeError),
      )
      expect(settled).toMatchObject({ ok: true, value: 'ok', at: 20 })
    })

    test('retries what a predicate accepts, and ends at once on anything else', async () => {
      const stray = new RangeError('fatal')
      const settled = await run((clock) =>
        until(throwing(['busy', new SyntaxError('x'), stray]))
          .clock(clock)
          .every(10)
          .retryOn(SyntaxError, (e) => e === 'busy'),
      )
      expect(reasonOf(settled)).toBe('error')
      expect(settled.at).toBe(20)
      expect((settled as { error: WaitError }).error.cause).toBe(stray)
    })

    test('takes a class that does not extend Error', async () => {
      class Busy {}
      const settled = await run((clock) =>
        until(throwing([new Busy(), new Error('other')]))
          .clock(clock)
          .every(10)
          .retryOn(Busy),
      )
      expect(reasonOf(settled)).toBe('error')
      expect((settled as { error: WaitError }).error.attempts).toBe(2)
    })

    test('applies to rejections of async probes too', async () => {
      const settled = await run((clock) =>
        until(() => Promise.reject(new RangeError('no')))
          .clock(clock)
          .retryOn(TypeError),
      )
      expect(reasonOf(settled)).toBe('error')
    })

    test('a predicate that throws rejects the wait with its error, for sync and async probes', async () => {
      const broken = new Error('broken predicate')
      const predicate = (): boolean => {
        throw broken
      }
      const sync = await run((clock) =>
        until(() => {
          throw new Error('x')
        })
          .clock(clock)
          .retryOn(predicate),
      )
      const async = await run((clock) =>
        until(() => Promise.reject(new Error('x')))
          .clock(clock)
          .atMost(1000)
          .retryOn(predicate),
      )
      expect(sync).toMatchObject({ ok: false, error: broken, at: 0 })
      expect(async).toMatchObject({ ok: false, error: broken, at: 0 })
    })
  })

  test('failFast checks its guard before every attempt, with the same context', async () => {
    const seen: number[] = []
    const settled = await run((clock) =>
      until(() => false)
        .clock(clock)
        .every(100)
        .failFast(async ({ attempt }: ProbeContext) => {
          seen.push(attempt)
          await Promise.resolve()
          return attempt === 3
        }, 'the payment was declined'),
    )
    expect(seen).toEqual([1, 2, 3])
    expect(settled.at).toBe(200)
    expect((settled as { error: WaitError }).error).toMatchObject({
      reason: 'fail-fast',
      attempts: 3,
    })
  })

  test('observe reports every attempt', async () => {
    const reports: AttemptReport[] = []
    const error = new Error('not yet')
    await run((clock) =>
      until(({ attempt }) => {
        if (attempt === 1) throw error
        return attempt === 3 ? 'done' : false
      })
        .clock(clock)
        .every(100)
        .observe((r) => reports.push(r)),
    )
    expect(reports).toEqual([
      {
        attempt: 1,
        outcome: 'fail',
        startedMs: 0,
        elapsedMs: 0,
        durationMs: 0,
        error,
        nextDelayMs: 100,
      },
      {
        attempt: 2,
        outcome: 'fail',
        startedMs: 100,
        elapsedMs: 100,
        durationMs: 0,
        value: false,
        nextDelayMs: 100,
      },
      { attempt: 3, outcome: 'pass', startedMs: 200, elapsedMs: 200, durationMs: 0, value: 'done' },
    ])
  })

  test('debug logs one line per attempt', async () => {
    const lines: string[] = []
    await run((clock) =>
      until(({ attempt }) => attempt === 2)
        .as('the flag')
        .clock(clock)
        .every(100)
        .debug((line) => lines.push(line)),
    )
    expect(lines).toEqual([
      '[patiently] the flag #1 at 0 ms (took 0 ms) fail: false; next in 100 ms',
      '[patiently] the flag #2 at 100 ms (took 0 ms) pass: true',
    ])
  })

  test('result() resolves with the outcome as data, pass or fail', async () => {
    const passed = await run((clock) =>
      until(() => 42)
        .clock(clock)
        .result(),
    )
    expect(passed).toMatchObject({
      ok: true,
      value: { passed: true, value: 42, attempts: 1, elapsedMs: 0 },
    })
    const failed = await run((clock) =>
      until(() => false)
        .clock(clock)
        .every(100)
        .atMost(200)
        .result(),
    )
    expect(failed.ok).toBe(true)
    const value = (failed as { value: { passed: boolean; error: unknown } }).value
    expect(value).toMatchObject({ passed: false, attempts: 3, elapsedMs: 200 })
    expect(value.error).toBeInstanceOf(WaitError)
  })

  test('result() asked after a pass, and of a window that held, reports the same run', async () => {
    const clock = new FakeClock()
    let n = 0
    const wait = until(() => ++n >= 3)
      .clock(clock)
      .every(100)
    const awaited = wait.then((value) => value)
    await clock.runAll()
    expect(await awaited).toBe(true)
    const first = await wait.result()
    expect(first).toEqual({ passed: true, value: true, attempts: 3, elapsedMs: 200 })
    await clock.advance(1000)
    expect(await wait.result()).toEqual(first)

    const window = during(250)
      .never(() => false)
      .clock(clock)
      .every(100)
      .result()
    await clock.runAll()
    expect(await window).toEqual({ passed: true, value: undefined, attempts: 4, elapsedMs: 250 })
  })
})

describe('a wait is an immutable, lazy, memoized promise', () => {
  test('each modifier returns a new wait and leaves the original as it was, reusable', async () => {
    const clock = new FakeClock()
    let calls = 0
    const base = until(() => {
      calls++
      return false
    })
      .clock(clock)
      .every(100)
    const short = base.atMost(200)
    const long = base.atMost(500)
    expect(short).not.toBe(base)
    expect(long).not.toBe(short)
    const [a, b] = await Promise.all([settle(short, clock), settle(long, clock)])
    expect([a.at, b.at]).toEqual([200, 500])
    expect(calls).toBe(3 + 6)
    calls = 0
    const again = await settle(base.atMost(100), clock)
    expect(again.at - clock.now()).toBe(0)
    expect(calls).toBe(2)
  })

  test('the probe is not called before the first then', async () => {
    const clock = new FakeClock()
    let calls = 0
    const wait = until(() => ++calls)
      .clock(clock)
      .every(10)
    await flushMicrotasks()
    expect(calls).toBe(0)
    await expect(wait).resolves.toBe(1)
  })

  test('two awaits, and result(), share one run', async () => {
    const clock = new FakeClock()
    let calls = 0
    const wait = until(() => ++calls === 3 && 'third')
      .clock(clock)
      .every(10)
    const first = settle(wait, clock)
    const second = settle(wait, clock)
    const outcome = wait.result()
    expect((await first).ok && (await second).ok).toBe(true)
    expect(await outcome).toMatchObject({ passed: true, value: 'third', attempts: 3 })
    expect(await wait).toBe('third')
    expect(calls).toBe(3)
  })
})

describe('a deadline longer than a timer can be', () => {
  test('atMost × timeFactor past 2^31 − 1 ms is a RangeError naming both, never a 1 ms timer', () => {
    const slow = patiently.with({ timeFactor: 2 })
    expect(() => slow.until(() => true).atMost('500h')).toThrow(
      new RangeError(
        'Expected `atMost` × `timeFactor` to be at most 2147483647 ms (about 24.8 days, the longest timer JavaScript keeps), got 20 d 20 h × 2 = 41 d 16 h',
      ),
    )
    expect(() => patiently.with({ timeFactor: 1e6 }).until(() => true)).toThrow(
      new RangeError(
        'Expected `atMost` × `timeFactor` to be at most 2147483647 ms (about 24.8 days, the longest timer JavaScript keeps), got 4 s × 1000000 = 46 d 7 h',
      ),
    )
  })

  test('just under the limit is kept as it is', async () => {
    const clock = new FakeClock()
    const wait = patiently
      .with({ timeFactor: 2, clock })
      .until(() => true)
      .atMost(1_073_741_823)
    expect(await settle(wait, clock)).toMatchObject({ ok: true, value: true })
  })
})

describe('a wait is a real promise, still lazy', () => {
  test('until() and during() return instances of Promise with catch and finally', () => {
    const waits = [until(() => true), during(10).never(() => false), during(10).always(() => true)]
    for (const wait of waits) {
      expect(wait).toBeInstanceOf(Promise)
      expect(typeof wait.catch).toBe('function')
      expect(typeof wait.finally).toBe('function')
    }
  })

  test.each([
    ['catch', (w: Promise<unknown>) => w.catch(() => undefined)],
    ['finally', (w: Promise<unknown>) => w.finally(() => undefined)],
    ['then', (w: Promise<unknown>) => w.then(() => undefined)],
    ['Promise.resolve', (w: Promise<unknown>) => Promise.resolve(w)],
  ])('nothing runs before %s, which starts it', async (_, start) => {
    const clock = new FakeClock()
    let calls = 0
    const wait = until(() => ++calls)
      .clock(clock)
      .every(10)
    await flushMicrotasks()
    expect(calls).toBe(0)
    await settle(start(wait), clock)
    expect(calls).toBe(1)
  })

  test('then, catch and finally return plain promises, not waits', () => {
    const wait = until(() => true)
    const next = wait.then(() => 1)
    expect(next.constructor).toBe(Promise)
    expect(wait.catch(() => 2).constructor).toBe(Promise)
    return next
  })

  test('a failure reaches catch and finally, with the same WaitError each time', async () => {
    const clock = new FakeClock()
    const wait = until(() => false)
      .clock(clock)
      .atMost(0)
    let finallyRan = false
    const caught = await settle(
      wait
        .finally(() => {
          finallyRan = true
        })
        .catch((error: unknown) => error),
      clock,
    )
    expect(finallyRan).toBe(true)
    expect(caught.ok && caught.value).toBeInstanceOf(WaitError)
    const again = await wait.then(undefined, (error: unknown) => error)
    expect(again).toBe(caught.ok && caught.value)
    const result = await wait.result()
    expect(!result.passed && result.error).toBe(again)
  })

  test('a wait used only through result() leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = []
    const record = (reason: unknown): void => void unhandled.push(reason)
    process.on('unhandledRejection', record)
    try {
      const clock = new FakeClock()
      const result = await settle(
        until(() => false)
          .clock(clock)
          .atMost(0)
          .result(),
        clock,
      )
      expect(result.ok && result.value.passed).toBe(false)
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', record)
    }
  })

  test('a wait cannot be changed from outside', () => {
    const wait = until(() => true)
    expect(Object.isFrozen(wait)).toBe(true)
    expect(() => Object.assign(wait, { then: () => undefined })).toThrow(TypeError)
  })
})

describe('bad configuration throws at once, naming the option and the value', () => {
  const DURATION =
    "a non-negative number of milliseconds (at most 24 days) or a duration such as '250ms', '3s', '1m'"
  const wait = until(() => true)

  test.each([
    ['atMost', () => wait.atMost(-1), `Expected \`atMost\` to be ${DURATION}, got -1`],
    ['atMost', () => wait.atMost(NaN), `Expected \`atMost\` to be ${DURATION}, got NaN`],
    ['atMost', () => wait.atMost(Infinity), `Expected \`atMost\` to be ${DURATION}, got Infinity`],
    [
      'atMost',
      () => wait.atMost('soon' as '1s'),
      `Expected \`atMost\` to be ${DURATION}, got 'soon'`,
    ],
    ['every', () => wait.every(-5), `Expected \`every\` to be ${DURATION}, got -5`],
    [
      'pollDelay',
      () => wait.pollDelay('1 day' as '1s'),
      `Expected \`pollDelay\` to be ${DURATION}, got '1 day'`,
    ],
    ['atLeast', () => wait.atLeast(NaN), `Expected \`atLeast\` to be ${DURATION}, got NaN`],
    ['holdsFor', () => wait.holdsFor(-1), `Expected \`holdsFor\` to be ${DURATION}, got -1`],
    [
      'maxAttempts',
      () => wait.maxAttempts(0),
      'Expected `maxAttempts` to be a whole number of at least 1, got 0',
    ],
    [
      'inARow',
      () => wait.inARow(1.5),
      'Expected `inARow` to be a whole number of at least 1, got 1.5',
    ],
    [
      'atLeast',
      () => wait.atMost('1s').atLeast('2s'),
      'Expected `atLeast` to be at most atMost (1 s), got 2 s',
    ],
    [
      'holdsFor',
      () => wait.atMost(500).holdsFor(600),
      'Expected `holdsFor` to be at most atMost (500 ms), got 600 ms',
    ],
    [
      'pollDelay',
      () => wait.atMost(500).pollDelay(501),
      'Expected `pollDelay` to be at most the atMost deadline (500 ms), got 501 ms',
    ],
    [
      'pollDelay',
      () =>
        during(500)
          .never(() => false)
          .pollDelay(600),
      'Expected `pollDelay` to be at most the window (500 ms), got 600 ms',
    ],
    ['as', () => wait.as('  '), "Expected `as` to be a non-empty description, got '  '"],
    [
      'retryOn',
      () => wait.retryOn(),
      'Expected `retryOn` to be one or more Error classes or predicates, got []',
    ],
    [
      'retryOn',
      () => wait.retryOn('TypeError' as never),
      'Expected `retryOn` to be one or more Error classes or predicates, got ["TypeError"]',
    ],
    [
      'failFast',
      () => wait.failFast(true as never),
      'Expected `failFast` to be a function, got true',
    ],
    [
      'signal',
      () => wait.signal({} as AbortSignal),
      'Expected `signal` to be an AbortSignal, got {}',
    ],
    [
      'clock',
      () => wait.clock({ now: () => 0 } as never),
      'Expected `clock` to be an object with now() and setTimeout(), got { now: [Function now] }',
    ],
    ['observe', () => wait.observe(1 as never), 'Expected `observe` to be a function, got 1'],
  ])('%s', (_, make, message) => {
    expect(make).toThrow(new TypeError(message))
  })

  const windowed = during(100).never(() => false)
  test.each([
    ['atMost', () => windowed.atMost(1)],
    ['atLeast', () => windowed.atLeast(1)],
    ['maxAttempts', () => windowed.maxAttempts(1)],
    ['holdsFor', () => windowed.holdsFor(1)],
    ['inARow', () => windowed.inARow(1)],
  ])('%s on during() is rejected', (option, make) => {
    expect(make).toThrow(new TypeError(`\`${option}\` applies to until(), not to during().never()`))
  })
})

describe('never and always', () => {
  test('never fails at the first pass', async () => {
    const settled = await run((clock) =>
      during(1000)
        .never(({ attempt }) => attempt >= 3)
        .clock(clock)
        .every(100),
    )
    expect(settled.at).toBe(200)
    expect((settled as { error: WaitError }).error).toMatchObject({
      reason: 'violated',
      attempts: 3,
    })
  })

  test('always fails at the first failure', async () => {
    const settled = await run((clock) =>
      during(1000)
        .always(({ attempt }) => {
          if (attempt === 4) throw new Error('gone')
          return true
        })
        .clock(clock)
        .every(100),
    )
    expect(settled.at).toBe(300)
    expect((settled as { error: WaitError }).error).toMatchObject({
      reason: 'violated',
      attempts: 4,
    })
  })

  test.each(['never', 'always'] as const)(
    '%s checks at the start and at the end of the window',
    async (mode) => {
      const times: number[] = []
      const settled = await run((clock) =>
        window(
          300,
          mode,
        )(() => {
          times.push(clock.now())
          return mode === 'always'
        })
          .clock(clock)
          .every(1000),
      )
      expect(times).toEqual([0, 300])
      expect(settled).toMatchObject({ ok: true, value: undefined, at: 300 })
    },
  )

  test.each(['never', 'always'] as const)(
    'stop({ pass: true }) ends %s early as a success',
    async (mode) => {
      const settled = await run((clock) =>
        window(
          '10s',
          mode,
        )(({ attempt }) => {
          if (attempt === 3) throw stop('seen enough', { pass: true })
          return mode === 'always'
        })
          .clock(clock)
          .every(100),
      )
      expect(settled).toMatchObject({ ok: true, at: 200 })
    },
  )

  test('stop() without pass fails a window', async () => {
    const settled = await run((clock) =>
      during('1s')
        .never(() => {
          throw stop('broken')
        })
        .clock(clock),
    )
    expect(reasonOf(settled)).toBe('stopped')
  })
})

describe('signals from the probe', () => {
  test('stop() ends until() at once, even with pass: true', async () => {
    const settled = await run((clock) =>
      until(({ attempt }) => {
        if (attempt === 2) throw stop('no point', { pass: true })
        return false
      })
        .clock(clock)
        .every(100),
    )
    expect(settled.at).toBe(100)
    expect(reasonOf(settled)).toBe('stopped')
  })

  test('retryAfter() sets the next delay', async () => {
    const times: number[] = []
    const settled = await run((clock) =>
      until(({ attempt }) => {
        times.push(clock.now())
        if (attempt === 2) throw retryAfter('1.5s')
        return attempt === 4
      })
        .clock(clock)
        .every(100)
        .atMost('5s'),
    )
    expect(times).toEqual([0, 100, 1600, 1700])
    expect(settled).toMatchObject({ ok: true, at: 1700 })
  })
})

describe('conditions that wake the wait', () => {
  test('a wake() runs the next attempt at once, and the subscription ends with the wait', async () => {
    const times: number[] = []
    let wake: (() => void) | undefined
    let timeLeft: (() => number) | undefined
    let unsubscribed = 0
    let ready = false
    const clock = new FakeClock()
    const arrived = condition(
      () => {
        times.push(clock.now())
        return ready
      },
      {
        subscribe: (w, subscription) => {
          wake = w
          timeLeft = () => subscription.timeLeft()
          return () => unsubscribed++
        },
      },
    )
    clock.setTimeout(() => {
      expect(timeLeft?.()).toBe(4870)
      ready = true
      wake?.()
    }, 130)
    const settled = await settle(until(arrived).clock(clock).every(1000).atMost(5000), clock)
    expect(times).toEqual([0, 130])
    expect(settled).toMatchObject({ ok: true, value: true, at: 130 })
    expect(unsubscribed).toBe(1)
    expect(timeLeft?.()).toBe(0)
  })

  test('a wake() during an attempt makes the next one start without delay', async () => {
    const times: number[] = []
    const clock = new FakeClock()
    let wake = (): void => {}
    const changing = condition(
      ({ attempt }) => {
        times.push(clock.now())
        if (attempt === 1) wake()
        return attempt === 2
      },
      { subscribe: (w) => ((wake = w), () => {}) },
    )
    const settled = await settle(until(changing).clock(clock).every(1000), clock)
    expect(times).toEqual([0, 0])
    expect(settled.ok).toBe(true)
  })
})

describe('abort', () => {
  test('rejects with the signal reason promptly and aborts the running attempt', async () => {
    const controller = new AbortController()
    const reason = new Error('test over')
    let probeSignal: AbortSignal | undefined
    const wait = until(({ signal }) => {
      probeSignal = signal
      return new Promise<never>(() => {})
    })
      .atMost('10s')
      .signal(controller.signal)
    const started = performance.now()
    const outcome = wait.then(
      () => 'passed',
      (error: unknown) => error,
    )
    setTimeout(() => controller.abort(reason), 20)
    expect(await outcome).toBe(reason)
    expect(performance.now() - started).toBeLessThan(2000)
    expect(probeSignal?.aborted).toBe(true)
  })

  test('an already aborted signal rejects without calling the probe', async () => {
    let calls = 0
    const wait = until(() => ++calls).signal(AbortSignal.abort('gone'))
    await expect(wait).rejects.toBe('gone')
    expect(calls).toBe(0)
  })

  test('aborting during a sleep rejects at once', async () => {
    const clock = new FakeClock()
    const controller = new AbortController()
    clock.setTimeout(() => controller.abort('stop now'), 250)
    const settled = await settle(
      until(() => false)
        .clock(clock)
        .every(1000)
        .atMost(5000)
        .signal(controller.signal),
      clock,
    )
    expect(settled).toMatchObject({ ok: false, error: 'stop now', at: 250 })
    expect(clock.pending).toBe(0)
  })
})

describe('a condition whose subscribe is a method', () => {
  test('is subscribed with `this` bound to the condition', async () => {
    let item: string | false = false
    const probe = Object.assign(() => item, {
      wakes: new Set<() => void>(),
      subscribe(this: { wakes: Set<() => void> }, wake: () => void): () => void {
        this.wakes.add(wake)
        return () => this.wakes.delete(wake)
      },
    })
    setTimeout(() => {
      item = 'hello'
      for (const wake of probe.wakes) wake()
    }, 20)
    await expect(until(probe).every(60_000).atMost('2s')).resolves.toBe('hello')
  })
})

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
