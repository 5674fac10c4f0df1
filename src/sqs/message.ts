import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs'

/**
 * A message attribute as the adapter hands it to matchers and tests: `String` attributes as
 * strings, `Number` attributes as numbers, `Binary` as bytes, `String.Array` as a string array.
 *
 * @example
 * ```ts
 * const attributes: Record<string, AttributeValue> = { eventType: 'order-created', attempt: 2 }
 * ```
 */
export type AttributeValue = string | number | Uint8Array | readonly string[]

/**
 * Turns a message body (the SQS body, or the `Message` of an SNS envelope) into a value. Throwing
 * marks the message as malformed; it is still recorded, with the raw text as its body.
 *
 * @example
 * ```ts
 * const decode: Decoder = (text) => Object.fromEntries(new URLSearchParams(text))
 * ```
 */
export type Decoder = (text: string) => unknown

/**
 * One message the adapter has received, decoded. An SNS notification envelope is unwrapped: `body`
 * is the decoded `Message`, `attributes` are the SNS message attributes and `topicArn` says where
 * it was published.
 *
 * @example
 * ```ts
 * const [event] = await until(bus.received('customer--created', { customerId }))
 * event.body // { customerId: 'c-1', ... }
 * event.attributes // { eventType: 'customer-created' }
 * ```
 */
export interface ReceivedMessage<T = unknown> {
  /** The URL of the queue it was received from. */
  readonly queueUrl: string
  /** The SQS message id (the same across redeliveries of one message). */
  readonly messageId: string
  /** The decoded body; the raw text when it could not be decoded (see `decodeError`). */
  readonly body: T
  /** The text the body was decoded from (the SNS `Message` for an envelope). */
  readonly text: string
  /** The SQS body exactly as received, envelope and all. */
  readonly rawBody: string
  /** Message attributes: the SNS ones for an envelope, the SQS ones otherwise. */
  readonly attributes: Readonly<Record<string, AttributeValue>>
  /** SQS system attributes: `ApproximateReceiveCount`, `SentTimestamp`, `MessageGroupId`, ... */
  readonly systemAttributes: Readonly<Record<string, string>>
  /** Set when the body came in an SNS notification envelope. */
  readonly topicArn: string | undefined
  /** The SNS message id, for an envelope. */
  readonly snsMessageId: string | undefined
  /** The SNS subject, for an envelope that had one. */
  readonly subject: string | undefined
  /** What the decoder threw, for a malformed body. */
  readonly decodeError: unknown
  /** `Date.now()` when the adapter first received it. */
  readonly receivedAt: number
  /** How many times the adapter received it (SQS delivers at least once). */
  readonly deliveries: number
}

/**
 * The default decoder: JSON.
 *
 * @example
 * ```ts
 * json('{"orderId":"o-1"}') // { orderId: 'o-1' }
 * ```
 */
export const json: Decoder = (text) => JSON.parse(text) as unknown

interface Envelope {
  readonly Type: string
  readonly MessageId?: string
  readonly TopicArn: string
  readonly Subject?: string | null
  readonly Message: string
  readonly MessageAttributes?: Record<string, { Type?: string; Value?: string }>
}

function envelope(text: string): Envelope | undefined {
  if (!text.startsWith('{') || !text.includes('"TopicArn"')) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  const candidate = parsed as Partial<Envelope> | null
  return candidate !== null &&
    typeof candidate === 'object' &&
    candidate.Type === 'Notification' &&
    typeof candidate.TopicArn === 'string' &&
    typeof candidate.Message === 'string'
    ? (candidate as Envelope)
    : undefined
}

function typed(type: string | undefined, value: string): AttributeValue {
  if (type?.startsWith('Number')) {
    const n = Number(value)
    return Number.isFinite(n) ? n : value
  }
  if (type?.startsWith('Binary')) return Uint8Array.from(Buffer.from(value, 'base64'))
  if (type?.startsWith('String.Array')) {
    try {
      const list = JSON.parse(value) as unknown
      if (Array.isArray(list)) return list.map(String)
    } catch {
      // An SNS array attribute that is not valid JSON stays the text it was sent as.
    }
  }
  return value
}

function snsAttributes(raw: Envelope['MessageAttributes']): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {}
  for (const [name, attribute] of Object.entries(raw ?? {})) {
    if (typeof attribute?.Value === 'string') out[name] = typed(attribute.Type, attribute.Value)
  }
  return out
}

function sqsAttributes(
  raw: Record<string, MessageAttributeValue> | undefined,
): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {}
  for (const [name, attribute] of Object.entries(raw ?? {})) {
    if (attribute.BinaryValue !== undefined) out[name] = attribute.BinaryValue
    else if (attribute.StringValue !== undefined)
      out[name] = typed(attribute.DataType, attribute.StringValue)
  }
  return out
}

/**
 * Decodes one received SQS message, unwrapping an SNS envelope. Never throws: a body the decoder
 * rejects is kept as text, with `decodeError` set.
 *
 * @example
 * ```ts
 * const message = decodeMessage(sqsMessage, queueUrl, json)
 * ```
 */
export function decodeMessage(
  message: Message,
  queueUrl: string,
  decode: Decoder,
): ReceivedMessage {
  const rawBody = message.Body ?? ''
  const wrapped = envelope(rawBody)
  const text = wrapped ? wrapped.Message : rawBody
  let body: unknown = text
  let decodeError: unknown
  try {
    body = decode(text)
  } catch (error) {
    decodeError = error
  }
  return {
    queueUrl,
    messageId: message.MessageId ?? '',
    body,
    text,
    rawBody,
    attributes: wrapped
      ? snsAttributes(wrapped.MessageAttributes)
      : sqsAttributes(message.MessageAttributes),
    systemAttributes: { ...message.Attributes },
    topicArn: wrapped?.TopicArn,
    snsMessageId: wrapped?.MessageId,
    subject: wrapped?.Subject ?? undefined,
    decodeError,
    receivedAt: Date.now(),
    deliveries: 1,
  }
}
