import { afterEach, describe, expect, test, vi } from 'vitest'
import { during, until, type Wait } from '../../src/index.js'
import * as tracking from '../../src/core/tracking.js'
import { siteOf, track, UNSTARTED, untrack } from '../../src/core/tracking.js'
import { FakeClock, flushMicrotasks } from './fake-clock.js'

afterEach(() => {
  untrack()
})

/** `file:line` of the caller's next line, as a call site names it. */
function lineAfterThis(): string {
  const frame = siteOf(new Error('here').stack?.split('\n').slice(2).join('\n'))
  const [, file, line] = /^(.*):(\d+):\d+$/.exec(frame) ?? []
  return `${file}:${Number(line) + 1}`
}

describe('without tracking', () => {
  test('nothing is installed, and waits run as ever', async () => {
    expect(tracking.tracker()).toBeUndefined()
    await expect(until(() => 7)).resolves.toBe(7)
  })

  test('untrack() removes the installed tracking: later waits are not seen', async () => {
    const t = track()
    untrack()
    expect(tracking.tracker()).toBeUndefined()
    await until(() => true)
    expect(t.counts()).toEqual({ created: 0, started: 0, settled: 0, dropped: 0 })
  })
})

describe('two copies of the package', () => {
  test('a tracking installed by one copy (ES module or CommonJS build) sees the waits of the other', async () => {
    // A second instance of the module, as a CommonJS build beside the ES module build is.
    const second = '../../src/core/tracking.js?copy'
    const copy = (await import(/* @vite-ignore */ second)) as typeof tracking
    expect(copy.track).not.toBe(track)
    const t = copy.track()
    t.enter('pays')
    void until(() => true)
    expect(t.forgotten('pays')).toHaveLength(1)
    copy.untrack()
    expect(tracking.tracker()).toBeUndefined()
  })
})

describe('forgotten waits', () => {
  test('a wait never started is reported once, under its test, with its call site', () => {
    const t = track()
    t.enter('pays the order')
    const site = lineAfterThis()
    void during('1s').never(() => false)
    const [forgotten, ...more] = t.forgotten('pays the order')
    expect(more).toEqual([])
    expect(forgotten).toMatchObject({
      test: 'pays the order',
      mode: 'never',
      description: '`() => false`',
      elapsedMs: undefined,
      limitMs: undefined,
    })
    expect(forgotten?.site).toMatch(new RegExp(`^${escape(site)}:\\d+$`))
    expect(t.forgotten('pays the order')).toEqual([])
  })

  test('only waits created under the test asked about are reported', () => {
    const t = track()
    t.enter('first')
    void until(() => 1).as('the first')
    t.enter('second')
    void until(() => 2).as('the second')
    expect(t.forgotten('second').map((w) => w.description)).toEqual(['the second'])
    expect(t.forgotten('first').map((w) => w.description)).toEqual(['the first'])
  })

  test('a wait a modifier was called on was a step, not forgotten; the last one is', () => {
    const t = track()
    const ready = until(() => true).every(10)
    void ready.atMost('1s')
    expect(t.forgotten(undefined).map((w) => w.description)).toEqual(['`() => true`'])
  })

  test('a wait whose modifier threw was a step too: the thrown error is the one to show', () => {
    const t = track()
    const base = until(() => true)
    expect(() => base.atMost('soon' as '1s')).toThrow(TypeError)
    expect(() =>
      during('1s')
        .never(() => false)
        .atMost('1s'),
    ).toThrow(TypeError)
    expect(t.forgotten(undefined)).toEqual([])
  })

  test.each([
    ['every', (w: Wait<unknown>) => w.every(-1)],
    ['atMost', (w: Wait<unknown>) => w.atMost(-1)],
    ['atLeast', (w: Wait<unknown>) => w.atLeast(-1)],
    ['pollDelay', (w: Wait<unknown>) => w.pollDelay(-1)],
    ['maxAttempts', (w: Wait<unknown>) => w.maxAttempts(0)],
    ['holdsFor', (w: Wait<unknown>) => w.holdsFor(-1)],
    ['inARow', (w: Wait<unknown>) => w.inARow(0)],
    ['as', (w: Wait<unknown>) => w.as('')],
    ['retryOn', (w: Wait<unknown>) => w.retryOn()],
    ['failFast', (w: Wait<unknown>) => w.failFast(1 as never)],
    ['signal', (w: Wait<unknown>) => w.signal({} as AbortSignal)],
    ['clock', (w: Wait<unknown>) => w.clock({} as FakeClock)],
    ['observe', (w: Wait<unknown>) => w.observe(1 as never)],
  ])('%s: a wait it threw on was a step all the same', (_, modify) => {
    const t = track()
    expect(() => modify(until((): unknown => true))).toThrow(TypeError)
    expect(t.forgotten(undefined)).toEqual([])
  })

  test('debug: a wait it was called on was a step', () => {
    const t = track()
    void until(() => true).debug(() => {})
    expect(t.forgotten(undefined)).toHaveLength(1)
  })

  test('a started wait is not forgotten, whichever way it started', async () => {
    const t = track()
    await until(() => 1)
    await until(() => 2).result()
    await until(() => 3).then(() => undefined)
    expect(t.forgotten(undefined)).toEqual([])
  })

  test('beyond UNSTARTED unstarted waits, new ones are counted as dropped, not kept', () => {
    const t = track()
    for (let i = 0; i < UNSTARTED + 3; i++) void until(() => i)
    expect(t.forgotten(undefined)).toHaveLength(UNSTARTED)
    expect(t.counts()).toEqual({ created: UNSTARTED + 3, started: 0, settled: 0, dropped: 3 })
  })

  test('waits beyond UNSTARTED are still tracked once they start', async () => {
    const t = track()
    const waits = Array.from({ length: UNSTARTED + 3 }, (_, i) => until(() => i))
    await Promise.all(waits)
    await flushMicrotasks()
    expect(t.settled()).toHaveLength(UNSTARTED + 3)
    expect(t.forgotten(undefined)).toEqual([])
  })
})

