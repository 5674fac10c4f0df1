import { expect, test } from 'vitest'
import { Journal } from '../../src/shared/journal.js'
import { decodeMessage, json, redelivery, type ReceivedMessage } from '../../src/sqs/message.js'

const url = 'http://127.0.0.1:1/000000000000/q'
const message = (id: string, body: unknown): ReturnType<typeof decodeMessage> =>
  decodeMessage({ MessageId: id, Body: JSON.stringify(body) }, url, json)

test('a redelivery bumps deliveries instead of adding a message', () => {
  const journal = new Journal<ReceivedMessage>(10, redelivery)
  let changes = 0
  const stop = journal.onChange(() => changes++)
  expect(journal.add([message('a', 1), message('b', 2)])).toHaveLength(2)
  expect(journal.add([message('a', 1)])).toEqual([])
  expect(journal.entries.map((m) => [m.messageId, m.deliveries])).toEqual([
    ['a', 2],
    ['b', 1],
  ])
  stop()
  journal.add([message('c', 3)])
  expect(changes).toBe(2)
})

test('drops the oldest past the limit and counts them; clear() resets both', () => {
  const journal = new Journal<ReceivedMessage>(2, redelivery)
  journal.add([message('a', 1), message('b', 2), message('c', 3)])
  expect(journal.entries.map((m) => m.body)).toEqual([2, 3])
  expect(journal.dropped).toBe(1)
  journal.clear()
  expect(journal.entries).toEqual([])
  expect(journal.dropped).toBe(0)
})
