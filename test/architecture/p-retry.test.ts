// Why the engine's loop is not built on p-retry: these are the parts of patiently's contract that
// p-retry 7 cannot carry, each shown against p-retry itself and then against until().
// docs/architecture.md links here.
import pRetry from 'p-retry'
import { describe, expect, test } from 'vitest'
import { until } from '../../src/index.js'

const pendingAfter = async (promise: Promise<unknown>, ms: number): Promise<boolean> => {
  const marker = Symbol('pending')
  const timer = new Promise<symbol>((resolve) => setTimeout(() => resolve(marker), ms))
  return (
    (await Promise.race([
      promise.then(
        () => 'settled',
        () => 'settled',
      ),
      timer,
    ])) === marker
  )
}

describe('p-retry cannot carry', () => {
  test('retrying a TypeError: the commonest probe failure (`orders[0].id` before the order exists)', async () => {
    let calls = 0
    const probe = (): number => {
      calls++
      const orders: { id: number }[] = calls < 3 ? [] : [{ id: 7 }]
      return (orders[0] as { id: number }).id
    }
    await expect(pRetry(probe, { retries: 5, minTimeout: 1 })).rejects.toThrow(TypeError)
    expect(calls).toBe(1)

    calls = 0
    await expect(until(probe).every(1)).resolves.toBe(7)
    expect(calls).toBe(3)
  })

  test('errors of every type: a thrown string ends p-retry at once', async () => {
    let calls = 0
    const probe = (): string => {
      if (++calls < 3) throw 'not yet' // eslint-disable-line @typescript-eslint/only-throw-error
      return 'done'
    }
    await expect(pRetry(probe, { retries: 5, minTimeout: 1 })).rejects.toThrow(
      'Non-error was thrown: "not yet"',
    )
    expect(calls).toBe(1)

    calls = 0
    await expect(until(probe).every(1)).resolves.toBe('done')
  })

  test('a deadline race: maxRetryTime does not cut an attempt that never settles', async () => {
    const hung = (): Promise<never> => new Promise<never>(() => undefined)
    expect(await pendingAfter(pRetry(hung, { maxRetryTime: 50 }), 300)).toBe(true)

    const result = await until(hung).atMost(50).result()
    expect(result.passed).toBe(false)
  })
})
