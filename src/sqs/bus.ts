import type { SNSClient } from '@aws-sdk/client-sns'
import type { SQSClient } from '@aws-sdk/client-sqs'
import pRetry from 'p-retry'
import { toCount } from '../core/validate.js'
import { stringify } from '../core/format.js'
import type { Pattern } from '../core/pattern.js'
import { lastSegment } from './aws.js'
import { own } from '../shared/dictionary.js'
import { addDisposeFallback } from '../shared/dispose.js'
import { Journal } from '../shared/journal.js'
import { queueMissing, topicMissing } from './missing.js'
import { json, redelivery, type Decoder, type ReceivedMessage } from './message.js'
import {
  publishMessage,
  sendMessage,
  type Encoder,
  type PublishOptions,
  type SendOptions,
  type Sent,
} from './publish.js'
import { purgeQueue, type PurgeOptions } from './purge.js'
import type { Received } from '../shared/received.js'
import { receivedOn, type QueueSource } from './received.js'
import { Receiver, type Lease, type ReceiveMode } from './receiver.js'
import {
  Resources,
  type CreateQueueOptions,
  type CreateTopicOptions,
  type DeadLetterOptions,
  type SubscribeOptions,
} from './resources.js'

/**
 * How the adapter receives from one queue.
 *
 * @example
 * ```ts
 * sqsBus({ sqs, queues: { 'billing--orders': { mode: 'peek' }, 'orders--dlq': { nudgeSource: 'orders' } } })
 * ```
 */
export interface QueueOptions {
  /** `consume` (delete after recording) or `peek` (leave it for the service under test). @default the adapter's mode */
  readonly mode?: ReceiveMode
  /** How to decode bodies from this queue. @default the adapter's decoder */
  readonly decode?: Decoder
  /**
   * For a dead-letter queue on an emulator that moves messages lazily (on the next receive from
   * the source queue): receive from this source queue, with a visibility timeout of 0, before
   * each receive here. AWS moves messages on its own; do not set it there. @default none
   */
  readonly nudgeSource?: string
}

/**
 * Options of {@link sqsBus}.
 *
 * @example
 * ```ts
 * const bus = sqsBus({ sqs: new SQSClient(cfg), sns: new SNSClient(cfg), mode: 'consume' })
 * ```
 */
export interface SqsBusOptions {
  /** The SQS client, configured for AWS or any SQS-compatible endpoint. */
  readonly sqs: SQSClient
  /** The SNS client, for topics and `publish`. @default none */
  readonly sns?: SNSClient
  /** What to do with a message after recording it, unless the queue says otherwise. @default 'consume' */
  readonly mode?: ReceiveMode
  /** Decodes bodies (after unwrapping SNS envelopes). @default JSON, falling back to the text */
  readonly decode?: Decoder
  /** Encodes bodies for `send` and `publish`. @default JSON.stringify */
  readonly encode?: Encoder
  /** The most messages each queue's journal keeps; older ones are dropped. @default 1000 */
  readonly journalLimit?: number
  /** Per-queue options, by the queue's name (or the URL it is referred to by). @default {} */
  readonly queues?: Readonly<Record<string, QueueOptions>>
}

/**
 * An SQS/SNS bus for tests: publish and send what the service's neighbours would, and wait for
 * what it publishes. Made by {@link sqsBus}.
 *
 * @example
 * ```ts
 * await bus.subscribe('customer--created', 'customer--created')
 * await bus.publish('order--created', { orderId, customerId })
 * const [event] = await until(bus.received('customer--created', { customerId })).atMost('3s')
 * ```
 */
