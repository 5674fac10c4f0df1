import { getEventListeners } from 'node:events'
import { describe, expect, test } from 'vitest'
import { onAbort } from '../../src/core/abort.js'

describe('onAbort', () => {
  test('adds one listener to the signal however many callbacks share it, and removes it with the last', () => {
    const controller = new AbortController()
    const stops = Array.from({ length: 50 }, () => onAbort(controller.signal, () => undefined))
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    for (const stop of stops.slice(1)) stop()
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    stops[0]?.()
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  test('calls every callback still listening when the signal aborts, once', () => {
    const controller = new AbortController()
    const calls: string[] = []
    onAbort(controller.signal, () => calls.push('a'))
    const stopB = onAbort(controller.signal, () => calls.push('b'))
    onAbort(controller.signal, () => calls.push('c'))
    stopB()
    controller.abort()
    controller.abort()
    expect(calls).toEqual(['a', 'c'])
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  test('starts afresh on a signal whose listeners were all removed', () => {
    const controller = new AbortController()
    onAbort(controller.signal, () => undefined)()
    const calls: number[] = []
    onAbort(controller.signal, () => calls.push(1))
    controller.abort()
    expect(calls).toEqual([1])
  })
})
