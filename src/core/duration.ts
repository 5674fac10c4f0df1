import { invalid } from './validate.js'

/**
 * A length of time: a number of milliseconds, or a string with a unit such as `'250ms'`, `'3s'`,
 * `'1.5m'` or `'1h'`.
 *
 * @example
 * ```ts
 * until(probe).atMost('3s').every(100)
 * ```
 */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h'}`

/** The longest delay setTimeout keeps (2^31 − 1 ms, about 24.8 days); anything longer fires at once. */
export const MAX_MS = 2_147_483_647

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/**
 * Turns a {@link Duration} into milliseconds, or throws a TypeError naming `option`.
 */
export function toMs(value: unknown, option: string): number {
  const expected =
    "a non-negative number of milliseconds (at most 24 days) or a duration such as '250ms', '3s', '1m'"
  if (typeof value === 'number') {
    if (!(value >= 0 && value <= MAX_MS)) invalid(option, expected, value)
    return value
  }
  if (typeof value === 'string') {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(value)
    const ms = match ? Number(match[1]) * (UNITS[match[2] as string] as number) : NaN
    if (ms <= MAX_MS) return ms
  }
  return invalid(option, expected, value)
}

/**
 * Formats milliseconds for people: `850 ms`, `1.25 s`, `2 m 5 s`, `3 h 20 m`, `20 d 20 h`.
 *
 * @example
 * ```ts
 * formatMs(1250) // '1.25 s'
 * ```
 */
export function formatMs(ms: number): string {
  // Round before choosing the unit, so 999.6 ms is '1 s' and 59,999 ms is '1 m 0 s', not '60 s'.
  const whole = Math.round(ms)
  if (whole < 1000) return `${whole} ms`
  const seconds = Number((whole / 1000).toFixed(2))
  if (seconds < 60) return `${seconds} s`
  const total = Math.round(whole / 1000)
  if (total < 3600) return `${Math.floor(total / 60)} m ${total % 60} s`
  const minutes = Math.round(total / 60)
  if (minutes < 1440) return `${Math.floor(minutes / 60)} h ${minutes % 60} m`
  const hours = Math.round(minutes / 60)
  return `${Math.floor(hours / 24)} d ${hours % 24} h`
}
