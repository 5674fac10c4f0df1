import { toMs, type Duration } from './duration.js'
import {
  checkOptions,
  debugVariable,
  resolve,
  timeFactorVariable,
  type Resolved,
  type WaitOptions,
} from './options.js'
import { checkProbe, type Probe } from './probe.js'
import type { Pattern } from './pattern.js'
import { checkTimer, newSpec, toCheck, Wait } from './wait.js'
import { callSite, type CallSite } from './site.js'

/**
 * What `await until(probe)` resolves with: the probe's value, with `false` taken out (a `false`
 * never passes).
 *
 * @example
 * ```ts
 * const n: number = await until(() => 5)
 * const ok: true = await until(() => flag === true)
 * ```
 */
export type Passed<T> = Exclude<Awaited<T>, false>

/**
 * What `await until(probe, Boolean)` resolves with: the probe's value without the falsy ones.
 *
 * @example
 * ```ts
 * const user: User = await until(() => users.find((u) => u.name === 'Ada'), Boolean)
 * ```
 */
export type Truthy<T> = Exclude<T, null | undefined | false | 0 | 0n | ''>

/**
 * `until()`: waits until the probe passes, alone or with a check of its value.
 *
 * @example
 * ```ts
 * const order = await until(() => api.order(id), { status: 'paid' })
 * ```
 */
export interface Until {
  /** Until the probe returns anything but `false` without throwing; resolves with that value. */
  <T>(probe: Probe<T>): Wait<Passed<T>>
  /** Until the probe's value is truthy; resolves with it, without the falsy types. */
  <T>(probe: Probe<T>, check: BooleanConstructor): Wait<Truthy<Awaited<T>>>
  /** Until the type guard accepts the probe's value; resolves with it, narrowed. */
  <T, S extends Awaited<T>>(probe: Probe<T>, check: (value: Awaited<T>) => value is S): Wait<S>
  /** Until the probe's value passes the predicate or matches the pattern; resolves with it. */
  <T>(probe: Probe<T>, check: NoInfer<Pattern<Awaited<T>>>): Wait<Awaited<T>>
}

/**
 * `never()` or `always()` of a window: a probe, alone or with a check of its value.
 *
 * @example
 * ```ts
 * await during('2s').never(() => api.charges(id), (charges) => charges.length > 1)
 * ```
 */
export type WindowCheck = <T>(probe: Probe<T>, check?: NoInfer<Pattern<Awaited<T>>>) => Wait<void>

/**
 * A `during(window)` in the making: say what must `never` or `always` happen in it.
 *
 * @example
 * ```ts
 * await during('2s').never(() => charges.length > 1)
 * ```
 */
export interface During {
  /** Passes if no attempt passes (its check) within the window; fails at the first that does. */
  readonly never: WindowCheck
  /** Passes if every attempt passes (its check) within the window; fails at the first that does not. */
  readonly always: WindowCheck
}

/**
 * A set of `until`/`during` that share defaults; `patiently` is the root one.
 *
 * @example
 * ```ts
 * const slow = patiently.with({ atMost: '30s', every: '1s' })
 * await slow.until(() => bigJob.done())
 * ```
 */
export interface Patiently {
  /** Waits until the probe passes (or its value passes the check); resolves with its value. */
  readonly until: Until
  /** Starts a check over a window of time: `.never(probe)` or `.always(probe)`. */
  readonly during: (window: Duration) => During
  /** A scope whose waits take these defaults over this scope's. */
  readonly with: (options: WaitOptions) => Patiently
}

const globalLayer: WaitOptions[] = [{}]

