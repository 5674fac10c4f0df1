import { fakeTimerAdvice, pinSystemClock, systemClock, type Clock } from './clock.js'
import { formatMs, MAX_MS, toMs, type Duration } from './duration.js'
import { invalid, problem, toCount } from './validate.js'
import { run, type Ending, type Running } from './engine.js'
import type { AttemptReport, EngineOptions, EngineSpec, Mode, Outcome } from './spec.js'
import { WaitError, type WaitFacts } from './error.js'
import { logger } from './debug.js'
import { sourceOf } from './format.js'
import { isInstance, said } from './thrown.js'
import { describePattern, explain, matches, type Mismatch } from './pattern.js'
import type { Resolved } from './options.js'
import type { Condition, ProbeContext } from './probe.js'
import { toSchedule, type Interval } from './schedule.js'
import { tracker, type Ended, type Fit, type Tracker } from './tracking.js'
import { userFrames, type CallSite } from './site.js'

/**
 * What `.result()` resolves with: the outcome as data, for code that branches on it instead of
 * catching.
 *
 * @example
 * ```ts
 * const r = await until(() => api.order(id)).atMost('1s').result()
 * if (!r.passed) console.warn(r.error.message)
 * ```
 */
export type WaitResult<T> =
  | {
      /** It passed. */
      readonly passed: true
      /** What `await` would have resolved with. */
      readonly value: T
      /** How many times the probe was called. */
      readonly attempts: number
      /** Milliseconds from start to end. */
      readonly elapsedMs: number
    }
  | {
      /** It failed. */
      readonly passed: false
      /** What `await` would have rejected with. */
      readonly error: WaitError
      /** How many times the probe was called. */
      readonly attempts: number
      /** Milliseconds from start to end. */
      readonly elapsedMs: number
    }

/** An Error class, or a predicate over anything thrown. */
export type ErrorFilter =
  (abstract new (...args: never[]) => unknown) | ((error: unknown) => boolean)

// What the engine runs, and what only the builder needs: defaults, where it was made, the check
// in words, and whether the user gave a deadline.
interface Spec extends EngineSpec {
  readonly check: Check | undefined
  readonly options: Options
  readonly defaults: Resolved
  readonly site: CallSite
  /** `atMost` was given (or this is a window): the limits can be checked against it now. */
  readonly limitSet: boolean
}

// The engine's less common options, and the builder's: whether the poll delay was given, the
// description, and the debug log.
interface Options extends EngineOptions {
  readonly pollDelaySet: boolean
  readonly alias: string | undefined
  readonly log: ((line: string) => void) | undefined
}

// What a runner integration gave a wait it tracks: the deadline it fitted to the test's timeout, if
// it did, and what to call when the wait ends.
interface Tracked {
  fit: Fit | undefined
  ended: ((ended: Ended) => void) | undefined
}

// The resolving functions of the promise a wait's constructor is making, taken by one executor
// shared by every wait: no closure, and no object to hold them, per wait.
const taken: {
  resolve: ((value: never) => void) | undefined
  reject: ((reason: unknown) => void) | undefined
} = { resolve: undefined, reject: undefined }

function take(resolve: (value: never) => void, reject: (reason: unknown) => void): void {
  taken.resolve = resolve
  taken.reject = reject
}

// How the engine ends every wait: one object for all (made in `Wait`, which alone can settle one).
let ending: Ending<object>

// A class that does not extend Error is still a class: calling it as a predicate would throw.
const isClass = (f: ErrorFilter): f is abstract new (...args: never[]) => unknown =>
  f === Error ||
  (f.prototype as unknown) instanceof Error ||
  /^class\b/.test(Function.prototype.toString.call(f))

/**
 * A wait, configured and not yet started: a real `Promise` (so a forgotten `await` is reported by
 * `no-floating-promises`) that starts only on the first `await`, `then`, `catch` or `finally`;
 * later ones share its result. Every modifier returns a new wait and leaves this one as it was.
 * `until()` returns one; `during().never()` and `during().always()` return a `Wait<void>`.
 *
 * @example
 * ```ts
 * const ready = until(() => api.health()).every(100)
 * await ready.atMost('5s') // a new wait; `ready` itself is unchanged and not started
 * ```
 */
