import {
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
  type ReceiveMessageCommandInput,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import { dictionary, put } from '../shared/dictionary.js'

const PROTO = '__proto__'

// The text of the response, kept while the SDK still has it as bytes.
function keepText(command: ReceiveMessageCommand): () => string | undefined {
  let text: string | undefined
  command.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args)
      const response = out.response as { statusCode?: unknown; body?: unknown }
      if (response.statusCode === 200 && isStream(response.body)) {
        const chunks: Uint8Array[] = []
        for await (const chunk of response.body) chunks.push(chunk as Uint8Array)
        const bytes = Buffer.concat(chunks)
        // The SDK reads a body that is already bytes as it is.
        response.body = bytes
        text = bytes.toString('utf8')
      }
      return out
    },
    // Low priority in the deserialize step: inside the SDK's deserializer, on the raw response.
    { step: 'deserialize', priority: 'low', name: 'patientlyKeepsTheReceivedText' },
  )
  return () => text
}

function isStream(body: unknown): body is AsyncIterable<unknown> {
  return (
    body !== null &&
    typeof body === 'object' &&
    typeof (body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  )
}

// The `__proto__` attribute of each message in the JSON response, by message id.
function protoAttributes(text: string): Map<string, MessageAttributeValue> {
  const found = new Map<string, MessageAttributeValue>()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    // Not JSON (an endpoint on the older query protocol answers XML): nothing to take from it.
    return found
  }
  const messages = (parsed as { Messages?: unknown } | null)?.Messages
  if (!Array.isArray(messages)) return found
  for (const message of messages as { MessageId?: unknown; MessageAttributes?: unknown }[]) {
    const attributes = message?.MessageAttributes
    if (typeof message?.MessageId !== 'string' || attributes === null) continue
    if (typeof attributes !== 'object' || !Object.hasOwn(attributes, PROTO)) continue
    const value = (attributes as Record<string, unknown>)[PROTO]
    if (value === null || typeof value !== 'object') continue
    const { DataType, StringValue, BinaryValue } = value as Record<string, unknown>
    found.set(message.MessageId, {
      ...(typeof DataType === 'string' ? { DataType } : {}),
      ...(typeof StringValue === 'string' ? { StringValue } : {}),
      // Bytes are base64 in the JSON protocol; the SDK hands them over as bytes.
      ...(typeof BinaryValue === 'string'
        ? { BinaryValue: Uint8Array.from(Buffer.from(BinaryValue, 'base64')) }
        : {}),
    } as MessageAttributeValue)
  }
  return found
}

/**
 * Receives messages, keeping a message attribute named `__proto__`: @smithy/core 3.41 (under
 * @aws-sdk/client-sqs) overwrites that key with `undefined` as it deserializes a JSON map, so it
 * is taken from the response text instead.
 */
export async function receiveMessages(
  sqs: SQSClient,
  input: ReceiveMessageCommandInput,
  signal: AbortSignal,
): Promise<Message[]> {
  const command = new ReceiveMessageCommand(input)
  const text = keepText(command)
  const out = await sqs.send(command, { abortSignal: signal })
  const messages = out.Messages ?? []
  const lost = messages.some(
    (m) => m.MessageAttributes !== undefined && Object.hasOwn(m.MessageAttributes, PROTO),
  )
  const raw = text()
  if (!lost || raw === undefined) return messages
  const found = protoAttributes(raw)
  return messages.map((message) => {
    const value = message.MessageId === undefined ? undefined : found.get(message.MessageId)
    if (value === undefined || message.MessageAttributes === undefined) return message
    const attributes = dictionary<MessageAttributeValue>()
    for (const [name, attribute] of Object.entries(message.MessageAttributes)) {
      put(attributes, name, name === PROTO ? value : attribute)
    }
    return { ...message, MessageAttributes: attributes }
  })
}
