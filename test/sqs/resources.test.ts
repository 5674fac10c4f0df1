import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { until } from '../../src/index.js'
import { sqsBus, type SqsBus } from '../../src/sqs/index.js'
import { unique, type Endpoint } from './support/endpoint.js'
import { startProxied, type Proxied } from './support/proxied.js'
import type { Proxy } from './support/proxy.js'

let endpoint: Endpoint
let proxy: Proxy
let sqs: SQSClient
let bus: SqsBus
let setup: Proxied

// AWS lists topics 100 to a page; fauxqs lists them all at once, so the proxy pages them.
beforeAll(async () => {
  setup = await startProxied({ topicsPerPage: 2 })
  ;({ endpoint, proxy, sqs, bus } = setup)
})

afterAll(() => setup.stop())

describe('topics', () => {
  test('finds a topic by its exact name across every page, and caches it', async () => {
    const base = unique('orders')
    for (const name of [`x-${base}`, `${base}-v2`, `${base}-old`, base, `${base}x`]) {
      await endpoint.sns.send(
        new (await import('@aws-sdk/client-sns')).CreateTopicCommand({ Name: name }),
      )
    }
    const before = proxy.of('ListTopics').length
    const arn = await bus.topicArn(base)
    expect(arn).toBe(`arn:aws:sns:us-east-1:000000000000:${base}`)
    expect(proxy.of('ListTopics').length - before).toBeGreaterThan(1)
    const listed = proxy.of('ListTopics').length
    expect(await bus.topicArn(base)).toBe(arn)
    expect(proxy.of('ListTopics')).toHaveLength(listed)
  })

  test('a missing topic is an error that says how many were listed, and is not cached', async () => {
    const name = unique('missing')
    await expect(bus.topicArn(name)).rejects.toThrow(
      new RegExp(
        `^No SNS topic is named "${name}" \\(\\d+ topics listed\\)\\. Create it first with bus\\.createTopic\\("${name}"\\), or check the name and the SNS client's endpoint and region\\.$`,
      ),
    )
    await bus.createTopic(name)
    expect(await bus.topicArn(name)).toMatch(new RegExp(`:${name}$`))
  })

  test('createTopic is idempotent and makes .fifo names FIFO topics', async () => {
    const name = unique('events') + '.fifo'
    const arn = await bus.createTopic(name)
    expect(await bus.createTopic(name)).toBe(arn)
    const call = proxy.of('CreateTopic').find((c) => c.input['Name'] === name)
    expect(call?.input).toMatchObject({
      'Attributes.entry.1.key': 'FifoTopic',
      'Attributes.entry.1.value': 'true',
    })
  })
})

describe('queues', () => {
  test('createQueue keeps an existing queue and its attributes', async () => {
    const name = unique('kept')
    const url = await bus.createQueue(name, { attributes: { VisibilityTimeout: '7' } })
    expect(await bus.createQueue(name)).toBe(url)
    const out = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['VisibilityTimeout'] }),
    )
    expect(out.Attributes?.['VisibilityTimeout']).toBe('7')
  })

  test('queues by name, URL or ARN reach the same queue and journal', async () => {
    const name = unique('named')
    const url = await bus.createQueue(name)
    const arn = `arn:aws:sqs:us-east-1:000000000000:${name}`
    expect(await bus.queueUrl(arn)).toBe(url)
    await bus.send(arn, { via: 'arn' })
    await until(bus.received(name, { via: 'arn' })).atMost('3s')
    expect(bus.received(url).found()).toHaveLength(1)
  })

  test('a dead-letter queue must match its source, and maxReceiveCount is checked', async () => {
    await expect(bus.deadLetter('a.fifo', { queue: 'a-dlq' })).rejects.toThrow(
      'The dead-letter queue of a FIFO queue must be one too: "a.fifo" and "a-dlq"',
    )
    await expect(bus.deadLetter('a', { queue: 'a-dlq', maxReceiveCount: 0 })).rejects.toThrow(
      'Expected `maxReceiveCount` to be a whole number from 1 to 1000, got 0',
    )
  })
})

describe('dead-letter queues', () => {
  /** A consumer that fails on every message: it receives and never deletes. */
  function failingService(queueUrl: string): { stop: () => Promise<void> } {
    const stop = new AbortController()
    const loop = (async () => {
      while (!stop.signal.aborted) {
        await endpoint.sqs
          .send(
            new ReceiveMessageCommand({
              QueueUrl: queueUrl,
              WaitTimeSeconds: 1,
              VisibilityTimeout: 0,
            }),
            { abortSignal: stop.signal },
          )
          .catch(() => undefined)
      }
    })()
    return {
      stop: async () => {
        stop.abort()
        await loop
      },
    }
  }

  test('a poison message reaches the dead-letter queue after maxReceiveCount 1', async () => {
    const source = unique('customer--order-created')
    const dlq = `${source}--dlq`
    const url = await bus.createQueue(source, { deadLetter: { queue: dlq, maxReceiveCount: 1 } })
    const out = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['RedrivePolicy'] }),
    )
    expect(JSON.parse(out.Attributes?.['RedrivePolicy'] ?? '{}')).toEqual({
      deadLetterTargetArn: `arn:aws:sqs:us-east-1:000000000000:${dlq}`,
      maxReceiveCount: 1,
    })
    const service = failingService(url)
    try {
      await bus.send(source, { orderId: 'poison' })
      const dead = await until(bus.received(dlq, { orderId: 'poison' })).atMost('10s')
      expect(dead.body).toEqual({ orderId: 'poison' })
    } finally {
      await service.stop()
    }
  })

  test('nudgeSource moves messages on emulators that move them lazily', async () => {
    const source = unique('lazy')
    const dlq = `${source}--dlq`
    const nudged = sqsBus({ sqs, queues: { [dlq]: { nudgeSource: source } } })
    try {
      await nudged.createQueue(source, { deadLetter: { queue: dlq, maxReceiveCount: 1 } })
      await nudged.send(source, { orderId: 'poison' })
      const dead = await until(nudged.received(dlq, { orderId: 'poison' })).atMost('10s')
      expect(dead.body).toEqual({ orderId: 'poison' })
    } finally {
      await nudged.close()
    }
  })
})

