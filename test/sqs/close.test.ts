import { getEventListeners } from 'node:events'
import { describe, expect, test } from 'vitest'
import { during, until, WaitError } from '../../src/index.js'
import { sqsBus } from '../../src/sqs/index.js'
import { unique } from './support/endpoint.js'
import { startProxied, type Proxied } from './support/proxied.js'
import type { ProxyOptions } from './support/proxy.js'

function count(kinds: string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1)
  return counts
}

/** Lets timers that were just cleared leave the loop's list of active resources. */
async function turn(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve))
  await new Promise((resolve) => setTimeout(resolve, 5))
}

/**
 * Runs `use` on a bus of its own (fauxqs, the proxy and a bus), stops all of it, and checks that
 * the loop holds no more timers or handles than before, and that `signal` has no listener left.
 */
async function leavesNothing(
  use: (setup: Proxied, signal: AbortSignal) => Promise<void>,
  proxyOptions: ProxyOptions = {},
) {
  await turn()
  const before = count(process.getActiveResourcesInfo())
  const signal = new AbortController().signal
  const setup = await startProxied(proxyOptions)
  try {
    await use(setup, signal)
  } finally {
    await setup.stop()
  }
  expect(getEventListeners(signal, 'abort')).toHaveLength(0)
  await turn()
  const after = count(process.getActiveResourcesInfo())
  for (const [kind, n] of after) expect(`${kind}: ${n}`).toBe(`${kind}: ${before.get(kind) ?? 0}`)
}

function failure(wait: PromiseLike<unknown>): Promise<WaitError> {
  return Promise.resolve(wait).then(
    () => {
      throw new Error('expected the wait to fail')
    },
    (e: unknown) => e as WaitError,
  )
}

const closed = (queue: string): string =>
  `the bus was closed (bus.close() was called), so nothing receives from queue "${queue}" any more: await every wait on the bus before closing it`

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

test('await using closes the bus at the end of the block: its wait fails, its long poll is aborted', async () => {
  await leavesNothing(async ({ sqs, proxy }, signal) => {
    let waiting: Promise<WaitError> | undefined
    let url = ''
    {
      await using bus = sqsBus({ sqs })
      url = await bus.createQueue(unique('block'))
      waiting = failure(until(bus.received(url)).atMost('60s').signal(signal))
      await until(() => proxy.of('ReceiveMessage').some((c) => c.open)).atMost('5s')
    }
    expect((await waiting).message).toContain(closed(url))
    await until(() => proxy.of('ReceiveMessage').every((c) => !c.open)).atMost('3s')
    expect(proxy.of('ReceiveMessage').map((c) => c.aborted)).toEqual([true])
  })
})

describe('close() while waits are running', () => {
  test('a pending until fails at once, saying the bus was closed', async () => {
    await leavesNothing(async ({ bus, proxy }, signal) => {
      const url = await bus.createQueue(unique('pending'))
      const waiting = failure(
        until(bus.received(url, { id: 1 }))
          .atMost('60s')
          .signal(signal),
      )
      await until(() => proxy.of('ReceiveMessage').some((c) => c.open)).atMost('5s')
      await bus.close()
      const error = await waiting
      expect(error).toBeInstanceOf(WaitError)
      expect(error.message.split('\n')[0]).toMatch(
        new RegExp(
          `^Stopped waiting for a message on queue "${escape(url)}" with body matching \\{ id: 1 \\} after [\\d.]+ m?s \\(\\d+ attempts?\\): ${escape(closed(url))}$`,
        ),
      )
      // Its long poll was aborted, not left to run its 20 s.
      await until(() => proxy.of('ReceiveMessage').every((c) => !c.open)).atMost('3s')
      expect(proxy.of('ReceiveMessage').map((c) => c.aborted)).toEqual([true])
    })
  })

  test('a pending never window fails at once instead of passing', async () => {
    await leavesNothing(async ({ bus, proxy }, signal) => {
      const url = await bus.createQueue(unique('window'))
      const window = failure(during('60s').never(bus.received(url)).signal(signal))
      await until(() => proxy.of('ReceiveMessage').some((c) => c.open)).atMost('5s')
      await bus.close()
      expect((await window).message.split('\n')[0]).toMatch(
        new RegExp(
          `^Stopped waiting for a message on queue "${escape(url)}" after [\\d.]+ m?s \\(\\d+ attempts?\\): ${escape(closed(url))}$`,
        ),
      )
    })
  })

  test('a pending until on a queue still being looked up fails at once, and looks no more', async () => {
    await leavesNothing(async ({ bus, proxy }, signal) => {
      const queue = unique('not-yet')
      const waiting = failure(until(bus.received(queue).count(2)).atMost('60s').signal(signal))
      await until(() => proxy.of('GetQueueUrl').length > 1).atMost('5s')
      await bus.close()
      expect((await waiting).message.split('\n')[0]).toMatch(
        new RegExp(
          `^Stopped waiting for a message on queue "${queue}" \\(at least 2 times\\) after [\\d.]+ m?s \\(\\d+ attempts?\\): ${escape(closed(queue))}$`,
        ),
      )
      const calls = proxy.calls.length
      await during('500ms').always(() => proxy.calls.length === calls)
    })
  })

  test('several waits on several queues all fail', async () => {
    await leavesNothing(async ({ bus }, signal) => {
      const queues = [await bus.createQueue(unique('a')), await bus.createQueue(unique('b'))]
      const waits = queues.flatMap((url) => [
        failure(until(bus.received(url)).atMost('60s').signal(signal)),
        failure(until(bus.received(url).count(2)).atMost('60s').signal(signal)),
      ])
      await until(() => queues.every((url) => bus.received(url).found().length === 0)).atMost('1s')
      await bus.close()
      const errors = await Promise.all(waits)
      expect(
        errors.map((e) =>
          e.message.split('\n')[0]?.endsWith(': await every wait on the bus before closing it'),
        ),
      ).toEqual([true, true, true, true])
    })
  })
})

