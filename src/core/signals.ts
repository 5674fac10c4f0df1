import { toMs, type Duration } from './duration.js'

/**
 * Thrown by a probe to steer the wait: made by {@link stop} and {@link retryAfter}, never
 * directly.
 *
 * @example
 * ```ts
 * try { await probe(ctx) } catch (e) { if (e instanceof WaitSignal) throw e }
 * ```
 */
export class WaitSignal extends Error {
  /** Always `'WaitSignal'`. */
  override readonly name: string = 'WaitSignal'
  /** `stop` ends the wait; `retry` only sets the next delay. */
  readonly kind: 'stop' | 'retry'
  /** With `stop`: true ends a `never`/`always` window early as a success. */
  readonly pass: boolean
  /** With `retry`: milliseconds before the next attempt. */
  readonly delayMs: number

  constructor(
    kind: 'stop' | 'retry',
    reason: string,
    options: { pass?: boolean; delayMs?: number; cause?: unknown },
  ) {
    super(reason, 'cause' in options ? { cause: options.cause } : undefined)
    this.kind = kind
    this.pass = options.pass ?? false
    this.delayMs = options.delayMs ?? 0
  }
}

/**
 * Ends the wait at once when thrown from a probe. By default the wait fails with `reason`; with
 * `{ pass: true }` a `during().never()` or `during().always()` wait ends early as a success.
 *
 * @example
 * ```ts
 * await until(async () => {
 *   const order = await api.order(id)
 *   if (order.status === 'cancelled') throw stop('the order was cancelled; it will never be paid')
 *   return order.status === 'paid'
 * })
 * ```
 */
export function stop(
  reason: string,
  options: { pass?: boolean; cause?: unknown } = {},
): WaitSignal {
  return new WaitSignal('stop', reason, options)
}

/**
 * Fails this attempt and sets the delay before the next one, when thrown from a probe: for a
 * service that says when to ask again (HTTP `Retry-After`, a rate limit).
 *
 * @example
 * ```ts
 * await until(async () => {
 *   const res = await fetch(url)
 *   if (res.status === 429) throw retryAfter(`${Number(res.headers.get('retry-after'))}s`)
 *   return res.ok
 * })
 * ```
 */
export function retryAfter(delay: Duration, reason = 'the probe asked to retry later'): WaitSignal {
  return new WaitSignal('retry', reason, { delayMs: toMs(delay, 'retryAfter') })
}
