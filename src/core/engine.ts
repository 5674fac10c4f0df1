import type { Clock } from './clock.js'
import type { Condition, ProbeContext } from './probe.js'
import type { Schedule } from './schedule.js'
import { WaitSignal } from './signals.js'
import { onAbort } from './abort.js'
import { ErrorLog } from './error-log.js'

/** `until` waits for a pass; `never` fails on a pass; `always` fails on a failure. */
export type Mode = 'until' | 'never' | 'always'

/**
 * Why a wait failed: `timeout` (no pass by `atMost`), `too-early` (passed before `atLeast`),
 * `attempts` (`maxAttempts` used up), `violated` (`never` saw a pass, `always` a failure),
 * `stopped` (the probe threw `stop()`), `fail-fast` (the guard tripped), `error` (an error that
 * `retryOn` does not accept), `inconclusive` (no attempt finished within a `during` window).
 */
export type FailReason =
  | 'timeout'
  | 'too-early'
  | 'attempts'
  | 'violated'
  | 'stopped'
  | 'fail-fast'
  | 'error'
  | 'inconclusive'

/**
 * One attempt, as the engine reports it to an observer.
 *
 * @example
 * ```ts
 * until(probe).observe((a) => console.log(a.attempt, a.outcome, a.elapsedMs))
 * ```
 */
export interface AttemptReport {
  /** 1 for the first attempt. */
  readonly attempt: number
  /** `cut`: still running when the time was up. */
  readonly outcome: 'pass' | 'fail' | 'cut'
  /** Milliseconds from the start of the wait to the end of this attempt. */
  readonly elapsedMs: number
  /** How long the probe took. */
  readonly durationMs: number
  /** What the probe returned, when it returned. */
  readonly value?: unknown
  /** What the probe threw, when it threw. */
  readonly error?: unknown
  /** Milliseconds until the next attempt; absent when this was the last. */
  readonly nextDelayMs?: number
}

/** Everything the engine needs; built and frozen by the DSL. */
export interface EngineSpec {
  readonly mode: Mode
  readonly probe: Condition<unknown>
  /** until: the deadline (`atMost`); never/always: the window. */
  readonly limitMs: number
  readonly atLeastMs: number
  readonly pollDelayMs: number
  readonly schedule: Schedule
  readonly maxAttempts: number
  readonly holdMs: number
  readonly inARow: number
  readonly retryOn: ((error: unknown) => boolean) | undefined
  readonly failFast:
    { readonly guard: (context: ProbeContext) => unknown; readonly reason: string } | undefined
  readonly signal: AbortSignal | undefined
  readonly clock: Clock
  readonly observers: readonly ((report: AttemptReport) => void)[]
}

/** How a wait ended. */
export interface Outcome {
  readonly passed: boolean
  readonly reason: FailReason | undefined
  /** A `stop()` or fail-fast reason. */
  readonly detail: string | undefined
  readonly attempts: number
  readonly elapsedMs: number
  readonly value: unknown
  readonly hasValue: boolean
  readonly errors: ErrorLog
  /** When the probe last passed (until) or first passed (never), from the start, in ms. */
  readonly lastPassMs: number | undefined
  /** The first failure after the last pass (or the last failure, before any pass), in ms. */
  readonly lastFailMs: number | undefined
  /** The last attempt was still running when the time was up. */
  readonly cut: boolean
}

type Result =
  | { kind: 'pass'; value: unknown }
  | { kind: 'fail'; value?: unknown; error?: unknown; delayMs?: number }
  | { kind: 'cut' }
  | { kind: 'end'; signal: WaitSignal; failFast: boolean }
  | { kind: 'fatal'; error: unknown }

// Thrown past the probe when the fail-fast guard trips; recognised by identity.
const FAIL_FAST = new Error('fail-fast guard tripped')
const CUT: Result = { kind: 'cut' }
const FALSE: Result = { kind: 'fail', value: false }

// A class, so each attempt's context costs one small object and no new getter.
class Context implements ProbeContext {
  readonly attempt: number
  readonly #signal: () => AbortSignal

  constructor(attempt: number, signal: () => AbortSignal) {
    this.attempt = attempt
    this.#signal = signal
  }

