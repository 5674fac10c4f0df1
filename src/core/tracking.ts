import type { Clock } from './clock.js'
import { invalid } from './validate.js'
import type { Mode, Outcome } from './spec.js'
import { stillText, type WaitFacts } from './error.js'
import { userFrames, type CallSite } from './site.js'

/** How a started wait ended, as the tracker is told: `undefined` when it was aborted or crashed. */
export type Ended =
  { readonly passed: boolean; readonly attempts: number; readonly elapsedMs: number } | undefined

/**
 * The test a wait is made in, as a runner integration tells it: {@link Tracking.enter}, or
 * {@link Tracking.scope} for tests that run side by side.
 *
 * @example
 * ```ts
 * const scope: TestScope = { test: 'pays the order', timeoutMs: 5000, since: performance.now() }
 * ```
 */
export interface TestScope {
  readonly test: string
  /** The test's timeout in ms; `undefined` if the runner does not tell it, or it has none. */
  readonly timeoutMs: number | undefined
  /** When the test started, on `performance.now()`: the time it has left counts from then. */
  readonly since: number
}

/** A default deadline fitted to the test's timeout: the deadline, and the timeout it fits. */
export interface Fit {
  readonly limitMs: number
  readonly testTimeoutMs: number
}

/** A started wait, as the tracker may ask it while it runs. */
export interface Live {
  /** Where it stands now, as what a `WaitError` is made of; `undefined` before it runs. */
  now(): { readonly facts: WaitFacts; readonly outcome: Outcome } | undefined
  /** Ends it now, failed with reason `stopped` and `why`, leaving nothing running. */
  stop(why: string): void
}

/** What a wait tells the installed tracker; `Wait` calls it only when one is installed. */
export interface Tracker {
  created(wait: object, mode: Mode, site: CallSite, describe: () => string): void
  /** A modifier was called on it: it was a step towards another wait, not a forgotten one. */
  derived(wait: object): void
  /**
   * The deadline for a wait with no `atMost` of its own, fitted to the test's timeout, if the
   * tracker fits them and `limitMs` would outlast the test; never below `leastMs`.
   */
  fit(limitMs: number, leastMs: number): Fit | undefined
  /**
   * Returns what the wait calls once when it ends, if the tracker wants to know; `live` is the
   * wait while it runs.
   */
  started(
    wait: object,
    limitMs: number,
    clock: Clock,
    live: Live,
  ): ((ended: Ended) => void) | undefined
}

// Kept on the global object, not in this module: the package's ES module and CommonJS builds are
// two copies of it, and a runner hook loaded through one (mocha's `--require`) must see the waits
// a test makes through the other. The number is the protocol's: a copy that speaks another skips.
// The first copy to load makes the holder; a plain object, so a wait's check is one property read.
const KEY = Symbol.for('patiently.tracker.v1')
const holder: { tracker: Tracker | undefined } = ((
  globalThis as { [KEY]?: { tracker: Tracker | undefined } }
)[KEY] ??= { tracker: undefined })

/**
 * The installed tracker; `undefined` unless an integration installed one, so a wait pays one
 * check when none is.
 */
export function tracker(): Tracker | undefined {
  return holder.tracker
}

/**
 * A wait not settled yet: created and never started, or running.
 *
 * @example
 * ```ts
 * for (const w of tracking.running()) console.error(`${w.description} (${w.site})`)
 * ```
 */
export interface OpenWait {
  /** The test it was created in, as the integration named it; `undefined` outside any test. */
  readonly test: string | undefined
  readonly mode: Mode
  /** Where `until()` or `during()` was called: `file:line:column`, or `unknown` without a stack. */
  readonly site: string
  /** What is waited for, as a `WaitError` would name it. */
  readonly description: string
  /** Milliseconds since it started, on its own clock; `undefined` if it never started. */
  readonly elapsedMs: number | undefined
  /** Its deadline (until) or window (never, always), with `timeFactor`; `undefined` if not started. */
  readonly limitMs: number | undefined
  /**
   * What a `WaitError` would say if it failed now, headed `Still waiting for …`: attempts, last
   * value, last error; `undefined` if it never started.
   */
  readonly text: string | undefined
  /** The timeout of the test it was made in, as the integration set it; `undefined` if unknown. */
  readonly testTimeoutMs: number | undefined
}

