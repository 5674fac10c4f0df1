import { during, until, WaitError } from 'patiently'
import { expect, test } from 'vitest'
import { Journal } from '../../src/shared/journal.js'
import { received, type Source } from '../../src/shared/received.js'

interface Item {
  readonly id: number
  readonly kind: string
}

function source(journal: Journal<Item>, kind: string): Source<Item> {
  return {
    noun: 'item',
    what: `a ${kind} item`,
    journal: () => journal,
    test: (item) => item.kind === kind,
    score: (item) => (item.kind === kind ? 1 : 0),
    summarize: (item) => `#${item.id} ${item.kind}`,
    name: (item) => `#${item.id}`,
    explain: (item) => (item.kind === kind ? [] : [`kind: expected "${kind}", got "${item.kind}"`]),
    subscribe: (wake) => journal.onChange(wake),
  }
}

const context = { signal: new AbortController().signal, attempt: 1, mode: 'until' } as const

test('the first match alone by default; count, exactly and all give lists, oldest first', () => {
  const journal = new Journal<Item>(10)
  const red = received(source(journal, 'red'))
  expect(red(context)).toBe(false)
  journal.add([
    { id: 1, kind: 'red' },
    { id: 2, kind: 'blue' },
    { id: 3, kind: 'red' },
  ])
  expect(red(context)).toEqual({ id: 1, kind: 'red' })
  expect(red.all()(context)).toEqual([
    { id: 1, kind: 'red' },
    { id: 3, kind: 'red' },
  ])
  expect(red.count(3)(context)).toBe(false)
  expect(red.exactly(2)(context)).toHaveLength(2)
  expect(received(source(journal, 'green')).exactly(0)(context)).toEqual([])
  expect(red.where({ id: 3 }).found()).toEqual([{ id: 3, kind: 'red' }])
  expect(red.where((item) => item.id > 1)(context)).toEqual({ id: 3, kind: 'red' })
})

test('seen() says what arrived, nearest misses first; describe() never changes', () => {
  const journal = new Journal<Item>(3)
  const green = received(source(journal, 'green')).count(2)
  expect(green.describe()).toBe('a green item (at least 2 times)')
  expect(green.seen()).toBe('no item has arrived')
  journal.add([1, 2, 3, 4].map((id) => ({ id, kind: id === 2 ? 'green' : 'red' })))
  expect(green.seen()).toBe(
    '1 of 3 items matched, at least 2 needed (1 older item dropped from the journal)',
  )
  journal.clear()
  journal.add([
    { id: 5, kind: 'red' },
    { id: 6, kind: 'blue' },
  ])
  expect(received(source(journal, 'green')).where({ kind: 'blue' }).seen()).toBe(
    '2 items arrived, none matched. They were:\n' +
      '  #6: kind: expected "green", got "blue"\n' +
      '  #5: kind: expected "green", got "red"; where: kind: expected "blue", got "red"',
  )
  expect(green.describe()).toBe('a green item (at least 2 times)')
})

test('a failed wait shows seen() as its still: line; an arrival wakes the wait', async () => {
  const journal = new Journal<Item>(10)
  journal.add([{ id: 1, kind: 'red' }])
  const error = await until(received(source(journal, 'blue')))
    .atMost(20)
    .then(
      () => undefined,
      (e: unknown) => e,
    )
  expect(error).toBeInstanceOf(WaitError)
  expect((error as WaitError).message.split('\n').slice(1)).toEqual([
    '  still:       1 item arrived, none matched. It was:',
    '    #1: kind: expected "blue", got "red"',
  ])
  const waiting = until(received(source(journal, 'blue')))
    .every('60s')
    .atMost('10s')
  journal.add([{ id: 2, kind: 'blue' }])
  expect(await waiting).toEqual({ id: 2, kind: 'blue' })
  await during(20).never(received(source(journal, 'green')))
})
