import { plural } from '../core/format.js'
import { toCount } from '../core/duration.js'
import { condition, type Condition, type Subscription } from '../core/probe.js'
import type { Journal } from '../shared/journal.js'
import { summarize, type Matcher } from './match.js'
import type { RecordedRequest } from './request.js'

/**
 * A condition that passes with several requests: what `.count(n)`, `.exactly(n)` and `.all()`
 * return. `until` resolves with every matching request, oldest first.
 *
 * @example
 * ```ts
 * const both: readonly RecordedRequest[] = await until(sink.received('/callbacks').count(2))
 * ```
 */
export interface ReceivedMany extends Condition<readonly RecordedRequest[]> {
  describe(): string
  subscribe(wake: () => void, subscription: Subscription): () => void
}

/**
 * The condition `sink.received(match)` returns: it passes once a matching request is in the
 * journal and `until` resolves with the first (oldest) one. Reading never consumes, so any
 * number of waits can look at the same requests. Every arrival wakes the waits at once; the
 * wait's own schedule remains the fallback.
 *
 * @example
 * ```ts
 * const request = await until(sink.received({ method: 'POST', body: { requestId } })).atMost('5s')
 * await during('1s').never(sink.received({ body: { requestId } }).count(2))
 * ```
 */
export interface Received extends Condition<RecordedRequest> {
  describe(): string
  subscribe(wake: () => void, subscription: Subscription): () => void
  /** Passes when at least `n` requests match; resolves with all of them. */
  count(n: number): ReceivedMany
  /** Passes when exactly `n` requests match (0 allowed); resolves with them. */
  exactly(n: number): ReceivedMany
  /** Passes when at least one request matches; resolves with all of them. */
  all(): ReceivedMany
}

const CLOSEST = 3

/**
 * Builds the `received` condition over a journal.
 *
 * @example
 * ```ts
 * const arrived = received(journal, toMatcher('POST /callbacks'))
 * ```
 */
export function received(journal: Journal<RecordedRequest>, matcher: Matcher): Received {
  const subscribe = (wake: () => void): (() => void) => journal.onChange(wake)
  const describe = (): string => matcher.describe()
  // Every failing attempt reports the closest requests, and the wait keeps every report's text;
  // scoring the whole journal again is only needed once it has changed.
  let summary: { version: number; text: string } | undefined
  const noneMatchedNow = (): string => {
    if (summary?.version !== journal.version) {
      summary = { version: journal.version, text: noneMatched(journal, matcher) }
    }
    return summary.text
  }
  // "Not yet" is thrown with the closest requests, for `until`'s message; in a `never` window it
  // is "it did not happen", which a throw cannot say (the window would end not knowing), so
  // there it is `false`.
  const one = condition<RecordedRequest | false>(
    ({ mode }) => {
      const found = journal.entries.find((request) => matcher.test(request))
      if (found) return found
      if (mode === 'never') return false
      throw new Error(noneMatchedNow())
    },
    { describe, subscribe },
  ) as Condition<RecordedRequest>
  const many = (accepts: (n: number) => boolean, need: string, label: string): ReceivedMany =>
    condition<readonly RecordedRequest[] | false>(
      ({ mode }) => {
        const found = journal.entries.filter((request) => matcher.test(request))
        if (accepts(found.length)) return found
        if (mode === 'never') return false
        if (found.length === 0 && need === 'at least 1') throw new Error(noneMatchedNow())
        throw new Error(
          `${found.length} of ${plural(journal.entries.length, 'request')} matched, ${need} needed${dropped(journal)}`,
        )
      },
      { describe: () => `${describe()}${label}`, subscribe },
    ) as ReceivedMany
  return Object.assign(one as Received, {
    count(n: number): ReceivedMany {
      toCount(n, 'count')
      return many((found) => found >= n, `at least ${n}`, ` (at least ${times(n)})`)
    },
    exactly(n: number): ReceivedMany {
      toCount(n, 'exactly', 0)
      return many((found) => found === n, `exactly ${n}`, ` (exactly ${times(n)})`)
    },
    all(): ReceivedMany {
      return many((found) => found >= 1, 'at least 1', '')
    },
  })
}

function noneMatched(journal: Journal<RecordedRequest>, matcher: Matcher): string {
  const entries = journal.entries
  if (entries.length === 0) return `no request has arrived${dropped(journal)}`
  const closest = closestOf(entries, matcher).map(summarize)
  const arrived = entries.length === 1 ? '1 request arrived' : `${entries.length} requests arrived`
  const label = entries.length > CLOSEST ? 'Closest' : entries.length === 1 ? 'It was' : 'They were'
  return `${arrived}, none matched${dropped(journal)}. ${label}: ${closest.join('; ')}`
}

// The best few by score, the latest first among equals, in one pass: no sort of the journal.
function closestOf(entries: readonly RecordedRequest[], matcher: Matcher): RecordedRequest[] {
  const best: { request: RecordedRequest; score: number }[] = []
  for (const request of entries) {
    const score = matcher.score(request)
    // Ties go to the later request, which comes later in the journal.
    const at = best.findIndex((kept) => score >= kept.score)
    if (at !== -1) best.splice(at, 0, { request, score })
    else if (best.length < CLOSEST) best.push({ request, score })
    if (best.length > CLOSEST) best.pop()
  }
  return best.map(({ request }) => request)
}

function dropped(journal: Journal<RecordedRequest>): string {
  const n = journal.dropped
  return n === 0 ? '' : ` (${plural(n, 'older request')} dropped from the journal)`
}

function times(n: number): string {
  return n === 1 ? '1 time' : `${n} times`
}