export class Wait<T> extends Promise<T> {
  /** Promises made by `then`, `catch` and `finally` are plain promises, not waits. */
  static override get [Symbol.species](): PromiseConstructor {
    return Promise
  }

  readonly #spec: Spec
  readonly #resolve: (value: T) => void
  readonly #reject: (reason: unknown) => void
  #started = false
  // How it ended: how many attempts and how long, once it passed; its error, once it failed. The
  // time is stored once, at the end, not held as a number of its own by each wait that runs.
  #attempts = 0
  #elapsedMs: number | undefined
  #failure: WaitError | undefined
  // Set at the start when a runner integration tracks it.
  #tracked: Tracked | undefined

  /** @internal Made by `until()` and `during()`, not directly. */
  constructor(spec: Spec) {
    super(take)
    this.#resolve = taken.resolve as (value: T) => void
    this.#reject = taken.reject as (reason: unknown) => void
    // Not held past the constructor: they would keep this promise, and what it settles with.
    taken.resolve = taken.reject = undefined
    this.#spec = Object.freeze(spec)
    Object.freeze(this)
    tracker()?.created(this, spec.mode, spec.site, () => this.#description())
  }

  // Called first by every modifier: a wait a modifier is called on is a step towards another, even
  // when the modifier throws on its arguments, never a forgotten one.
  #derived(): void {
    tracker()?.derived(this)
  }

  // A new wait: this one's spec with `patch`, checked. A modifier checks its own arguments first.
  #with(patch: Partial<Spec>): Wait<T> {
    const spec = specWith(this.#spec, patch)
    // Against a default deadline the check waits for the start, so `.atLeast('5s').atMost('10s')`
    // reads as well as `.atMost('10s').atLeast('5s')`.
    const wrong = spec.limitSet ? limitProblem(spec) : undefined
    if (wrong) throw wrong
    checkTimer(spec)
    return new Wait<T>(spec)
  }