/**
 * A settled wait, as numbers and strings only: none of its values are kept.
 *
 * @example
 * ```ts
 * const slow = tracking.settled().filter((w) => w.passed && w.used > 0.5)
 * ```
 */
export interface SettledWait {
  readonly test: string | undefined
  readonly mode: Mode
  readonly site: string
  readonly description: string
  /** Passed, or failed; a wait aborted or crashed is not recorded. */
  readonly passed: boolean
  readonly attempts: number
  readonly elapsedMs: number
  readonly limitMs: number
  /** `elapsedMs / limitMs`: how much of its deadline or window it used. */
  readonly used: number
}

/**
 * How many waits the tracking has seen since it was installed.
 *
 * @example
 * ```ts
 * const { created, started, settled, dropped } = tracking.counts()
 * ```
 */
export interface TrackingCounts {
  readonly created: number
  readonly started: number
  readonly settled: number
  /**
   * Settled records pushed out of the ring, and unstarted waits beyond {@link UNSTARTED}, which
   * are tracked once started but not reported as forgotten.
   */
  readonly dropped: number
}

/**
 * Options of {@link track}.
 *
 * @example
 * ```ts
 * const tracking = track({ keep: 200 })
 * ```
 */
export interface TrackingOptions {
  /** How many settled records are kept at most. @default 1000 */
  readonly keep?: number
  /**
   * A wait with no `atMost` of its own whose default deadline would outlast the test gets the
   * time the test has left instead, less a margin (a tenth of the test's timeout, at least
   * 50 ms), so that it fails with its own message before the runner's timeout hides it. Only
   * waits on the system clock, while a test's timeout is known. @default false
   */
  readonly fitToTest?: boolean
}

/**
 * How many waits made and not started yet are kept: enough to fail the test that forgot them, few
 * enough that waits made by the thousand outside any test hold little (each keeps its wait alive).
 */
export const UNSTARTED = 100

interface Entry {
  readonly test: string | undefined
  readonly mode: Mode
  readonly site: CallSite
  readonly describe: () => string
  readonly testTimeoutMs: number | undefined
  startedAt?: number
  limitMs?: number
  clock?: Clock
  live?: Live
}

/**
 * What an integration reads: the waits open now, those settled since it last asked, and counts.
 * Made and installed by {@link track}.
 *
 * @example
 * ```ts
 * const tracking = track()
 * tracking.enter('pays the order', 5000)
 * // … the test runs …
 * tracking.leave()
 * const forgotten = tracking.forgotten('pays the order')
 * ```
 */
export class Tracking implements Tracker {
  /**
   * For runners that run tests concurrently in one process: the test of the code running now
   * (vitest's integration keeps it in an `AsyncLocalStorage`). When it gives one, it wins over
   * the test given to {@link enter}.
   */
  scope: (() => TestScope | undefined) | undefined
  // The test now running, as the integration named it in enter(); new waits are filed under it.
  #current: TestScope | undefined
  readonly #fitToTest: boolean
  readonly #keep: number
  // Keyed by the wait only while it is open: a settled wait is let go at once.
  readonly #open = new Map<object, Entry>()
  // Unstarted waits beyond UNSTARTED: tracked once started, but not kept alive for the check.
  readonly #beyond = new WeakMap<object, Entry>()
  #unstarted = 0
  readonly #ring: SettledWait[] = []
  #next = 0
  #counts = { created: 0, started: 0, settled: 0, dropped: 0 }

  /** @internal Made by `track()`. */
  constructor(keep: number, fitToTest: boolean) {
    this.#keep = keep
    this.#fitToTest = fitToTest
  }

