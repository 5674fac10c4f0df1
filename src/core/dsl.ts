import { toMs, type Duration } from './duration.js'
import { checkOptions, environment, resolve, type Resolved, type WaitOptions } from './options.js'
import { checkProbe, type Probe } from './probe.js'
import { checkTimer, newSpec, Wait, type CallSite } from './wait.js'

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
 * A `during(window)` in the making: say what must `never` or `always` happen in it.
 *
 * @example
 * ```ts
 * await during('2s').never(() => charges.length > 1)
 * ```
 */
export interface During {
  /** Passes if no attempt passes within the window; fails at the first that does. */
  readonly never: (probe: Probe<unknown>) => Wait<void>
  /** Passes if every attempt passes within the window; fails at the first that does not. */
  readonly always: (probe: Probe<unknown>) => Wait<void>
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
  /** Waits until the probe passes; resolves with its value. */
  readonly until: <T>(probe: Probe<T>) => Wait<Passed<T>>
  /** Starts a check over a window of time: `.never(probe)` or `.always(probe)`. */
  readonly during: (window: Duration) => During
  /** A scope whose waits take these defaults over this scope's. */
  readonly with: (options: WaitOptions) => Patiently
}

const globalLayer: WaitOptions[] = [{}]

type Capture = (target: object, above: (...args: never[]) => unknown) => void

function callSite(above: (...args: never[]) => unknown): CallSite {
  const capture = (Error as unknown as { captureStackTrace?: Capture }).captureStackTrace
  if (!capture) return new Error('called here')
  // V8: capture once, without patiently's own frames, and without building an Error first.
  const site: { stack?: string } = {}
  capture(site, above)
  return site
}

function scope(layers: readonly WaitOptions[]): Patiently {
  let memo: { key: readonly unknown[]; resolved: Resolved } | undefined
  // Resolved once per change of the global defaults or the environment, not once per wait.
  const resolved = (): Resolved => {
    const key = [globalLayer[0], ...environment()]
    if (!memo || key.some((part, i) => part !== memo?.key[i])) {
      memo = { key, resolved: resolve([...globalLayer, ...layers]) }
    }
    return memo.resolved
  }
  const until = <T>(probe: Probe<T>): Wait<Passed<T>> => {
    checkProbe(probe, 'until()')
    const defaults = resolved()
    const spec = newSpec('until', probe, defaults.atMostMs, defaults, callSite(until))
    checkTimer(spec)
    return new Wait<Passed<T>>(spec)
  }
  const during = (window: Duration): During => {
    const windowMs = toMs(window, 'during')
    const defaults = resolved()
    const make = (
      mode: 'never' | 'always',
      probe: Probe<unknown>,
      above: typeof never,
    ): Wait<void> => {
      checkProbe(probe, `during().${mode}()`)
      return new Wait<void>(newSpec(mode, probe, windowMs, defaults, callSite(above)))
    }
    const never = (probe: Probe<unknown>): Wait<void> => make('never', probe, never)
    const always = (probe: Probe<unknown>): Wait<void> => make('always', probe, always)
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
 * what it returned. Retries every error by default, polls every 50 ms, and fails after 4 s with
 * a {@link WaitError} that says what it saw.
 *
 * @example
 * ```ts
 * const order = await until(() => api.order(id)).every(100).atMost('3s')
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