function scope(layers: readonly WaitOptions[]): Patiently {
  let memo:
    | {
        readonly global: WaitOptions | undefined
        readonly factor: string | undefined
        readonly debug: string | undefined
        readonly resolved: Resolved
      }
    | undefined
  // Resolved once per change of the global defaults or the environment, not once per wait; what
  // is compared is not copied into a new list for each wait.
  const resolved = (): Resolved => {
    const global = globalLayer[0]
    const factor = timeFactorVariable()
    const debug = debugVariable()
    if (memo && memo.global === global && memo.factor === factor && memo.debug === debug) {
      return memo.resolved
    }
    memo = { global, factor, debug, resolved: resolve([...globalLayer, ...layers]) }
    return memo.resolved
  }
  const until = ((probe: Probe<unknown>, ...check: unknown[]): Wait<unknown> => {
    checkProbe(probe, 'until()')
    const defaults = resolved()
    const checked = check.length > 0 ? toCheck(check[0]) : undefined
    // `callSite()` is called here, in the function the user called: a site's first two frames,
    // which site.ts leaves out, are its and this one's (a wrapper between would hide a user's).
    const spec = newSpec('until', probe, checked, defaults.atMostMs, defaults, callSite())
    checkTimer(spec)
    return new Wait<unknown>(spec)
  }) as Until
  const during = (window: Duration): During => {
    const windowMs = toMs(window, 'during')
    const defaults = resolved()
    const make = (
      mode: 'never' | 'always',
      probe: Probe<unknown>,
      check: unknown[],
      site: CallSite,
    ): Wait<void> => {
      checkProbe(probe, `during().${mode}()`)
      const checked = check.length > 0 ? toCheck(check[0]) : undefined
      return new Wait<void>(newSpec(mode, probe, checked, windowMs, defaults, site))
    }
    // Each takes its call site itself, as `until` does.
    const never = (probe: Probe<unknown>, ...check: unknown[]): Wait<void> =>
      make('never', probe, check, callSite())
    const always = (probe: Probe<unknown>, ...check: unknown[]): Wait<void> =>
      make('always', probe, check, callSite())
    return { never, always }
  }
  return { until, during, with: (options) => scope([...layers, checkOptions(options)]) }
}

/**
 * The root scope: `patiently.until`, `patiently.during`, and `patiently.with(options)` for a
 * scope with its own defaults.
 *
 * @example
 * ```ts
 * import { patiently } from 'patiently'
 * const { until } = patiently.with({ atMost: '10s' })
 * ```
 */
export const patiently: Patiently = scope([])

/**
 * Waits until `probe` passes (returns anything but `false`, without throwing) and resolves with
 * what it returned; with a `check`, until the probe's value passes it (a predicate, `Boolean`, or
 * a {@link Pattern}) and resolves with that value. Retries errors by default, polls every 50 ms,
 * and fails after 4 s with a {@link WaitError} that says what it saw.
 *
 * @example
 * ```ts
 * const order = await until(() => api.order(id), { status: 'paid' }).every(100).atMost('3s')
 * const ada = await until(() => users.find((u) => u.name === 'Ada'), Boolean)
 * await until(async () => { expect((await api.order(id)).status).toBe('paid') }).as('order is paid')
 * ```
 */
export const until: Patiently['until'] = patiently.until

/**
 * Checks a condition over a window of time: `never` fails at the first attempt that passes,
 * `always` at the first that fails; both check at the start and at the end of the window. In a
 * `never` window a probe that throws anything but an assertion failure fails the window: it
 * cannot tell whether the thing happened.
 *
 * @example
 * ```ts
 * await during('2s').never(async () => (await api.charges(id)).length > 1)
 * await during(1000).always(() => cache.size() === 1)
 * ```
 */
export const during: Patiently['during'] = patiently.during

/**
 * Sets defaults for every wait made after it (below any `patiently.with()` scope), and returns a
 * function that puts the previous defaults back.
 *
 * @example
 * ```ts
 * const restore = configure({ atMost: '10s', every: 100 })
 * afterAll(restore)
 * ```
 */
export function configure(options: WaitOptions): () => void {
  const previous = globalLayer[0] as WaitOptions
  globalLayer[0] = { ...previous, ...checkOptions(options) }
  return () => {
    globalLayer[0] = previous
  }
}
