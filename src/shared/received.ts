import { toCount } from '../core/validate.js'
import { plural, short } from '../core/format.js'
import { describePattern, explain, matches, type Pattern } from '../core/pattern.js'
import { condition, type Condition, type ProbeContext, type Subscription } from '../core/probe.js'
import type { Journal } from './journal.js'

/**
 * The condition `sink.received(...)` and `bus.received(...)` return, the same in both adapters.
 * `until` resolves with the first (oldest) matching entry; `.count(n)`, `.exactly(n)` and
 * `.all()` resolve with every matching entry, oldest first. Reading never consumes, so any number
 * of waits can look at the same entries, and every arrival wakes them at once. Every modifier
 * returns a new condition.
 *
 * @example
 * ```ts
 * const request = await until(sink.received({ method: 'POST', body: { requestId } })).atMost('5s')
 * const event = await until(bus.received('customer--created', { customerId })).atMost('3s')
 * await during('1s').never(sink.received({ body: { requestId } }).count(2))
 * ```
 */
export interface Received<T, R = T> extends Condition<R | false> {
  /** What is awaited, for messages: `POST /callbacks (at least 2 times)`. */
  describe(): string
  /** Wakes the wait on every arrival (and, for a queue, keeps it received while the wait runs). */
  subscribe(wake: () => void, subscription: Subscription): () => void
  /** What had arrived when the wait failed: `4 requests arrived, none matched. Closest: …`. */
  seen(): string
  /** Passes once at least `n` entries match; resolves with all of them. */
  count(n: number): Received<T, readonly T[]>
  /** Passes while exactly `n` entries match (0 allowed); resolves with them. */
  exactly(n: number): Received<T, readonly T[]>
  /** Passes once at least one entry matches; resolves with all of them. */
  all(): Received<T, readonly T[]>
  /**
   * Only entries the predicate accepts, or that match the deep-partial pattern (it sees the whole
   * entry: `.where({ attributes: { kind: 'paid' } })`, `.where((r) => r.rawBody.length < 1000)`).
   */
  where(pattern: Pattern<T>): Received<T, R>
  /** The matching entries recorded so far, oldest first, without waiting. */
  found(): readonly T[]
}

/**
 * What the shared `received` builder needs from an adapter: where its entries are and how it
 * matches and shows them.
 */
export interface Source<T> {
  /** What one entry is called in messages: `request`, `message`. */
  readonly noun: string
  /** What is awaited, for one entry: `POST /callbacks`, `a message on queue "orders"`. */
  readonly what: string
  /** The entries so far; `undefined` while there is nowhere to look yet (a queue not found). */
  journal(): Journal<T> | undefined
  /** Whether an entry matches the adapter's own match. */
  test(entry: T): boolean
  /** How many parts of the adapter's own match an entry satisfies, for near misses. */
  score(entry: T): number
  /** One entry in a line, for messages. */
  summarize(entry: T): string
  /** The entry as a near miss: the few words that name it (`POST /callbacks?x=1`). */
  name(entry: T): string
  /** Why an entry does not match the adapter's own match: each part that fails, with its path. */
  explain(entry: T): readonly string[]
  subscribe(wake: () => void, subscription: Subscription): () => void
  /** Throws where the adapter cannot look (a closed bus, a queue that fails to receive). */
  check?(mode: ProbeContext['mode'], passed: boolean): void
}

interface Filter<T> {
  readonly test: (entry: T) => boolean
  readonly text: string
  readonly explain: (entry: T) => readonly string[]
}

interface Spec<T> {
  readonly source: Source<T>
  readonly filters: readonly Filter<T>[]
  readonly least: number
  readonly exact: boolean
  readonly list: boolean
}

// How many near misses a message shows, and how many reasons for each.
const CLOSEST = 3
const NEAR_MISS_REASONS = 3

/**
 * Where `value` does not match `pattern`, as near-miss reasons under `field`:
 * `body.requestId: expected "r-7", got "r-6"`.
 */
export function reasons(field: string, value: unknown, pattern: unknown): string[] {
  return explain(value, pattern, NEAR_MISS_REASONS).map((m) => {
    const at =
      m.path === '' ? field : m.path.startsWith('[') ? `${field}${m.path}` : `${field}.${m.path}`
    return `${at}: expected ${m.expected}, got ${short(m.actual, 60)}`
  })
}

/**
 * Builds the `received` condition of an adapter over its source.
 */
export function received<T>(source: Source<T>): Received<T> {
  return make<T, T>({ source, filters: [], least: 1, exact: false, list: false })
}

