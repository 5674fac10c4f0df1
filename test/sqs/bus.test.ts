import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { during, until, WaitError } from '../../src/index.js'
import { sqsBus, type SqsBus } from '../../src/sqs/index.js'
import { clientConfig, startEndpoint, unique, type Endpoint } from './support/endpoint.js'

let endpoint: Endpoint
let bus: SqsBus

beforeAll(async () => {
  endpoint = await startEndpoint()
  bus = sqsBus({ sqs: endpoint.sqs, sns: endpoint.sns })
})

afterAll(async () => {
  await bus.close()
  await endpoint.stop()
})

function failure(wait: PromiseLike<unknown>): Promise<WaitError> {
  return Promise.resolve(wait).then(
    () => {
      throw new Error('expected the wait to fail')
    },
    (e: unknown) => e as WaitError,
  )
}

/** A port nothing listens on: it was free a moment ago and is closed again. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

describe('publish to a subscribed queue', () => {
  test('unwraps the SNS envelope, with its attributes and topic', async () => {
    const topic = unique('customer--created')
    const queue = unique('customer--created')
    await bus.subscribe(topic, queue)
    const topicArn = await bus.topicArn(topic)
    await bus.publish(
      topic,
      { customerId: 'c-1', name: 'Ada' },
      { attributes: { kind: 'created', version: 2, tags: ['a', 'b'] }, subject: 'customer' },
    )
    const event = await until(bus.received(queue, { customerId: 'c-1' })).atMost('3s')
    expect(event).toMatchObject({
      body: { customerId: 'c-1', name: 'Ada' },
      text: '{"customerId":"c-1","name":"Ada"}',
      attributes: { kind: 'created', version: 2, tags: ['a', 'b'] },
      topicArn,
      subject: 'customer',
      deliveries: 1,
    })
    expect(event?.snsMessageId).toMatch(/\S/)
    expect(JSON.parse(event?.rawBody ?? '')).toMatchObject({
      Type: 'Notification',
      TopicArn: topicArn,
    })
  })

  test('raw delivery: the bare body, with SQS message attributes', async () => {
    const topic = unique('order--created')
    const queue = unique('raw')
    await bus.subscribe(topic, queue, { raw: true })
    await bus.publish(topic, { orderId: 'o-1' }, { attributes: { kind: 'created', total: 12.5 } })
    const event = await until(bus.received(queue, { orderId: 'o-1' })).atMost('3s')
    expect(event).toMatchObject({
      body: { orderId: 'o-1' },
      rawBody: '{"orderId":"o-1"}',
      attributes: { kind: 'created', total: 12.5 },
      topicArn: undefined,
    })
    expect(event.systemAttributes['ApproximateReceiveCount']).toBe('1')
  })

  test('a filter policy delivers only the messages it accepts', async () => {
    const topic = unique('filtered')
    const queue = unique('paid-only')
    await bus.subscribe(topic, queue, { filterPolicy: { kind: ['paid'] } })
    await bus.publish(topic, { orderId: 'o-1' }, { attributes: { kind: 'created' } })
    await bus.publish(topic, { orderId: 'o-1' }, { attributes: { kind: 'paid' } })
    const events = await until(bus.received(queue, { orderId: 'o-1' }).all()).atMost('3s')
    expect(events.map((e) => e.attributes['kind'])).toEqual(['paid'])
  })

  test('subscribing allows the topic in the queue policy, keeping what was there', async () => {
    const queue = unique('two-topics')
    const first = unique('first')
    const second = unique('second')
    await bus.subscribe(first, queue)
    await bus.subscribe(second, queue)
    const { GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs')
    const out = await endpoint.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: await bus.queueUrl(queue),
        AttributeNames: ['Policy'],
      }),
    )
    const policy = JSON.parse(out.Attributes?.['Policy'] ?? '{}') as {
      Statement: { Condition: { ArnEquals: { 'aws:SourceArn': string } } }[]
    }
    expect(policy.Statement.map((s) => s.Condition.ArnEquals['aws:SourceArn'])).toEqual([
      await bus.topicArn(first),
      await bus.topicArn(second),
    ])
  })
})

describe('send', () => {
  test('sends JSON with typed attributes; bytes come back as bytes', async () => {
    const queue = await bus.createQueue(unique('sent'))
    await bus.send(
      queue,
      { id: 1 },
      { attributes: { kind: 'k', count: 3, blob: Uint8Array.from([1, 2, 3]) } },
    )
    const message = await until(
      bus.received(queue).where({ attributes: { kind: 'k', count: 3 } }),
    ).atMost('3s')
    expect(message.body).toEqual({ id: 1 })
    expect(Array.from(message.attributes['blob'] as Uint8Array)).toEqual([1, 2, 3])
  })

  test('attributes named __proto__, constructor or toString, and such keys in a body, are data', async () => {
    const queue = await bus.createQueue(unique('names'))
    const attributes = JSON.parse('{"__proto__":"p","constructor":"c","toString":2}') as Record<
      string,
      string | number
    >
    const text = '{"__proto__":{"polluted":true},"constructor":"c","toString":"t"}'
    await bus.send(queue, JSON.parse(text), { attributes })
    const message = await until(
      bus.received(queue, { constructor: 'c' }).where({ attributes: { toString: 2 } }),
    ).atMost('3s')
    expect(Object.getPrototypeOf(message.attributes)).toBeNull()
    expect(Object.entries(message.attributes)).toEqual([
      ['__proto__', 'p'],
      ['constructor', 'c'],
      ['toString', 2],
    ])
    expect(message?.rawBody).toBe(text)
    expect(Object.keys(message?.body ?? {})).toEqual(['__proto__', 'constructor', 'toString'])
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  test('a bytes attribute named __proto__ comes back as bytes', async () => {
    const queue = await bus.createQueue(unique('proto-bytes'))
    const attributes: Record<string, Uint8Array> = {}
    Object.defineProperty(attributes, '__proto__', {
      value: Uint8Array.from([1, 2, 3]),
      enumerable: true,
    })
    await bus.send(queue, { id: 'bytes' }, { attributes })
    const message = await until(bus.received(queue, { id: 'bytes' })).atMost('3s')
    const value: unknown = Object.getOwnPropertyDescriptor(message.attributes, '__proto__')?.value
    expect(value).toBeInstanceOf(Uint8Array)
    expect(Array.from(value as Uint8Array)).toEqual([1, 2, 3])
  })

  test('SNS attributes named constructor or toString come through an envelope as data', async () => {
    const topic = unique('names')
    const queue = unique('names')
    await bus.subscribe(topic, queue)
    const attributes = JSON.parse('{"constructor":"c","toString":["a","b"]}') as Record<
      string,
      string | string[]
    >
    await bus.publish(topic, { id: 1 }, { attributes })
    const event = await until(bus.received(queue, { id: 1 })).atMost('3s')
    expect(Object.entries(event.attributes)).toEqual([
      ['constructor', 'c'],
      ['toString', ['a', 'b']],
    ])
    expect(event.decodeError).toBeUndefined()
  })

  test('a delayed message arrives after its delay', async () => {
    const queue = await bus.createQueue(unique('delayed'))
    const sentAt = Date.now()
    await bus.send(queue, { late: true }, { delay: '1s' })
    const message = await until(bus.received(queue, { late: true })).atMost('5s')
    expect(message.receivedAt - sentAt).toBeGreaterThanOrEqual(900)
  })

  test('any encoder: the text is sent as the encoder returns it', async () => {
    const queue = await bus.createQueue(unique('encoded'))
    await bus.send(queue, 'plain text', { encode: String })
    const message = await until(bus.received(queue)).atMost('3s')
    expect(message.rawBody).toBe('plain text')
  })

  test('bad input fails at the call, naming what is wrong', async () => {
    const queue = await bus.createQueue(unique('bad'))
    await expect(bus.send(queue, {}, { attributes: { list: ['a'] } })).rejects.toThrow(
      'Expected message attribute `list` to be a string, a finite number or bytes: SQS has no array attributes (SNS has)',
    )
    await expect(bus.send(queue, {}, { attributes: { n: NaN } })).rejects.toThrow(
      'Expected message attribute `n` to be a string, a finite number, bytes or an array of strings, got NaN',
    )
    await expect(bus.send(queue, {}, { delay: '16m' })).rejects.toThrow(
      "Expected `delay` to be at most 15 minutes, got '16m'",
    )
    await expect(bus.send(queue, undefined)).rejects.toThrow(
      'Expected the encoder to turn the body into a string, got undefined (JSON.stringify gives undefined for undefined and functions)',
    )
    await expect(sqsBus({ sqs: endpoint.sqs }).publish('t', {})).rejects.toThrow(
      'Publishing to "t" needs an SNS client: sqsBus({ sqs, sns: new SNSClient(...) })',
    )
  })
})

describe('queue and topic arguments', () => {
  // An object whose own toString is not a function: String() of it throws.
  const odd = JSON.parse('{"toString":1}') as unknown as string

  test('a queue or topic that is not a non-empty string is refused, naming the argument', async () => {
    const queue = 'Expected `queue` to be a queue name, URL or ARN, got'
    const topic = 'Expected `topic` to be a topic name or ARN, got'
    expect(() => bus.received(odd)).toThrow(`${queue} { toString: 1 }`)
    expect(() => bus.received('')).toThrow(`${queue} ""`)
    expect(() => bus.received(42 as unknown as string).found()).toThrow(`${queue} 42`)
    expect(() => bus.clear(odd)).toThrow(`${queue} { toString: 1 }`)
    await expect(bus.send(odd, {})).rejects.toThrow(`${queue} { toString: 1 }`)
    await expect(bus.purge(odd)).rejects.toThrow(`${queue} { toString: 1 }`)
    await expect(bus.queueUrl(odd)).rejects.toThrow(`${queue} { toString: 1 }`)
    await expect(bus.subscribe('t', odd)).rejects.toThrow(`${queue} { toString: 1 }`)
    await expect(bus.publish(odd, {})).rejects.toThrow(`${topic} { toString: 1 }`)
    await expect(bus.topicArn(odd)).rejects.toThrow(`${topic} { toString: 1 }`)
    await expect(bus.subscribe(odd, 'q')).rejects.toThrow(`${topic} { toString: 1 }`)
    await expect(bus.createQueue(odd)).rejects.toThrow(
      'Expected `name` to be a queue name, got { toString: 1 }',
    )
    await expect(bus.createTopic(odd)).rejects.toThrow(
      'Expected `name` to be a topic name, got { toString: 1 }',
    )
    await expect(bus.deadLetter(odd, { queue: 'd' })).rejects.toThrow(
      'Expected `source` to be a queue name, URL or ARN, got { toString: 1 }',
    )
    const dlq = "Expected `deadLetter.queue` to be the dead-letter queue's name, URL or ARN, got"
    await expect(bus.deadLetter('q', { queue: odd })).rejects.toThrow(`${dlq} { toString: 1 }`)
    const name = unique('q')
    await expect(bus.createQueue(name, { deadLetter: { queue: '' } })).rejects.toThrow(`${dlq} ""`)
    // Refused before anything was created.
    await expect(bus.queueUrl(name)).rejects.toThrow(
      `Cannot look up a queue: queue "${name}" does not exist.`,
    )
  })
})

describe('FIFO', () => {
  test('a FIFO topic delivers one group in order to a FIFO queue', async () => {
    const topic = unique('orders') + '.fifo'
    const queue = unique('orders') + '.fifo'
    await bus.createTopic(topic, { attributes: { ContentBasedDeduplication: 'true' } })
    await bus.createQueue(queue, { attributes: { ContentBasedDeduplication: 'true' } })
    await bus.subscribe(topic, queue, { raw: true })
    for (let step = 1; step <= 5; step++) {
      await bus.publish(topic, { orderId: 'o-1', step }, { groupId: 'o-1' })
    }
    const events = await until(bus.received(queue, { orderId: 'o-1' }).count(5)).atMost('5s')
    expect(events.map((e) => (e.body as { step: number }).step)).toEqual([1, 2, 3, 4, 5])
    expect(events[0]?.systemAttributes['MessageGroupId']).toBe('o-1')
  })

  test('a repeated deduplication id is delivered once', async () => {
    const queue = await bus.createQueue(unique('dedup') + '.fifo')
    const first = await bus.send(queue, { n: 1 }, { groupId: 'g', deduplicationId: 'd-1' })
    await bus.send(queue, { n: 1 }, { groupId: 'g', deduplicationId: 'd-1' })
    expect(first.sequenceNumber).toMatch(/^\d+$/)
    await until(bus.received(queue, { n: 1 })).atMost('3s')
    await during('1s').never(bus.received(queue, { n: 1 }).count(2))
  })
})

describe('decoding', () => {
  test('a malformed body is recorded as text, flagged, and does not stop the receiver', async () => {
    const queue = await bus.createQueue(unique('malformed'))
    await bus.send(queue, '{"orderId": "o-1"', { encode: String })
    await bus.send(queue, { orderId: 'o-2' })
    const bad = await until(bus.received(queue).where((m) => m.decodeError !== undefined)).atMost(
      '3s',
    )
    expect(bad.body).toBe('{"orderId": "o-1"')
    expect(bad.decodeError).toBeInstanceOf(SyntaxError)
    await until(bus.received(queue, { orderId: 'o-2' })).atMost('3s')
  })

  test('queues named __proto__, constructor or toString are queues like any other', async () => {
    const upper = (text: string): unknown => text.toUpperCase()
    const queues = JSON.parse('{"__proto__":{},"toString":{}}') as Record<string, object>
    const named = sqsBus({
      sqs: endpoint.sqs,
      queues: { ...queues, constructor: { decode: upper } },
    })
    try {
      for (const name of ['__proto__', 'constructor', 'toString']) {
        await named.createQueue(name)
        await named.send(name, 'x', { encode: String })
        const message = await until(named.received(name)).atMost('3s')
        expect(message.body).toBe(name === 'constructor' ? 'X' : 'x')
        expect(message.decodeError === undefined).toBe(name === 'constructor')
      }
    } finally {
      await named.close()
    }
  })

  test('a custom decoder per queue', async () => {
    const name = unique('form')
    const custom = sqsBus({
      sqs: endpoint.sqs,
      queues: { [name]: { decode: (text) => Object.fromEntries(new URLSearchParams(text)) } },
    })
    try {
      await custom.createQueue(name)
      await custom.send(name, 'a=1&b=two', { encode: String })
      const message = await until(custom.received(name, { b: 'two' })).atMost('3s')
      expect(message.body).toEqual({ a: '1', b: 'two' })
    } finally {
      await custom.close()
    }
  })
})

describe('messages', () => {
  test('a timeout says what was waited for and what the queue held', async () => {
    const queue = unique('orders')
    await bus.createQueue(queue)
    await bus.send(queue, { orderId: 'o-1' })
    await until(bus.received(queue, { orderId: 'o-1' })).atMost('3s')
    const error = await until(
      bus.received(queue, { orderId: 'o-9' }).where({ attributes: { kind: 'paid' } }),
    )
      .atMost('1s')
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(error).toBeInstanceOf(WaitError)
    const [headline, last] = (error as WaitError).message.split('\n')
    expect(headline).toMatch(
      new RegExp(
        `^Timed out after [\\d.]+ s waiting for a message on queue "${queue}" with body matching \\{ orderId: "o-9" \\}, matching \\{ attributes: \\{ kind: "paid" \\} \\} \\(atMost 1 s, \\d+ attempts\\)\\.$`,
      ),
    )
    const id = bus.received(queue).found()[0]?.messageId ?? ''
    expect(last).toBe('  still:       1 message arrived, none matched. It was:')
    expect((error as WaitError).seen).toBe(
      '1 message arrived, none matched. It was:\n' +
        `  message ${id}: body.orderId: expected "o-9", got "o-1"; where: attributes.kind: expected "paid", got undefined`,
    )
  })

  test('never on a queue fails at the second matching message, and says so', async () => {
    const queue = unique('charges')
    await bus.createQueue(queue)
    const twice = bus.received(queue, { chargeId: 'ch-1' }).count(2)
    await bus.send(queue, { chargeId: 'ch-1' })
    await during('700ms').never(twice)
    await bus.send(queue, { chargeId: 'ch-1' })
    const error = await during('10s')
      .never(twice)
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect((error as WaitError).message.split('\n')[0]).toMatch(
      new RegExp(
        `^Expected a message on queue "${queue}" with body matching \\{ chargeId: "ch-1" \\} \\(at least 2 times\\) never to happen within 10 s, but it did after [\\d.]+ m?s \\(attempt \\d+\\)\\.$`,
      ),
    )
  })

  test('never on a queue that does not exist fails, saying it cannot tell', async () => {
    const queue = unique('no-such-queue')
    const error = await failure(during('2s').never(bus.received(queue, { id: 1 })))
    expect(error).toBeInstanceOf(WaitError)
    expect(error.message.split('\n')[0]).toMatch(
      new RegExp(
        `^Stopped waiting for a message on queue "${queue}" with body matching \\{ id: 1 \\} after [\\d.]+ m?s \\(\\d+ attempts?\\): cannot tell whether it happened: receiving from queue "${queue}" failed: QueueDoesNotExist: The specified queue does not exist\\.$`,
      ),
    )
    expect((error.cause as Error).name).toBe('QueueDoesNotExist')
  })

  test('never on a queue URL that does not exist fails the same way', async () => {
    const queue = `${endpoint.url}/000000000000/${unique('no-such-queue')}`
    const error = await failure(during('2s').never(bus.received(queue)))
    expect(error.message.split('\n')[0]).toMatch(
      / failed: QueueDoesNotExist: The specified queue does not exist\.$/,
    )
    expect(error.message.split('\n')[0]).toContain(
      `: cannot tell whether it happened: receiving from queue "${queue}" failed: `,
    )
  })

  test('always on a queue that does not exist fails, saying it cannot tell', async () => {
    const queue = unique('no-such-queue')
    const error = await failure(during('2s').always(bus.received(queue).exactly(0)))
    expect(error.message.split('\n')[0]).toMatch(
      new RegExp(
        `^Stopped waiting for a message on queue "${queue}" \\(exactly 0 times\\) after [\\d.]+ m?s \\(\\d+ attempts?\\): cannot tell whether it still holds: receiving from queue "${queue}" failed: QueueDoesNotExist: The specified queue does not exist\\.$`,
      ),
    )
  })

  test('never against an endpoint nothing listens on fails, saying it cannot tell', async () => {
    const port = await closedPort()
    const sqs = new SQSClient({ ...clientConfig(`http://127.0.0.1:${port}`), maxAttempts: 1 })
    const dead = sqsBus({ sqs })
    try {
      const error = await failure(during('2s').never(dead.received('orders')))
      expect(error.message.split('\n')[0]).toMatch(
        new RegExp(
          `^Stopped waiting for a message on queue "orders" after [\\d.]+ m?s \\(\\d+ attempts?\\): cannot tell whether it happened: receiving from queue "orders" failed: Error: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}$`,
        ),
      )
    } finally {
      await dead.close()
      sqs.destroy()
    }
  })

  test('an error from an earlier wait does not fail a window on the queue once it exists', async () => {
    const queue = unique('created-late')
    const error = await failure(until(bus.received(queue)).atMost('300ms'))
    expect(error.message).toContain('  last error:  QueueDoesNotExist: ')
    // Created behind the bus's back, as the service under test would: the bus must look it up again.
    await endpoint.sqs.send(new CreateQueueCommand({ QueueName: queue }))
    await during('500ms').never(bus.received(queue))
  })

  test('exactly(0): holds while nothing matches, and fails once something does', async () => {
    const queue = unique('refunds')
    await bus.createQueue(queue)
    await bus.send(queue, { refundId: 'r-1' })
    const none = bus.received(queue, { refundId: 'r-2' }).exactly(0)
    await during('700ms').always(none)
    expect(await until(none).atMost('1s')).toEqual([])
    await bus.send(queue, { refundId: 'r-2' })
    const error = await failure(during('10s').always(none))
    expect(error.message.split('\n')[0]).toMatch(
      new RegExp(
        `^Expected a message on queue "${queue}" with body matching \\{ refundId: "r-2" \\} \\(exactly 0 times\\) to hold for all of 10 s, but it failed after [\\d.]+ m?s \\(attempt \\d+\\)\\.$`,
      ),
    )
    expect(() => bus.received(queue).exactly(-1)).toThrow(
      'Expected `exactly` to be a whole number of at least 0, got -1',
    )
    expect(() => bus.received(queue).exactly(1.5)).toThrow(
      'Expected `exactly` to be a whole number of at least 0, got 1.5',
    )
  })

  test('exactly(n) and the descriptions of the count variants', () => {
    const received = bus.received('q', { id: 1 })
    expect(received.describe?.()).toBe('a message on queue "q" with body matching { id: 1 }')
    expect(received.exactly(1).describe()).toBe(
      'a message on queue "q" with body matching { id: 1 } (exactly 1 time)',
    )
    expect(received.exactly(3).describe()).toBe(
      'a message on queue "q" with body matching { id: 1 } (exactly 3 times)',
    )
    expect(received.count(2).describe()).toBe(
      'a message on queue "q" with body matching { id: 1 } (at least 2 times)',
    )
    expect(received.seen()).toBe('no message has arrived')
    expect(() => received.count(0)).toThrow(
      'Expected `count` to be a whole number of at least 1, got 0',
    )
  })

  test('a queue that does not exist yet: the wait reports why, and passes once it is created', async () => {
    const queue = unique('later')
    const error = await until(bus.received(queue))
      .atMost('500ms')
      .then(
        () => undefined,
        (e: unknown) => e as WaitError,
      )
    expect(error?.message).toContain('  last error:  QueueDoesNotExist: ')
    const waiting = until(bus.received(queue, { ready: true }))
      .atMost('10s')
      .then((m) => m)
    await bus.createQueue(queue)
    await bus.send(queue, { ready: true })
    expect((await waiting).body).toEqual({ ready: true })
  })
})

describe('journal', () => {
  test('several waits look at the same messages; clear() and purge() empty the journal', async () => {
    const queue = await bus.createQueue(unique('shared'))
    await bus.send(queue, { id: 1 })
    await bus.send(queue, { id: 2 })
    const [all, one] = await Promise.all([
      until(bus.received(queue).count(2))
        .atMost('3s')
        .then((m) => m),
      until(bus.received(queue, { id: 1 }).all())
        .atMost('3s')
        .then((m) => m),
    ])
    expect(all.map((m) => m.body)).toEqual([{ id: 1 }, { id: 2 }])
    expect(one.map((m) => m.body)).toEqual([{ id: 1 }])
    expect(bus.received(queue, { id: 2 }).found()).toHaveLength(1)
    bus.clear(queue)
    expect(bus.received(queue).found()).toEqual([])
    await bus.send(queue, { id: 3 })
    await bus.purge(queue)
    const left = await endpoint.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue, WaitTimeSeconds: 1 }),
    )
    expect(left.Messages ?? []).toEqual([])
  })

  test('keeps at most journalLimit messages and counts the dropped', async () => {
    const small = sqsBus({ sqs: endpoint.sqs, journalLimit: 2 })
    try {
      const queue = await small.createQueue(unique('bounded'))
      for (let id = 1; id <= 3; id++) await small.send(queue, { id })
      await until(small.received(queue, { id: 3 })).atMost('3s')
      expect(
        small
          .received(queue)
          .found()
          .map((m) => m.body),
      ).toEqual([{ id: 2 }, { id: 3 }])
      const none = small.received(queue, { id: 9 })
      expect(none.describe()).toBe(`a message on queue "${queue}" with body matching { id: 9 }`)
      const [second, third] = small.received(queue).found()
      expect(none.seen()).toBe(
        '2 messages arrived, none matched (1 older message dropped from the journal). They were:\n' +
          `  message ${third?.messageId ?? ''}: body.id: expected 9, got 3\n` +
          `  message ${second?.messageId ?? ''}: body.id: expected 9, got 2`,
      )
    } finally {
      await small.close()
    }
  })
})
