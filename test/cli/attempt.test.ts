import { getEventListeners } from 'node:events'
import { expect, test } from 'vitest'
import { attemptSignal } from '../../src/cli/attempt.js'

test("an attempt's signal aborts with the wait's, and its release lets go of the wait's", () => {
  const wait = new AbortController()
  const attempts = Array.from({ length: 20 }, () => attemptSignal(wait.signal))
  expect(getEventListeners(wait.signal, 'abort')).toHaveLength(20)
  for (const attempt of attempts.slice(1)) attempt.release()
  expect(getEventListeners(wait.signal, 'abort')).toHaveLength(1)
  const reason = new Error('the deadline')
  wait.abort(reason)
  expect(attempts[0]?.signal.reason).toBe(reason)
  expect(attempts[1]?.signal.aborted).toBe(false)
})

test('an attempt made after the wait ended starts aborted, with no listener added', () => {
  const wait = new AbortController()
  wait.abort(new Error('over'))
  const attempt = attemptSignal(wait.signal)
  expect(attempt.signal.aborted).toBe(true)
  expect(getEventListeners(wait.signal, 'abort')).toHaveLength(0)
})

test('an attempt with a timeout aborts on its own with a TimeoutError', async () => {
  const wait = new AbortController()
  const attempt = attemptSignal(wait.signal, 5)
  await new Promise((resolve) => attempt.signal.addEventListener('abort', resolve))
  expect((attempt.signal.reason as DOMException).name).toBe('TimeoutError')
  expect(wait.signal.aborted).toBe(false)
  attempt.release()
  expect(getEventListeners(wait.signal, 'abort')).toHaveLength(0)
})
