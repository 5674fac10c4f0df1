import type { Clock } from './clock.js'
import type { Condition, ProbeContext } from './probe.js'
import type { AttemptReport, EngineOptions, EngineSpec, Mode, Outcome } from './spec.js'
import { WaitSignal } from './signals.js'
import { onAbort } from './abort.js'
import { ErrorLog } from './error-log.js'
import { isAssertion, isInstance, isMistake } from './thrown.js'
import { schedulerOf, type Due, type Scheduler, type Slot } from './scheduler.js'
import { timeIsUp, verdict, type Moment, type Result, type Settle, type Tally } from './verdict.js'

// Thrown past the probe when the fail-fast guard trips; recognised by identity.
const FAIL_FAST = new Error('fail-fast guard tripped')
// An attempt still running when the time was up, as observers are told of it.
const CUT = { kind: 'cut' } as const
const FALSE: Result = { kind: 'fail', value: false }
// The errors of every wait that saw none: only a wait's own log is ever added to.
const NO_ERRORS = new ErrorLog()
// Where a running wait stands when asked: not passed, and no reason yet.
const STILL: Settle = { passed: false }
// The scheduler's token for a wait's deadline; the tokens of its sleeps and asynchronous attempts
// count up from 1.
const DEADLINE = 0
const ignore = (): void => {}
// An ended runner reads nothing of its spec that matters: what it held is let go. A probe that
// ended its own wait and then returned or threw is still classified, against no options.
const ENDED_SPEC = Object.freeze({
  observers: Object.freeze([]),
  options: Object.freeze({}),
}) as unknown as EngineSpec
// The value of a wait whose probe has not returned one yet.
const NO_VALUE = Symbol('no value')

/**
 * Where a wait is: in its poll delay (wake-ups ignored), sleeping between attempts, running an
 * attempt (`woken` when something changed meanwhile, so the next delay is zero), running the
 * check at the deadline (`last`), or `done`.
 */
type Phase = 'delaying' | 'sleeping' | 'attempting' | 'woken' | 'last' | 'done'

// One per wait, and one more for its check at the deadline (whose signal is its own), moved on to
// each attempt: with thousands of waits passing together on Node 24, one made per attempt delayed
// the last of them by about 3 ms (bench/analysis.md, "Fourth round").
class Context implements ProbeContext {
  attempt = 0
  readonly mode: Mode
  readonly #runner: Runner

  constructor(mode: Mode, runner: Runner) {
    this.mode = mode
    this.#runner = runner
  }

  get signal(): AbortSignal {
    return this.#runner.signalOf(this)
  }
}

/**
 * What few waits need, made when one first does: a log of the errors its probe threw, a context
 * and a signal for its check at the deadline, an attempt's start (for observers), the signal its
 * probe read, and what to undo for an `AbortSignal`, a subscription, or a check at the deadline
 * that answers later. Each field a runner holds, thousands of waits hold.
 */
class Extras {
  errors: ErrorLog | undefined
  lastContext: Context | undefined
  startedAt = 0
  probeAbort: AbortController | undefined
  lastAbort: AbortController | undefined
  cancelFinal: (() => void) | undefined
  stopListening: (() => void) | undefined
  unsubscribe: (() => void) | undefined
}

// Reads `then` once. It may throw (a getter, a Proxy trap): callers read it inside their own
// try, so that a hostile value is a failed attempt, not a crash of the wait.
function isThenable(value: unknown): boolean {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}

const isSignal = (value: unknown): value is WaitSignal => isInstance(value, WaitSignal)

// Milliseconds as a person reads them in a report: 85.03, not 85.02700000008.
const readable = (ms: number): number => Math.round(ms * 100) / 100

