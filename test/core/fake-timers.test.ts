import FakeTimers from '@sinonjs/fake-timers'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { autoAdvance, during, until, WaitError } from '../../src/index.js'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

afterEach(() => {
  vi.useRealTimers()
})

describe('vi.useFakeTimers() with autoAdvance()', () => {
  test('a check at the deadline that hangs is cut there too', async () => {
    vi.useFakeTimers()
    const start = Date.now()
    let calls = 0
    const result = await until(() => (++calls === 1 ? false : new Promise<never>(() => {})))
      .every(1000)
      .atMost(1000)
      .clock(autoAdvance())
      .result()
    expect(result.passed ? undefined : result.error.reason).toBe('timeout')
    expect(calls).toBe(2)
    expect(Date.now() - start).toBeLessThanOrEqual(1001)
  })

  test('every(0) polls on virtual time and still reaches its deadline', async () => {
    vi.useFakeTimers()
    const start = Date.now()
    const result = await until(() => false)
      .every(0)
      .atMost(100)
      .clock(autoAdvance())
      .result()
    expect(result.passed).toBe(false)
    expect(Date.now() - start).toBe(100)
  })

  test('a wait that passes after a few polls completes', async () => {
    vi.useFakeTimers()
    const start = Date.now()
    const value = await until(() => Date.now() - start >= 250 && 'ready')
      .every(100)
      .atMost('30s')
      .clock(autoAdvance())
    expect(value).toBe('ready')
    expect(Date.now() - start).toBe(300)
  })

  test('a hung probe hits its virtual deadline', async () => {
    vi.useFakeTimers()
    const start = Date.now()
    const result = await until(() => new Promise<never>(() => {}))
      .atMost('30s')
      .clock(autoAdvance())
      .result()
    expect(result.passed).toBe(false)
    expect(result.passed ? undefined : result.error.reason).toBe('timeout')
    expect(Date.now() - start).toBe(30_000)
  })

  test('a probe that awaits a fake setTimeout itself', async () => {
    vi.useFakeTimers()
    const start = Date.now()
    const value = await until(async ({ attempt }) => {
      await sleep(40)
      return attempt === 3 && Date.now() - start
    })
      .every(100)
      .atMost('5s')
      .clock(autoAdvance())
    expect(value).toBe(40 + 140 + 140)
  })

  test('a during window runs to its end', async () => {
    vi.useFakeTimers()
    const start = Date.now()
    await during('1m')
      .always(() => true)
      .every('1s')
      .clock(autoAdvance())
    expect(Date.now() - start).toBe(60_000)
  })

  test('with an explicit advance function', async () => {
    vi.useFakeTimers()
    const clock = autoAdvance((ms) => vi.advanceTimersByTimeAsync(ms))
    const error = await until(() => false)
      .every(1000)
      .atMost('10s')
      .clock(clock)
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(error).toBeInstanceOf(WaitError)
    expect((error as WaitError).attempts).toBe(11)
  })

  test('without fake timers, autoAdvance says what is missing', async () => {
    await expect(until(() => true).clock(autoAdvance())).rejects.toThrow(
      new Error(
        'autoAdvance() found no fake timers: install them first (vi.useFakeTimers()), or pass a function that advances your fake clock',
      ),
    )
  })
})

describe('@sinonjs/fake-timers install() with autoAdvance()', () => {
  test('a wait, a hung probe and a probe awaiting a fake timer all complete', async () => {
    const fake = FakeTimers.install()
    try {
      const start = Date.now()
      expect(
        await until(() => Date.now() - start >= 500)
          .every(200)
          .atMost('10s')
          .clock(autoAdvance()),
      ).toBe(true)
      expect(Date.now() - start).toBe(600)

      const hung = await until(() => new Promise<never>(() => {}))
        .atMost('2s')
        .clock(autoAdvance())
        .result()
      expect(hung.passed).toBe(false)
      expect(Date.now() - start).toBe(2600)

      const slow = await until(async () => {
        await sleep(75)
        return 'done'
      })
        .atMost('1s')
        .clock(autoAdvance())
      expect(slow).toBe('done')
      expect(Date.now() - start).toBe(2675)
    } finally {
      fake.uninstall()
    }
  })

  test('two waits share the fake clock without deadlock', async () => {
    const fake = FakeTimers.install()
    try {
      const clock = autoAdvance()
      const start = Date.now()
      const [a, b] = await Promise.all([
        until(() => Date.now() - start >= 300 && 'a')
          .every(100)
          .clock(clock),
        until(() => Date.now() - start >= 450 && 'b')
          .every(150)
          .clock(clock),
      ])
      expect([a, b]).toEqual(['a', 'b'])
      expect(Date.now() - start).toBe(450)
    } finally {
      fake.uninstall()
    }
  })
})
