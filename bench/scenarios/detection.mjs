import { clearTimeout, setTimeout } from 'node:timers'
import { median, now, percentile, seeded } from '../stats.mjs'

/**
 * Detection latency: a flag flips at seeded random moments (0 to `maxFlipMs`); the time from the
 * flip to the wait resolving, over many trials. Tools with `events` get a wake-up fired at the
 * flip, the way the adapters wake the engine.
 *
 * @example
 * const { medianMs, p99Ms } = await detection(tools.patiently, settings(false))
 */
export async function detection(tool, s) {
  const random = seeded(s.seed)
  const latencies = []
  let failures = 0
  for (let i = 0; i < s.detection.trials; i++) {
    const flipAt = random() * s.detection.maxFlipMs
    let flag = false
    let flippedAt = 0
    const wakes = new Set()
    const subscribe = (wake) => {
      wakes.add(wake)
      return () => wakes.delete(wake)
    }
    const flip = setTimeout(() => {
      flag = true
      flippedAt = now()
      for (const wake of wakes) wake()
    }, flipAt)
    try {
      await tool.wait(() => flag, {
        interval: s.interval,
        timeout: s.timeout,
        ...(tool.events ? { subscribe } : {}),
      })
      latencies.push(now() - flippedAt)
    } catch {
      failures++
      clearTimeout(flip)
    }
  }
  return {
    trials: s.detection.trials,
    failures,
    medianMs: median(latencies),
    p99Ms: percentile(latencies, 0.99),
    maxMs: percentile(latencies, 1),
  }
}
