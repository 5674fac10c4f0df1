import { describe, expect, test } from 'vitest'
import type { OpenWait } from '../../src/core/tracking.js'
import { runningMessage } from '../../src/runners/words.js'

const paid: OpenWait = {
  test: 'pays',
  mode: 'until',
  site: '/app/orders.test.ts:5:9',
  description: 'the order to be paid',
  elapsedMs: 1000,
  limitMs: 10_000,
  text: 'Still waiting for the order to be paid after 1 s (atMost 10 s, 20 attempts).\n  last value:  false',
  testTimeoutMs: 1000,
}

describe('runningMessage', () => {
  test('each wait as its WaitError would read now, where it was made, and a hint on a limit past the test timeout', () => {
    expect(runningMessage([paid])).toBe(
      [
        'The test failed with 1 wait still running:',
        '  Still waiting for the order to be paid after 1 s (atMost 10 s, 20 attempts).',
        '    last value:  false',
        '    made at /app/orders.test.ts:5:9',
        "    hint: its deadline (10 s) is longer than the test's timeout (1 s): the runner ends the test first and its own message hides this one; lower atMost, or raise the test's timeout",
      ].join('\n'),
    )
  })

  test('no hint when the limit fits the test timeout, or the timeout is unknown; a window is a window', () => {
    const refund: OpenWait = {
      ...paid,
      mode: 'never',
      description: 'a refund',
      limitMs: 5000,
      text: undefined,
      testTimeoutMs: 2000,
    }
    expect(
      runningMessage(
        [{ ...paid, testTimeoutMs: 30_000 }, { ...paid, testTimeoutMs: undefined }, refund],
        'ended',
      ),
    ).toBe(
      [
        'The test ended with 3 waits still running:',
        '  Still waiting for the order to be paid after 1 s (atMost 10 s, 20 attempts).',
        '    last value:  false',
        '    made at /app/orders.test.ts:5:9',
        '  Still waiting for the order to be paid after 1 s (atMost 10 s, 20 attempts).',
        '    last value:  false',
        '    made at /app/orders.test.ts:5:9',
        '  never a refund: 1 s of 5 s',
        '    made at /app/orders.test.ts:5:9',
        "    hint: its window (5 s) is longer than the test's timeout (2 s): the runner ends the test first and its own message hides this one; lower the window, or raise the test's timeout",
      ].join('\n'),
    )
  })
})
