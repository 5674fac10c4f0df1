import { getEventListeners } from 'node:events'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, test } from 'vitest'
import { condition, during, until, WaitError } from '../../src/index.js'
import { track, untrack } from '../../src/core/tracking.js'

/** Lets timers that were just cleared leave the loop's list of active resources. */
async function turn(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve))
  await new Promise((resolve) => setTimeout(resolve, 5))
}

function count(kinds: string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1)
  return counts
}

/** Runs `make` and checks that the loop holds no more timers or handles afterwards than before. */
async function leavesNothing(make: () => PromiseLike<unknown>): Promise<void> {
  await turn()
  const before = count(process.getActiveResourcesInfo())
  await make()
  await turn()
  const after = count(process.getActiveResourcesInfo())
  for (const [kind, n] of after) expect(`${kind}: ${n}`).toBe(`${kind}: ${before.get(kind) ?? 0}`)
}

describe('nothing of the engine stays behind', () => {
  test('a probe that reads its signal only after the wait was aborted gets it aborted', async () => {
    const controller = new AbortController()
    let late: AbortSignal | undefined
    const outcome = until(async (context) => {
      await new Promise((resolve) => setTimeout(resolve, 60))
      late = context.signal
      return false
    })
      .atMost('10s')
      .signal(controller.signal)
      .then(
        () => 'resolved',
        (error: unknown) => (error as Error).message,
      )
    setTimeout(() => controller.abort(new Error('user abort')), 10)
    expect(await outcome).toBe('user abort')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(late?.aborted).toBe(true)
  })

  test('a throwing unsubscribe does not keep an abort from the other waits on the signal', async () => {
    const controller = new AbortController()
    const bad = condition(() => false, {
      subscribe: () => () => {
        throw new Error('unsubscribe failed')
      },
    })
    const reasons = Promise.all(
      [until(bad), until(() => false)].map((wait) =>
        wait
          .atMost('10s')
          .signal(controller.signal)
          .then(
            () => 'resolved',
            (error: unknown) => (error as Error).message,
          ),
      ),
    )
    controller.abort(new Error('user abort'))
    expect(await reasons).toEqual(['user abort', 'user abort'])
  })

  test('after the probe aborts the wait from inside, synchronously', async () => {
    const controller = new AbortController()
    await leavesNothing(() =>
      until(() => {
        controller.abort(new Error('stop from inside'))
        return false
      })
        .every(1000)
        .atMost('10s')
        .signal(controller.signal)
        .then(
          () => expect.unreachable(),
          (error: unknown) => expect(error).toEqual(new Error('stop from inside')),
        ),
    )
  })

  test('after an observer aborts the wait', async () => {
    const controller = new AbortController()
    await leavesNothing(() =>
      until(() => false)
        .every(1000)
        .atMost('10s')
        .signal(controller.signal)
        .observe(() => controller.abort(new Error('seen enough')))
        .then(
          () => expect.unreachable(),
          (error: unknown) => expect(error).toEqual(new Error('seen enough')),
        ),
    )
  })

  test('after success', async () => {
    await leavesNothing(() =>
      until(({ attempt }) => attempt === 3)
        .every(5)
        .atMost('10s'),
    )
  })

  test('after a timeout', async () => {
    await leavesNothing(() =>
      until(() => false)
        .every(5)
        .atMost(40)
        .then(
          () => expect.unreachable(),
          (error: unknown) => expect(error).toBeInstanceOf(WaitError),
        ),
    )
  })

  test('after a hung probe is cut', async () => {
    await leavesNothing(() =>
      until(() => new Promise<never>(() => {}))
        .atMost(30)
        .result(),
    )
  })

  test('after an abort', async () => {
    const controller = new AbortController()
    await leavesNothing(async () => {
      const outcome = until(() => false)
        .every(1000)
        .atMost('10s')
        .signal(controller.signal)
        .result()
      setTimeout(() => controller.abort(new Error('enough')), 10)
      await expect(outcome).rejects.toThrow('enough')
    })
  })

  test('after a probe that throws an error retryOn does not accept', async () => {
    await leavesNothing(() =>
      until(() => Promise.reject(new RangeError('fatal')))
        .atMost('10s')
        .retryOn(TypeError)
        .result(),
    )
  })

  test('after a condition whose subscribe throws', async () => {
    const controller = new AbortController()
    const broken = condition(() => true, {
      subscribe: () => {
        throw new Error('cannot subscribe')
      },
    })
    await leavesNothing(async () => {
      await expect(until(broken).atMost('10s').signal(controller.signal)).rejects.toThrow(
        'cannot subscribe',
      )
    })
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })
})

// A full garbage collection, without starting the test process with --expose-gc.
function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}

