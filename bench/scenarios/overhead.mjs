import process from 'node:process'
import { clearTimeout, setTimeout } from 'node:timers'
import { median, now, percentile } from '../stats.mjs'

/**
 * Overhead at interval 0: an always-false probe polled as fast as the tool allows until its
 * timeout, while an unrelated 10 ms timer measures how late the event loop lets it fire.
 *
 * @example
 * const { attemptsPerSec, timerLateP99Ms } = await overhead(tools.patiently, settings(false))
 */
export async function overhead(tool, s) {
  const { ms, tickMs } = s.overhead
  let attempts = 0
  const probe = () => {
    attempts++
    return false
  }
  const late = []
  let due = now() + tickMs
  let ticker
  const tick = () => {
    const t = now()
    late.push(t - due)
    due = t + tickMs
    ticker = setTimeout(tick, tickMs)
  }
  ticker = setTimeout(tick, tickMs)
  const cpu = process.cpuUsage()
  const start = now()
  await tool.wait(probe, { interval: 0, timeout: ms }).catch(() => {})
  const elapsed = now() - start
  const used = process.cpuUsage(cpu)
  clearTimeout(ticker)
  return {
    elapsedMs: elapsed,
    attempts,
    attemptsPerSec: (attempts / elapsed) * 1000,
    cpuUsPerAttempt: attempts === 0 ? null : (used.user + used.system) / attempts,
    cpuShare: (used.user + used.system) / 1000 / elapsed,
    timerTicks: late.length,
    timerLateMedianMs: median(late),
    timerLateP99Ms: percentile(late, 0.99),
    timerLateMaxMs: percentile(late, 1),
  }
}