// The probe behind the fail-fast guard. A function of its own: variables that a closure captures
// are allocated at each call of the function that declares them, even when it returns before
// making the closure, and the attempt loop must allocate nothing per attempt.
function guarded(
  probe: EngineSpec['probe'],
  failFast: NonNullable<EngineOptions['failFast']>,
  context: ProbeContext,
): unknown {
  const guard = (tripped: unknown): unknown => {
    if (tripped) throw FAIL_FAST
    return probe(context)
  }
  const tripped = failFast.guard(context)
  return isThenable(tripped) ? Promise.resolve(tripped).then(guard) : guard(tripped)
}

type Subscribe = NonNullable<Condition<unknown>['subscribe']>

// A probe's `subscribe`, read once: a probe that is a Proxy whose trap throws has none.
function subscriptionOf(probe: Condition<unknown>): Subscribe | undefined {
  try {
    const subscribe = (probe as { subscribe?: unknown }).subscribe
    return typeof subscribe === 'function' ? (subscribe as Subscribe) : undefined
  } catch {
    return undefined
  }
}

/**
 * How the engine ends a wait `W`, one object for all waits of a kind, told which wait: a callback
 * (and the variables it captures) per wait was one more thing that thousands of waits each held.
 */
export interface Ending<W> {
  /**
   * The wait ran to its end: `failed` is how it failed, or `undefined` when it passed, with
   * `value`, what the probe last returned; then how many attempts it made and how long it ran. A
   * pass builds no outcome: with thousands of waits passing together on Node 24, one object each
   * delayed the last of them by about 6 ms (bench/analysis.md, "Fourth round").
   */
  settled(wait: W, failed: Outcome | undefined, value: unknown, attempts: number, ms: number): void
  /** The signal aborted (with its reason), or an observer, schedule or subscription threw. */
  crashed(wait: W, error: unknown): void
}

/**
 * Runs one wait to its end: the single loop behind `until`, `during().never()` and
 * `during().always()`. Each attempt is scheduled only after the previous one settles, every
 * attempt and sleep is raced against the deadline and the abort signal, and nothing is left
 * running when it settles. Ends `wait` through `ending`, once. `clock` is the one clock the wait
 * uses from start to end: the spec's own, or the system clock pinned as it was when the wait
 * started. Calls rather than a promise: the caller's own promise is the one to settle, and a
 * promise per wait would be one more of each thing that thousands of waits hold.
 */
export function run<W>(spec: EngineSpec, clock: Clock, wait: W, ending: Ending<W>): Running {
  const runner = new Runner(spec, clock, wait, ending)
  runner.begin()
  return runner
}

// What an ended runner ends: nothing.
const ENDED: Ending<unknown> = { settled: ignore, crashed: ignore }

/** A wait the engine runs, as it can be asked about, or stopped, while it runs. */
export interface Running {
  /** Where it stands now, as an outcome that has not happened yet: not passed, no reason. */
  now(): Outcome
  /** Ends it now, failed with reason `stopped` and `detail`; nothing of it is left running. */
  stop(detail: string): void
}

/**
 * The loop as a state machine driven by timer and promise callbacks rather than an async
 * function: a synchronous probe is called straight from the timer that ends the sleep, with no
 * promise or microtask in between, and the callbacks are made once per wait, not per attempt.
 * With thousands of waits polling at once, that is most of the engine's cost. What each result
 * means is decided in verdict.ts; this class owns the timers, the signals and the one phase.
 */
