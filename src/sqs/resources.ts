import { toCount } from '../core/validate.js'
import type { SNSClient } from '@aws-sdk/client-sns'
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import { stringify } from '../core/format.js'
import { isAwsError, isFifo, lastSegment } from './aws.js'
import { NO_QUEUE, queueMissing, topicMissing } from './missing.js'
import { settle } from './retry.js'

/**
 * How to create a queue that is missing.
 *
 * @example
 * ```ts
 * await bus.createQueue('orders.fifo', { attributes: { ContentBasedDeduplication: 'true' } })
 * ```
 */
export interface CreateQueueOptions {
  /** Queue attributes (`VisibilityTimeout`, `ContentBasedDeduplication`, ...), as AWS spells them. @default {} */
  readonly attributes?: Readonly<Record<string, string>>
  /** Moves a message to this queue (created if missing) after `maxReceiveCount` receives. */
  readonly deadLetter?: DeadLetterOptions
}

/**
 * A dead-letter queue and when to move messages to it.
 *
 * @example
 * ```ts
 * await bus.createQueue('orders', { deadLetter: { queue: 'orders--dlq', maxReceiveCount: 1 } })
 * ```
 */
export interface DeadLetterOptions {
  /** The dead-letter queue, by name or URL; created if missing (FIFO if the source is). */
  readonly queue: string
  /** Receives after which a message moves. @default 1 */
  readonly maxReceiveCount?: number
}

/**
 * How to create a topic that is missing.
 *
 * @example
 * ```ts
 * await bus.createTopic('orders.fifo', { attributes: { ContentBasedDeduplication: 'true' } })
 * ```
 */
export interface CreateTopicOptions {
  /** Topic attributes, as AWS spells them. @default {} */
  readonly attributes?: Readonly<Record<string, string>>
}

/**
 * How to subscribe a queue to a topic.
 *
 * @example
 * ```ts
 * await bus.subscribe('order--created', 'billing--orders', { raw: true, filterPolicy: { kind: ['paid'] } })
 * ```
 */
export interface SubscribeOptions {
  /** Deliver the bare message instead of an SNS notification envelope. @default false */
  readonly raw?: boolean
  /** An SNS filter policy on message attributes. @default none */
  readonly filterPolicy?: Readonly<Record<string, unknown>>
}

class NoSuchTopic extends Error {
  override readonly name: string = 'NoSuchTopic'
}

// Checked before anything is created: the dead-letter queue as given, the count, the queue types.
function checkDeadLetter(source: string, options: DeadLetterOptions): number {
  const queue: unknown = (options as DeadLetterOptions | undefined)?.queue
  if (typeof queue !== 'string' || queue === '') {
    throw new TypeError(
      `Expected \`deadLetter.queue\` to be the dead-letter queue's name, URL or ARN, got ${stringify(queue)}`,
    )
  }
  const count = options.maxReceiveCount ?? 1
  toCount(count, 'maxReceiveCount', 1, 1000)
  const dlqName = lastSegment(options.queue)
  if (isFifo(lastSegment(source)) !== isFifo(dlqName)) {
    throw new TypeError(
      `The dead-letter queue of a ${isFifo(lastSegment(source)) ? 'FIFO' : 'standard'} queue must be one too: "${source}" and "${options.queue}"`,
    )
  }
  return count
}

const isUrl = (reference: string): boolean => /^https?:\/\//i.test(reference)
const isArn = (reference: string): boolean => reference.startsWith('arn:')

/**
 * Finds and creates queues, topics and subscriptions, caching every name it resolves.
 */
export class Resources {
  readonly #sqs: SQSClient
  readonly #sns: SNSClient | undefined
  readonly #queues = new Map<string, Promise<string>>()
  readonly #resolved = new Map<string, string>()
  readonly #topics = new Map<string, Promise<string>>()
  readonly #signal: AbortSignal | undefined

  /** `signal` ends the retries of calls AWS answers with an error that goes away on its own. */
  constructor(sqs: SQSClient, sns: SNSClient | undefined, signal?: AbortSignal) {
    this.#sqs = sqs
    this.#sns = sns
    this.#signal = signal
  }

  /** The SNS client, or a TypeError saying that `what` needs one. */
  sns(what: string): SNSClient {
    if (!this.#sns) {
      throw new TypeError(`${what} needs an SNS client: sqsBus({ sqs, sns: new SNSClient(...) })`)
    }
    return this.#sns
  }