  // A new wait: this one with less common options changed.
  #withOptions(patch: Partial<Options>): Wait<T> {
    return this.#with({ options: optionsWith(this.#spec.options, patch) })
  }

  #untilOnly(option: string): void {
    if (this.#spec.mode !== 'until') {
      throw new TypeError(`\`${option}\` applies to until(), not to during().${this.#spec.mode}()`)
    }
  }

  /** The interval or schedule between attempts. @default 50 ms */
  every(interval: Interval): Wait<T> {
    this.#derived()
    return this.#with({ schedule: toSchedule(interval) })
  }

  /** The deadline: the wait fails if the probe has not passed by then, even if it hangs. @default '4s' */
  atMost(limit: Duration): Wait<T> {
    this.#derived()
    this.#untilOnly('atMost')
    return this.#with({ limitMs: toMs(limit, 'atMost'), limitSet: true })
  }

  /** A pass earlier than this fails the wait: for "not before" checks such as rate limits. @default 0 */
  atLeast(limit: Duration): Wait<T> {
    this.#derived()
    this.#untilOnly('atLeast')
    return this.#withOptions({ atLeastMs: toMs(limit, 'atLeast') })
  }

  /** A delay before the first attempt. @default 0 */
  pollDelay(delay: Duration): Wait<T> {
    this.#derived()
    const pollDelayMs = toMs(delay, 'pollDelay')
    return this.#with({
      pollDelayMs,
      options: optionsWith(this.#spec.options, { pollDelaySet: true }),
    })
  }

  /** Fails after this many attempts, even with time left. @default no limit */
  maxAttempts(count: number): Wait<T> {
    this.#derived()
    this.#untilOnly('maxAttempts')
    return this.#withOptions({ maxAttempts: toCount(count, 'maxAttempts') })
  }

  /** Once it passes, it must keep passing for this long (checked on the schedule) to succeed. @default 0 */
  holdsFor(window: Duration): Wait<T> {
    this.#derived()
    this.#untilOnly('holdsFor')
    return this.#withOptions({ holdMs: toMs(window, 'holdsFor') })
  }

  /** It must pass this many attempts in a row to succeed. @default 1 */
  inARow(count: number): Wait<T> {
    this.#derived()
    this.#untilOnly('inARow')
    return this.#withOptions({ inARow: toCount(count, 'inARow') })
  }

  /** What is being waited for, in words, for messages and logs. */
  as(description: string): Wait<T> {
    this.#derived()
    if (typeof description !== 'string' || description.trim() === '') {
      invalid('as', 'a non-empty description', description)
    }
    return this.#withOptions({ alias: description })
  }

  /**
   * Retry only errors of these classes, or that these predicates accept; any other error ends
   * the wait at once. @default every error is retried
   */
  retryOn(...filters: ErrorFilter[]): Wait<T> {
    this.#derived()
    if (filters.length === 0 || filters.some((f) => typeof f !== 'function')) {
      invalid('retryOn', 'one or more Error classes or predicates', filters)
    }
    const accepts = (error: unknown): boolean =>
      filters.some((f) => (isClass(f) ? isInstance(error, f) : f(error)))
    return this.#withOptions({ retryOn: accepts })
  }

  /** Before every attempt, fails the wait at once with `reason` if `guard` returns a truthy value. */
  failFast(
    guard: (context: ProbeContext) => unknown,
    reason = 'the fail-fast guard tripped',
  ): Wait<T> {
    this.#derived()
    if (typeof guard !== 'function') invalid('failFast', 'a function', guard)
    return this.#withOptions({ failFast: { guard, reason } })
  }

  /** Aborting the signal rejects the wait with the signal's reason, at once. */
  signal(signal: AbortSignal): Wait<T> {
    this.#derived()
    if (typeof signal?.addEventListener !== 'function') invalid('signal', 'an AbortSignal', signal)
    return this.#withOptions({ signal })
  }

  /** The clock for this wait. @default the configured clock (systemClock) */
  clock(clock: Clock): Wait<T> {
    this.#derived()
    if (typeof clock?.now !== 'function' || typeof clock.setTimeout !== 'function') {
      invalid('clock', 'an object with now() and setTimeout()', clock)
    }
    return this.#with({ clock })
  }

  /** Calls `observer` after every attempt: outcome, value or error, timings, next delay. */
  observe(observer: (report: AttemptReport) => void): Wait<T> {
    this.#derived()
    if (typeof observer !== 'function') invalid('observe', 'a function', observer)
    return this.#with({ observers: [...this.#spec.observers, observer] })
  }

  /** Logs every attempt with `console.debug`, or with the function given. */
  debug(log: (line: string) => void = console.debug): Wait<T> {
    this.#derived()
    return this.#withOptions({ log })
  }

  /** Runs the wait (or joins the run already started) and resolves with its outcome; never rejects for a failed wait. */
  result(): Promise<WaitResult<T>> {
    this.#start()
    return super.then(
      (value) => ({
        passed: true,
        value,
        attempts: this.#attempts,
        // Set before it resolves.
        elapsedMs: this.#elapsedMs as number,
      }),
      (error: unknown) => {
        // Only a wait that ran to its end has a WaitError; an abort or a crash rejects as it is.
        const failure = this.#failure
        if (!failure) throw error
        return {
          passed: false,
          error: failure,
          attempts: failure.attempts,
          elapsedMs: failure.elapsedMs,
        }
      },
    )
  }

  /** Starts the wait (or joins the run already started); resolves with its value, rejects with a {@link WaitError}. */
  override then<R1 = T, R2 = never>(
    onPassed?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onFailed?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.#start()
    return super.then(onPassed, onFailed)
  }

  // The engine settles this promise itself (see `ending`): no promise of its own, nor a reaction
  // or a callback, per wait.
  #start(): void {
    if (this.#started) return
    this.#started = true
    const tracking = tracker()
    if (tracking) this.#track(tracking)
    else this.#run()
  }

  #run(): Running | undefined {
    try {
      return this.#begin(this.#spec)
    } catch (error) {
      this.#crashed(error)
      return undefined
    }
  }

  // Starts the wait for a runner integration, which may ask it while it runs.
  #track(tracking: Tracker): void {
    const s = this.#spec
    const tracked: Tracked = (this.#tracked = { fit: undefined, ended: undefined })
    if (!s.limitSet && s.mode === 'until' && s.clock === systemClock) {
      tracked.fit = tracking.fit(
        this.#limitMs(),
        Math.max(s.options.atLeastMs, s.options.holdMs, s.pollDelayMs),
      )
    }
    // Read by the tracker while the wait runs, and so possibly before `#run()` has returned.
    let running: Running | undefined = undefined
    tracked.ended = tracking.started(this, this.#limitMs(), s.clock, {
      now: () => {
        const outcome = running?.now()
        return outcome && { facts: this.#facts(outcome), outcome }
      },
      stop: (why) => running?.stop(why),
    })
    running = this.#run()
  }

  // The wait settles before the tracker is told, so that a tracker that throws cannot leave it
  // pending; its reactions run later, after the tracker has been told.
  #settled(failed: Outcome | undefined, value: unknown, attempts: number, elapsedMs: number): void {
    const ended = this.#endTracking()
    if (failed) {
      let failure: unknown
      try {
        failure = this.#failure = this.#atSite(new WaitError(this.#facts(failed), failed))
      } catch (error) {
        failure = error
      }
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a WaitError, or what its message threw, as it is
      this.#reject(failure)
      ended?.(failed)
      return
    }
    this.#attempts = attempts
    this.#elapsedMs = elapsedMs
    // A window that held resolves with nothing.
    this.#resolve((this.#spec.mode === 'until' ? value : undefined) as T)
    ended?.({ passed: true, attempts, elapsedMs })
  }

  // What to tell the tracker, let go of once taken: a wait kept after its end must not keep the
  // tracker's record of it.
  #endTracking(): ((ended: Ended) => void) | undefined {
    const tracked = this.#tracked
    if (!tracked) return undefined
    const { ended } = tracked
    tracked.ended = undefined
    return ended
  }

  // Aborted, crashed or refused: no outcome to record.
  #crashed(error: unknown): void {
    const ended = this.#endTracking()
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- an abort's reason or a crash, as it is
    this.#reject(error)
    ended?.(undefined)
  }

  static {
    ending = {
      settled: (wait, failed, value, attempts, ms) =>
        (wait as Wait<unknown>).#settled(failed, value, attempts, ms),
      crashed: (wait, error) => (wait as Wait<unknown>).#crashed(error),
    }
  }

  #begin(s: Spec): Running | undefined {
    const wrong = limitProblem(s)
    if (wrong) {
      this.#crashed(wrong)
      return undefined
    }
    let clock = s.clock
    if (clock === systemClock) {
      const advice = fakeTimerAdvice()
      if (advice) {
        this.#crashed(this.#atSite(new Error(`Cannot wait for ${this.#description()}: ${advice}.`)))
        return undefined
      }
      clock = pinSystemClock()
    }
    const observers = s.defaults.observe || s.options.log ? this.#observers(s) : s.observers
    const limitMs = this.#limitMs()
    // The frozen spec is what the engine needs, unless this start adds to it: no copy per wait.
    const same = observers === s.observers && limitMs === s.limitMs
    return run(same ? s : specWith(s, { observers, limitMs }), clock, this, ending)
  }

  // The wait's observers with the shared one and the debug log, which name it as it is now. A method
  // of its own: the closures here would make `#begin` allocate what they capture at every start.
  #observers(s: Spec): Spec['observers'] {
    const shared = s.defaults.observe
    const describe = (): string => this.#description()
    const all = [...s.observers]
    if (shared) all.push((report) => shared(report, describe()))
    const { log } = s.options
    if (log) all.push(logger(describe, log))
    return all
  }

  #limitMs(): number {
    const s = this.#spec
    if (s.mode !== 'until') return s.limitMs
    return this.#tracked?.fit?.limitMs ?? s.limitMs * s.defaults.timeFactor
  }

  #description(): string {
    const s = this.#spec
    if (s.options.alias) return s.options.alias
    // A description that throws, or says nothing, is none: the probe's source says what it is.
    const probe = said(() => s.probe.describe?.()) ?? sourceOf(s.probe)
    return s.check ? `${probe} ${s.check.words}` : probe
  }

  #facts(outcome: Outcome): WaitFacts {
    const s = this.#spec
    return {
      mode: s.mode,
      description: this.#description(),
      limitMs: this.#limitMs(),
      fittedTo: this.#tracked?.fit?.testTimeoutMs,
      atLeastMs: s.options.atLeastMs,
      maxAttempts: s.options.maxAttempts ?? Infinity,
      inARow: s.options.inARow,
      holdMs: s.options.holdMs,
      seen: said(() => s.probe.seen?.()),
      shown: outcome.hasValue ? said(() => s.probe.show?.(outcome.value)) : undefined,
      mismatches: s.check?.explain && outcome.hasValue ? s.check.explain(outcome.value) : [],
    }
  }

  // Points the error's stack at the user's call of until() or during(), not into the engine.
  #atSite<E extends Error>(error: E): E {
    const frames = userFrames(this.#spec.site)
    if (frames.length > 0) error.stack = `${error.name}: ${error.message}\n${frames.join('\n')}`
    return error
  }
}