describe('an ended wait holds nothing of the user', () => {
  // The engine keeps its last ended runner (for V8's sake, see engine.ts): what that runner ran
  // must be let go all the same.
  test.each([
    ['passed', true],
    ['timed out', false],
  ])('%s: its probe, check, value and errors can be collected', async (_, passes) => {
    const held: WeakRef<object>[] = []
    await (async () => {
      const value = { passes }
      const error = new Error('not yet')
      const check = (v: { passes: boolean }): boolean => {
        if (!v.passes) throw error
        return true
      }
      held.push(new WeakRef(value), new WeakRef(error), new WeakRef(check))
      await until(() => value, check)
        .every(1)
        .atMost(30)
        .then(
          () => undefined,
          () => undefined,
        )
    })()
    await turn()
    collectGarbage()
    expect(held.map((ref) => ref.deref())).toEqual([undefined, undefined, undefined])
  })

  test.each([
    ['alone', false],
    ['under a runner integration, through what its tracker asked to be called', true],
  ])(
    'a passed wait that is kept holds none of its run (%s): not the signal its probe read',
    async (_, tracked) => {
      if (tracked) track()
      try {
        const signals: WeakRef<AbortSignal>[] = []
        const kept = until(({ signal }) => (signals.push(new WeakRef(signal)), true))
        expect(await kept.result()).toMatchObject({ passed: true, attempts: 1 })
        // Another wait ends after it, so the engine's last ended runner is not the kept wait's.
        await until(() => true)
        await turn()
        collectGarbage()
        expect(signals[0]?.deref()).toBeUndefined()
        expect(await kept.result()).toMatchObject({ passed: true, attempts: 1 })
      } finally {
        untrack()
      }
    },
  )
})

describe('a shared AbortSignal', () => {
  test('has no listeners left after 1,000 waits on it', async () => {
    const controller = new AbortController()
    const waits = Array.from({ length: 1000 }, (_, i) =>
      until(({ attempt }) => attempt > i % 3)
        .every(1)
        .signal(controller.signal),
    )
    const during: number[] = []
    const sampled = setImmediate(() =>
      during.push(getEventListeners(controller.signal, 'abort').length),
    )
    await Promise.all(waits)
    clearImmediate(sampled)
    expect(during[0]).toBeGreaterThan(0)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })
})

describe('load', () => {
  test('10,000 concurrent waits all complete', async () => {
    const ready = new Set<number>()
    const waits = Array.from({ length: 10_000 }, (_, i) =>
      until(() => ready.has(i) && i)
        .every(10)
        .atMost('15s')
        .result(),
    )
    setTimeout(() => {
      for (let i = 0; i < 10_000; i++) ready.add(i)
    }, 20)
    const results = await Promise.all(waits)
    expect(results.filter((r) => !r.passed)).toEqual([])
    expect(results.map((r) => (r.passed ? r.value : -1))).toEqual(
      Array.from({ length: 10_000 }, (_, i) => i),
    )
  })

  test('a hung probe with atMost(200) rejects soon after 200 ms', async () => {
    const started = performance.now()
    const result = await until(() => new Promise<never>(() => {}))
      .atMost(200)
      .result()
    const took = performance.now() - started
    console.log(`hung probe, atMost(200): rejected after ${took.toFixed(1)} ms`)
    expect(result.passed).toBe(false)
    expect(took).toBeGreaterThanOrEqual(199)
    expect(took).toBeLessThan(400)
  })
})

describe('nothing stays behind after hostile probes either', () => {
  const boom = (): never => {
    throw new Error('trap')
  }
  const proxy = (): object => new Proxy({}, { get: boom, getPrototypeOf: boom, has: boom })
  const block = (ms: number): void => {
    const end = performance.now() + ms
    while (performance.now() < end) {
      // Holds the thread, as a synchronous probe past its deadline does.
    }
  }
  const cases: [string, () => PromiseLike<unknown>][] = [
    [
      'a thenable that resolves twice',
      () =>
        until(() => ({ then: (ok: (v: unknown) => void) => (ok(false), ok(false)) }))
          .every(5)
          .atMost(60)
          .result(),
    ],
    [
      'a thenable whose then throws',
      () =>
        until(() => ({ then: boom }))
          .every(5)
          .atMost(60)
          .result(),
    ],
    [
      'a proxy returned and thrown',
      () =>
        until(({ attempt }) => (attempt % 2 ? proxy() : boom()))
          .every(5)
          .atMost(60)
          .result(),
    ],
    [
      'a probe that blocks past the deadline',
      () =>
        until(() => (block(80), false))
          .atMost(40)
          .result(),
    ],
    ['a never window whose probe throws', () => during(200).never(boom).result()],
    [
      'a ReferenceError',
      () =>
        until(() => {
          throw new ReferenceError('nope is not defined')
        }).result(),
    ],
  ]
  test.each(cases)('%s', async (_, make) => {
    await leavesNothing(make)
  })
})