export interface SqsBus {
  /** Publishes `body` to an SNS topic, by name or ARN. */
  publish(topic: string, body: unknown, options?: PublishOptions): Promise<Sent>
  /** Sends `body` to an SQS queue, by name, URL or ARN. */
  send(queue: string, body: unknown, options?: SendOptions): Promise<Sent>
  /**
   * A condition for `until`/`during`: passes once a message on `queue` whose body matches `body`
   * (any message without it) has been received and resolves with the first; `.count(n)`,
   * `.exactly(n)` and `.all()` resolve with lists, `.where(...)` narrows (`.where({ attributes:
   * { kind: 'paid' } })`), `.found()` reads the matching messages without waiting. While a wait
   * on it runs, the queue is long-polled in the background.
   */
  received<B = unknown>(queue: string, ...body: [] | [Pattern]): Received<ReceivedMessage<B>>
  /** Creates a queue unless it exists; returns its URL. */
  createQueue(name: string, options?: CreateQueueOptions): Promise<string>
  /** Creates a topic unless it exists; returns its ARN. */
  createTopic(name: string, options?: CreateTopicOptions): Promise<string>
  /** Subscribes a queue to a topic, creating both if missing; returns the subscription ARN. */
  subscribe(topic: string, queue: string, options?: SubscribeOptions): Promise<string>
  /**
   * Gives an existing `source` queue a dead-letter queue (created if missing); returns the
   * dead-letter queue's URL. To create both, use `createQueue(source, { deadLetter })`.
   */
  deadLetter(source: string, options: DeadLetterOptions): Promise<string>
  /** A queue's URL (looked up once, then cached). */
  queueUrl(queue: string): Promise<string>
  /** A topic's ARN, by exact name across every page of ListTopics (then cached). */
  topicArn(topic: string): Promise<string>
  /** Forgets the recorded messages of `queue`, or of every queue; waits watching them are woken. */
  clear(queue?: string): void
  /** Empties a queue and forgets its recorded messages. */
  purge(queue: string, options?: PurgeOptions): Promise<void>
  /**
   * Stops every background receive and resolves once their requests have settled. Waits still
   * running on the bus fail at once, and so do later waits and calls (`clear` and reading
   * without waiting, `received(...).found()`, still work). Safe to call more than once.
   */
  close(): Promise<void>
  /** `await using bus = sqsBus({ sqs })` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void>
}

interface QueueState {
  readonly journal: Journal<ReceivedMessage>
  readonly receiver: Receiver
}

/**
 * Makes an SQS/SNS bus for tests from the clients you configure (AWS, LocalStack, ElasticMQ,
 * fauxqs, ...).
 *
 * @example
 * ```ts
 * import { sqsBus } from 'patiently/sqs'
 * const bus = sqsBus({ sqs: new SQSClient(cfg), sns: new SNSClient(cfg) })
 * afterAll(() => bus.close())
 * // or, for one block: await using bus = sqsBus({ sqs })
 * ```
 */
export function sqsBus(options: SqsBusOptions): SqsBus {
  if (typeof options.sqs?.send !== 'function') {
    throw new TypeError('Expected `sqs` to be an SQSClient from @aws-sdk/client-sqs')
  }
  const limit = toCount(options.journalLimit ?? 1000, 'journalLimit')
  const { sqs } = options
  const encode = options.encode ?? JSON.stringify
  // Aborted by close(): ends the retries of calls still running then.
  const closing = new AbortController()
  const resources = new Resources(sqs, options.sns, closing.signal)
  const states = new Map<string, QueueState>()
  const lookupErrors = new Map<string, unknown>()
  const lookups = new Set<AbortController>()
  // The wake-ups of the waits running on the bus: close() ends them at once, not at their deadline.
  const wakes = new Set<() => void>()

  const queueOptions = (queue: string): QueueOptions =>
    own(options.queues, queue) ?? own(options.queues, lastSegment(queue)) ?? {}

  // A queue or topic as the caller handed it over: a non-empty string, or a TypeError naming it.
  const named = (value: unknown, what: string, kind: string): string => {
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(`Expected \`${what}\` to be ${kind}, got ${stringify(value)}`)
    }
    return value
  }
  const QUEUE = 'a queue name, URL or ARN'
  const TOPIC = 'a topic name or ARN'

  const closed = (): boolean => closing.signal.aborted
  // A call on a closed bus: the clients may be destroyed already, and nothing would stop retries.
  const open = (doing: string): void => {
    if (closed()) {
      throw new Error(
        `${doing}: the bus was closed (bus.close() was called). Make every call before closing it.`,
      )
    }
  }

  const stateOf = (queueUrl: string, queue: string): QueueState => {
    let state = states.get(queueUrl)
    if (state) return state
    const own = queueOptions(queue)
    const journal = new Journal(limit, redelivery)
    const nudge = own.nudgeSource
    const receiver = new Receiver({
      sqs,
      queueUrl,
      journal,
      mode: own.mode ?? options.mode ?? 'consume',
      decode: own.decode ?? options.decode ?? json,
      nudge: nudge === undefined ? undefined : () => resources.queueUrl(nudge),
    })
    state = { journal, receiver }
    states.set(queueUrl, state)
    return state
  }

  const stateFor = (queue: string): QueueState | undefined => {
    const url = resources.resolvedUrl(queue)
    return url === undefined ? undefined : states.get(url)
  }

