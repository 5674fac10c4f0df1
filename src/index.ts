export { autoAdvance, globalTimers, systemClock, type Advance, type Clock } from './core/clock.js'
export { formatMs, type Duration } from './core/duration.js'
export {
  configure,
  during,
  patiently,
  until,
  type During,
  type Passed,
  type Patiently,
  type Truthy,
  type Until,
  type WindowCheck,
} from './core/dsl.js'
export {
  contains,
  explain,
  matches,
  type AsymmetricMatcher,
  type Mismatch,
  type Pattern,
  type PatternShape,
} from './core/pattern.js'
export type { AttemptReport, FailReason, Mode } from './core/spec.js'
export { WaitError } from './core/error.js'
export type { WaitOptions } from './core/options.js'
export {
  condition,
  type Condition,
  type Probe,
  type ProbeContext,
  type Subscription,
} from './core/probe.js'
export { backoff, fibonacci, type Interval, type Schedule } from './core/schedule.js'
export { retryAfter, stop, WaitSignal } from './core/signals.js'
export { Wait, type ErrorFilter, type WaitResult } from './core/wait.js'
