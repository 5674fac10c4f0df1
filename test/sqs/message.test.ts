import { describe, expect, test } from 'vitest'
import { decodeMessage, json } from '../../src/sqs/message.js'

const url = 'http://127.0.0.1:1/000000000000/q'

function envelope(fields: Record<string, unknown>): string {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: 'sns-1',
    TopicArn: 'arn:aws:sns:us-east-1:000000000000:t',
    Message: '{"a":1}',
    ...fields,
  })
}

describe('decodeMessage', () => {
  test('unwraps an SNS envelope and types its attributes', () => {
    const message = decodeMessage(
      {
        MessageId: 'm-1',
        Body: envelope({
          Subject: null,
          MessageAttributes: {
            s: { Type: 'String', Value: 'x' },
            n: { Type: 'Number', Value: '2.5' },
            big: { Type: 'Number', Value: 'not a number' },
            b: { Type: 'Binary', Value: Buffer.from([7, 8]).toString('base64') },
            list: { Type: 'String.Array', Value: '["p","q"]' },
            broken: { Type: 'String.Array', Value: '[p' },
          },
        }),
        Attributes: { ApproximateReceiveCount: '1' },
      },
      url,
      json,
    )
    expect(message).toMatchObject({
      queueUrl: url,
      messageId: 'm-1',
      body: { a: 1 },
      text: '{"a":1}',
      topicArn: 'arn:aws:sns:us-east-1:000000000000:t',
      snsMessageId: 'sns-1',
      subject: undefined,
      attributes: { s: 'x', n: 2.5, big: 'not a number', list: ['p', 'q'], broken: '[p' },
      systemAttributes: { ApproximateReceiveCount: '1' },
      decodeError: undefined,
      deliveries: 1,
    })
    expect(Array.from(message.attributes['b'] as Uint8Array)).toEqual([7, 8])
  })

  test('JSON that only looks like an envelope is a plain body', () => {
    const body = JSON.stringify({ Type: 'Order', TopicArn: 'x', Message: 'y' })
    const message = decodeMessage({ MessageId: 'm-2', Body: body }, url, json)
    expect(message.body).toEqual({ Type: 'Order', TopicArn: 'x', Message: 'y' })
    expect(message.topicArn).toBeUndefined()
  })

  test('a body the decoder rejects is kept as text, with the error', () => {
    const message = decodeMessage(
      { MessageId: 'm-3', Body: envelope({ Message: 'oops' }) },
      url,
      json,
    )
    expect(message.body).toBe('oops')
    expect(message.decodeError).toBeInstanceOf(SyntaxError)
    const empty = decodeMessage({}, url, json)
    expect(empty).toMatchObject({ messageId: '', body: '', rawBody: '' })
  })
})

/** The name, value and prototype of every own key, so nothing inherited can pass for data. */
function own(record: object): [string, unknown][] {
  return Reflect.ownKeys(record).map((key) => [String(key), Reflect.get(record, key)])
}

describe('names from the wire are data', () => {
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']

  test('SNS attributes of any name are kept as keys, on an object with no prototype', () => {
    const attributes = `{${names.map((n) => `"${n}":{"Type":"String","Value":"v-${n}"}`).join(',')}}`
    const body = envelope({}).replace(/}$/, `,"MessageAttributes":${attributes}}`)
    const message = decodeMessage({ MessageId: 'm-1', Body: body }, url, json)
    expect(Object.getPrototypeOf(message.attributes)).toBeNull()
    expect(own(message.attributes)).toEqual(names.map((n) => [n, `v-${n}`]))
    expect(message.decodeError).toBeUndefined()
  })

  test('an attribute named __proto__ whose value is an array does not make attributes an array', () => {
    const body = envelope({}).replace(
      /}$/,
      ',"MessageAttributes":{"__proto__":{"Type":"String.Array","Value":"[\\"a\\",\\"b\\"]"}}}',
    )
    const { attributes } = decodeMessage({ MessageId: 'm-2', Body: body }, url, json)
    expect(Array.isArray(attributes)).toBe(false)
    expect(Object.getPrototypeOf(attributes)).toBeNull()
    expect(own(attributes)).toEqual([['__proto__', ['a', 'b']]])
  })

  test('SQS attributes and system attributes of any name are kept as keys', () => {
    const message = decodeMessage(
      {
        MessageId: 'm-3',
        Body: '{}',
        MessageAttributes: JSON.parse(
          `{${names.map((n) => `"${n}":{"DataType":"Number","StringValue":"${n.length}"}`).join(',')}}`,
        ) as Record<string, { DataType: string; StringValue: string }>,
        Attributes: JSON.parse('{"__proto__":"1","toString":"2"}') as Record<string, string>,
      },
      url,
      json,
    )
    expect(Object.getPrototypeOf(message.attributes)).toBeNull()
    expect(own(message.attributes)).toEqual(names.map((n) => [n, n.length]))
    expect(Object.getPrototypeOf(message.systemAttributes)).toBeNull()
    expect(own(message.systemAttributes)).toEqual([
      ['__proto__', '1'],
      ['toString', '2'],
    ])
  })

  test('a missing name reads as undefined, not as something inherited', () => {
    const { attributes, systemAttributes } = decodeMessage(
      { MessageId: 'm-4', Body: envelope({}) },
      url,
      json,
    )
    for (const name of ['constructor', 'toString', '__proto__']) {
      expect(Reflect.get(attributes, name)).toBeUndefined()
      expect(Reflect.get(systemAttributes, name)).toBeUndefined()
    }
  })

  test('a JSON body with such keys keeps them as its own keys', () => {
    const text = '{"__proto__":{"polluted":true},"constructor":{"name":"x"},"toString":1}'
    const message = decodeMessage({ MessageId: 'm-5', Body: text }, url, json)
    const body = message.body as Record<string, unknown>
    expect(Object.keys(body)).toEqual(['__proto__', 'constructor', 'toString'])
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })
})

