import { stringify } from './format.js'

/**
 * Any object with an `asymmetricMatch` method: vitest's and jest's `expect.any(String)`,
 * `expect.stringContaining('x')`, `expect.objectContaining({...})`, `expect.arrayContaining([...])`,
 * and patiently's own {@link contains}. Used as a pattern anywhere, with no dependency on either.
 *
 * @example
 * ```ts
 * await until(() => api.order(id), { id: expect.any(String), status: 'paid' })
 * ```
 */
export interface AsymmetricMatcher {
  /** Whether `actual` is accepted. */
  asymmetricMatch(actual: unknown): boolean
}

/**
 * The literal part of a {@link Pattern} of `T`: a string or a RegExp for a string, a Date for a
 * Date, an array of patterns for an array, an object of optional patterns for an object, the
 * value itself for anything else.
 *
 * @example
 * ```ts
 * const shape: PatternShape<{ id: string; tags: string[] }> = { id: /^o-/, tags: ['new'] }
 * ```
 */
export type PatternShape<T> = T extends string
  ? T | RegExp
  : T extends Date
    ? Date
    : T extends readonly (infer E)[]
      ? readonly Pattern<E>[]
      : T extends (...args: never[]) => unknown
        ? T
        : T extends object
          ? { readonly [K in keyof T]?: Pattern<T[K]> }
          : T

/**
 * A deep-partial pattern of a value of type `T`, the one pattern language of patiently (checks,
 * HTTP sink matches, SQS message matches):
 * - an object matches when every key it gives matches (other keys are ignored); keys are data:
 *   `__proto__`, `constructor` and the other names every object inherits are looked up only as
 *   the value's own keys;
 * - an array matches element by element, with the same length; `contains(...)` matches an array
 *   that has, for each pattern given, an element matching it, in any order;
 * - a RegExp tests a string (from its start every time, whatever its flags); a Date compares by
 *   time; a function is a predicate on the value at its place; an {@link AsymmetricMatcher}
 *   decides by itself; anything else compares with `Object.is`.
 *
 * Where `T` is known, the keys are checked against it.
 *
 * @example
 * ```ts
 * const paid: Pattern<Order> = { status: 'paid', lines: contains({ sku: /^A-/ }), total: (n) => n > 0 }
 * ```
 */
export type Pattern<T = unknown> = unknown extends T
  ? unknown
  : PatternShape<T> | AsymmetricMatcher | ((value: T) => unknown)

/**
 * One way a value does not match a pattern: where (`lines[0].sku`, `''` for the value itself),
 * what the pattern expected, what was there, and the line a message shows.
 *
 * @example
 * ```ts
 * explain({ status: 'paid' }, { status: 'pending' })[0]?.text // 'status: expected "paid", got "pending"'
 * ```
 */
export interface Mismatch {
  /** Where in the value: `status`, `lines[0].sku`, `headers["x-id"]`; empty for the value itself. */
  readonly path: string
  /** What the pattern asked for, in words. */
  readonly expected: string
  /** What the value held there (`undefined` where it had nothing). */
  readonly actual: unknown
  /** `path: expected …, got …`, for messages. */
  readonly text: string
}

// Names every object inherits: a pattern's key with one of these names is data, looked up only
// as the value's own key, never as what Object.prototype provides.
const INHERITED = new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__'])

function isMatcher(pattern: object): pattern is AsymmetricMatcher {
  return typeof (pattern as { asymmetricMatch?: unknown }).asymmetricMatch === 'function'
}

function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)
  if (name !== key) return `${path}[${name}]`
  return path === '' ? key : `${path}.${key}`
}

/**
 * Reads `key` of `value` as data: its own property, or an inherited one (a getter on a class,
 * `Response.status`) unless the name is one every object inherits.
 */
function field(value: object, key: string): unknown {
  if (Object.hasOwn(value, key)) return (value as Record<string, unknown>)[key]
  return INHERITED.has(key) ? undefined : (value as Record<string, unknown>)[key]
}

/** What a pattern asks for, in words: `"paid"`, `a string matching /^A-/`, `accepted by …`. */
function expectation(pattern: unknown): string {
  try {
    if (typeof pattern === 'function') return `a value accepted by ${stringify(pattern)}`
    if (pattern instanceof RegExp) return `a string matching ${String(pattern)}`
    if (pattern !== null && typeof pattern === 'object' && isMatcher(pattern)) {
      return matcherWords(pattern)
    }
    return stringify(pattern)
  } catch {
    return '[a pattern that could not be read]'
  }
}

// jest's and vitest's matchers say what they are with toAsymmetricMatcher() (`Any<String>`), or
// with toString() and the `sample` they hold (`StringContaining "paid"`).
function matcherWords(matcher: AsymmetricMatcher): string {
  const own = matcher as { toAsymmetricMatcher?: () => unknown; sample?: unknown }
  const words = own.toAsymmetricMatcher?.()
  if (typeof words === 'string') return words
  const name = (matcher as { toString(): string }).toString()
  return own.sample === undefined ? name : `${name} ${stringify(own.sample)}`
}

// A value that could not be read (a throwing getter, a Proxy trap, a revoked proxy): a mismatch,
// told apart from errors of the pattern's own code, which are the user's and propagate.
class Unreadable extends Error {
  readonly error: unknown
  constructor(error: unknown) {
    super('unreadable')
    this.error = error
  }
}

function read<T>(get: () => T): T {
  try {
    return get()
  } catch (error) {
    throw new Unreadable(error)
  }
}

class Comparison {
  readonly found: Mismatch[] = []
  readonly #limit: number
  readonly #rethrow: boolean