describe('close() while a call retries', () => {
  test('a purge waiting out PurgeQueueInProgress stops retrying', async () => {
    await leavesNothing(
      async ({ bus, proxy }) => {
        const url = await bus.createQueue(unique('purged'))
        await bus.purge(url)
        const purging = bus.purge(url, { ifInProgress: 'wait' }).then(
          () => 'purged',
          (e: unknown) => (e as Error).message,
        )
        await until(() => proxy.of('PurgeQueue').length === 2).atMost('5s')
        await bus.close()
        expect(await purging).toBe(
          'The bus was closed (bus.close() was called) while the call was still retrying',
        )
        const purges = proxy.of('PurgeQueue').length
        await during('1500ms').always(() => proxy.of('PurgeQueue').length === purges)
      },
      { purgeCooldownMs: 60_000 },
    )
  })
})

describe('after close()', () => {
  test('a wait fails at its first attempt and receives nothing', async () => {
    await leavesNothing(async ({ bus, proxy }, signal) => {
      const url = await bus.createQueue(unique('late'))
      await bus.send(url, { id: 1 })
      await bus.close()
      const calls = proxy.calls.length
      for (const wait of [
        until(bus.received(url, { id: 1 })).atMost('60s'),
        during('60s').never(bus.received(url)),
        during('60s').always(bus.received(url).exactly(0)),
      ]) {
        const error = await failure(wait.signal(signal))
        expect(error.message.split('\n')[0]).toMatch(
          new RegExp(`\\(1 attempt\\): ${escape(closed(url))}$`),
        )
      }
      expect(proxy.calls.length).toBe(calls)
    })
  })

  test('every call that would reach SQS or SNS fails at once, naming the bus as closed', async () => {
    await leavesNothing(async ({ bus, proxy }) => {
      const url = await bus.createQueue(unique('kept'))
      await bus.send(url, { id: 1 })
      await until(bus.received(url)).atMost('5s')
      await bus.close()
      const calls = proxy.calls.length
      const refused = async (call: Promise<unknown>): Promise<string> =>
        call.then(
          () => 'passed',
          (e: unknown) => (e as Error).message,
        )
      const tail =
        ': the bus was closed (bus.close() was called). Make every call before closing it.'
      expect(await refused(bus.send(url, {}))).toBe(`Cannot send${tail}`)
      expect(await refused(bus.publish('t', {}))).toBe(`Cannot publish${tail}`)
      expect(await refused(bus.createQueue('q'))).toBe(`Cannot create a queue${tail}`)
      expect(await refused(bus.createTopic('t'))).toBe(`Cannot create a topic${tail}`)
      expect(await refused(bus.subscribe('t', 'q'))).toBe(`Cannot subscribe${tail}`)
      expect(await refused(bus.deadLetter('q', { queue: 'd' }))).toBe(
        `Cannot set a dead-letter queue${tail}`,
      )
      expect(await refused(bus.queueUrl('q'))).toBe(`Cannot look up a queue${tail}`)
      expect(await refused(bus.topicArn('t'))).toBe(`Cannot look up a topic${tail}`)
      expect(await refused(bus.purge(url))).toBe(`Cannot purge${tail}`)
      expect(proxy.calls.length).toBe(calls)
      // What was recorded can still be read and forgotten.
      expect(
        bus
          .received(url)
          .found()
          .map((m) => m.body),
      ).toEqual([{ id: 1 }])
      bus.clear()
      expect(bus.received(url).found()).toEqual([])
      await expect(bus.close()).resolves.toBeUndefined()
    })
  })
})
