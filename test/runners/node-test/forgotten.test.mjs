import assert from 'node:assert/strict'
import { test } from 'node:test'
import { during, until } from 'patiently'

test('a never check that is not awaited', () => {
  void during('100ms').never(() => false)
})

test('an awaited never check', async () => {
  await during('50ms').never(() => false)
})

test('a wait built in steps, then awaited', async () => {
  const ready = until(() => 1).every(10)
  assert.equal(await ready.atMost('1s'), 1)
})
