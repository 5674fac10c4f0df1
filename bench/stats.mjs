import { performance } from 'node:perf_hooks'
import { setTimeout } from 'node:timers'

/**
 * Small numeric helpers shared by the scenarios.
 *
 * @example
 * median([3, 1, 2]) // 2
 */
export const now = () => performance.now()

/**
 * Resolves after `ms` milliseconds.
 *
 * @example
 * await sleep(10)
 */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The value below which `p` (0 to 1) of the samples fall, by nearest rank.
 *
 * @example
 * percentile([1, 2, 3, 4], 0.5) // 2
 */
export function percentile(samples, p) {
  if (samples.length === 0) return null
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil(p * sorted.length))
  return sorted[rank - 1]
}

/**
 * The middle sample.
 *
 * @example
 * median([3, 1, 2]) // 2
 */
export const median = (samples) => percentile(samples, 0.5)

/**
 * A seeded pseudo-random generator (mulberry32), so every tool sees the same flip moments.
 *
 * @example
 * const random = seeded(42)
 * random() // 0.6011037519201636
 */
export function seeded(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Rounds for the report: two decimals below 10, one below 100, none above.
 *
 * @example
 * round(3.14159) // 3.14
 */
export function round(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return value
  const digits = Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0
  return Number(value.toFixed(digits))
}