class Runner implements Due, Running, Tally, Moment {
  // The last runner to end, emptied by `#cleanUp`. V8 forgets the hidden class of an object once
  // none is left alive through a couple of full garbage collections, and with it what the polling
  // code, optimised while waits failed, has learnt of runners: when a burst of waits then passes
  // together (a flag that thousands of waits poll flips), the first pass of each would send that
  // code back to the interpreter (seen on Node 20; docs/architecture.md, "The engine"). One empty
  // runner keeps it.
  // eslint-disable-next-line no-unused-private-class-members -- held, never read: see above
  static #lastEnded: Runner | undefined
  // What the runner was given; the spec and callbacks are let go when it ends (see `#cleanUp`).
  #spec: EngineSpec
  // Its clock's timers, and so its clock.
  readonly #timers: Scheduler
  #wait: unknown
  #ending: Ending<unknown>
  readonly #start: number
  // The runner is its own tally and moment (what `verdict` remembers, and the moment it is asked
  // about), updated in place: two objects fewer for each of thousands of waits. `atMs`, written at
  // every attempt, is a double from the start: a field that may hold `undefined` boxes a new number
  // each time a time is stored, and one that begins as a small integer and is then given a
  // fractional time moves every runner to a new object layout at once (V8's field representation),
  // which 10,000 waits passing together pay for. The tally's times, stored only around passes, are
  // `undefined` until then: a double field holds a number box of its own from the start.
  completed = 0
  streak = 0
  streakStart: number | undefined
  lastPassMs: number | undefined
  lastFailMs: number | undefined
  attempts = 0
  atMs = Number.NaN
  #phase: Phase = 'attempting'
  // Made at the first attempt.
  #context: Context | undefined
  #value: unknown = NO_VALUE
  // A polled attempt's result, until the scheduler says what time it is for every wait it polled
  // in that tick (see `fire`).
  #held: Result | undefined
  // The current attempt or sleep: bumped when an async attempt starts, ends or is abandoned, when
  // a sleep starts, and when the wait ends, so that a late answer or a cancelled timer is ignored.
  #token = DEADLINE
  // The pending sleep and deadline, and where each is in its slot.
  #sleepSlot: Slot | undefined
  #sleepPlace = 0
  #deadlineSlot: Slot | undefined
  #deadlinePlace = 0
  #extras: Extras | undefined

  constructor(spec: EngineSpec, clock: Clock, wait: unknown, ending: Ending<unknown>) {
    this.#spec = spec
    this.#timers = schedulerOf(clock)
    this.#wait = wait
    this.#ending = ending
    this.#start = clock.now()
  }

  /** This attempt was the check at the deadline. */
  get last(): boolean {
    return this.#phase === 'last'
  }

  /** Something changed while this attempt ran. */
  get woken(): boolean {
    return this.#phase === 'woken'
  }

  #more(): Extras {
    return (this.#extras ??= new Extras())
  }

  begin(): void {
    const spec = this.#spec
    try {
      const { probe } = spec
      const { signal } = spec.options
      signal?.throwIfAborted()
      if (signal) this.#more().stopListening = onAbort(signal, () => this.#crash(signal.reason))
      const deadline = (this.#deadlineSlot = this.#timers.after(spec.limitMs, this.#start))
      this.#deadlinePlace = deadline.add(this, DEADLINE)
      const subscribe = subscriptionOf(probe)
      if (subscribe) this.#subscribe(probe, subscribe)
      // The poll delay is kept even when something changes meanwhile: that is what it is for.
      if (spec.pollDelayMs > 0) this.#sleep(Math.min(spec.pollDelayMs, spec.limitMs), 'delaying')
      else this.#attempt(false, false)
    } catch (error) {
      this.#crash(error)
    }
  }

  #elapsed(): number {
    return this.#timers.clock.now() - this.#start
  }

  // The time from the start that an attempt is judged at, or the wait ends at: in the check at the
  // deadline, at least the deadline. Node's timers fire up to a millisecond early by
  // `performance.now()`: a wait that timed out at 999.4 ms of a 1 s deadline said "Timed out after
  // 999 ms".
  #elapsedAt(timeUp = this.#phase === 'last', now = this.#timers.clock.now()): number {
    const ms = now - this.#start
    return timeUp ? Math.max(ms, this.#spec.limitMs) : ms
  }

