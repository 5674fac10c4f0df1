import { describe, expect, test } from 'vitest'
import { toSnsAttributes, toSqsAttributes } from '../../src/sqs/attributes.js'

// Built with JSON.parse, as a user's attributes from a fixture would be: `__proto__` is then an
// own key, not the object's prototype.
const named = JSON.parse('{"__proto__":"p","constructor":2,"toString":"t"}') as Record<
  string,
  string | number
>

describe('attributes of any name are sent', () => {
  test('SQS', () => {
    const out = toSqsAttributes(named)
    expect(Object.getPrototypeOf(out)).toBeNull()
    expect(Object.entries(out)).toEqual([
      ['__proto__', { DataType: 'String', StringValue: 'p' }],
      ['constructor', { DataType: 'Number', StringValue: '2' }],
      ['toString', { DataType: 'String', StringValue: 't' }],
    ])
  })

  test('SNS, with an array under __proto__', () => {
    const out = toSnsAttributes(JSON.parse('{"__proto__":["a"],"valueOf":"v"}') as never)
    expect(Object.getPrototypeOf(out)).toBeNull()
    expect(Object.entries(out)).toEqual([
      ['__proto__', { DataType: 'String.Array', StringValue: '["a"]' }],
      ['valueOf', { DataType: 'String', StringValue: 'v' }],
    ])
  })

  test('attributes that are not an object of attributes are refused, naming what they are', () => {
    for (const [value, shown] of [
      ['kind=paid', '"kind=paid"'],
      [['a'], '["a"]'],
      [null, 'null'],
    ] as const) {
      const message = `Expected \`attributes\` to be an object of message attributes by name, got ${shown}`
      expect(() => toSqsAttributes(value as never)).toThrow(message)
      expect(() => toSnsAttributes(value as never)).toThrow(message)
    }
  })
})
