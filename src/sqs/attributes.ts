import type { MessageAttributeValue as SnsAttribute } from '@aws-sdk/client-sns'
import type { MessageAttributeValue as SqsAttribute } from '@aws-sdk/client-sqs'
import { stringify } from '../core/format.js'
import { dictionary, put } from '../shared/dictionary.js'
import type { AttributeValue } from './message.js'

function check(name: string, value: unknown): asserts value is AttributeValue {
  const ok =
    typeof value === 'string' ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    value instanceof Uint8Array ||
    (Array.isArray(value) && value.every((item) => typeof item === 'string'))
  if (!ok) {
    throw new TypeError(
      `Expected message attribute \`${name}\` to be a string, a finite number, bytes or an array of strings, got ${stringify(value)}`,
    )
  }
}

// The user's attributes, own keys only: any name, `__proto__` included, is an attribute.
function entries(attributes: unknown): [string, unknown][] {
  if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) {
    throw new TypeError(
      `Expected \`attributes\` to be an object of message attributes by name, got ${stringify(attributes)}`,
    )
  }
  return Object.entries(attributes)
}

type Scalar =
  | { DataType: 'String' | 'Number'; StringValue: string }
  | { DataType: 'Binary'; BinaryValue: Uint8Array }

// The attribute types SQS and SNS share; undefined for an array of strings, which only SNS has.
function scalar(value: AttributeValue): Scalar | undefined {
  if (typeof value === 'string') return { DataType: 'String', StringValue: value }
  if (typeof value === 'number') return { DataType: 'Number', StringValue: String(value) }
  if (value instanceof Uint8Array) return { DataType: 'Binary', BinaryValue: value }
  return undefined
}

/**
 * Message attributes for SQS `SendMessage`; arrays are not an SQS type.
 */
export function toSqsAttributes(
  attributes: Readonly<Record<string, AttributeValue>>,
): Record<string, SqsAttribute> {
  const out = dictionary<SqsAttribute>()
  for (const [name, value] of entries(attributes)) {
    check(name, value)
    const attribute = scalar(value)
    if (attribute) put(out, name, attribute)
    else
      throw new TypeError(
        `Expected message attribute \`${name}\` to be a string, a finite number or bytes: SQS has no array attributes (SNS has)`,
      )
  }
  return out
}

/**
 * Message attributes for SNS `Publish`.
 */
export function toSnsAttributes(
  attributes: Readonly<Record<string, AttributeValue>>,
): Record<string, SnsAttribute> {
  const out = dictionary<SnsAttribute>()
  for (const [name, value] of entries(attributes)) {
    check(name, value)
    put(
      out,
      name,
      scalar(value) ?? { DataType: 'String.Array', StringValue: JSON.stringify(value) },
    )
  }
  return out
}