describe('envelope fields that do not have their types', () => {
  test('a non-string Subject and MessageId are left out and named in decodeError', () => {
    const message = decodeMessage(
      { MessageId: 'm-1', Body: envelope({ Subject: 42, MessageId: { id: 1 } }) },
      url,
      json,
    )
    expect(message).toMatchObject({ body: { a: 1 }, subject: undefined, snsMessageId: undefined })
    expect(message.decodeError).toBeInstanceOf(TypeError)
    expect((message.decodeError as Error).message).toBe(
      'The SNS envelope did not fully decode: `MessageId` should be a string, got { id: 1 } (left out); `Subject` should be a string, got 42 (left out)',
    )
  })

  test('MessageAttributes that is not an object is left out', () => {
    for (const [value, shown] of [
      [['x'], '["x"]'],
      ['text', '"text"'],
      [7, '7'],
    ] as const) {
      const message = decodeMessage(
        { MessageId: 'm-2', Body: envelope({ MessageAttributes: value }) },
        url,
        json,
      )
      expect(own(message.attributes)).toEqual([])
      expect((message.decodeError as Error).message).toBe(
        `The SNS envelope did not fully decode: \`MessageAttributes\` should be an object, got ${shown} (left out)`,
      )
    }
  })

  test('attributes without a string Type and Value are left out, the others kept', () => {
    const message = decodeMessage(
      {
        MessageId: 'm-3',
        Body: envelope({
          MessageAttributes: {
            good: { Type: 'String', Value: 'g' },
            noValue: { Type: 'String' },
            numberValue: { Type: 'Number', Value: 5 },
            bare: 'x',
            nothing: null,
          },
        }),
      },
      url,
      json,
    )
    expect(own(message.attributes)).toEqual([['good', 'g']])
    expect((message.decodeError as Error).message).toBe(
      'The SNS envelope did not fully decode: message attribute `noValue` should be { Type: string, Value: string }, got { Type: "String" } (left out); message attribute `numberValue` should be { Type: string, Value: string }, got { Type: "Number", Value: 5 } (left out); message attribute `bare` should be { Type: string, Value: string }, got "x" (left out); message attribute `nothing` should be { Type: string, Value: string }, got null (left out)',
    )
  })

  test('an attribute with its Type and Value under a __proto__ key is left out', () => {
    const body = envelope({}).replace(
      /}$/,
      ',"MessageAttributes":{"a":{"__proto__":{"Type":"String","Value":"v"}}}}',
    )
    const message = decodeMessage({ MessageId: 'm-4', Body: body }, url, json)
    expect(own(message.attributes)).toEqual([])
    expect((message.decodeError as Error).message).toBe(
      'The SNS envelope did not fully decode: message attribute `a` should be { Type: string, Value: string }, got { __proto__: { Type: "String", Value: "v" } } (left out)',
    )
  })

  test('an array attribute holding objects stays text, even one with its own toString', () => {
    const value = '[{"toString":1},"b"]'
    const message = decodeMessage(
      {
        MessageId: 'm-5',
        Body: envelope({
          MessageAttributes: {
            list: { Type: 'String.Array', Value: value },
            mixed: { Type: 'String.Array', Value: '["a",1,true,null]' },
          },
        }),
      },
      url,
      json,
    )
    expect(own(message.attributes)).toEqual([
      ['list', value],
      ['mixed', ['a', '1', 'true', 'null']],
    ])
    expect((message.decodeError as Error).message).toBe(
      'The SNS envelope did not fully decode: message attribute `list` should be a JSON array of strings, numbers, booleans or null, got "[{\\"toString\\":1},\\"b\\"]" (kept as text)',
    )
  })

  test('a body the decoder rejects keeps the decoder error as decodeError', () => {
    const message = decodeMessage(
      { MessageId: 'm-6', Body: envelope({ Message: 'oops', Subject: 1 }) },
      url,
      json,
    )
    expect(message.decodeError).toBeInstanceOf(SyntaxError)
    expect(message.subject).toBeUndefined()
  })

  test('an envelope that is not an object, or has a non-string Message, is a plain body', () => {
    for (const body of ['["TopicArn"]', '{"Type":"Notification","TopicArn":"t","Message":1}']) {
      const message = decodeMessage({ MessageId: 'm-7', Body: body }, url, json)
      expect(message.topicArn).toBeUndefined()
      expect(message.body).toEqual(JSON.parse(body))
      expect(message.decodeError).toBeUndefined()
    }
  })
})
