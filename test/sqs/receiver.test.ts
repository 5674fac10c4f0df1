import { ReceiveMessageCommand } from '@aws-sdk/client-sqs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { during, until } from '../../src/index.js'
import type { SqsBus } from '../../src/sqs/index.js'
import { unique, type Endpoint } from './support/endpoint.js'
import { startProxied, type Proxied } from './support/proxied.js'
import type { Proxy } from './support/proxy.js'

let endpoint: Endpoint
let proxy: Proxy
let bus: SqsBus
let setup: Proxied

beforeAll(async () => {
  setup = await startProxied({}, { queues: { peeked: { mode: 'peek' }, unread: { mode: 'peek' } } })
  ;({ endpoint, proxy, bus } = setup)
})

afterAll(() => setup.stop())

const receivesOf = (queueUrl: string): ReturnType<Proxy['of']> =>
  proxy.of('ReceiveMessage').filter((c) => c.input['QueueUrl'] === queueUrl)

/** Receives directly from the endpoint, as the service under test would. */
async function receiveAsService(queueUrl: string): Promise<string[]> {
  const out = await endpoint.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  )
  return (out.Messages ?? []).map((m) => m.Body ?? '')
}

describe('long polling', () => {
  test('asks for all attributes and caps WaitTimeSeconds at the whole seconds left', async () => {
    const url = await bus.createQueue(unique('capped'))
    const outcome = await until(bus.received(url)).atMost('2.5s').result()
    expect(outcome.passed).toBe(false)
    const [first, ...rest] = receivesOf(url)
    expect(first?.input).toMatchObject({
      WaitTimeSeconds: 2,
      MaxNumberOfMessages: 10,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
      VisibilityTimeout: 1,
    })
    for (const call of rest) expect(call.input['WaitTimeSeconds']).toBe(1)
  })

  test('never asks for more than the 20 s SQS allows', async () => {
    const url = await bus.createQueue(unique('long'))
    const stop = new AbortController()
    const waiting = until(bus.received(url)).atMost('5m').signal(stop.signal).result()
    await until(() => receivesOf(url).length === 1).atMost('3s')
    stop.abort(new Error('enough'))
    await expect(waiting).rejects.toThrow('enough')
    expect(receivesOf(url)[0]?.input['WaitTimeSeconds']).toBe(20)
  })
})

describe('abort', () => {
  test('an aborted wait aborts its in-flight receive, and nothing polls after it', async () => {
    const url = await bus.createQueue(unique('abort'))
    const stop = new AbortController()
    const waiting = until(bus.received(url)).atMost('30s').signal(stop.signal).result()
    await until(() => receivesOf(url)[0]?.open === true).atMost('3s')
    stop.abort(new Error('test over'))
    await expect(waiting).rejects.toThrow('test over')
    await until(() => receivesOf(url).every((c) => !c.open)).atMost('3s')
    expect(receivesOf(url).map((c) => c.aborted)).toEqual([true])
    const seen = proxy.calls.length
    await during('600ms').always(() => proxy.calls.length === seen && receivesOf(url).length === 1)
  })

  test('a wait that passes stops the receiver, and nothing polls after it', async () => {
    const url = await bus.createQueue(unique('settled'))
    await bus.send(url, { n: 1 })
    await until(bus.received(url, { n: 1 })).atMost('3s')
    await until(() => receivesOf(url).every((c) => !c.open)).atMost('3s')
    const count = receivesOf(url).length
    await during('600ms').always(() => receivesOf(url).length === count)
  })
})

describe('abandoned long polls', () => {
  test('a message handed to the aborted long poll of an earlier wait is still found', async () => {
    const url = await bus.createQueue(unique('ghost'))
    const first = await until(bus.received(url)).atMost('1.5s').result()
    expect(first.passed).toBe(false)
    await bus.send(url, { late: true })
    const message = await until(bus.received(url, { late: true })).atMost('5s')
    expect(message.body).toEqual({ late: true })
  })
})

describe('one receiver per queue', () => {
  test('fifty concurrent waits on one queue share one long poll at a time', async () => {
    const url = await bus.createQueue(unique('shared'))
    let widest = 0
    const sample = setInterval(() => {
      widest = Math.max(widest, receivesOf(url).filter((c) => c.open).length)
    }, 5)
    try {
      const ids = Array.from({ length: 50 }, (_, i) => `o-${i}`)
      const waits = ids.map((orderId) =>
        until(bus.received(url, { orderId }))
          .atMost('10s')
          .then((message) => message),
      )
      await until(() => receivesOf(url).length > 0).atMost('3s')
      for (const orderId of [...ids].reverse()) await bus.send(url, { orderId })
      const found = await Promise.all(waits)
      expect(found.map((m) => (m.body as { orderId: string }).orderId)).toEqual(ids)
      expect(bus.received(url).found()).toHaveLength(50)
      expect(widest).toBe(1)
    } finally {
      clearInterval(sample)
    }
  })
})

describe('receive modes', () => {
  test('consume deletes what it recorded', async () => {
    const url = await bus.createQueue(unique('consumed'))
    await bus.send(url, { n: 1 })
    await until(bus.received(url, { n: 1 })).atMost('3s')
    await until(() => receivesOf(url).every((c) => !c.open)).atMost('3s')
    expect(await receiveAsService(url)).toEqual([])
  })

  test('peek leaves the message for the service under test', async () => {
    const url = await bus.createQueue('peeked')
    await bus.send(url, { n: 1 })
    const seen = await until(bus.received(url, { n: 1 })).atMost('3s')
    expect(seen.body).toEqual({ n: 1 })
    expect(receivesOf(url)[0]?.input['VisibilityTimeout']).toBe(0)
    expect(await receiveAsService(url)).toEqual(['{"n":1}'])
  })

  test('peek backs off while nobody consumes the message, and still sees new ones', async () => {
    const url = await bus.createQueue('unread')
    await bus.send(url, { n: 1 })
    await until(bus.received(url, { n: 1 })).atMost('3s')
    const window = during('3s')
      .never(bus.received(url, { n: 3 }))
      .result()
    await bus.send(url, { n: 2 })
    expect((await window).passed).toBe(true)
    const [first, second] = bus.received(url).found()
    expect(second?.body).toEqual({ n: 2 })
    // Pauses of 0.2, 0.4, 0.8, then 1 s between receives that bring nothing new: a handful of
    // receives in 3 s, where a loop without pauses would make hundreds.
    expect(first?.deliveries).toBeGreaterThan(1)
    expect(first?.deliveries).toBeLessThanOrEqual(10)
  })
})
