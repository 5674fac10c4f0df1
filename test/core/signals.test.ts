import { describe, expect, test } from 'vitest'
import { retryAfter, stop, WaitSignal } from '../../src/core/signals.js'

describe('stop', () => {
  test('makes a stop signal that fails by default', () => {
    const signal = stop('the order was cancelled')
    expect(signal).toBeInstanceOf(WaitSignal)
    expect(signal).toBeInstanceOf(Error)
    expect(signal.name).toBe('WaitSignal')
    expect(signal.message).toBe('the order was cancelled')
    expect(signal.kind).toBe('stop')
    expect(signal.pass).toBe(false)
    expect('cause' in signal).toBe(false)
  })

  test('carries pass and cause when given', () => {
    const cause = new Error('gone')
    const signal = stop('done early', { pass: true, cause })
    expect(signal.pass).toBe(true)
    expect(signal.cause).toBe(cause)
  })
})

describe('retryAfter', () => {
  test('makes a retry signal with the delay in milliseconds', () => {
    expect(retryAfter('2s')).toMatchObject({
      kind: 'retry',
      delayMs: 2000,
      pass: false,
      message: 'the probe asked to retry later',
    })
    expect(retryAfter(150, 'rate limited').message).toBe('rate limited')
  })

  test('rejects a bad delay, naming retryAfter', () => {
    expect(() => retryAfter(-1)).toThrow(
      new TypeError(
        "Expected `retryAfter` to be a non-negative number of milliseconds (at most 24 days) or a duration such as '250ms', '3s', '1m', got -1",
      ),
    )
  })
})
