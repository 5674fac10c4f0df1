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