  #over(): boolean {
    return this.#phase === 'done'
  }

  // The time is up once the check at the deadline has started, and for good when the wait is done.
  #timeUp(): boolean {
    return this.#phase === 'last' || this.#phase === 'done'
  }

  // The callbacks below exist only for waits that need them: thousands of waits at once are
  // cheaper without a closure each for a subscription or a signal they do not have.
  #subscribe(probe: EngineSpec['probe'], subscribe: Subscribe): void {
    let pending = false
    const wakeFromSleep = (): void => {
      pending = false
      if (this.#phase === 'sleeping') this.#endSleep(false)
    }
    const wake = (): void => {
      if (this.#phase === 'attempting') this.#phase = 'woken'
      // Not from inside the caller of wake(): an adapter may be mid-way through its own update.
      // One wake-up at a time: a burst of events is one reason to look, not one each.
      else if (this.#phase === 'sleeping' && !pending) {
        pending = true
        void Promise.resolve().then(wakeFromSleep)
      }
    }
    const timeLeft = (): number =>
      this.#over() ? 0 : Math.max(0, this.#spec.limitMs - this.#elapsed())
    this.#more().unsubscribe = subscribe.call(probe, wake, { timeLeft })
  }

  /** The signal of the attempts given `context`: the check at the deadline has one of its own. */
  signalOf(context: Context): AbortSignal {
    return context === this.#extras?.lastContext ? this.#finalSignal() : this.#waitSignal()
  }

  /**
   * The signal of an attempt before the deadline, made when a probe first reads it. A probe may
   * read it late (after an await): it must come back aborted if the wait has ended or its time is
   * up by then, not fresh.
   */
  #waitSignal(): AbortSignal {
    const abort = (this.#more().probeAbort ??= new AbortController())
    if (this.#phase === 'done' && !abort.signal.aborted) abort.abort()
    else if (this.#timeUp()) this.#abortProbe()
    return abort.signal
  }

  /** The signal of the check at the deadline: one of its own, since the wait's has aborted by then. */
  #finalSignal(): AbortSignal {
    const abort = (this.#more().lastAbort ??= new AbortController())
    if (this.#phase === 'done' && !abort.signal.aborted) abort.abort()
    return abort.signal
  }

  #abortProbe(): void {
    const abort = this.#extras?.probeAbort
    if (abort && !abort.signal.aborted) {
      abort.abort(new DOMException('The wait ran out of time', 'TimeoutError'))
    }
  }

  /**
   * Called by the scheduler when a sleep or the deadline is due; a cancelled one is ignored. The
   * attempt that ends a sleep is judged in `ended`, at the time the scheduler reads once every
   * wait due in that tick has made its attempt: a clock read per attempt allocates a number, and
   * with thousands of waits polling those filled the young generation. That time is when the
   * attempt ended or later, so an attempt that ended at or past the deadline is still the last.
   */
  fire(token: number): boolean {
    if (token === DEADLINE) {
      if (!this.#deadlineSlot) return false
      this.#deadlineSlot = undefined
      this.#onDeadline()
    } else if (token === this.#token && this.#sleepSlot) {
      this.#sleepSlot = undefined
      return this.#next(false, true)
    }
    return false
  }

  /** The time of the tick whose attempt `fire` left unjudged; `undefined` if it could not be read. */
  ended(now: number | undefined): void {
    this.#judgeHeld(now)
  }

  // Judges the attempt held for its tick's time, if there is one.
  #judgeHeld(at?: number): void {
    const held = this.#held
    if (held === undefined) return
    this.#held = undefined
    try {
      this.#handle(held, at)
    } catch (error) {
      this.#crash(error)
    }
  }

  #onDeadline(): void {
    this.#abortProbe()
    const phase = this.#phase
    if (this.#held) {
      // An attempt that answered in a tick the deadline came in the middle of (a probe moved fake
      // time through it): it is judged now, as the last, not abandoned as if still running.
      this.#phase = 'last'
      this.#judgeHeld()
    } else if (phase === 'sleeping' || phase === 'delaying') this.#endSleep(true)
    else if (phase === 'attempting' || phase === 'woken') this.#abandon(true)
  }

  #cancelSleep(): void {
    const slot = this.#sleepSlot
    this.#sleepSlot = undefined
    if (slot) this.#timers.cancel(slot, this.#sleepPlace)
  }

  // `now` is the clock's time, when the caller has just read it.
  #sleep(ms: number, phase: 'sleeping' | 'delaying', now = this.#timers.clock.now()): void {
    // An observer may have ended the wait while it was being told of the attempt.
    if (this.#phase === 'done') return
    this.#phase = phase
    // A sleep that reaches the deadline is ended by the deadline's own timer, so the next attempt
    // is always the check at the deadline: a second timer due at the same moment could fire first.
    if (ms >= this.#spec.limitMs - (now - this.#start)) return
    const slot = (this.#sleepSlot = this.#timers.after(ms, now))
    this.#sleepPlace = slot.add(this, ++this.#token)
  }

  #endSleep(last: boolean): void {
    this.#cancelSleep()
    this.#next(last)
  }

  // `polled`: called from a tick of the scheduler, which tells the time when it is over.
  #next(last: boolean, polled = false): boolean {
    try {
      return this.#attempt(last, polled)
    } catch (error) {
      this.#crash(error)
      return false
    }
  }

  #call(context: ProbeContext): unknown {
    const { probe, options } = this.#spec
    const { failFast } = options
    return failFast ? guarded(probe, failFast, context) : probe(context)
  }

  #classify(thrown: boolean, out: unknown): Result {
    if (!thrown) return this.#judge(out)
    if (out === FAIL_FAST) {
      const reason = this.#spec.options.failFast?.reason ?? ''
      return { kind: 'end', signal: new WaitSignal('stop', reason, {}), failFast: true }
    }
    if (isSignal(out)) {
      return out.kind === 'retry'
        ? { kind: 'fail', error: out, delayMs: out.delayMs }
        : { kind: 'end', signal: out, failFast: false }
    }
    return this.#thrown(out)
  }

  // A value the probe returned: without a check, anything but `false` passes; with one, what the
  // check accepts. A check that throws fails the attempt as a throwing probe would, keeping the
  // value.
  #judge(value: unknown): Result {
    const { check } = this.#spec
    if (!check) return value === false ? FALSE : { kind: 'pass', value }
    // Called as a function, not a method of the check: a predicate's `this` is its own.
    const test = check.test
    let ok: unknown
    try {
      ok = test(value)
    } catch (error) {
      const result = this.#thrown(error)
      return result.kind === 'fail' || result.kind === 'fatal' ? { ...result, value } : result
    }
    return ok ? { kind: 'pass', value } : { kind: 'fail', value }
  }

  #thrown(out: unknown): Result {
    const { mode, options } = this.#spec
    const { retryOn } = options
    const accepted = retryOn?.(out)
    // In a never window a throw can hide the very thing being watched for (the count that would
    // have been 2): only an assertion failure, or an error the user said is "not yet", means it
    // did not happen this time.
    if (mode === 'never') {
      return accepted || isAssertion(out)
        ? { kind: 'fail', error: out }
        : { kind: 'fatal', error: out, fatal: 'unclear' }
    }
    if (accepted === false) return { kind: 'fatal', error: out, fatal: 'filtered' }
    if (accepted === undefined && isMistake(out)) {
      return { kind: 'fatal', error: out, fatal: 'mistake' }
    }
    return { kind: 'fail', error: out }
  }

  // Returns `true` when it holds a result until the scheduler tells the time (see `fire`).
  #attempt(last: boolean, polled: boolean): boolean {
    if (this.#phase === 'done') return false
    this.#phase = last ? 'last' : 'attempting'
    this.attempts++
    // Only observers are told when an attempt started: no clock read per attempt for others.
    if (this.#spec.observers.length > 0) this.#more().startedAt = this.#elapsed()
    const context = last
      ? (this.#more().lastContext ??= new Context(this.#spec.mode, this))
      : (this.#context ??= new Context(this.#spec.mode, this))
    context.attempt = this.attempts
    let out: unknown
    let thrown = false
    let async = false
    try {
      out = this.#call(context)
      async = isThenable(out)
    } catch (error) {
      out = error
      thrown = true
    }
    if (!async) {
      const result = this.#classify(thrown, out)
      // Observers are told each attempt's own time, so their waits read the clock for each.
      if (polled && this.#spec.observers.length === 0) {
        this.#held = result
        return true
      }
      this.#handle(result)
      return false
    }
    // The probe may have ended the wait itself (aborting its signal) before returning a promise.
    if (this.#over()) return false
    const token = ++this.#token
    // The check at the deadline counts only if it answers within one turn of the event loop.
    if (last) {
      const extras = this.#more()
      extras.cancelFinal = this.#timers.clock.setTimeout(() => {
        extras.cancelFinal = undefined
        if (this.#phase === 'last') this.#abandon(false)
      }, 0)
    }
    try {
      // A native promise adopts any thenable by the rules of the language: it settles once even if
      // the thenable calls back twice or throws from `then`, and it follows thenables of thenables.
      // A native promise is used as it is, and its own `then` is never looked up again.
      void Promise.prototype.then.call(
        Promise.resolve(out),
        (v) => this.#answered(token, false, v),
        (e: unknown) => this.#answered(token, true, e),
      )
    } catch (error) {
      this.#answered(token, true, error)
    }
    return false
  }

  #answered(token: number, thrown: boolean, out: unknown): void {
    if (token !== this.#token || this.#phase === 'done') return
    // Whatever calls back a second time for this attempt finds it over.
    this.#token++
    const extras = this.#extras
    if (extras) {
      extras.cancelFinal?.()
      extras.cancelFinal = undefined
    }
    try {
      this.#handle(this.#classify(thrown, out))
    } catch (error) {
      this.#crash(error)
    }
  }

  /**
   * Gives up on the attempt in flight: `inFlight` when it was still running as the time ran out
   * (a slow or hung probe, worth saying in the error), not when it was the check at the deadline
   * that did not answer at once (usual for any probe that does I/O, so not worth a word).
   */
  #abandon(inFlight: boolean): void {
    this.#token++
    try {
      this.#report(CUT)
      // The deadline has come: the time is at least the deadline.
      this.#finish(timeIsUp(this.#spec, this), inFlight, this.#elapsedAt(true))
    } catch (error) {
      this.#crash(error)
    }
  }

  #report(result: Result | typeof CUT, nextDelayMs?: number): void {
    const { observers } = this.#spec
    if (observers.length === 0) return
    const now = this.#elapsed()
    const startedAt = this.#extras?.startedAt ?? 0
    const full: AttemptReport = {
      attempt: this.attempts,
      outcome: result.kind === 'pass' ? 'pass' : result.kind === 'cut' ? 'cut' : 'fail',
      startedMs: readable(startedAt),
      elapsedMs: readable(now),
      durationMs: readable(now - startedAt),
      ...('value' in result ? { value: result.value } : {}),
      ...('error' in result ? { error: result.error } : {}),
      ...(result.kind === 'end' ? { error: result.signal } : {}),
      ...(nextDelayMs === undefined ? {} : { nextDelayMs }),
    }
    for (const observer of observers) observer(full)
  }

  // Records what the attempt saw, asks the verdict, and tells the observers. `at` is the clock's
  // time when the attempt is taken to have ended, if the caller has it.
  #handle(result: Result, at?: number): void {
    // The probe may have ended the wait itself (aborting its signal) before answering.
    const phase = this.#phase
    if (phase === 'done') return
    this.#record(result)
    const now = at ?? this.#timers.clock.now()
    this.atMs = this.#elapsedAt(phase === 'last', now)
    const decision = verdict(this.#spec, this, result, this)
    const next = typeof decision === 'number' ? decision : undefined
    // Without observers the clock is not read again: the sleep starts, or the wait ends, at the
    // time the attempt was judged at.
    const quiet = this.#spec.observers.length === 0
    if (!quiet) this.#report(result, next)
    if (typeof decision === 'number') this.#sleep(decision, 'sleeping', quiet ? now : undefined)
    else this.#finish(decision, false, quiet ? this.atMs : undefined)
  }

  // What an attempt saw: its value, and its error.
  #record(result: Result): void {
    if ('value' in result) this.#value = result.value
    if ('error' in result) this.#logError(result.error)
    if (result.kind === 'end' && 'cause' in result.signal) this.#logError(result.signal.cause)
  }

  // What the probe last returned; `undefined` before it has returned anything.
  #valueSeen(): unknown {
    return this.#value === NO_VALUE ? undefined : this.#value
  }

  #logError(error: unknown): void {
    const extras = this.#more()
    const errors = (extras.errors ??= new ErrorLog())
    errors.add(error)
  }

  now(): Outcome {
    return this.#outcome(STILL, false)
  }

  stop(detail: string): void {
    this.#finish({ passed: false, reason: 'stopped', detail }, false)
  }

  // `elapsedMs` is the time from the start, when the caller has just read the clock.
  #outcome(how: Settle, cut: boolean, elapsedMs = this.#elapsed()): Outcome {
    return {
      passed: false,
      reason: how.reason,
      detail: how.detail,
      fatal: how.fatal,
      attempts: this.attempts,
      elapsedMs,
      value: this.#valueSeen(),
      hasValue: this.#value !== NO_VALUE,
      errors: this.#extras?.errors ?? NO_ERRORS,
      lastPassMs: this.lastPassMs,
      lastFailMs: this.lastFailMs,
      cut,
    }
  }

  // `elapsedMs` as for `#outcome`; the clock is read here only when the wait is not over yet.
  #finish(how: Settle, cut: boolean, elapsedMs?: number): void {
    if (this.#phase === 'done') return
    // Ended (stopped) while a polled attempt waited for its tick's time: what it saw is told.
    const held = this.#held
    if (held) this.#record(held)
    elapsedMs ??= this.#elapsedAt()
    const failed = how.passed ? undefined : this.#outcome(how, cut, elapsedMs)
    const value = this.#valueSeen()
    this.#phase = 'done'
    const wait = this.#wait
    const ending = this.#ending
    try {
      this.#cleanUp()
    } catch (error) {
      ending.crashed(wait, error)
      return
    }
    ending.settled(wait, failed, value, this.attempts, elapsedMs)
  }

  #crash(error: unknown): void {
    if (this.#phase === 'done') return
    this.#phase = 'done'
    const wait = this.#wait
    const ending = this.#ending
    try {
      this.#cleanUp()
    } catch {
      // The wait already fails with `error`; a clean-up that also throws (an unsubscribe) must
      // not escape into the caller, which may be the abort listener other waits share.
    }
    ending.crashed(wait, error)
  }

  #cleanUp(): void {
    this.#token++
    const deadline = this.#deadlineSlot
    this.#deadlineSlot = undefined
    if (deadline) this.#timers.cancel(deadline, this.#deadlinePlace)
    this.#cancelSleep()
    const extras = this.#extras
    let unsubscribe: (() => void) | undefined
    if (extras) {
      extras.cancelFinal?.()
      extras.lastAbort?.abort()
      const { probeAbort } = extras
      if (probeAbort && !probeAbort.signal.aborted) probeAbort.abort()
      extras.stopListening?.()
      unsubscribe = extras.unsubscribe
      extras.cancelFinal = extras.stopListening = extras.unsubscribe = undefined
      // The context of the check at the deadline is kept: a probe may read its signal later.
      extras.errors = undefined
    }
    // Lets go of what the wait gave it (the probe and check, the wait itself, the last value and
    // errors) and stays as the last runner to end, holding only its clock, the aborted signals it
    // gave the probe and the contexts they are read through.
    this.#spec = ENDED_SPEC
    this.#ending = ENDED
    this.#wait = this.#held = undefined
    this.#value = NO_VALUE
    Runner.#lastEnded = this
    unsubscribe?.()
  }
}
