import process from 'node:process'
import { setImmediate } from 'node:timers'
import { createHook } from 'node:async_hooks'
import { getEventListeners } from 'node:events'

// Timers and immediates created while recording and not yet cleared or fired.
const live = new Set()
let recording = false
const hook = createHook({
  init(id, type) {
    if (recording && (type === 'Timeout' || type === 'Immediate')) live.add(id)
  },
  destroy(id) {
    live.delete(id)
  },
})

const turn = () => new Promise((resolve) => setImmediate(resolve))

const probes = {
  success: () => {
    let n = 0
    return () => ++n >= 3
  },
  timeout: () => () => false,
  'throwing probe': () => () => {
    throw new Error('boom')
  },
}

/** One wait: what it leaves behind one event-loop turn after it settled. */
async function leftovers(tool, s, makeProbe) {
  const controller = new globalThis.AbortController()
  const wakes = new Set()
  const subscribe = (wake) => {
    wakes.add(wake)
    return () => wakes.delete(wake)
  }
  const warnings = []
  const onWarning = (warning) => warnings.push(warning.name)
  process.on('warning', onWarning)
  live.clear()
  recording = true
  await tool
    .wait(makeProbe(), {
      interval: s.interval,
      timeout: s.leaks.timeout,
      ...(tool.signal ? { signal: controller.signal } : {}),
      ...(tool.events ? { subscribe } : {}),
    })
    .catch(() => {})
  recording = false
  await turn()
  process.off('warning', onWarning)
  const signalListeners = tool.signal ? getEventListeners(controller.signal, 'abort').length : 0
  return {
    timers: live.size,
    listeners: signalListeners + wakes.size,
    listenerWarnings: warnings.filter((name) => name === 'MaxListenersExceededWarning').length,
  }
}

/** Whether `n` concurrent waits on one AbortSignal make Node warn of a listener leak. */
async function sharedSignal(tool, s) {
  if (!tool.signal) return null
  const controller = new globalThis.AbortController()
  const warnings = []
  const onWarning = (warning) => warnings.push(warning.name)
  process.on('warning', onWarning)
  const waits = []
  for (let i = 0; i < s.leaks.sharedSignalWaits; i++) {
    waits.push(
      tool.wait(probes.success(), {
        interval: s.interval,
        timeout: s.leaks.timeout,
        signal: controller.signal,
      }),
    )
  }
  await Promise.allSettled(waits)
  await turn()
  process.off('warning', onWarning)
  return {
    maxListenersWarning: warnings.includes('MaxListenersExceededWarning'),
    listenersLeft: getEventListeners(controller.signal, 'abort').length,
  }
}

/**
 * Leaks: timers and listeners (on the AbortSignal the tool was given, and wake-up subscriptions)
 * still pending one turn after a wait succeeded, timed out, or gave up on a throwing probe. Each
 * case runs `reps` times and the smallest count is kept, so a timer the test runner itself
 * happened to start meanwhile is not blamed on the tool; a real leak shows in every run.
 *
 * @example
 * const { cases } = await leaks(tools['p-wait-for'], settings(false))
 * cases.success.timers // 1
 */
export async function leaks(tool, s) {
  hook.enable()
  try {
    const cases = {}
    for (const [name, makeProbe] of Object.entries(probes)) {
      let best
      for (let i = 0; i < s.leaks.reps; i++) {
        const found = await leftovers(tool, s, makeProbe)
        best = best
          ? {
              timers: Math.min(best.timers, found.timers),
              listeners: Math.min(best.listeners, found.listeners),
              listenerWarnings: Math.min(best.listenerWarnings, found.listenerWarnings),
            }
          : found
      }
      cases[name] = best
    }
    return { cases, sharedSignal: await sharedSignal(tool, s) }
  } finally {
    hook.disable()
  }
}