  /**
   * A test starts: the waits made from now on are filed under `test`, and `timeoutMs` (where the
   * runner tells it) is what it has left, counted from now.
   */
  enter(test: string, timeoutMs?: number): TestScope {
    return (this.#current = { test, timeoutMs, since: now() })
  }

  /** The test has ended: the waits made from now on are nobody's. */
  leave(): void {
    this.#current = undefined
  }

  /** @internal Called by `Wait`. */
  fit(limitMs: number, leastMs: number): Fit | undefined {
    if (!this.#fitToTest) return undefined
    const scope = this.scope?.() ?? this.#current
    const timeout = scope?.timeoutMs
    if (timeout === undefined) return undefined
    const left = timeout - (now() - (scope?.since ?? 0)) - Math.max(50, timeout / 10)
    return left < limitMs && left >= leastMs
      ? { limitMs: Math.floor(left), testTimeoutMs: timeout }
      : undefined
  }

  /** @internal Called by `Wait`. */
  created(wait: object, mode: Mode, site: CallSite, describe: () => string): void {
    this.#counts.created++
    const scope = this.scope?.() ?? this.#current
    const entry: Entry = {
      test: scope?.test,
      mode,
      site,
      describe,
      testTimeoutMs: scope?.timeoutMs,
    }
    if (this.#unstarted >= UNSTARTED) {
      this.#counts.dropped++
      this.#beyond.set(wait, entry)
      return
    }
    this.#unstarted++
    this.#open.set(wait, entry)
  }

  /** @internal Called by `Wait`. */
  derived(wait: object): void {
    const entry = this.#open.get(wait)
    if (entry && entry.startedAt === undefined) this.#forget(wait)
  }

  /** @internal Called by `Wait`. */
  started(
    wait: object,
    limitMs: number,
    clock: Clock,
    live: Live,
  ): ((ended: Ended) => void) | undefined {
    this.#counts.started++
    let entry = this.#open.get(wait)
    if (entry) {
      this.#unstarted--
    } else {
      entry = this.#beyond.get(wait)
      if (!entry) return undefined
      this.#open.set(wait, entry)
    }
    entry.startedAt = clock.now()
    entry.limitMs = limitMs
    entry.clock = clock
    entry.live = live
    // Told by the wait itself as it settles: no promise or reaction of the tracker's per wait.
    return (ended) => {
      this.#open.delete(wait)
      if (!ended) return
      const { passed, attempts, elapsedMs } = ended
      this.#counts.settled++
      this.#record({
        test: entry.test,
        mode: entry.mode,
        site: siteOf(userFrames(entry.site)[0]),
        description: describe(entry),
        passed,
        attempts,
        elapsedMs,
        limitMs,
        used: limitMs > 0 ? elapsedMs / limitMs : 1,
      })
    }
  }

  /** The waits running now, oldest first; only those made under `test`, when one is given. */
  running(test?: string): OpenWait[] {
    const open: OpenWait[] = []
    for (const entry of this.#open.values()) {
      if (entry.startedAt === undefined) continue
      if (test !== undefined && entry.test !== test) continue
      open.push(toOpen(entry))
    }
    return open
  }

