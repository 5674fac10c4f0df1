import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs'
import { short } from '../core/format.js'
import type { Again } from '../shared/journal.js'
import { dictionary, own, put } from '../shared/dictionary.js'

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
  /**
   * Message attributes: the SNS ones for an envelope, the SQS ones otherwise. An object with no
   * prototype, so any name (`__proto__`, `constructor`) is an attribute like the others.
   */
  readonly attributes: Readonly<Record<string, AttributeValue>>
  /** SQS system attributes: `ApproximateReceiveCount`, `SentTimestamp`, `MessageGroupId`, ... */
  readonly systemAttributes: Readonly<Record<string, string>>
  /** Set when the body came in an SNS notification envelope. */
  readonly topicArn: string | undefined
  /** The SNS message id, for an envelope. */
  readonly snsMessageId: string | undefined
  /** The SNS subject, for an envelope that had one. */
  readonly subject: string | undefined
  /**
   * What the decoder threw, for a malformed body. Otherwise, when SNS envelope fields or message
   * attributes do not have their types, a TypeError naming each one (the field is left out, an
   * array attribute that is not one is kept as text).
   */
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

/**
 * How a queue's journal knows a redelivery: the same message id only bumps `deliveries`.
 */
export const redelivery: Again<ReceivedMessage> = {
  key: (message) => message.messageId,
  merge: (kept) => ({ ...kept, deliveries: kept.deliveries + 1 }),
}

interface Envelope {
  readonly TopicArn: string
  readonly Message: string
  readonly fields: Readonly<Record<string, unknown>>
}

// An SNS notification: a JSON object with Type "Notification", a TopicArn and a Message text.
// Anything else is a plain body, however much it looks like one.
function envelope(text: string): Envelope | undefined {
  if (!text.startsWith('{') || !text.includes('"TopicArn"')) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined
  const fields = parsed as Record<string, unknown>
  const { Type, TopicArn, Message } = fields
  return Type === 'Notification' && typeof TopicArn === 'string' && typeof Message === 'string'
    ? { TopicArn, Message, fields }
    : undefined
}

// Values in decode problems are shown this short: the raw body is on the message anyway.
const SUMMARY_LENGTH = 80

// An optional envelope text field: a string, absent, or null (SNS sends `"Subject": null`).
function field(fields: Envelope['fields'], name: string, problems: string[]): string | undefined {
  const value = own(fields, name)
  if (value === undefined || value === null || typeof value === 'string') return value ?? undefined
  problems.push(`\`${name}\` should be a string, got ${short(value, SUMMARY_LENGTH)} (left out)`)
  return undefined
}

function typed(type: string, value: string, name: string, problems: string[]): AttributeValue {
  if (type.startsWith('Number')) {
    const n = Number(value)
    return Number.isFinite(n) ? n : value
  }
  if (type.startsWith('Binary')) return Uint8Array.from(Buffer.from(value, 'base64'))
  if (type.startsWith('String.Array')) {
    let list: unknown
    try {
      list = JSON.parse(value)
    } catch {
      // An SNS array attribute that is not valid JSON stays the text it was sent as.
      return value
    }
    // SNS arrays hold strings, numbers, booleans and null; an object in one stays text too.
    if (Array.isArray(list) && list.every((item) => item === null || typeof item !== 'object')) {
      return list.map(String)
    }
    problems.push(
      `message attribute \`${name}\` should be a JSON array of strings, numbers, booleans or null, got ${short(value, SUMMARY_LENGTH)} (kept as text)`,
    )
  }
  return value
}

function ownString(value: unknown, name: string): string | undefined {
  if (value === null || typeof value !== 'object' || !Object.hasOwn(value, name)) return undefined
  const found = (value as Record<string, unknown>)[name]
  return typeof found === 'string' ? found : undefined
}

function snsAttributes(
  fields: Envelope['fields'],
  problems: string[],
): Record<string, AttributeValue> {
  const attributes = dictionary<AttributeValue>()
  const raw = own(fields, 'MessageAttributes')
  if (raw === undefined || raw === null) return attributes
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(
      `\`MessageAttributes\` should be an object, got ${short(raw, SUMMARY_LENGTH)} (left out)`,
    )
    return attributes
  }
  for (const [name, attribute] of Object.entries(raw as Record<string, unknown>)) {
    const Type = ownString(attribute, 'Type')
    const Value = ownString(attribute, 'Value')
    if (Type !== undefined && Value !== undefined)
      put(attributes, name, typed(Type, Value, name, problems))
    else
      problems.push(
        `message attribute \`${name}\` should be { Type: string, Value: string }, got ${short(attribute, SUMMARY_LENGTH)} (left out)`,
      )
  }
  return attributes
}

function sqsAttributes(
  raw: Record<string, MessageAttributeValue> | undefined,
  problems: string[],
): Record<string, AttributeValue> {
  const attributes = dictionary<AttributeValue>()
  for (const [name, attribute] of Object.entries(raw ?? {})) {
    if (attribute === null || typeof attribute !== 'object') continue
    if (attribute.BinaryValue !== undefined) put(attributes, name, attribute.BinaryValue)
    else if (attribute.StringValue !== undefined)
      put(
        attributes,
        name,
        typed(attribute.DataType ?? 'String', attribute.StringValue, name, problems),
      )
  }
  return attributes
}

/**
 * Decodes one received SQS message, unwrapping an SNS envelope. Never throws: a body the decoder
 * rejects is kept as text, and envelope fields that do not have their types are left out, with
 * `decodeError` set either way.
 */
export function decodeMessage(
  message: Message,
  queueUrl: string,
  decode: Decoder,
): ReceivedMessage {
  const rawBody = message.Body ?? ''
  const wrapped = envelope(rawBody)
  const text = wrapped ? wrapped.Message : rawBody
  const problems: string[] = []
  const attributes = wrapped
    ? snsAttributes(wrapped.fields, problems)
    : sqsAttributes(message.MessageAttributes, problems)
  const snsMessageId = wrapped ? field(wrapped.fields, 'MessageId', problems) : undefined
  const subject = wrapped ? field(wrapped.fields, 'Subject', problems) : undefined
  let body: unknown = text
  let decodeError: unknown
  try {
    body = decode(text)
  } catch (error) {
    decodeError = error
  }
  if (decodeError === undefined && problems.length > 0) {
    const what = wrapped ? 'The SNS envelope' : 'The message attributes'
    decodeError = new TypeError(`${what} did not fully decode: ${problems.join('; ')}`)
  }
  const systemAttributes = dictionary<string>()
  for (const [name, value] of Object.entries(message.Attributes ?? {})) {
    put(systemAttributes, name, value)
  }
  return {
    queueUrl,
    messageId: message.MessageId ?? '',
    body,
    text,
    rawBody,
    attributes,
    systemAttributes,
    topicArn: wrapped?.TopicArn,
    snsMessageId,
    subject,
    decodeError,
    receivedAt: Date.now(),
    deliveries: 1,
  }
}