describe('running waits', () => {
  test('a running wait is listed with its elapsed time on its own clock and its limit', async () => {
    const t = track()
    t.enter('ships')
    const clock = new FakeClock()
    const wait = until(() => false)
      .atMost('10s')
      .clock(clock)
      .as('the parcel to ship')
      .result()
    await clock.advance(2500)
    expect(t.running()).toEqual([
      {
        test: 'ships',
        mode: 'until',
        site: expect.stringContaining('tracking.test.ts:') as string,
        description: 'the parcel to ship',
        elapsedMs: 2500,
        limitMs: 10_000,
        text: [
          'Still waiting for the parcel to ship after 2.5 s (atMost 10 s, 51 attempts).',
          '  last value:  false',
        ].join('\n'),
        testTimeoutMs: undefined,
      },
    ])
    await clock.runAll()
    await wait
    await flushMicrotasks()
    expect(t.running()).toEqual([])
  })

  test('a running wait says what its WaitError would say now: last value, last error, mismatches', async () => {
    const t = track()
    const clock = new FakeClock()
    let n = 0
    const order = until(
      () => {
        n++
        if (n === 1) throw new Error('503 Service Unavailable')
        return { status: 'pending', lines: 2 }
      },
      { status: 'paid' },
    )
      .every(100)
      .clock(clock)
      .as('the order')
      .result()
    await clock.advance(250)
    expect(t.running()[0]?.text).toMatch(
      new RegExp(
        [
          'Still waiting for the order after 250 ms \\(atMost 4 s, 3 attempts\\)\\.',
          '  last value:  \\{ status: "pending", lines: 2 \\}',
          '  mismatches:  status: expected "paid", got "pending"',
          '  last error:  Error: 503 Service Unavailable',
          '    failed at test/core/tracking\\.test\\.ts:\\d+:\\d+$',
        ].join('\n'),
      ),
    )
    await clock.runAll()
    await order
  })

  test('never and always windows say how much of the window has passed', async () => {
    const t = track()
    const clock = new FakeClock()
    const never = during('5s')
      .never(() => false)
      .every(1000)
      .clock(clock)
      .as('a refund')
      .result()
    const always = during('5s')
      .always(() => true)
      .every(1000)
      .clock(clock)
      .as('the stock')
      .result()
    await clock.advance(2000)
    expect(t.running().map((w) => w.text)).toEqual([
      'Still watching that a refund never happens: 2 s of the 5 s window (3 attempts).\n  last value:  false',
      'Still watching that the stock holds: 2 s of the 5 s window (3 attempts).\n  last value:  true',
    ])
    await clock.runAll()
    await Promise.all([never, always])
  })

  test('each wait keeps the timeout of the test it was made in, as the integration entered it', async () => {
    const t = track()
    const clock = new FakeClock()
    t.enter('pays', 5000)
    const made = until(() => false)
      .atMost('10s')
      .clock(clock)
      .result()
    t.leave()
    const later = until(() => false)
      .clock(clock)
      .result()
    expect(t.running().map((w) => w.testTimeoutMs)).toEqual([5000, undefined])
    await clock.runAll()
    await Promise.all([made, later])
  })

  test('stop() ends the running waits of a test, failed as stopped, leaving nothing running', async () => {
    const t = track()
    const clock = new FakeClock()
    t.enter('ships')
    const ships = until(() => false)
      .every(100)
      .clock(clock)
      .as('the parcel to ship')
    const outcome = ships.then(
      () => 'passed',
      (error: unknown) => error,
    )
    t.enter('bills')
    const bills = until(() => false)
      .clock(clock)
      .as('the bill')
      .result()
    await clock.advance(250)
    t.stop('its test failed', 'ships')
    expect(await outcome).toMatchObject({
      name: 'WaitError',
      reason: 'stopped',
      attempts: 3,
      message:
        'Stopped waiting for the parcel to ship after 250 ms (3 attempts): its test failed\n  last value:  false',
    })
    expect(t.running().map((w) => w.test)).toEqual(['bills'])
    expect(clock.pending).toBe(2)
    t.stop('the run ended')
    expect(await bills).toMatchObject({ passed: false })
    expect(t.running()).toEqual([])
    expect(clock.pending).toBe(0)
  })

  test('a wait stopped in the tick that polled it tells what its last attempt saw', async () => {
    const t = track()
    const clock = new FakeClock()
    t.enter('first')
    // Set first, so that in the tick at 10 ms its attempt is made, and waits for the tick's time,
    // before the other's probe stops it.
    const first = until(
      ({ attempt }) => attempt,
      () => false,
    )
      .every(10)
      .clock(clock)
      .then(
        () => undefined,
        (error: unknown) => error,
      )
    t.enter('second')
    let calls = 0
    const second = until(() => {
      if (++calls === 2) t.stop('stopped in the tick', 'first')
      return calls === 3
    })
      .every(10)
      .clock(clock)
      .result()
    await clock.advance(10)
    expect(await first).toMatchObject({
      reason: 'stopped',
      attempts: 2,
      message: expect.stringContaining('last value:  2') as unknown,
    })
    await clock.runAll()
    expect(await second).toMatchObject({ passed: true, value: true })
  })

  test('an aborted wait leaves the running list and is not recorded as settled', async () => {
    const t = track()
    const controller = new AbortController()
    const clock = new FakeClock()
    const wait = until(() => false)
      .clock(clock)
      .signal(controller.signal)
    const outcome = wait.then(
      () => 'passed',
      (error: unknown) => error,
    )
    expect(t.running()).toHaveLength(1)
    controller.abort(new Error('stopped by the test'))
    expect(await outcome).toEqual(new Error('stopped by the test'))
    await flushMicrotasks()
    expect(t.running()).toEqual([])
    expect(t.settled()).toEqual([])
  })
})

