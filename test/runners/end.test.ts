import { afterEach, expect, test } from 'vitest'
import { until } from '../../src/index.js'
import { track, untrack } from '../../src/core/tracking.js'
import { forgottenError, stopRunning } from '../../src/runners/end.js'
import { FakeClock } from '../core/fake-clock.js'

afterEach(() => {
  untrack()
})

test('stopRunning: nothing when no wait runs; else the running waits as an error at their lines, then stopped', async () => {
  const tracking = track()
  tracking.enter('pays')
  expect(stopRunning(tracking, 'pays', 'failed')).toBeUndefined()
  const clock = new FakeClock()
  const outcome = until(() => false)
    .clock(clock)
    .as('the order to be paid')
    .result()
  const error = stopRunning(tracking, 'pays', 'failed')
  expect(error?.message).toMatch(
    /^The test failed with 1 wait still running:\n {2}Still waiting for the order to be paid after 0 ms/,
  )
  expect(error?.stack.split('\n').at(-1)).toMatch(/^ {4}at .*end\.test\.ts:\d+:\d+$/)
  expect(await outcome).toMatchObject({ passed: false, error: { reason: 'stopped' } })
  expect(tracking.running()).toEqual([])
})

test('forgottenError: the waits a test made and never started, once', () => {
  const tracking = track()
  tracking.enter('pays')
  expect(forgottenError(tracking, 'pays')).toBeUndefined()
  void until(() => true)
  expect(forgottenError(tracking, 'pays')?.message).toMatch(
    /^This test made 1 wait and never awaited it/,
  )
  expect(forgottenError(tracking, 'pays')).toBeUndefined()
})