  const watch = (queue: string, wake: () => void, lease: Lease): (() => void) => {
    // A wait that starts on a closed bus fails at its first attempt: nothing to receive for it.
    if (closed()) return () => {}
    wakes.add(wake)
    let release: (() => void) | undefined
    const attach = (url: string): void => {
      const state = stateOf(url, queue)
      const stopListening = state.journal.onChange(wake)
      const leave = state.receiver.join(lease)
      release = () => {
        stopListening()
        leave()
      }
    }
    const known = resources.resolvedUrl(queue)
    if (known !== undefined) {
      attach(known)
      return () => {
        wakes.delete(wake)
        release?.()
      }
    }
    // The queue may not exist yet (the service under test creates it): keep looking it up.
    // An error left from an earlier wait's lookup is not this one's answer.
    lookupErrors.delete(queue)
    const lookup = new AbortController()
    lookups.add(lookup)
    pRetry(() => resources.queueUrl(queue), {
      signal: lookup.signal,
      retries: Infinity,
      minTimeout: 100,
      maxTimeout: 2000,
      onFailedAttempt: ({ error }) => {
        lookupErrors.set(queue, error)
      },
    }).then(
      (url) => {
        lookups.delete(lookup)
        lookupErrors.delete(queue)
        if (lookup.signal.aborted) return
        attach(url)
        wake()
      },
      (error: unknown) => {
        lookups.delete(lookup)
        if (!lookup.signal.aborted) lookupErrors.set(queue, error)
      },
    )
    return () => {
      wakes.delete(wake)
      lookup.abort()
      release?.()
    }
  }

  const sourceOf = (queue: string): QueueSource => ({
    queue,
    journal: () => stateFor(queue)?.journal,
    error: () => {
      const url = resources.resolvedUrl(queue)
      if (url === undefined) return lookupErrors.get(queue)
      return states.get(url)?.receiver.error
    },
    watch: (wake, lease) => watch(queue, wake, lease),
    closed,
  })

  const close = async (): Promise<void> => {
    closing.abort(
      new Error('The bus was closed (bus.close() was called) while the call was still retrying'),
    )
    for (const lookup of lookups) lookup.abort()
    lookups.clear()
    const stopped = Promise.all([...states.values()].map((state) => state.receiver.stop()))
    for (const wake of [...wakes]) wake()
    await stopped
  }

  const bus: SqsBus = {
    publish: async (topic, body, publishOptions = {}) => {
      named(topic, 'topic', TOPIC)
      open('Cannot publish')
      const sns = resources.sns(`Publishing to "${topic}"`)
      const topicArn = await resources.topicArn(topic)
      return publishMessage(sns, topicArn, body, publishOptions, encode).catch((error: unknown) => {
        throw topicMissing(error, 'Cannot publish', topic)
      })
    },
    send: async (queue, body, sendOptions = {}) => {
      named(queue, 'queue', QUEUE)
      open('Cannot send')
      try {
        return await sendMessage(sqs, await resources.queueUrl(queue), body, sendOptions, encode)
      } catch (error) {
        throw queueMissing(error, 'Cannot send', queue)
      }
    },
    received: <B>(queue: string, ...body: [] | [Pattern]) => {
      named(queue, 'queue', QUEUE)
      return receivedOn<B>(sourceOf(queue), ...body)
    },
    createQueue: async (name, createOptions) => {
      named(name, 'name', 'a queue name')
      open('Cannot create a queue')
      return resources.createQueue(name, createOptions)
    },
    createTopic: async (name, createOptions) => {
      named(name, 'name', 'a topic name')
      open('Cannot create a topic')
      return resources.createTopic(name, createOptions)
    },
    subscribe: async (topic, queue, subscribeOptions) => {
      named(topic, 'topic', TOPIC)
      named(queue, 'queue', QUEUE)
      open('Cannot subscribe')
      return resources.subscribe(topic, queue, subscribeOptions)
    },
    deadLetter: async (source, deadLetterOptions) => {
      named(source, 'source', QUEUE)
      open('Cannot set a dead-letter queue')
      return resources.deadLetter(source, deadLetterOptions)
    },
    queueUrl: async (queue) => {
      named(queue, 'queue', QUEUE)
      open('Cannot look up a queue')
      return resources.queueUrl(queue).catch((error: unknown) => {
        throw queueMissing(error, 'Cannot look up a queue', queue)
      })
    },
    topicArn: async (topic) => {
      named(topic, 'topic', TOPIC)
      open('Cannot look up a topic')
      return resources.topicArn(topic)
    },
    clear: (queue) => {
      if (queue === undefined) for (const state of states.values()) state.journal.clear()
      else stateFor(named(queue, 'queue', QUEUE))?.journal.clear()
    },
    purge: async (queue, purgeOptions = {}) => {
      named(queue, 'queue', QUEUE)
      open('Cannot purge')
      try {
        const url = await resources.queueUrl(queue)
        await purgeQueue(sqs, url, purgeOptions, closing.signal)
        states.get(url)?.journal.clear()
      } catch (error) {
        throw queueMissing(error, 'Cannot purge', queue)
      }
    },
    close,
    [Symbol.asyncDispose]: close,
  }
  addDisposeFallback(bus)
  return bus
}