  /**
   * `rethrow`: an error thrown by the pattern's own code (a predicate, a matcher, a Proxy used as
   * a pattern) propagates; otherwise it is a mismatch that says so.
   */
  constructor(limit: number, rethrow: boolean) {
    this.#limit = limit
    this.#rethrow = rethrow
  }

  get full(): boolean {
    return this.found.length >= this.#limit
  }

  miss(path: string, expected: string, actual: unknown, got = stringify(actual)): void {
    const text = `${path === '' ? 'value' : path}: expected ${expected}, got ${got}`
    this.found.push({ path, expected, actual, text })
  }

  #unreadable(path: string, pattern: unknown, error: unknown): void {
    const why = `${expectation(pattern)} (reading the value threw ${stringify(error)})`
    this.miss(path, why, undefined, 'nothing readable')
  }

  // Compares the value `get` reads with `pattern`, at `path`; a value that cannot be read there
  // is a mismatch there.
  #child(get: () => unknown, pattern: unknown, path: string): void {
    let value: unknown
    try {
      value = get()
    } catch (error) {
      this.#unreadable(path, pattern, error)
      return
    }
    this.compare(value, pattern, path)
  }

  compare(actual: unknown, pattern: unknown, path: string): void {
    try {
      this.#compare(actual, pattern, path)
    } catch (error) {
      if (error instanceof Unreadable) return this.#unreadable(path, pattern, error.error)
      if (this.#rethrow) throw error
      this.miss(path, `${expectation(pattern)} (the pattern threw ${stringify(error)})`, actual)
    }
  }

  #compare(actual: unknown, pattern: unknown, path: string): void {
    if (typeof pattern === 'function') {
      if (!(pattern as (value: unknown) => unknown)(actual)) {
        this.miss(path, expectation(pattern), actual)
      }
      return
    }
    if (pattern === null || typeof pattern !== 'object') {
      if (!Object.is(actual, pattern)) this.miss(path, expectation(pattern), actual)
      return
    }
    if (isMatcher(pattern)) {
      if (!pattern.asymmetricMatch(actual)) this.miss(path, expectation(pattern), actual)
      return
    }
    if (pattern instanceof RegExp) {
      // With the g or y flag, test() starts where the last match ended, so the same string would
      // match and then not: every check starts from the beginning instead.
      pattern.lastIndex = 0
      if (typeof actual !== 'string' || !pattern.test(actual)) {
        this.miss(path, expectation(pattern), actual)
      }
      return
    }
    if (pattern instanceof Date) {
      const time = read(() => (actual instanceof Date ? actual.getTime() : undefined))
      if (time !== pattern.getTime()) this.miss(path, expectation(pattern), actual)
      return
    }
    if (Array.isArray(pattern)) return this.#array(actual, pattern, path)
    if (actual === null || typeof actual !== 'object') {
      this.miss(path, `an object ${describePattern(pattern)}`, actual)
      return
    }
    for (const key of Object.keys(pattern)) {
      if (this.full) return
      const part = (pattern as Record<string, unknown>)[key]
      this.#child(() => field(actual, key), part, at(path, key))
    }
  }

  #array(actual: unknown, pattern: readonly unknown[], path: string): void {
    const items = read(() => (Array.isArray(actual) ? actual : undefined))
    if (!items) {
      this.miss(path, `an array of ${pattern.length}`, actual)
      return
    }
    const length = read(() => items.length)
    if (length !== pattern.length) this.miss(at(path, 'length'), String(pattern.length), length)
    const shared = Math.min(length, pattern.length)
    for (let i = 0; i < shared && !this.full; i++) {
      this.#child(() => (items as unknown[])[i], pattern[i], at(path, i))
    }
  }
}

/**
 * Whether `value` matches `pattern` (see {@link Pattern}). What the pattern's own code throws (a
 * predicate, a matcher) propagates; a value that cannot be read (a throwing getter or Proxy trap)
 * does not match.
 *
 * @example
 * ```ts
 * matches({ id: 1, status: 'paid', extra: true }, { status: 'paid' }) // true
 * ```
 */
export function matches(value: unknown, pattern: unknown): boolean {
  const comparison = new Comparison(1, true)
  comparison.compare(value, pattern, '')
  return comparison.found.length === 0
}

/**
 * Where and how `value` does not match `pattern`: at most `limit` mismatches, with their paths.
 * Empty when it matches. Never throws: a predicate that throws is a mismatch that says so.
 *
 * @example
 * ```ts
 * explain({ lines: [{ sku: 'B-2' }] }, { lines: [{ sku: 'A-1' }] }).map((m) => m.text)
 * // ['lines[0].sku: expected "A-1", got "B-2"']
 * ```
 */
export function explain(value: unknown, pattern: unknown, limit = 20): readonly Mismatch[] {
  const comparison = new Comparison(limit, false)
  comparison.compare(value, pattern, '')
  return comparison.found
}

/**
 * The pattern in words, for messages: `matching { requestId: "r-7" }`, `accepted by …`.
 */
export function describePattern(pattern: unknown): string {
  if (typeof pattern === 'function') return `accepted by ${stringify(pattern)}`
  return `matching ${stringify(pattern)}`
}

/**
 * A pattern for an array that has, for each pattern given, an element matching it, in any order
 * and among any others.
 *
 * @example
 * ```ts
 * await until(() => api.order(id), { lines: contains({ sku: 'A-1' }, { sku: 'B-2' }) })
 * ```
 */
export function contains<E = unknown>(...items: readonly Pattern<E>[]): AsymmetricMatcher {
  return {
    asymmetricMatch: (actual) =>
      Array.isArray(actual) &&
      items.every((item) => actual.some((element) => matches(element, item))),
    toString: () => `an array containing ${stringify(items).slice(1, -1).trim() || 'anything'}`,
  } as AsymmetricMatcher
}
