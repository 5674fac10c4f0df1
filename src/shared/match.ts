import { stringify } from '../core/format.js'

/**
 * A deep-partial pattern: objects match when every key given matches the value the actual object
 * holds under that key as its own (other keys are ignored; inherited ones, such as `constructor`
 * or `__proto__`, are never looked up),
 * arrays element by element with the same length, a RegExp tests a string (from its start every
 * time, whatever its flags), a function is a predicate, anything else compares with `Object.is`
 * (dates by time).
 *
 * @example
 * ```ts
 * const p: Pattern = { requestId: 'r-7', items: [{ sku: /^A-/ }], total: (n: unknown) => Number(n) > 0 }
 * ```
 */
export type Pattern = unknown

/**
 * Whether `actual` matches the deep-partial `pattern`.
 *
 * @example
 * ```ts
 * matches({ id: 1, status: 'paid', extra: true }, { status: 'paid' }) // true
 * ```
 */
export function matches(actual: unknown, pattern: Pattern): boolean {
  if (typeof pattern === 'function')
    return Boolean((pattern as (value: unknown) => unknown)(actual))
  if (pattern instanceof RegExp) {
    if (typeof actual !== 'string') return false
    // With the g or y flag, test() starts where the last match ended, so the same string would
    // match and then not: every check starts from the beginning instead.
    pattern.lastIndex = 0
    return pattern.test(actual)
  }
  if (pattern instanceof Date)
    return actual instanceof Date && actual.getTime() === pattern.getTime()
  if (Array.isArray(pattern)) {
    return (
      Array.isArray(actual) &&
      actual.length === pattern.length &&
      pattern.every((item, i) => matches(actual[i], item))
    )
  }
  if (pattern !== null && typeof pattern === 'object') {
    if (actual === null || typeof actual !== 'object') return false
    // Own keys only, on both sides: a pattern's own `__proto__` or `constructor` key is data, and
    // must not compare against the prototype every object inherits.
    return Object.entries(pattern).every(([key, value]) =>
      matches(
        Object.hasOwn(actual, key) ? (actual as Record<string, unknown>)[key] : undefined,
        value,
      ),
    )
  }
  return Object.is(actual, pattern)
}

/**
 * The pattern in words, for messages: `matching { requestId: "r-7" }`.
 *
 * @example
 * ```ts
 * describePattern({ requestId: 'r-7' }) // 'matching { requestId: "r-7" }'
 * ```
 */
export function describePattern(pattern: Pattern): string {
  if (typeof pattern === 'function') return `accepted by ${stringify(pattern)}`
  return `matching ${stringify(pattern)}`
}