  /**
   * Stops the waits running under `test` (all of them when none is given), each failing with
   * reason `stopped` and `why`: a test the runner ended leaves none of its waits polling.
   */
  stop(why: string, test?: string): void {
    for (const entry of [...this.#open.values()]) {
      if (entry.startedAt === undefined) continue
      if (test !== undefined && entry.test !== test) continue
      try {
        entry.live?.stop(why)
      } catch {
        // A wait whose clean-up throws fails with that error itself; the others are still stopped.
      }
    }
  }

  /**
   * The waits created under `test` that were never started (no `await`, `then`, `result()`) nor
   * had a modifier called on them; they are reported once, and let go.
   */
  forgotten(test: string | undefined): OpenWait[] {
    const found: OpenWait[] = []
    for (const [wait, entry] of this.#open) {
      if (entry.test === test && entry.startedAt === undefined) {
        found.push(toOpen(entry))
        this.#forget(wait)
      }
    }
    return found
  }

  /**
   * The waits settled since they were last taken, oldest first, at most `keep` of them: all, or
   * only those made under `test` (those of other tests stay for them to take; those made outside
   * any test are let go).
   */
  settled(test?: string): SettledWait[] {
    const ring = this.#ring
    const all = [...ring.slice(this.#next), ...ring.slice(0, this.#next)]
    this.#next = 0
    if (test === undefined) {
      ring.length = 0
      return all
    }
    const taken: SettledWait[] = []
    ring.length = 0
    // Waits settled outside any test (in beforeAll, at import) are nobody's: let go.
    for (const record of all) {
      if (record.test === test) taken.push(record)
      else if (record.test !== undefined) ring.push(record)
    }
    return taken
  }

  /** How many waits were created, started, settled and dropped since `track()`. */
  counts(): TrackingCounts {
    return { ...this.#counts }
  }

  #forget(wait: object): void {
    this.#open.delete(wait)
    this.#unstarted--
  }

  #record(settled: SettledWait): void {
    if (this.#ring.length < this.#keep) {
      this.#ring.push(settled)
      return
    }
    this.#ring[this.#next] = settled
    this.#next = (this.#next + 1) % this.#keep
    this.#counts.dropped++
  }
}

/**
 * Installs wait tracking for a test-runner integration, replacing any installed before, and
 * returns it. Without it, waits are not tracked at all.
 *
 * @example
 * ```ts
 * const tracking = track()
 * await until(() => true)
 * tracking.settled() // [{ passed: true, attempts: 1, … }]
 * untrack()
 * ```
 */
export function track(options: TrackingOptions = {}): Tracking {
  const keep = options.keep ?? 1000
  if (!Number.isInteger(keep) || keep < 1) invalid('keep', 'a positive whole number', keep)
  const fitToTest = options.fitToTest ?? false
  if (typeof fitToTest !== 'boolean') invalid('fitToTest', 'true or false', fitToTest)
  const tracking = new Tracking(keep, fitToTest)
  holder.tracker = tracking
  return tracking
}

/**
 * Removes the installed tracking: waits are not tracked any more.
 *
 * @example
 * ```ts
 * untrack()
 * ```
 */
export function untrack(): void {
  holder.tracker = undefined
}

// Real time, as the runner's own timeout counts it: in Node, browsers, Deno and Bun alike.
const now = (): number => globalThis.performance.now()

function toOpen(entry: Entry): OpenWait {
  const { clock } = entry
  return {
    test: entry.test,
    mode: entry.mode,
    site: siteOf(userFrames(entry.site)[0]),
    description: describe(entry),
    elapsedMs: clock ? Math.max(0, clock.now() - (entry.startedAt ?? 0)) : undefined,
    limitMs: entry.limitMs,
    text: report(entry),
    testTimeoutMs: entry.testTimeoutMs,
  }
}

// A description that throws is the probe's problem, reported by the wait itself, not here.
function describe(entry: Entry): string {
  try {
    return entry.describe()
  } catch {
    return 'a wait'
  }
}

// So is a report that throws: the integration still has the wait's description.
function report(entry: Entry): string | undefined {
  try {
    const now = entry.live?.now()
    return now && stillText(now.facts, now.outcome)
  } catch {
    return undefined
  }
}

/** The first frame of a captured stack as `file:line:column`: V8's `at f (x)` or `at x`, or `f@x`. */
export function siteOf(stack: string | undefined): string {
  for (const line of stack?.split('\n') ?? []) {
    const v8 = /^\s+at (?:.*? \((.+)\)|(.+))$/.exec(line)
    if (v8) return v8[1] ?? v8[2] ?? 'unknown'
    const at = line.indexOf('@')
    if (at >= 0) return line.slice(at + 1)
  }
  return 'unknown'
}
