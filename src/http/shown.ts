import { stringify } from '../core/format.js'

/**
 * A bad value as `invalid()` should show it: strings as they are (it quotes them), anything
 * else formatted.
 *
 * @example
 * ```ts
 * invalid('path', "a string starting with '/'", shown(value))
 * ```
 */
export function shown(value: unknown): unknown {
  return typeof value === 'string' || typeof value === 'number' ? value : stringify(value)
}