function make<T, R>(spec: Spec<T>): Received<T, R> {
  const { source } = spec
  const accepts = (entry: T): boolean =>
    source.test(entry) && spec.filters.every((filter) => filter.test(entry))
  const found = (): readonly T[] => source.journal()?.entries.filter(accepts) ?? []
  const enough = (n: number): boolean => (spec.exact ? n === spec.least : n >= spec.least)
  const probe = ({ mode }: ProbeContext): R | false => {
    const entries = found()
    const passed = enough(entries.length)
    source.check?.(mode, passed)
    if (!passed) return false
    return (spec.list ? entries : entries[0]) as R
  }
  const description = `${source.what}${spec.filters.map((f) => `, ${f.text}`).join('')}${quantity(spec)}`
  // The wait may read seen() after every failing attempt: work it out again only on a change.
  let memo: { journal: Journal<T> | undefined; version: number; text: string } | undefined
  const seen = (): string => {
    const journal = source.journal()
    const version = journal?.version ?? 0
    const kept = memo
    if (kept && kept.journal === journal && kept.version === version) return kept.text
    const text = seenIn(spec, journal, accepts)
    memo = { journal, version, text }
    return text
  }
  // A matching entry in a line: what it is and what it carried, not every header and byte.
  const show = (value: R | false): string => {
    if (value === false) return 'false'
    if (!spec.list) return source.summarize(value as unknown as T)
    const entries = value as unknown as readonly T[]
    return `${plural(entries.length, source.noun)}: ${entries
      .slice(0, CLOSEST)
      .map((e) => source.summarize(e))
      .join('; ')}${entries.length > CLOSEST ? '; …' : ''}`
  }
  const made = condition<R | false>(probe, {
    describe: () => description,
    subscribe: (wake, subscription) => source.subscribe(wake, subscription),
    seen,
    show,
  }) as Received<T, R>
  const many = (least: number, exact: boolean): Received<T, readonly T[]> =>
    make<T, readonly T[]>({ ...spec, least, exact, list: true })
  return Object.assign(made, {
    count: (n: number) => many(toCount(n, 'count'), false),
    exactly: (n: number) => many(toCount(n, 'exactly', 0), true),
    all: () => many(1, false),
    where: (pattern: Pattern<T>): Received<T, R> => {
      if (pattern === undefined) {
        throw new TypeError('Expected `where` to be given a function or a pattern, got undefined')
      }
      const filter: Filter<T> = {
        test: (entry) => matches(entry, pattern),
        text: describePattern(pattern),
        explain: (entry) =>
          explain(entry, pattern, NEAR_MISS_REASONS).map((m) => `where: ${m.text}`),
      }
      return make<T, R>({ ...spec, filters: [...spec.filters, filter] })
    },
    found,
  })
}

// How many entries are needed: `exactly 2`, `at least 1`.
function need(spec: { readonly exact: boolean; readonly least: number }): string {
  return `${spec.exact ? 'exactly' : 'at least'} ${spec.least}`
}

function quantity(spec: { readonly exact: boolean; readonly least: number }): string {
  const times = plural(spec.least, 'time')
  if (spec.exact) return ` (exactly ${times})`
  return spec.least > 1 ? ` (at least ${times})` : ''
}

function seenIn<T>(
  spec: Spec<T>,
  journal: Journal<T> | undefined,
  accepts: (entry: T) => boolean,
): string {
  const { noun } = spec.source
  const entries = journal?.entries ?? []
  const dropped =
    journal && journal.dropped > 0
      ? ` (${plural(journal.dropped, `older ${noun}`)} dropped from the journal)`
      : ''
  if (entries.length === 0) return `no ${noun} has arrived${dropped}`
  const matched = entries.filter(accepts).length
  if (matched > 0) {
    return `${matched} of ${plural(entries.length, noun)} matched, ${need(spec)} needed${dropped}`
  }
  const arrived = `${plural(entries.length, noun)} arrived`
  const label =
    entries.length > CLOSEST ? 'The closest' : entries.length === 1 ? 'It was' : 'They were'
  // Each near miss with the parts that did not match; the parts that did are not repeated.
  const closest = closestOf(spec, entries).map((entry) => {
    const reasons = [
      ...spec.source.explain(entry),
      ...spec.filters.flatMap((filter) => filter.explain(entry)),
    ]
    const shown = reasons.slice(0, NEAR_MISS_REASONS)
    const more = reasons.length - shown.length
    const tail = more > 0 ? `; … ${more} more` : ''
    return `\n  ${spec.source.name(entry)}: ${shown.join('; ')}${tail}`
  })
  return `${arrived}, none matched${dropped}. ${label}:${closest.join('')}`
}

// The best few by score, the latest first among equals, in one pass: no sort of the journal.
function closestOf<T>(spec: Spec<T>, entries: readonly T[]): T[] {
  const score = (entry: T): number =>
    spec.source.score(entry) + spec.filters.filter((filter) => filter.test(entry)).length
  const best: { entry: T; score: number }[] = []
  for (const entry of entries) {
    const points = score(entry)
    // Ties go to the later entry, which comes later in the journal.
    const at = best.findIndex((kept) => points >= kept.score)
    if (at !== -1) best.splice(at, 0, { entry, score: points })
    else if (best.length < CLOSEST) best.push({ entry, score: points })
    if (best.length > CLOSEST) best.pop()
  }
  return best.map(({ entry }) => entry)
}
