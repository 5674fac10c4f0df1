import { ReceiveMessageCommand } from '@aws-sdk/client-sqs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { until } from '../../src/index.js'
import type { SqsBus } from '../../src/sqs/index.js'
import { unique, type Endpoint } from './support/endpoint.js'
import { startProxied, type Proxied } from './support/proxied.js'
import type { Proxy } from './support/proxy.js'

let endpoint: Endpoint
let proxy: Proxy
let bus: SqsBus
let setup: Proxied

// AWS allows one purge per queue every 60 s; fauxqs has no such rule, so the proxy plays it,
// with a shorter cooldown.
beforeAll(async () => {
  setup = await startProxied({ purgeCooldownMs: 1500 })
  ;({ endpoint, proxy, bus } = setup)
})

afterAll(() => setup.stop())

async function fill(queueUrl: string, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) await bus.send(queueUrl, { n })
}

async function left(queueUrl: string): Promise<number> {
  const out = await endpoint.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  )
  return out.Messages?.length ?? 0
}

const purgesOf = (queueUrl: string): Proxy['calls'] =>
  proxy.of('PurgeQueue').filter((c) => c.input['QueueUrl'] === queueUrl)

test('purge empties the queue and forgets what the journal held', async () => {
  const url = await bus.createQueue(unique('purged'))
  await fill(url, 2)
  await until(bus.received(url).count(2)).atMost('3s')
  await fill(url, 3)
  await bus.purge(url)
  expect(bus.received(url).found()).toEqual([])
  expect(await left(url)).toBe(0)
})

test('a purge refused with PurgeQueueInProgress drains the queue instead', async () => {
  const url = await bus.createQueue(unique('drained'))
  await bus.purge(url)
  await fill(url, 13)
  await bus.purge(url)
  expect(purgesOf(url).map((c) => c.refused)).toEqual([false, true])
  expect(await left(url)).toBe(0)
})

test("ifInProgress: 'wait' retries the purge with backoff until AWS accepts it", async () => {
  const url = await bus.createQueue(unique('waited'))
  await bus.purge(url)
  await fill(url, 3)
  await bus.purge(url, { ifInProgress: 'wait' })
  const purges = purgesOf(url).map((c) => c.refused)
  expect(purges[0]).toBe(false)
  expect(purges.at(-1)).toBe(false)
  expect(purges.slice(1, -1)).toContain(true)
  expect(purges.slice(1, -1).every((refused) => refused)).toBe(true)
  expect(await left(url)).toBe(0)
})

test('other errors are not retried', async () => {
  const name = unique('missing')
  const missing = `${proxy.url}/000000000000/${name}`
  await expect(bus.purge(missing)).rejects.toThrow(
    `Cannot purge: queue "${missing}" does not exist. Create it first with bus.createQueue("${name}"), or check the name and the SQS client's endpoint and region.`,
  )
  expect(purgesOf(missing)).toHaveLength(1)
})
