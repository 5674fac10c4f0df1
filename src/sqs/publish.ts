import type { SNSClient } from '@aws-sdk/client-sns'
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import { toMs, type Duration } from '../core/duration.js'
import { invalid } from '../core/validate.js'
import { toSnsAttributes, toSqsAttributes } from './attributes.js'
import type { AttributeValue } from './message.js'

/**
 * Turns a body into the text that is sent.
 *
 * @example
 * ```ts
 * const encode: Encoder = (body) => new URLSearchParams(body as Record<string, string>).toString()
 * ```
 */
export type Encoder = (body: unknown) => string

/**
 * Options of `bus.send()` (SQS).
 *
 * @example
 * ```ts
 * await bus.send('orders.fifo', order, { groupId: order.customerId, deduplicationId: order.id })
 * ```
 */
export interface SendOptions {
  /** Message attributes. @default {} */
  readonly attributes?: Readonly<Record<string, AttributeValue>>
  /** The FIFO message group. */
  readonly groupId?: string
  /** The FIFO deduplication id (needed unless the queue has content-based deduplication). */
  readonly deduplicationId?: string
  /** Keeps the message invisible this long (whole seconds, at most 15 minutes). @default 0 */
  readonly delay?: Duration
  /** How to turn the body into text. @default the adapter's encoder, JSON.stringify */
  readonly encode?: Encoder
}

/**
 * Options of `bus.publish()` (SNS).
 *
 * @example
 * ```ts
 * await bus.publish('order--created', order, { attributes: { kind: 'created' }, subject: 'order' })
 * ```
 */
export interface PublishOptions {
  /** Message attributes (SNS also takes arrays of strings). @default {} */
  readonly attributes?: Readonly<Record<string, AttributeValue>>
  /** The FIFO message group, for a FIFO topic. */
  readonly groupId?: string
  /** The FIFO deduplication id (needed unless the topic has content-based deduplication). */
  readonly deduplicationId?: string
  /** The SNS subject. */
  readonly subject?: string
  /** How to turn the body into text. @default the adapter's encoder, JSON.stringify */
  readonly encode?: Encoder
}

/**
 * What SQS or SNS answered to a send or publish.
 *
 * @example
 * ```ts
 * const { messageId } = await bus.publish('order--created', order)
 * ```
 */
export interface Sent {
  /** The id SQS or SNS gave the message. */
  readonly messageId: string
  /** For FIFO queues and topics. */
  readonly sequenceNumber: string | undefined
}

const MAX_DELAY_S = 900

function encoded(body: unknown, encode: Encoder): string {
  const text = encode(body)
  if (typeof text !== 'string') {
    throw new TypeError(
      `Expected the encoder to turn the body into a string, got ${typeof text} (JSON.stringify gives undefined for undefined and functions)`,
    )
  }
  return text
}

function fifo(options: { groupId?: string; deduplicationId?: string }): Record<string, string> {
  return {
    ...(options.groupId === undefined ? {} : { MessageGroupId: options.groupId }),
    ...(options.deduplicationId === undefined
      ? {}
      : { MessageDeduplicationId: options.deduplicationId }),
  }
}

/**
 * Sends one message to an SQS queue.
 */
export async function sendMessage(
  sqs: SQSClient,
  queueUrl: string,
  body: unknown,
  options: SendOptions,
  encode: Encoder,
): Promise<Sent> {
  let delaySeconds: number | undefined
  if (options.delay !== undefined) {
    delaySeconds = Math.ceil(toMs(options.delay, 'delay') / 1000)
    if (delaySeconds > MAX_DELAY_S) invalid('delay', 'at most 15 minutes', options.delay)
  }
  const out = await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: encoded(body, options.encode ?? encode),
      MessageAttributes: toSqsAttributes(options.attributes ?? {}),
      ...(delaySeconds === undefined ? {} : { DelaySeconds: delaySeconds }),
      ...fifo(options),
    }),
  )
  return { messageId: out.MessageId ?? '', sequenceNumber: out.SequenceNumber }
}

/**
 * Publishes one message to an SNS topic.
 */
export async function publishMessage(
  sns: SNSClient,
  topicArn: string,
  body: unknown,
  options: PublishOptions,
  encode: Encoder,
): Promise<Sent> {
  const { PublishCommand } = await import('@aws-sdk/client-sns')
  const out = await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Message: encoded(body, options.encode ?? encode),
      MessageAttributes: toSnsAttributes(options.attributes ?? {}),
      ...(options.subject === undefined ? {} : { Subject: options.subject }),
      ...fifo(options),
    }),
  )
  return { messageId: out.MessageId ?? '', sequenceNumber: out.SequenceNumber }
}