/**
 * Throws a RangeError when `atMost` × `timeFactor` is longer than a timer can be: JavaScript
 * fires a longer `setTimeout` at once, so a larger factor would time out sooner, not later. The
 * `patiently` command checks its flags with it, under their own names.
 */
export function checkTimer(
  spec: Pick<Spec, 'mode' | 'limitMs'> & { readonly defaults: Pick<Resolved, 'timeFactor'> },
  names: TimerNames = TIMER_NAMES,
): void {
  const factor = spec.defaults.timeFactor
  if (spec.mode === 'until' && spec.limitMs * factor > MAX_MS) {
    throw new RangeError(
      `Expected \`${names.atMost}\` × \`${names.timeFactor}\` to be at most ${MAX_MS} ms (about 24.8 days, the longest timer JavaScript keeps), got ${formatMs(spec.limitMs)} × ${factor} = ${formatMs(spec.limitMs * factor)}`,
    )
  }
}

/** What {@link checkTimer} calls the deadline and the factor: the options, or a command's. */
export interface TimerNames {
  readonly atMost: string
  readonly timeFactor: string
}

const TIMER_NAMES: TimerNames = { atMost: 'atMost', timeFactor: 'timeFactor' }

/** The limits {@link limitProblem} checks, as a spec holds them. */
export interface Limits extends Pick<Spec, 'mode' | 'limitMs' | 'pollDelayMs'> {
  readonly options: Pick<Options, 'atLeastMs' | 'holdMs' | 'pollDelaySet'>
}

