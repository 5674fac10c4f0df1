import { execFile } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import FakeTimers from '@sinonjs/fake-timers'
import { build } from 'esbuild'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { autoAdvance, configure, during, globalTimers, until, WaitError } from '../../src/index.js'

const run = promisify(execFile)
const root = join(import.meta.dirname, '..', '..')
const fixtures = join(import.meta.dirname, 'fixtures', 'fake-timers')
// Captured before any test fakes them.
const realSetTimeout = setTimeout

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

  test('without fake timers, autoAdvance runs on real time, so it can be set for every wait', async () => {
    const restore = configure({ clock: autoAdvance() })
    try {
      let calls = 0
      expect(await until(() => ++calls === 3 && 'third').every(5)).toBe('third')
      const explicit = autoAdvance((ms) => vi.advanceTimersByTimeAsync(ms))
      expect(
        await until(() => true)
          .pollDelay(5)
          .clock(explicit),
      ).toBe(true)
      vi.useFakeTimers()
      const start = Date.now()
      expect(await until(() => Date.now() - start >= 1000 && 'fake').every(500)).toBe('fake')
      expect(Date.now() - start).toBe(1000)
    } finally {
      restore()
    }
  })

  test('fake timers that autoAdvance() cannot drive: it says what to pass', async () => {
    const original = globalThis.setTimeout
    const fake = ((callback: () => void, ms: number) => original(callback, ms)) as typeof setTimeout
    globalThis.setTimeout = fake
    try {
      await expect(until(() => true).clock(autoAdvance())).rejects.toThrow(
        new Error(
          'autoAdvance() cannot drive these fake timers (the faked setTimeout carries no clock it knows): pass the function that advances them, such as autoAdvance((ms) => mock.timers.tick(ms))',
        ),
      )
    } finally {
      globalThis.setTimeout = original
    }
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

describe('a wait that starts under fake timers, on the default clock, is refused at once', () => {
  test("vitest's: the message names the API, and the advice works", async () => {
    vi.useFakeTimers()
    await expect(until(() => true)).rejects.toThrow(
      new Error(
        "Cannot wait for `() => true`: vitest's fake timers are installed (vi.useFakeTimers()), so the wait's timers would never fire. Run it on the fake time: .clock(autoAdvance()) moves the fake time for the wait, .clock(globalTimers) leaves that to the test; configure({ clock }) sets either for every wait.",
      ),
    )
    const restore = configure({ clock: autoAdvance() })
    try {
      const start = Date.now()
      expect(await until(() => Date.now() - start >= 200 && 'ok').every(100)).toBe('ok')
      expect(Date.now() - start).toBe(200)
    } finally {
      restore()
    }
  })

  test('globalTimers: the test moves the fake time itself', async () => {
    vi.useFakeTimers()
    const start = Date.now()
    const paid = until(() => Date.now() - start >= 4000 && 'paid')
      .every(1000)
      .atMost('5s')
      .clock(globalTimers)
    const seen = paid.then((value) => ({ value, at: Date.now() - start }))
    await vi.advanceTimersByTimeAsync(5000)
    expect(await seen).toEqual({ value: 'paid', at: 4000 })
  })

  test("vitest's, faking only Date: nothing to refuse, the wait runs on real timers", async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    let calls = 0
    expect(await until(() => ++calls === 3 && 'third').every(1)).toBe('third')
  })

  test('the refusal points at the line that made the wait', async () => {
    vi.useFakeTimers()
    const error = await until(() => true).then(
      () => undefined,
      (e: unknown) => e as Error,
    )
    const frame = error?.stack?.split('\n')[1] ?? ''
    expect(frame).toContain('test/core/fake-timers.test.ts:')
  })

  test('@sinonjs/fake-timers in a plain node process', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join(fixtures, 'sinon.mts')],
      {
        cwd: root,
      },
    )
    expect(stdout).toBe('sinon: refused, then ran on the fake time\n')
  }, 30_000)

  test("node:test's mock timers, under node --test", async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=tap', join(fixtures, 'node-test.mts')],
      { cwd: root },
    )
    expect(stdout).toMatch(/^# pass 2$/m)
    expect(stdout).toMatch(/^# fail 0$/m)
  }, 30_000)

  test("jest's modern fake timers, under jest", async () => {
    const bundle = join(root, '.tmp', 'jest', 'patiently.cjs')
    mkdirSync(join(root, '.tmp', 'jest'), { recursive: true })
    await build({
      entryPoints: [join(root, 'src', 'index.ts')],
      bundle: true,
      format: 'cjs',
      platform: 'neutral',
      outfile: bundle,
      logLevel: 'silent',
    })
    const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js')
    const { stderr } = await run(
      process.execPath,
      [jest, '--rootDir', join(fixtures, 'jest'), '--ci', '--no-watchman', '--colors=false'],
      { cwd: root, env: { ...process.env, PATIENTLY_BUNDLE: bundle } },
    )
    expect(stderr).toMatch(/^Tests: +3 passed, 3 total$/m)
  }, 60_000)
})

describe('fake timers installed in the middle of a wait', () => {
  test('the wait keeps the clock it started with: no negative time, nothing left behind', async () => {
    await new Promise((resolve) => setImmediate(resolve))
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    let ready = false
    realSetTimeout(() => (ready = true), 60)
    const wait = until(() => ready)
      .every(10)
      .atMost('10s')
      .result()
    await new Promise((resolve) => realSetTimeout(resolve, 20))
    vi.useFakeTimers()
    const result = await wait
    vi.useRealTimers()
    expect(result.passed).toBe(true)
    expect(result.elapsedMs).toBeGreaterThanOrEqual(50)
    await new Promise((resolve) => realSetTimeout(resolve, 5))
    const after = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    expect(after).toBe(before)
  })
})
