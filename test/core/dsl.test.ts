import { afterEach, describe, expect, test, vi } from 'vitest'
import type { WaitError } from '../../src/index.js'
import { configure, during, patiently, until } from '../../src/index.js'
import { FakeClock, settle } from './fake-clock.js'

const restores: (() => void)[] = []
afterEach(() => {
  while (restores.length > 0) restores.pop()?.()
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

function configured(options: Parameters<typeof configure>[0]): void {
  restores.push(configure(options))
}

describe('until and during', () => {
  test('until resolves with the value; during().never()/always() with undefined', async () => {
    const clock = new FakeClock()
    expect(await settle(until(() => ({ id: 7 })).clock(clock), clock)).toMatchObject({
      ok: true,
      value: { id: 7 },
    })
    expect(
      await settle(
        during(100)
          .never(() => false)
          .clock(clock),
        clock,
      ),
    ).toMatchObject({
      ok: true,
      value: undefined,
    })
    expect(
      await settle(
        during(100)
          .always(() => 1)
          .clock(clock),
        clock,
      ),
    ).toMatchObject({
      ok: true,
      value: undefined,
    })
  })

  test('a probe that is not a function throws at once', () => {
    expect(() => until(123 as never)).toThrow(
      new TypeError('Expected the probe given to until() to be a function, got number'),
    )
    expect(() => during(10).never('x' as never)).toThrow(
      new TypeError('Expected the probe given to during().never() to be a function, got string'),
    )
    expect(() => during(10).always(undefined as never)).toThrow(
      new TypeError(
        'Expected the probe given to during().always() to be a function, got undefined',
      ),
    )
  })

  test('a bad window throws at once', () => {
    expect(() => during(-1)).toThrow(
      new TypeError(
        "Expected `during` to be a non-negative number of milliseconds (at most 24 days) or a duration such as '250ms', '3s', '1m', got -1",
      ),
    )
  })

  test('the default deadline is 4 s and the default interval 50 ms', async () => {
    const clock = new FakeClock()
    const settled = await settle(until(() => false).clock(clock), clock)
    expect(settled.at).toBe(4000)
    expect((settled as { error: WaitError }).error.attempts).toBe(81)
  })
})

describe('configure', () => {
  test('sets defaults for later waits, and its return value puts the old ones back', async () => {
    const clock = new FakeClock()
    configured({ clock, atMost: 300, every: 100 })
    const restore = configure({ atMost: 200 })
    expect(
      (
        await settle(
          until(() => false),
          clock,
        )
      ).at,
    ).toBe(200)
    restore()
    const settled = await settle(
      until(() => false),
      clock,
    )
    expect(settled.at - 200).toBe(300)
    expect((settled as { error: WaitError }).error.attempts).toBe(4)
  })

  test('a wait made before configure keeps the defaults it was made with', async () => {
    const clock = new FakeClock()
    configured({ clock })
    const before = until(() => false).every(100)
    configured({ atMost: 100 })
    expect((await settle(before, clock)).at).toBe(4000)
  })

  test('pollDelay and observe apply to every wait', async () => {
    const clock = new FakeClock()
    const seen: string[] = []
    configured({
      clock,
      pollDelay: 30,
      observe: (report, description) => seen.push(`${description} ${report.elapsedMs}`),
    })
    await settle(until(() => true).as('ready'), clock)
    expect(seen).toEqual(['ready 30'])
  })

  test.each([
    [
      { atMost: -1 },
      "Expected `atMost` to be a non-negative number of milliseconds (at most 24 days) or a duration such as '250ms', '3s', '1m', got -1",
    ],
    [
      { every: 'often' },
      "Expected `every` to be a non-negative number of milliseconds (at most 24 days) or a duration such as '250ms', '3s', '1m', got 'often'",
    ],
    [
      { pollDelay: NaN },
      "Expected `pollDelay` to be a non-negative number of milliseconds (at most 24 days) or a duration such as '250ms', '3s', '1m', got NaN",
    ],
    [{ timeFactor: 0 }, 'Expected `timeFactor` to be a positive finite number, got 0'],
    [
      { timeFactor: Infinity },
      'Expected `timeFactor` to be a positive finite number, got Infinity',
    ],
  ])('rejects %o at once, naming the option', (options, message) => {
    expect(() => configure(options as never)).toThrow(new TypeError(message))
    expect(() => patiently.with(options as never)).toThrow(new TypeError(message))
  })
})

describe('patiently.with', () => {
  test('scopes nest, inner over outer, over configure', async () => {
    const clock = new FakeClock()
    configured({ clock, atMost: 1000 })
    const outer = patiently.with({ every: 100, atMost: 500 })
    const inner = outer.with({ atMost: 200 })
    const times: number[] = []
    const probe = (): boolean => times.push(clock.now()) < 0
    expect((await settle(inner.until(probe), clock)).at).toBe(200)
    expect(times).toEqual([0, 100, 200])
    expect((await settle(outer.until(probe), clock)).at - 200).toBe(500)
    expect(
      (
        await settle(
          outer.during(300).never(() => false),
          clock,
        )
      ).at - 700,
    ).toBe(300)
  })

  test('a scope does not change the root defaults', async () => {
    const clock = new FakeClock()
    patiently.with({ atMost: 10 })
    configured({ clock })
    expect(
      (
        await settle(
          until(() => false),
          clock,
        )
      ).at,
    ).toBe(4000)
  })
})

describe('environment variables', () => {
  test('PATIENTLY_TIME_FACTOR multiplies atMost, not during windows', async () => {
    vi.stubEnv('PATIENTLY_TIME_FACTOR', '3')
    const clock = new FakeClock()
    const settled = await settle(
      until(() => false)
        .clock(clock)
        .atMost(100),
      clock,
    )
    expect(settled.at).toBe(300)
    expect((settled as { error: WaitError }).error.message).toMatch(/\(atMost 300 ms, /)
    const window = await settle(
      during(100)
        .never(() => false)
        .clock(clock),
      clock,
    )
    expect(window.at - 300).toBe(100)
  })

  test('a configured timeFactor wins over PATIENTLY_TIME_FACTOR', async () => {
    vi.stubEnv('PATIENTLY_TIME_FACTOR', '3')
    configured({ timeFactor: 2 })
    const clock = new FakeClock()
    expect(
      (
        await settle(
          until(() => false)
            .clock(clock)
            .atMost(100),
          clock,
        )
      ).at,
    ).toBe(200)
  })

  test('a bad PATIENTLY_TIME_FACTOR throws when a wait is made, naming it', () => {
    vi.stubEnv('PATIENTLY_TIME_FACTOR', 'fast')
    expect(() => until(() => true)).toThrow(
      new TypeError('Expected `PATIENTLY_TIME_FACTOR` to be a positive finite number, got NaN'),
    )
  })

  test('PATIENTLY_DEBUG=1 logs every attempt with console.debug; 0 and false do not', async () => {
    const lines: unknown[] = []
    vi.spyOn(console, 'debug').mockImplementation((line: unknown) => void lines.push(line))
    const clock = new FakeClock()
    for (const value of ['0', 'false']) {
      vi.stubEnv('PATIENTLY_DEBUG', value)
      await settle(until(() => 1).clock(clock), clock)
    }
    expect(lines).toEqual([])
    vi.stubEnv('PATIENTLY_DEBUG', '1')
    await settle(
      until(() => 1)
        .as('the answer')
        .clock(clock),
      clock,
    )
    expect(lines).toEqual(['[patiently] the answer #1 at 0 ms (took 0 ms) pass: 1'])
  })
})
