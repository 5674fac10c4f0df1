import { sourceOf } from './format.js'
import { said } from './thrown.js'

/**
 * What each attempt of a probe is given. A wait passes the same object to each of its attempts
 * (and another to its check at the deadline), moved on to the attempt being made: read it during
 * the attempt, and keep the values, not the object, for later.
 *
 * @example
 * ```ts
 * await until(({ signal, attempt }) => fetch(url, { signal }).then((r) => r.ok))
 * ```
 */
export interface ProbeContext {
  /** Aborts when the wait settles or its time is up: pass it to `fetch` and other cancellable work. */
  readonly signal: AbortSignal
  /** 1 for the first attempt, 2 for the second, and so on. */
  readonly attempt: number
  /**
   * What a pass means to this wait: `until` waits for one, `never` fails on one, `always` fails on
   * a failure. A condition whose probe can fail for reasons other than "not yet" (a queue that
   * does not exist) uses it to fail a `never` window with `stop()` instead of passing it.
   */
  readonly mode: 'until' | 'never' | 'always'
}

/**
 * A function the engine calls on every attempt, sync or async. It fails when it throws, rejects
 * or returns `false`; any other result passes.
 *
 * @example
 * ```ts
 * const paid: Probe<boolean> = async () => (await api.order(id)).status === 'paid'
 * ```
 */
export type Probe<T> = (context: ProbeContext) => T | PromiseLike<T>

/**
 * What the engine hands a {@link Condition}'s `subscribe`.
 *
 * @example
 * ```ts
 * subscribe(wake, { timeLeft }) // timeLeft() === 2500 with 2.5 s of the wait to go
 * ```
 */
export interface Subscription {
  /** Milliseconds until the wait's deadline or window end; 0 once the wait is over. */
  timeLeft(): number
}

/**
 * A probe that can also describe itself (for messages and logs) and tell the engine when
 * something changed, so the next attempt runs at once instead of at the next poll. The adapters'
 * `received(...)` probes are conditions; build your own with {@link condition}.
 *
 * @example
 * ```ts
 * const arrived: Condition<Message> = condition(() => inbox.find(isMine), {
 *   describe: () => 'my message in the inbox',
 *   subscribe: (wake) => inbox.onChange(wake),
 * })
 * ```
 */
export interface Condition<T> extends Probe<T> {
  /** A short phrase for messages: what is being waited for. */
  describe?(): string
  /** Calls `wake` whenever the answer may have changed; returns a function that unsubscribes. */
  subscribe?(wake: () => void, subscription: Subscription): () => void
  /**
   * What has been seen so far, when the wait fails: `4 requests arrived, none matched`. A
   * condition says "not yet" by returning `false` (never by throwing, which `retryOn` could
   * filter); this says what "not yet" looked like.
   */
  seen?(): string
  /**
   * How a value this condition returned reads in a message: a request as
   * `POST /callbacks { requestId: "r-7" }` rather than every header and byte. The whole value
   * stays on the error (`lastValue`).
   */
  show?(value: T): string
}

/**
 * Makes a {@link Condition}: a probe with a description and, optionally, a wake-up subscription.
 *
 * @example
 * ```ts
 * const seen = condition(() => events.includes('paid'), {
 *   describe: () => "the 'paid' event",
 *   subscribe: (wake) => { emitter.on('event', wake); return () => emitter.off('event', wake) },
 * })
 * await until(seen).atMost('2s')
 * ```
 */
export function condition<T>(
  probe: Probe<T>,
  parts: {
    describe?: () => string
    subscribe?: (wake: () => void, subscription: Subscription) => () => void
    seen?: () => string
    show?: (value: T) => string
  },
): Condition<T> {
  const made: Condition<T> = (context) => probe(context)
  // Without a usable description, messages name the probe given here, not this wrapper around it.
  const { describe } = parts
  made.describe = () => said(() => describe?.()) ?? sourceOf(probe)
  if (parts.subscribe) made.subscribe = parts.subscribe
  if (parts.seen) made.seen = parts.seen
  if (parts.show) made.show = parts.show
  return made
}

/** Checks the probe argument of `until`, `never` and `always`. */
export function checkProbe(probe: unknown, where: string): void {
  if (typeof probe !== 'function') {
    throw new TypeError(
      `Expected the probe given to ${where} to be a function, got ${typeof probe}`,
    )
  }
}
