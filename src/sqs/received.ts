import { toCount } from '../core/duration.js'
import { describeError, short, stringify } from '../core/format.js'
import { condition, type Condition, type ProbeContext } from '../core/probe.js'
import { stop } from '../core/signals.js'
import { describePattern, matches, type Pattern } from '../core/pattern.js'
import type { Journal } from '../shared/journal.js'
import type { ReceivedMessage } from './message.js'
import type { Lease } from './receiver.js'

/**
 * What a `received()` condition needs from the adapter: one queue's journal and receiver.
 *
 * @example
 * ```ts
 * const source: QueueSource = { queue: 'orders', journal: () => journal, error: () => undefined, watch: () => () => {}, closed: () => false }
 * ```
 */
export interface QueueSource {
  /** The queue as the user named it. */
  readonly queue: string
  /** The queue's journal, once its URL is known. */
  journal(): Journal<ReceivedMessage> | undefined
  /** Why the queue cannot be received from right now, if it cannot. */
  error(): unknown
  /** Keeps the queue received while the lease lasts and calls `wake` on every arrival. */
  watch(wake: () => void, lease: Lease): () => void
  /** Whether the bus was closed: nothing receives from the queue any more. */
  closed(): boolean
}

interface Spec {
  readonly source: QueueSource
  readonly filters: readonly {
    readonly test: (m: ReceivedMessage) => boolean
    readonly text: string
  }[]
  readonly exact: boolean
  readonly count: number
  readonly first: boolean
}

/**
 * A condition on the messages a queue has received, for `until` and `during`. By default it
 * passes once at least one message matches and resolves with every matching message, oldest
 * first. Every modifier returns a new condition.
 *
 * @example
 * ```ts
 * const [event] = await until(bus.received('customer--created', { customerId })).atMost('3s')
 * await during('2s').never(bus.received('customer--created', { customerId }).count(2))
 * ```
 */
export interface Received<B = unknown, R = readonly ReceivedMessage<B>[]> extends Condition<
  R | false
> {
  /** Passes once at least `n` messages match; resolves with all of them. @default 1 */
  count(n: number): Received<B>
  /** Passes while exactly `n` messages match (0 allowed); resolves with them. */
  exactly(n: number): Received<B>
  /** Resolves with the first matching message instead of the list. */
  first(): Received<B, ReceivedMessage<B>>
  /** Only messages whose attributes match this deep-partial pattern. */
  withAttributes(pattern: Pattern): Received<B, R>
  /** Only messages the predicate accepts (it sees the whole message). */
  where(predicate: (message: ReceivedMessage<B>) => boolean): Received<B, R>
  /** The matching messages recorded so far, oldest first, without waiting. */
  matching(): readonly ReceivedMessage<B>[]
}

const SUMMARY_LENGTH = 120

function quantity(spec: Spec): string {
  if (spec.exact) return `exactly ${spec.count} message${spec.count === 1 ? '' : 's'}`
  return spec.count === 1 ? 'a message' : `at least ${spec.count} messages`
}

function summary(spec: Spec, matched: number): string {
  const journal = spec.source.journal()
  const seen = journal?.entries ?? []
  const last = seen[seen.length - 1]
  if (!journal || !last) return ' (none seen there yet)'
  const dropped = journal.dropped > 0 ? `, ${journal.dropped} dropped` : ''
  return ` (${seen.length} seen there, ${matched} matching${dropped}; the last: ${short(last.body, SUMMARY_LENGTH)})`
}

function make<B, R>(spec: Spec): Received<B, R> {
  const matchingNow = (): ReceivedMessage<B>[] => {
    const seen = spec.source.journal()?.entries ?? []
    return seen.filter((m) => spec.filters.every((f) => f.test(m))) as ReceivedMessage<B>[]
  }
  const describe = (): string => {
    const filters = spec.filters.map((f) => f.text).join(' and ')
    const what = `${quantity(spec)} on queue "${spec.source.queue}"${filters ? ` ${filters}` : ''}`
    return what + summary(spec, matchingNow().length)
  }
  // In a window, a queue that cannot be received from must not read as "nothing arrived": that
  // would pass a never() on a misspelt queue or a dead endpoint. until() keeps retrying instead,
  // as the queue may be created after the wait starts.
  const cannotTell = (mode: 'never' | 'always', error: unknown): Error =>
    stop(
      `cannot tell whether ${mode === 'never' ? 'it happened' : 'it still holds'}: receiving from queue "${spec.source.queue}" failed: ${describeError(error)}`,
      { cause: error },
    )
  const probe = ({ mode }: ProbeContext): R | false => {
    if (spec.source.closed()) {
      throw stop(
        `the bus was closed (bus.close() was called), so nothing receives from queue "${spec.source.queue}" any more: await every wait on the bus before closing it`,
      )
    }
    const error = spec.source.error()
    // What passes an always() now may stop passing with the next message, which cannot be seen.
    if (error !== undefined && mode === 'always') throw cannotTell(mode, error)
    const found = matchingNow()
    const enough = spec.exact ? found.length === spec.count : found.length >= spec.count
    if (enough) return (spec.first ? found[0] : found) as R
    if (error === undefined) return false
    if (mode === 'never') throw cannotTell(mode, error)
    throw error instanceof Error ? error : new Error(stringify(error))
  }
  const made = condition<R | false>(probe, {
    describe,
    subscribe: (wake, subscription) => spec.source.watch(wake, subscription),
  })
  const filter = (test: Spec['filters'][number]): Received<B, R> =>
    make<B, R>({ ...spec, filters: [...spec.filters, test] })
  return Object.assign(made, {
    count: (n: number): Received<B> =>
      make<B, readonly ReceivedMessage<B>[]>({
        ...spec,
        count: toCount(n, 'count'),
        exact: false,
        first: false,
      }),
    exactly: (n: number): Received<B> => {
      toCount(n, 'exactly', 0)
      return make<B, readonly ReceivedMessage<B>[]>({
        ...spec,
        count: n,
        exact: true,
        first: false,
      })
    },
    first: (): Received<B, ReceivedMessage<B>> =>
      make<B, ReceivedMessage<B>>({ ...spec, first: true }),
    withAttributes: (pattern: Pattern): Received<B, R> =>
      filter({
        test: (m) => matches(m.attributes, pattern),
        text: `with attributes ${describePattern(pattern)}`,
      }),
    where: (predicate: (message: ReceivedMessage<B>) => boolean): Received<B, R> => {
      if (typeof predicate !== 'function') {
        throw new TypeError(
          `Expected \`where\` to be given a function, got ${stringify(predicate)}`,
        )
      }
      return filter({
        test: (m) => Boolean(predicate(m as ReceivedMessage<B>)),
        text: `accepted by ${stringify(predicate)}`,
      })
    },
    matching: matchingNow,
  })
}

/**
 * A condition on the messages of one queue: those whose body matches `body` (a deep-partial
 * pattern, or a predicate over the body), or all of them without one.
 *
 * @example
 * ```ts
 * const arrived = receivedOn(source, { orderId: 'o-1' }).withAttributes({ kind: 'paid' })
 * ```
 */
export function receivedOn<B = unknown>(source: QueueSource, ...body: [] | [Pattern]): Received<B> {
  const filters: Spec['filters'] =
    body.length === 0
      ? []
      : [
          {
            test: (m: ReceivedMessage) => matches(m.body, body[0]),
            text: `with body ${describePattern(body[0])}`,
          },
        ]
  return make<B, readonly ReceivedMessage<B>[]>({
    source,
    filters,
    exact: false,
    count: 1,
    first: false,
  })
}