/** What {@link limitProblem} calls the limits: the builder's methods, or a command's flags. */
export interface LimitNames {
  readonly atMost: string
  readonly atLeast: string
  readonly holdsFor: string
  readonly pollDelay: string
  /** The `during` window, after "the": `window`. */
  readonly window: string
}

const BUILDER_NAMES: LimitNames = {
  atMost: 'atMost',
  atLeast: 'atLeast',
  holdsFor: 'holdsFor',
  pollDelay: 'pollDelay',
  window: 'window',
}

/**
 * The limits that do not fit in the deadline or the window, as a TypeError that names them by
 * `names`. Checked on every modifier and at every start; the `patiently` command checks its
 * flags with it, under their own names. The limit is put in words only for a problem.
 */
export function limitProblem(
  spec: Limits,
  names: LimitNames = BUILDER_NAMES,
): TypeError | undefined {
  // No closures here: what they captured would be allocated at every call, that is, every start.
  const { atLeastMs, holdMs, pollDelaySet } = spec.options
  if (spec.mode === 'until') {
    if (atLeastMs > spec.limitMs) {
      return problem(names.atLeast, atMost(spec, names), atLeastMs, formatMs(atLeastMs))
    }
    if (holdMs > spec.limitMs) {
      return problem(names.holdsFor, atMost(spec, names), holdMs, formatMs(holdMs))
    }
  }
  // A default poll delay longer than the deadline is cut to it: only the user's own is an error.
  if (pollDelaySet && spec.pollDelayMs > spec.limitMs) {
    const what = spec.mode === 'until' ? `${names.atMost} deadline` : names.window
    return problem(
      names.pollDelay,
      `at most the ${what} (${formatMs(spec.limitMs)})`,
      spec.pollDelayMs,
      formatMs(spec.pollDelayMs),
    )
  }
  return undefined
}