  /** The URL of a queue already resolved, without waiting. */
  resolvedUrl(queue: string): string | undefined {
    return isUrl(queue) ? queue : this.#resolved.get(queue)
  }

  /** A queue's URL from its name, URL or ARN; a failed lookup is not cached. */
  queueUrl(queue: string): Promise<string> {
    if (isUrl(queue)) return Promise.resolve(queue)
    const cached = this.#queues.get(queue)
    if (cached) return cached
    const [, , , , owner] = queue.split(':')
    const lookup = this.#sqs
      .send(
        new GetQueueUrlCommand({
          QueueName: lastSegment(queue),
          ...(isArn(queue) && owner ? { QueueOwnerAWSAccountId: owner } : {}),
        }),
      )
      .then((out) => this.#remember(queue, out.QueueUrl))
    this.#queues.set(queue, lookup)
    lookup.catch(() => this.#queues.delete(queue))
    return lookup
  }

  #remember(queue: string, url: string | undefined): string {
    if (!url) throw new Error(`SQS returned no URL for queue "${queue}"`)
    this.#resolved.set(queue, url)
    return url
  }

  /** A queue's ARN. */
  async queueArn(queue: string): Promise<string> {
    const out = await this.#sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: await this.queueUrl(queue),
        AttributeNames: ['QueueArn'],
      }),
    )
    const arn = out.Attributes?.['QueueArn']
    if (!arn) throw new Error(`SQS returned no ARN for queue "${queue}"`)
    return arn
  }

  /** Creates a queue unless it exists (then its attributes are left as they are); returns its URL. */
  async createQueue(name: string, options: CreateQueueOptions = {}): Promise<string> {
    if (isUrl(name) || isArn(name)) {
      throw new TypeError(`Expected a queue name to create, got "${name}"`)
    }
    const attributes: Record<string, string> = { ...options.attributes }
    if (isFifo(name)) attributes['FifoQueue'] = 'true'
    if (options.deadLetter) checkDeadLetter(name, options.deadLetter)
    const url = await settle(async () => {
      try {
        const out = await this.#sqs.send(
          new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
        )
        return out.QueueUrl
      } catch (error) {
        // The queue exists with other attributes: use it as it is.
        if (isAwsError(error, 'QueueNameExists', 'QueueAlreadyExists')) return undefined
        throw error
      }
    }, this.#signal)
    const resolved = url
      ? this.#remember(name, url)
      : await settle(() => this.queueUrl(name), this.#signal)
    this.#queues.set(name, Promise.resolve(resolved))
    if (options.deadLetter) await this.deadLetter(name, options.deadLetter)
    return resolved
  }

  /** Creates the dead-letter queue if missing and sets the source queue's redrive policy to it. */
  async deadLetter(source: string, options: DeadLetterOptions): Promise<string> {
    const count = checkDeadLetter(source, options)
    // The source first (its ARN proves it exists, even given by URL): a missing one must not
    // leave a new dead-letter queue behind.
    await this.queueArn(source).catch((error: unknown) => {
      const fix = `Create it and its dead-letter queue in one call: bus.createQueue(${JSON.stringify(lastSegment(source))}, { deadLetter: { queue: ${JSON.stringify(options.queue)}, maxReceiveCount: ${count} } })`
      throw queueMissing(error, 'Cannot set a dead-letter queue', source, fix)
    })
    const byName = !isUrl(options.queue) && !isArn(options.queue)
    const dlq = byName ? await this.createQueue(options.queue) : options.queue
    const dlqArn = await this.queueArn(dlq).catch((error: unknown) => {
      throw queueMissing(error, 'Cannot set a dead-letter queue', options.queue)
    })
    const policy = JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: count })
    await this.#sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: await this.queueUrl(source),
        Attributes: { RedrivePolicy: policy },
      }),
    )
    return this.queueUrl(dlq)
  }

  /** A topic's ARN from its ARN or its exact name, looked up across every page of ListTopics. */
  topicArn(topic: string): Promise<string> {
    if (isArn(topic)) return Promise.resolve(topic)
    const cached = this.#topics.get(topic)
    if (cached) return cached
    const lookup = this.#findTopic(topic)
    this.#topics.set(topic, lookup)
    lookup.catch(() => this.#topics.delete(topic))
    return lookup
  }

  async #findTopic(name: string): Promise<string> {
    const sns = this.sns(`Looking up topic "${name}"`)
    const { ListTopicsCommand } = await import('@aws-sdk/client-sns')
    let token: string | undefined
    let listed = 0
    do {
      const page = await sns.send(new ListTopicsCommand(token ? { NextToken: token } : {}))
      for (const { TopicArn } of page.Topics ?? []) {
        listed++
        if (TopicArn && lastSegment(TopicArn) === name) return TopicArn
      }
      token = page.NextToken
    } while (token)
    throw new NoSuchTopic(
      `No SNS topic is named "${name}" (${listed} topics listed). Create it first with bus.createTopic(${JSON.stringify(name)}), or check the name and the SNS client's endpoint and region.`,
    )
  }

  /** Creates a topic unless it exists; returns its ARN. */
  async createTopic(name: string, options: CreateTopicOptions = {}): Promise<string> {
    if (isArn(name)) return name
    const sns = this.sns(`Creating topic "${name}"`)
    const { CreateTopicCommand } = await import('@aws-sdk/client-sns')
    const attributes: Record<string, string> = { ...options.attributes }
    if (isFifo(name)) attributes['FifoTopic'] = 'true'
    const out = await settle(
      () => sns.send(new CreateTopicCommand({ Name: name, Attributes: attributes })),
      this.#signal,
    )
    if (!out.TopicArn) throw new Error(`SNS returned no ARN for topic "${name}"`)
    this.#topics.set(name, Promise.resolve(out.TopicArn))
    return out.TopicArn
  }

  /**
   * Subscribes a queue to a topic, creating both if missing, and lets the topic send to the queue
   * (AWS drops the deliveries of a topic the queue policy does not allow). Returns the
   * subscription ARN.
   */
  async subscribe(topic: string, queue: string, options: SubscribeOptions = {}): Promise<string> {
    const sns = this.sns(`Subscribing "${queue}" to "${topic}"`)
    const { SubscribeCommand } = await import('@aws-sdk/client-sns')
    const topicArn = isArn(topic)
      ? await this.#existingTopic(sns, topic)
      : await this.topicArn(topic).catch((error: unknown) => {
          if (error instanceof NoSuchTopic) return this.createTopic(topic)
          throw error
        })
    const queueUrl = await this.queueUrl(queue).catch((error: unknown) => {
      if (isUrl(queue) || isArn(queue)) throw queueMissing(error, 'Cannot subscribe', queue)
      if (isAwsError(error, ...NO_QUEUE)) return this.createQueue(queue)
      throw error
    })
    const queueArn = await this.queueArn(queueUrl).catch((error: unknown) => {
      throw queueMissing(error, 'Cannot subscribe', queue)
    })
    await this.#allow(queueUrl, queueArn, topicArn)
    const attributes: Record<string, string> = {}
    if (options.raw) attributes['RawMessageDelivery'] = 'true'
    if (options.filterPolicy) attributes['FilterPolicy'] = JSON.stringify(options.filterPolicy)
    const out = await settle(
      () =>
        sns.send(
          new SubscribeCommand({
            TopicArn: topicArn,
            Protocol: 'sqs',
            Endpoint: queueArn,
            Attributes: attributes,
            ReturnSubscriptionArn: true,
          }),
        ),
      this.#signal,
    )
    return out.SubscriptionArn ?? ''
  }

  // A topic given by ARN is not created: an ARN names an account and region of its own.
  async #existingTopic(sns: SNSClient, topicArn: string): Promise<string> {
    const { GetTopicAttributesCommand } = await import('@aws-sdk/client-sns')
    await sns
      .send(new GetTopicAttributesCommand({ TopicArn: topicArn }))
      .catch((error: unknown) => {
        throw topicMissing(error, 'Cannot subscribe', topicArn)
      })
    return topicArn
  }

  async #allow(queueUrl: string, queueArn: string, topicArn: string): Promise<void> {
    const out = await this.#sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['Policy'] }),
    )
    const current = out.Attributes?.['Policy']
    const policy = current
      ? (JSON.parse(current) as { Statement?: unknown[] })
      : { Version: '2012-10-17', Statement: [] }
    const statements = Array.isArray(policy.Statement) ? policy.Statement : []
    const sid = `patiently-sns-${lastSegment(topicArn)}`.replace(/[^A-Za-z0-9-]/g, '-')
    if (statements.some((s) => (s as { Sid?: unknown }).Sid === sid)) return
    statements.push({
      Sid: sid,
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: queueArn,
      Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
    })
    await this.#sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: queueUrl,
        Attributes: { Policy: JSON.stringify({ ...policy, Statement: statements }) },
      }),
    )
  }
}