  get signal(): AbortSignal {
    return this.#signal()
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}

/**
 * Runs one wait to its end: the single loop behind `until`, `during().never()` and
 * `during().always()`. Each attempt is scheduled only after the previous one settles, every
 * attempt and sleep is raced against the deadline and the abort signal, and nothing is left
 * running when it returns. Rejects only when the signal aborts (with its reason) or an observer
 * or schedule throws.
 */
export async function run(spec: EngineSpec): Promise<Outcome> {
  const { clock, signal, mode, probe, observers } = spec
  signal?.throwIfAborted()
  const start = clock.now()
  const elapsed = (): number => clock.now() - start
  const errors = new ErrorLog()
  // Made only when a probe reads its signal: most never do, and aborting one costs tens of µs.
  let probeAbort: AbortController | undefined
  let attempts = 0
  let completed = 0
  let value: unknown
  let hasValue = false
  let lastPassMs: number | undefined
  let lastFailMs: number | undefined
  let streak = 0
  let streakStart = 0
  let timeUp = false
  let woken = false
  // The pending await's early exit: set while an attempt or a sleep is in flight.
  let interrupt: (() => void) | undefined
  let sleeping: (() => void) | undefined
  let cancelSleep: (() => void) | undefined
  let stopListening: (() => void) | undefined
  let cancelDeadline: (() => void) | undefined
  let unsubscribe: (() => void) | undefined

  const abortProbe = (): void => {
    if (probeAbort && !probeAbort.signal.aborted) {
      probeAbort.abort(new DOMException('The wait ran out of time', 'TimeoutError'))
    }
  }
  const endSleep = (): void => {
    const resolve = sleeping
    interrupt = sleeping = cancelSleep = undefined
    resolve?.()
  }
  const wakeUp = (): void => {
    cancelSleep?.()
    endSleep()
  }
  // Made once per wait, not once per sleep: at high attempt rates every allocation counts.
  const holdSleep = (resolve: () => void): void => {
    sleeping = resolve
  }
  const sleep = (ms: number): Promise<void> => {
    const slept = new Promise<void>(holdSleep)
    interrupt = wakeUp
    cancelSleep = clock.setTimeout(endSleep, ms)
    return slept
  }
  const waitSignal = (): AbortSignal => {
    probeAbort ??= new AbortController()
    if (timeUp) abortProbe()
    return probeAbort.signal
  }

  const classify = (thrown: boolean, out: unknown): Result => {
    if (!thrown) return out === false ? FALSE : { kind: 'pass', value: out }
    if (out instanceof WaitSignal) {
      return out.kind === 'retry'
        ? { kind: 'fail', error: out, delayMs: out.delayMs }
        : { kind: 'end', signal: out, failFast: false }
    }
    if (spec.retryOn && !spec.retryOn(out)) return { kind: 'fatal', error: out }
    return { kind: 'fail', error: out }
  }

  const call = (context: ProbeContext): unknown => {
    if (!spec.failFast) return probe(context)
    const guard = (tripped: unknown): unknown => {
      if (tripped) throw FAIL_FAST
      return probe(context)
    }
    const tripped = spec.failFast.guard(context)
    return isThenable(tripped) ? Promise.resolve(tripped).then(guard) : guard(tripped)
  }

  const attempt = (final: boolean): Promise<Result> | Result => {
    let lastAbort: AbortController | undefined
    // The check at the deadline gets a fresh signal: the wait's own has aborted by then.
    const context = new Context(
      attempts,
      final ? () => (lastAbort ??= new AbortController()).signal : waitSignal,
    )
    let out: unknown
    try {
      out = call(context)
    } catch (error) {
      return error === FAIL_FAST ? failFast() : classify(true, error)
    }
    if (!isThenable(out)) return classify(false, out)
    const pending = out
    return new Promise<Result>((resolve, reject) => {
      let cancelFinal: (() => void) | undefined
      const settle = (result: Result): void => {
        interrupt = undefined
        cancelFinal?.()
        lastAbort?.abort()
        resolve(result)
      }
      const cut = (): void => settle(CUT)
      interrupt = cut
      // The check at the deadline counts only if it answers within one turn of the event loop.
      if (final) cancelFinal = clock.setTimeout(cut, 0)
      // A retryOn predicate that throws must reject the wait, as it does for a sync probe, not
      // become an unhandled rejection that leaves the attempt hanging until the deadline.
      pending
        .then(
          (v) => settle(classify(false, v)),
          (e: unknown) => settle(e === FAIL_FAST ? failFast() : classify(true, e)),
        )
        .then(undefined, reject)
    })
  }

  const report = (result: Result, now: number, startedAt: number, nextDelayMs?: number): void => {
    if (observers.length === 0) return
    const full: AttemptReport = {
      attempt: attempts,
      outcome: result.kind === 'pass' ? 'pass' : result.kind === 'cut' ? 'cut' : 'fail',
      elapsedMs: now,
      durationMs: now - startedAt,
      ...('value' in result ? { value: result.value } : {}),
      ...('error' in result ? { error: result.error } : {}),
      ...(result.kind === 'end' ? { error: result.signal } : {}),
      ...(nextDelayMs === undefined ? {} : { nextDelayMs }),
    }
    for (const observer of observers) observer(full)
  }

  const failFast = (): Result => ({
    kind: 'end',
    signal: new WaitSignal('stop', spec.failFast?.reason ?? '', {}),
    failFast: true,
  })

  const end = (passed: boolean, reason?: FailReason, detail?: string, cut = false): Outcome => ({
    passed,
    reason,
    detail,
    attempts,
    elapsedMs: elapsed(),
    value,
    hasValue,
    errors,
    lastPassMs,
    lastFailMs,
    cut,
  })

  const windowEnd = (cut: boolean): Outcome => {
    if (mode === 'until') return end(false, 'timeout', undefined, cut)
    return completed === 0
      ? end(false, 'inconclusive', undefined, cut)
      : end(true, undefined, undefined, cut)
  }

  try {
    // Set up inside the try, so that a clock or subscribe that throws still has the rest undone.
    if (signal) stopListening = onAbort(signal, () => interrupt?.())
    cancelDeadline = clock.setTimeout(() => {
      timeUp = true
      abortProbe()
      interrupt?.()
    }, spec.limitMs)
    unsubscribe = probe.subscribe?.(
      () => {
        woken = true
        if (sleeping) wakeUp()
      },
      { timeLeft: () => Math.max(0, spec.limitMs - elapsed()) },
    )
    if (spec.pollDelayMs > 0) await sleep(Math.min(spec.pollDelayMs, spec.limitMs))
    for (;;) {
      signal?.throwIfAborted()
      const final = timeUp
      woken = false
      attempts++
      const startedAt = elapsed()
      const pending = attempt(final)
      const result = pending instanceof Promise ? await pending : pending
      signal?.throwIfAborted()
      const now = elapsed()
      if (result.kind === 'cut') {
        report(result, now, startedAt)
        return windowEnd(true)
      }
      completed++
      if (result.kind === 'fatal') {
        errors.add(result.error)
        report(result, now, startedAt)
        return end(false, 'error')
      }
      if (result.kind === 'end') {
        report(result, now, startedAt)
        const { signal: s } = result
        if ('cause' in s) errors.add(s.cause)
        if (s.pass && mode !== 'until') return end(true, undefined, s.message)
        return end(false, result.failFast ? 'fail-fast' : 'stopped', s.message)
      }
      if ('value' in result) {
        value = result.value
        hasValue = true
      }
      let holdLeft = 0
      if (result.kind === 'pass') {
        lastPassMs = now
        if (mode === 'never') {
          report(result, now, startedAt)
          return end(false, 'violated')
        }
        if (mode === 'until') {
          if (now < spec.atLeastMs) {
            report(result, now, startedAt)
            return end(false, 'too-early')
          }
          if (streak++ === 0) streakStart = now
          holdLeft = spec.holdMs - (now - streakStart)
          if (streak >= spec.inARow && holdLeft <= 0) {
            report(result, now, startedAt)
            return end(true)
          }
        }
      } else {
        if ('error' in result) errors.add(result.error)
        // The first failure after the last pass is when it stopped passing; later ones say nothing.
        if (lastFailMs === undefined || lastPassMs === undefined || lastFailMs < lastPassMs) {
          lastFailMs = now
        }
        streak = 0
        if (mode === 'always') {
          report(result, now, startedAt)
          return end(false, 'violated')
        }
      }
      if (timeUp || final) {
        report(result, now, startedAt)
        return windowEnd(false)
      }
      if (mode === 'until' && attempts >= spec.maxAttempts) {
        report(result, now, startedAt)
        return end(false, 'attempts')
      }
      let delay =
        result.kind === 'fail' && result.delayMs !== undefined
          ? result.delayMs
          : spec.schedule(attempts)
      if (!(delay >= 0)) {
        throw new TypeError(
          `Expected the \`every\` schedule to return a non-negative delay, got ${delay} after attempt ${attempts}`,
        )
      }
      if (holdLeft > 0) delay = Math.min(delay, holdLeft)
      if (woken) delay = 0
      delay = Math.min(delay, Math.max(0, spec.limitMs - elapsed()))
      report(result, now, startedAt, delay)
      await sleep(delay)
    }
  } finally {
    cancelDeadline?.()
    if (probeAbort && !probeAbort.signal.aborted) probeAbort.abort()
    stopListening?.()
    unsubscribe?.()
  }
}