// What `atLeast` and `holdsFor` must be within, in words: `at most atMost (4 s)`.
const atMost = (spec: Pick<Spec, 'limitMs'>, names: LimitNames): string =>
  `at most ${names.atMost} (${formatMs(spec.limitMs)})`

/** The second argument of `until(probe, check)`, ready for the engine and for messages. */
export interface Check {
  readonly test: (value: unknown) => unknown
  readonly words: string
  readonly explain?: (value: unknown) => readonly Mismatch[]
}

/**
 * Reads a check: `Boolean`, a predicate, or a pattern (anything else, see `Pattern`).
 */
export function toCheck(check: unknown): Check {
  if (check === Boolean) return { test: Boolean, words: 'to be truthy' }
  if (typeof check === 'function') {
    const predicate = check as (value: unknown) => unknown
    return { test: predicate, words: `accepted by ${sourceOf(predicate)}` }
  }
  return {
    test: (value) => matches(value, check),
    words: describePattern(check),
    explain: (value) => explain(value, check),
  }
}

// Shared by every wait without observers: `observe()` makes a new list.
const NO_OBSERVERS: Spec['observers'] = Object.freeze([])

/**
 * `spec` with `patch` applied. Every field is written out, in the order `newSpec` gives them, so
 * that V8 keeps them all in the object itself: a spread makes an object with room for four and
 * keeps the rest in an array of their own, one more thing each of thousands of waits holds.
 */
function specWith(spec: Spec, patch: Partial<Spec>): Spec {
  return {
    mode: spec.mode,
    probe: spec.probe,
    check: spec.check,
    limitMs: spec.limitMs,
    pollDelayMs: spec.pollDelayMs,
    schedule: spec.schedule,
    clock: spec.clock,
    observers: spec.observers,
    options: spec.options,
    defaults: spec.defaults,
    site: spec.site,
    limitSet: spec.limitSet,
    ...patch,
  }
}

/** `options` with `patch` applied: few waits have options of their own, so a spread will do. */
function optionsWith(options: Options, patch: Partial<Options>): Options {
  return Object.freeze({ ...options, ...patch })
}

// The options of every wait given none of the less common modifiers.
const NO_OPTIONS: Options = Object.freeze({
  atLeastMs: 0,
  maxAttempts: undefined,
  holdMs: 0,
  inARow: 1,
  retryOn: undefined,
  failFast: undefined,
  signal: undefined,
  pollDelaySet: false,
  alias: undefined,
  log: undefined,
})

/** The default spec of a wait, before any modifier. */
export function newSpec(
  mode: Mode,
  probe: Condition<unknown>,
  check: Check | undefined,
  limitMs: number,
  defaults: Resolved,
  site: CallSite,
): Spec {
  const debug = defaults.debug
  const log = debug === true ? console.debug : debug || undefined
  return {
    mode,
    probe,
    check,
    limitMs,
    pollDelayMs: defaults.pollDelayMs,
    schedule: defaults.schedule,
    clock: defaults.clock,
    observers: NO_OBSERVERS,
    options: log ? optionsWith(NO_OPTIONS, { log }) : NO_OPTIONS,
    defaults,
    site,
    limitSet: mode !== 'until',
  }
}