describe('concurrent tests', () => {
  test('a scope, when it gives a test, wins over the test field: for tests run side by side', () => {
    const t = track()
    let current: tracking.TestScope | undefined = { test: 'pays', timeoutMs: 2000, since: 0 }
    t.scope = () => current
    t.enter('ships')
    void until(() => true)
    current = undefined
    void until(() => true)
    expect(t.forgotten('pays').map((w) => [w.test, w.testTimeoutMs])).toEqual([['pays', 2000]])
    expect(t.forgotten('ships').map((w) => w.test)).toEqual(['ships'])
  })

  test("settled(test) takes only that test's records, leaving the others for their own test and letting go of those made outside any test", async () => {
    const t = track()
    await until(() => true)
    t.enter('pays')
    await until(() => true)
    t.enter('ships')
    await until(() => true)
    t.enter('pays')
    await until(() => true)
    expect(t.settled('pays').map((w) => w.test)).toEqual(['pays', 'pays'])
    expect(t.settled('pays')).toEqual([])
    expect(t.settled().map((w) => w.test)).toEqual(['ships'])
  })
})

describe('default deadlines fitted to the test', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  test('fit() gives the time the test has left, less a tenth of its timeout, once the default would outlast it', () => {
    const time = vi.spyOn(performance, 'now').mockReturnValue(10_000)
    const t = track({ fitToTest: true })
    expect(t.fit(4000, 0)).toBeUndefined()
    expect(t.enter('pays', 2000)).toEqual({ test: 'pays', timeoutMs: 2000, since: 10_000 })
    time.mockReturnValue(10_500)
    expect(t.fit(4000, 0)).toEqual({ limitMs: 1300, testTimeoutMs: 2000 })
    expect(t.fit(1000, 0)).toBeUndefined()
    expect(t.fit(4000, 1500)).toBeUndefined()
    t.enter('pays', 300)
    expect(t.fit(4000, 0)).toEqual({ limitMs: 250, testTimeoutMs: 300 })
  })

  test('off unless asked', () => {
    const t = track()
    t.enter('pays', 1000)
    expect(t.fit(4000, 0)).toBeUndefined()
    expect(() => track({ fitToTest: 'yes' as unknown as boolean })).toThrow(
      new TypeError("Expected `fitToTest` to be true or false, got 'yes'"),
    )
  })

  test('a wait with no atMost of its own fails in time, saying its deadline was fitted', async () => {
    const t = track({ fitToTest: true })
    t.enter('pays', 300)
    const error = await until(() => false).then(
      () => undefined,
      (thrown: unknown) => thrown,
    )
    expect(error).toMatchObject({ reason: 'timeout' })
    expect((error as Error).message).toMatch(
      /^Timed out after \d+ ms waiting for `\(\) => false` \(atMost (2[0-4]\d|250) ms, fitted to the test's 300 ms timeout, \d+ attempts\)\.$/m,
    )
  })

  test('a wait with its own atMost, on another clock, or with atLeast beyond the time left keeps its deadline', async () => {
    const t = track({ fitToTest: true })
    t.enter('pays', 300)
    const clock = new FakeClock()
    const own = until(() => false)
      .atMost('2s')
      .every(500)
      .clock(clock)
      .result()
    const elsewhere = until(() => false)
      .every(500)
      .clock(clock)
      .result()
    expect(t.running().map((w) => w.limitMs)).toEqual([2000, 4000])
    await clock.runAll()
    await Promise.all([own, elsewhere])
    const controller = new AbortController()
    const late = until(() => false)
      .atLeast('1s')
      .signal(controller.signal)
      .result()
    expect(t.running().map((w) => w.limitMs)).toEqual([4000])
    controller.abort()
    await expect(late).rejects.toThrow('This operation was aborted')
  })
})

