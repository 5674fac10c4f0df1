import type { WaitSignal } from './signals.js'
import type { EngineOptions, EngineSpec, FailReason, Fatal } from './spec.js'

// The decisions of a wait, apart from its timers: what an attempt's result means for the wait's
// mode, the streaks of `inARow` and `holdsFor`, the attempt limit, and the next delay. A pure
// function of the rules, the tally so far and the attempt; the engine owns the clock.

/** What one attempt came to. */
export type Result =
  | { readonly kind: 'pass'; readonly value: unknown }
  | {
      readonly kind: 'fail'
      readonly value?: unknown
      readonly error?: unknown
      /** A `retryAfter()` delay. */
      readonly delayMs?: number
    }
  /** `stop()` or the fail-fast guard. */
  | { readonly kind: 'end'; readonly signal: WaitSignal; readonly failFast: boolean }
  /** An error that ends the wait at once. */
  | {
      readonly kind: 'fatal'
      readonly error: unknown
      readonly fatal: Fatal
      readonly value?: unknown
    }

/** The parts of a wait's spec that decide its verdicts. */
export interface Rules extends Pick<EngineSpec, 'mode' | 'limitMs' | 'schedule'> {
  readonly options: Pick<EngineOptions, 'atLeastMs' | 'holdMs' | 'inARow' | 'maxAttempts'>
}

/** What the verdicts remember between attempts. Updated in place, one per wait (its runner). */
export interface Tally {
  /** Attempts that came to a result (not cut short). */
  completed: number
  /** Passes in a row, and when the first of them ended. */
  streak: number
  streakStart: number | undefined
  /** When the probe last passed (until) or first passed (never), from the start, in ms. */
  lastPassMs: number | undefined
  /** The first failure after the last pass, in ms; none before a pass. */
  lastFailMs: number | undefined
}

/** How a wait ends. */
export interface Settle {
  readonly passed: boolean
  readonly reason?: FailReason
  /** A `stop()` or fail-fast reason. */
  readonly detail?: string
  readonly fatal?: Fatal
}

/** When an attempt ended, and what else the verdict needs to know of that moment. */
export interface Moment {
  /** Attempts made so far, this one included. */
  readonly attempts: number
  /** Milliseconds from the start of the wait to the end of this attempt. */
  readonly atMs: number
  /** This attempt was the check at the deadline. */
  readonly last: boolean
  /** Something changed while it ran (a condition's wake-up). */
  readonly woken: boolean
}

const PASSED: Settle = { passed: true }
const failed = (reason: FailReason, detail?: string): Settle =>
  detail === undefined ? { passed: false, reason } : { passed: false, reason, detail }

/**
 * What the end of the time means: `until` has timed out; a window has passed, unless not one
 * attempt finished in it (`inconclusive`).
 */
export function timeIsUp(rules: Rules, tally: Tally): Settle {
  if (rules.mode === 'until') return failed('timeout')
  return tally.completed === 0 ? failed('inconclusive') : PASSED
}

/**
 * The verdict on one attempt: how the wait settles, or the delay before the next attempt (a
 * number). Updates `tally`. Throws a TypeError when the schedule returns a delay that is not a
 * non-negative number.
 */
export function verdict(rules: Rules, tally: Tally, result: Result, at: Moment): Settle | number {
  // Every rule is read here, on every attempt, whatever it came to: the pass that ends a wait is
  // the first of its kind for each of thousands of waits passing together, and a property read
  // that code optimised while they failed has never run would send it back to the interpreter.
  const { mode, limitMs, options } = rules
  const { atLeastMs, holdMs, inARow, maxAttempts } = options
  tally.completed++
  if (result.kind === 'fatal') return { passed: false, reason: 'error', fatal: result.fatal }
  if (result.kind === 'end') {
    const { signal } = result
    if (signal.pass && mode !== 'until') return { passed: true, detail: signal.message }
    return failed(result.failFast ? 'fail-fast' : 'stopped', signal.message)
  }
  let holdLeft = 0
  if (result.kind === 'pass') {
    tally.lastPassMs = at.atMs
    if (mode === 'never') return failed('violated')
    if (mode === 'until') {
      if (at.atMs < atLeastMs) return failed('too-early')
      const start = tally.streak++ === 0 ? (tally.streakStart = at.atMs) : (tally.streakStart ?? 0)
      holdLeft = holdMs - (at.atMs - start)
      if (tally.streak >= inARow && holdLeft <= 0) return PASSED
    }
  } else {
    // The first failure after the last pass is when it stopped passing; later ones say nothing,
    // and before a pass there is nothing to stop: no time is stored for each failed attempt.
    const { lastFailMs, lastPassMs } = tally
    if (lastPassMs !== undefined && (lastFailMs === undefined || lastFailMs < lastPassMs)) {
      tally.lastFailMs = at.atMs
    }
    tally.streak = 0
    if (mode === 'always') return failed('violated')
  }
  // An attempt that ended at or past the deadline (a probe that blocked the thread through it)
  // is the last: another would only double the overrun.
  if (at.last || at.atMs >= limitMs) return timeIsUp(rules, tally)
  if (mode === 'until' && maxAttempts !== undefined && at.attempts >= maxAttempts) {
    return failed('attempts')
  }
  const asked = result.kind === 'fail' ? result.delayMs : undefined
  let delay = asked ?? rules.schedule(at.attempts)
  if (!(delay >= 0)) {
    throw new TypeError(
      `Expected the \`every\` schedule to return a non-negative delay, got ${delay} after attempt ${at.attempts}`,
    )
  }
  if (holdLeft > 0) delay = Math.min(delay, holdLeft)
  // A wake-up ends the sleep, unless the probe itself asked to be left alone for a while.
  if (at.woken && asked === undefined) delay = 0
  return Math.min(delay, Math.max(0, limitMs - at.atMs))
}
