import { systemClock, type Clock } from './clock.js'
import { toMs, type Duration } from './duration.js'
import { invalid } from './validate.js'
import type { AttemptReport } from './spec.js'
import { toSchedule, type Interval, type Schedule } from './schedule.js'

/**
 * Defaults for every wait made through {@link configure} or a scope from `patiently.with()`.
 * Each wait can still override them with its own modifiers.
 *
 * @example
 * ```ts
 * const { until, during } = patiently.with({ atMost: '10s', every: 200 })
 * ```
 */
export interface WaitOptions {
  /** The deadline of `until()`. @default '4s' (under the usual 5 s test timeout, so patiently's message wins) */
  atMost?: Duration
  /** The interval or schedule between attempts. @default 50 */
  every?: Interval
  /** The delay before the first attempt. @default 0 */
  pollDelay?: Duration
  /** Multiplies every `atMost` (not `during` windows): for slow CI machines. @default 1, or `PATIENTLY_TIME_FACTOR` */
  timeFactor?: number
  /** The clock for timers and time. @default systemClock */
  clock?: Clock
  /** Called after every attempt of every wait. */
  observe?: (report: AttemptReport, description: string) => void
  /** Logs every attempt with `console.debug`, or with the function given. @default false, or `PATIENTLY_DEBUG=1` */
  debug?: boolean | ((line: string) => void)
}

/** Options resolved to what the DSL needs. */
export interface Resolved {
  readonly atMostMs: number
  readonly schedule: Schedule
  readonly pollDelayMs: number
  readonly timeFactor: number
  readonly clock: Clock
  readonly observe: WaitOptions['observe']
  readonly debug: WaitOptions['debug']
}

/** Checks a set of options eagerly, so a mistake is reported where it was made. */
export function checkOptions(options: WaitOptions): WaitOptions {
  if (options.atMost !== undefined) toMs(options.atMost, 'atMost')
  if (options.every !== undefined) toSchedule(options.every)
  if (options.pollDelay !== undefined) toMs(options.pollDelay, 'pollDelay')
  if (options.timeFactor !== undefined) toFactor(options.timeFactor, 'timeFactor')
  return { ...options }
}

function toFactor(value: unknown, option: string): number {
  if (typeof value !== 'number' || !(value > 0) || value === Infinity) {
    invalid(option, 'a positive finite number', value)
  }
  return value
}

function env(name: string): string | undefined {
  try {
    const process = (globalThis as { process?: { env?: Record<string, string | undefined> } })
      .process
    return process?.env?.[name]
  } catch {
    // Deno without --allow-env throws on access: no environment is the same as none set.
    return undefined
  }
}

/** `PATIENTLY_TIME_FACTOR`, as the environment has it now. */
export const timeFactorVariable = (): string | undefined => env('PATIENTLY_TIME_FACTOR')

/** `PATIENTLY_DEBUG`, as the environment has it now. */
export const debugVariable = (): string | undefined => env('PATIENTLY_DEBUG')

/** Merges the layers, lowest first: built-in defaults, environment, then each layer given. */
export function resolve(layers: readonly WaitOptions[]): Resolved {
  const factor = timeFactorVariable()
  const debug = debugVariable()
  const merged: WaitOptions = {
    atMost: '4s',
    every: 50,
    pollDelay: 0,
    timeFactor: 1,
    clock: systemClock,
  }
  if (factor) merged.timeFactor = toFactor(Number(factor), 'PATIENTLY_TIME_FACTOR')
  if (debug && debug !== '0' && debug !== 'false') merged.debug = true
  for (const layer of layers) Object.assign(merged, layer)
  return {
    atMostMs: toMs(merged.atMost, 'atMost'),
    schedule: toSchedule(merged.every ?? 50),
    pollDelayMs: toMs(merged.pollDelay, 'pollDelay'),
    timeFactor: merged.timeFactor ?? 1,
    clock: merged.clock ?? systemClock,
    observe: merged.observe,
    debug: merged.debug,
  }
}