describe('settled waits', () => {
  test('each settled wait is a record of numbers and strings: how much of its limit it used', async () => {
    const t = track()
    t.enter('bills')
    const clock = new FakeClock()
    let calls = 0
    const passing = until(() => ++calls >= 5)
      .every(200)
      .atMost('1s')
      .clock(clock)
      .as('the bill')
    const failing = until(() => false)
      .every(500)
      .atMost('1s')
      .clock(clock)
      .as('the refund')
    const both = Promise.all([passing, failing.result()])
    await clock.runAll()
    await both
    await flushMicrotasks()
    const records = t.settled()
    expect(records).toEqual([
      {
        test: 'bills',
        mode: 'until',
        site: expect.stringContaining('tracking.test.ts:') as string,
        description: 'the bill',
        passed: true,
        attempts: 5,
        elapsedMs: 800,
        limitMs: 1000,
        used: 0.8,
      },
      {
        test: 'bills',
        mode: 'until',
        site: expect.stringContaining('tracking.test.ts:') as string,
        description: 'the refund',
        passed: false,
        attempts: 3,
        elapsedMs: 1000,
        limitMs: 1000,
        used: 1,
      },
    ])
    const kinds = records.flatMap((r) => Object.values(r).map((v) => typeof v))
    expect(new Set(kinds)).toEqual(new Set(['string', 'number', 'boolean']))
    expect(t.settled()).toEqual([])
  })

  test('only the last `keep` settled records are kept; the rest are counted as dropped', async () => {
    const t = track({ keep: 3 })
    for (let i = 1; i <= 5; i++) await until(() => i).as(`wait ${i}`)
    await flushMicrotasks()
    expect(t.settled().map((r) => r.description)).toEqual(['wait 3', 'wait 4', 'wait 5'])
    expect(t.counts()).toEqual({ created: 10, started: 5, settled: 5, dropped: 2 })
  })

  test('`keep` must be a positive whole number', () => {
    expect(() => track({ keep: 0 })).toThrow(
      new TypeError('Expected `keep` to be a positive whole number, got 0'),
    )
  })
})

describe('siteOf', () => {
  test.each([
    ['    at Object.<anonymous> (/app/a.test.ts:3:9)', '/app/a.test.ts:3:9'],
    ['    at /app/a.test.ts:4:1', '/app/a.test.ts:4:1'],
    ['pays@http://localhost/a.js:5:2', 'http://localhost/a.js:5:2'],
    ['', 'unknown'],
  ])('%j', (frame, site) => {
    expect(siteOf(`Error\n${frame}`)).toBe(site)
  })

  test('no stack at all', () => {
    expect(siteOf(undefined)).toBe('unknown')
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
