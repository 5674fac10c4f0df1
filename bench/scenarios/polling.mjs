import process from 'node:process'
import { now } from '../stats.mjs'

/**
 * Overhead at the usual interval: `waits` always-false waits polling every 10 ms until their
 * timeout, side by side: the CPU each attempt costs (timers, promises, bookkeeping and the garbage
 * collection they cause), when the CPU is not the limit.
 *
 * @example
 * const { cpuUsPerAttempt } = await polling(tools.patiently, settings(false))
 */
export async function polling(tool, s) {
  const { waits, ms } = s.polling
  let attempts = 0
  const probe = () => {
    attempts++
    return false
  }
  const cpu = process.cpuUsage()
  const start = now()
  const all = []
  for (let i = 0; i < waits; i++) {
    all.push(tool.wait(probe, { interval: s.interval, timeout: ms }).catch(() => {}))
  }
  await Promise.all(all)
  const elapsed = now() - start
  const used = process.cpuUsage(cpu)
  return {
    waits,
    elapsedMs: elapsed,
    attempts,
    cpuUsPerAttempt: attempts === 0 ? null : (used.user + used.system) / attempts,
    cpuShare: (used.user + used.system) / 1000 / elapsed,
  }
}