describe('a queue or topic that does not exist is named, with what to do', () => {
  const check = (kind: 'SQS' | 'SNS'): string =>
    `or check the name and the ${kind} client's endpoint and region.`

  async function rejection(call: Promise<unknown>): Promise<Error> {
    return call.then(
      () => {
        throw new Error('expected the call to fail')
      },
      (e: unknown) => e as Error,
    )
  }

  test('deadLetter on a missing source says to create both in one call, and creates nothing', async () => {
    const source = unique('missing-source')
    const dlq = `${source}--dlq`
    const error = await rejection(bus.deadLetter(source, { queue: dlq, maxReceiveCount: 3 }))
    expect(error.message).toBe(
      `Cannot set a dead-letter queue: queue "${source}" does not exist. Create it and its dead-letter queue in one call: bus.createQueue("${source}", { deadLetter: { queue: "${dlq}", maxReceiveCount: 3 } }), ${check('SQS')}`,
    )
    expect((error.cause as Error).name).toBe('QueueDoesNotExist')
    expect(proxy.of('CreateQueue').filter((c) => c.input['QueueName'] === dlq)).toEqual([])
    // What the message says to do works.
    const url = await bus.createQueue(source, { deadLetter: { queue: dlq, maxReceiveCount: 3 } })
    const out = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['RedrivePolicy'] }),
    )
    expect(JSON.parse(out.Attributes?.['RedrivePolicy'] ?? '{}')).toMatchObject({
      maxReceiveCount: 3,
    })
  })

  test('deadLetter to a dead-letter queue URL that does not exist', async () => {
    const source = await bus.createQueue(unique('source'))
    const name = unique('missing-dlq')
    const dlq = `${endpoint.url}/000000000000/${name}`
    const error = await rejection(bus.deadLetter(source, { queue: dlq }))
    expect(error.message).toBe(
      `Cannot set a dead-letter queue: queue "${dlq}" does not exist. Create it first with bus.createQueue("${name}"), ${check('SQS')}`,
    )
  })

  test('send, queueUrl and purge name the queue', async () => {
    const name = unique('missing')
    const url = `${proxy.url}/000000000000/${name}`
    const tail = `queue "${name}" does not exist. Create it first with bus.createQueue("${name}"), ${check('SQS')}`
    expect((await rejection(bus.send(name, {}))).message).toBe(`Cannot send: ${tail}`)
    expect((await rejection(bus.queueUrl(name))).message).toBe(`Cannot look up a queue: ${tail}`)
    expect((await rejection(bus.purge(name))).message).toBe(`Cannot purge: ${tail}`)
    const byUrl = await rejection(bus.send(url, {}))
    expect(byUrl.message).toBe(
      `Cannot send: queue "${url}" does not exist. Create it first with bus.createQueue("${name}"), ${check('SQS')}`,
    )
    expect((byUrl.cause as Error).name).toBe('QueueDoesNotExist')
  })

  test('publish and subscribe name a topic ARN that does not exist', async () => {
    const name = unique('missing-topic')
    const arn = `arn:aws:sns:us-east-1:000000000000:${name}`
    const tail = `topic "${arn}" does not exist. Create it first with bus.createTopic("${name}"), ${check('SNS')}`
    const published = await rejection(bus.publish(arn, {}))
    expect(published.message).toBe(`Cannot publish: ${tail}`)
    expect(published.cause).toBeInstanceOf(Error)
    expect((await rejection(bus.subscribe(arn, unique('queue')))).message).toBe(
      `Cannot subscribe: ${tail}`,
    )
    expect(proxy.of('Subscribe').filter((c) => c.input['TopicArn'] === arn)).toEqual([])
  })

  test('subscribe names a queue URL that does not exist, and does not create it', async () => {
    const topic = unique('topic')
    const name = unique('missing-queue')
    const url = `${proxy.url}/000000000000/${name}`
    expect((await rejection(bus.subscribe(topic, url))).message).toBe(
      `Cannot subscribe: queue "${url}" does not exist. Create it first with bus.createQueue("${name}"), ${check('SQS')}`,
    )
    expect(proxy.of('CreateQueue').filter((c) => c.input['QueueName'] === name)).toEqual([])
  })
})
