import type { Clock } from './clock.js'
import type { ErrorLog } from './error-log.js'
import type { Condition, ProbeContext } from './probe.js'
import type { Schedule } from './schedule.js'

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
 * Why an error ended the wait at once (reason `error`): `filtered`, `retryOn` does not accept it;
 * `mistake`, only a bug in the test throws it (a `ReferenceError`); `unclear`, a `never` window's
 * probe threw something other than an assertion failure, so whether it happened is unknown.
 */
export type Fatal = 'filtered' | 'mistake' | 'unclear'

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
  /** Milliseconds from the start of the wait to the start of this attempt (times in a report are rounded to 0.01 ms). */
  readonly startedMs: number
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
  /**
   * The check of `until(probe, check)`: the probe's value passes when `check.test` returns a
   * truthy value. Without one, any value but `false` passes.
   */
  readonly check: { readonly test: (value: unknown) => unknown } | undefined
  /** until: the deadline (`atMost`); never/always: the window. */
  readonly limitMs: number
  readonly pollDelayMs: number
  readonly schedule: Schedule
  readonly clock: Clock
  readonly observers: readonly ((report: AttemptReport) => void)[]
  /** What the less common modifiers set. */
  readonly options: EngineOptions
}

/**
 * What the less common modifiers set, apart from the rest of a spec: one object, shared by every
 * wait given none of them, instead of a field each in every spec.
 */
export interface EngineOptions {
  readonly atLeastMs: number
  /** No limit when `undefined`. */
  readonly maxAttempts: number | undefined
  readonly holdMs: number
  readonly inARow: number
  readonly retryOn: ((error: unknown) => boolean) | undefined
  readonly failFast:
    { readonly guard: (context: ProbeContext) => unknown; readonly reason: string } | undefined
  readonly signal: AbortSignal | undefined
}

/** How a wait failed, or, asked while it runs, where it stands. */
export interface Outcome {
  readonly passed: false
  readonly reason: FailReason | undefined
  /** A `stop()` or fail-fast reason. */
  readonly detail: string | undefined
  /** With reason `error`: why the error ended the wait. */
  readonly fatal: Fatal | undefined
  readonly attempts: number
  readonly elapsedMs: number
  readonly value: unknown
  readonly hasValue: boolean
  readonly errors: ErrorLog
  /** When the probe last passed (until) or first passed (never), from the start, in ms. */
  readonly lastPassMs: number | undefined
  /** The first failure after the last pass, in ms; none before a pass. */
  readonly lastFailMs: number | undefined
  /** The last attempt was still running when the time was up. */
  readonly cut: boolean
}
