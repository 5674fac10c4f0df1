import { formatMs } from './duration.js'
import type { FailReason, Mode, Outcome } from './spec.js'
import type { ErrorLog } from './error-log.js'
import { describeError, plural, stringify } from './format.js'
import { comparisonOf, describeComparison, failedAt, type Comparison } from './assertion.js'
import type { Mismatch } from './pattern.js'

/** What the DSL knows about a wait, for its error message. */
export interface WaitFacts {
  readonly mode: Mode
  readonly description: string
  readonly limitMs: number
  /** The test's timeout the default deadline was fitted to, by a runner integration. */
  readonly fittedTo?: number | undefined
  readonly atLeastMs: number
  readonly maxAttempts: number
  readonly inARow: number
  readonly holdMs: number
  /** A condition's own account of what it saw, read when the wait failed. */
  readonly seen: string | undefined
  /** Where the last value does not match the check's pattern (none when the check is not one). */
  readonly mismatches: readonly Mismatch[]
  /** The last value as the condition shows it, when it says. */
  readonly shown: string | undefined
}

/**
 * The one error every failed wait rejects with. Its fields hold what the message says, for
 * code that branches on them; `cause` is the last error the probe threw.
 *
 * @example
 * ```ts
 * try {
 *   await until(() => api.order(id)).atMost('2s')
 * } catch (error) {
 *   if (error instanceof WaitError && error.reason === 'timeout') console.log(error.attempts, error.lastValue)
 * }
 * ```
 */
export class WaitError extends Error {
  /** Always `'WaitError'`. */
  override readonly name: string = 'WaitError'
  /** `until`, `never` or `always`. */
  readonly mode: Mode
  /** Why it failed. */
  readonly reason: FailReason
  /** What was waited for: the `.as()` text, the condition's own description, or the probe's source. */
  readonly description: string
  /** Milliseconds from the start of the wait to its failure. */
  readonly elapsedMs: number
  /** How many times the probe was called. */
  readonly attempts: number
  /** The last value the probe returned; see `hasLastValue`. */
  readonly lastValue: unknown
  /** Whether the probe ever returned (so `lastValue` means something, even `undefined`). */
  readonly hasLastValue: boolean
  /** The last error the probe threw (also `cause`). */
  readonly lastError: unknown
  /** The first error the probe threw. */
  readonly firstError: unknown
  /** When the probe last passed, in ms from the start, if it ever did. */
  readonly lastPassMs: number | undefined
  /** What a condition had seen when the wait failed (`4 requests arrived, none matched`), if it says. */
  readonly seen: string | undefined
  /** What the last error's assertion expected (node:assert, chai, jest, vitest, Playwright); see `compared`. */
  readonly expected: unknown
  /** What the last error's assertion got instead; see `compared`. */
  readonly actual: unknown
  /** Whether the last error carried an assertion's `expected` and `actual`. */
  readonly compared: boolean
  /** The line of the user's code the last error was thrown at (`orders.test.ts:14:7`), if its stack shows one. */
  readonly failedAt: string | undefined
  /** Where the last value does not match the check's pattern, with paths (at most 20). */
  readonly mismatches: readonly Mismatch[]

  /** @internal Made by the DSL when a wait fails. */
  constructor(facts: WaitFacts, outcome: Outcome) {
    const errors = outcome.errors
    // What the last error carries is read once, for the message and for the fields.
    const last = lastOf(errors)
    super(message(facts, outcome, last), last ? { cause: last.error } : undefined)
    this.mode = facts.mode
    this.reason = outcome.reason ?? 'timeout'
    this.description = facts.description
    this.elapsedMs = outcome.elapsedMs
    this.attempts = outcome.attempts
    this.lastValue = outcome.value
    this.hasLastValue = outcome.hasValue
    this.lastError = errors.last
    this.firstError = errors.first
    this.lastPassMs = outcome.lastPassMs
    this.seen = facts.seen
    this.compared = last?.comparison !== undefined
    this.expected = last?.comparison?.expected
    this.actual = last?.comparison?.actual
    this.failedAt = last?.at
    this.mismatches = facts.mismatches
  }
}

function headline(f: WaitFacts, o: Outcome): string {
  const what = f.description
  const took = formatMs(o.elapsedMs)
  const tries = plural(o.attempts, 'attempt')
  switch (o.reason) {
    case 'too-early':
      return `${what}: passed after ${took}, earlier than atLeast ${formatMs(f.atLeastMs)} allows (${tries}).`
    case 'attempts':
      return `Gave up waiting for ${what} after ${tries} (maxAttempts ${f.maxAttempts}) in ${took}.`
    case 'stopped':
      return `Stopped waiting for ${what} after ${took} (${tries}): ${o.detail ?? ''}`
    case 'fail-fast':
      return `Failed fast waiting for ${what} after ${took} (${tries}): ${o.detail ?? ''}`
    case 'error': {
      const stopped = `Stopped waiting for ${what} after ${took} (${tries}): `
      const thrown = describeError(o.errors.last)
      if (o.fatal === 'unclear')
        return `${stopped}cannot tell whether it happened: the probe threw ${thrown}`
      if (o.fatal === 'mistake')
        return `${stopped}the probe threw ${thrown}, a mistake in the test rather than a "not yet".`
      return `${stopped}the probe threw ${thrown}, which retryOn does not accept.`
    }
    case 'inconclusive':
      return `No attempt of ${what} finished within the ${formatMs(f.limitMs)} window (${tries} cut short at its end).`
    case 'violated':
      return f.mode === 'never'
        ? `Expected ${what} never to happen within ${formatMs(f.limitMs)}, but it did after ${took} (attempt ${o.attempts}).`
        : `Expected ${what} to hold for all of ${formatMs(f.limitMs)}, but it failed after ${took} (attempt ${o.attempts}).`
    default: {
      const needs =
        f.inARow > 1
          ? `, passing ${f.inARow} times in a row`
          : f.holdMs > 0
            ? ` and holding for ${formatMs(f.holdMs)}`
            : ''
      return `Timed out after ${took} waiting for ${what}${needs} (${atMost(f)}, ${tries}).`
    }
  }
}

function atMost(f: WaitFacts): string {
  const fitted =
    f.fittedTo === undefined ? '' : `, fitted to the test's ${formatMs(f.fittedTo)} timeout`
  return `atMost ${formatMs(f.limitMs)}${fitted}`
}

const HINTS: Readonly<Record<string, string>> = {
  unclear:
    '  in a never window only an assertion failure (or an error that retryOn accepts) means "it did not happen"; any other error ends the window',
  mistake:
    '  fix the test, or add .retryOn(ReferenceError) if the name exists only once something has happened',
}

/** The last error, and what it carries: an assertion's two sides, the user's line it failed at. */
interface LastError {
  readonly error: unknown
  readonly comparison: Comparison | undefined
  readonly at: string | undefined
}

const lastOf = (errors: ErrorLog): LastError | undefined =>
  errors.count > 0 ? inspect(errors.last) : undefined

function inspect(error: unknown): LastError {
  return { error, comparison: comparisonOf(error), at: failedAt(error) }
}

// An error's own message, kept whole: its first line after the heading, the others indented
// under it. With an assertion's two sides at hand, they say more than its prose: the first line
// and a compact block instead.
function lastErrorLines({ error, comparison, at }: LastError): string[] {
  const [first = '', ...rest] = describeError(error).split('\n')
  const lines = [`  last error:  ${first}`]
  if (comparison) lines.push(...describeComparison(comparison).map((line) => `    ${line}`))
  else lines.push(...rest.filter((line) => line.trim() !== '').map((line) => `    ${line}`))
  if (at) lines.push(`    failed at ${at}`)
  return lines
}

function errorLines(errors: ErrorLog, last: LastError | undefined, named: boolean): string[] {
  if (!last) return []
  // When the headline already names the last error, the list is worth showing only if it says more.
  if (named && errors.count === 1) return []
  const lines = lastErrorLines(last)
  if (errors.distinct.size > 1) {
    lines.push(`  errors seen (${errors.count} in all):`)
    for (const [text, count] of errors.distinct) {
      lines.push(`    ${count}× ${text.split('\n')[0] ?? ''}`)
    }
  } else if (errors.count > 1) {
    lines.push(`  (the same error ${errors.count} times)`)
  }
  return lines
}

const SHOWN_MISMATCHES = 5

function mismatchLines(mismatches: readonly Mismatch[]): string[] {
  const shown = mismatches.slice(0, SHOWN_MISMATCHES)
  const lines = shown.map((m, i) => `${i === 0 ? '  mismatches:  ' : '               '}${m.text}`)
  const more = mismatches.length - shown.length
  if (more > 0) lines.push(`               … and ${more} more`)
  return lines
}

// Messages stay readable: about 40 lines at most; the error's fields hold everything.
const MAX_LINES = 40

/**
 * What a running wait would say if it failed now: the message of a {@link WaitError}, with a
 * headline that says it is still running, for a test runner that stops the test first.
 */
export function stillText(f: WaitFacts, o: Outcome): string {
  return message(f, o, lastOf(o.errors), stillHeadline(f, o))
}

function stillHeadline(f: WaitFacts, o: Outcome): string {
  const took = formatMs(o.elapsedMs)
  const tries = plural(o.attempts, 'attempt')
  if (f.mode === 'until')
    return `Still waiting for ${f.description} after ${took} (${atMost(f)}, ${tries}).`
  const what = f.mode === 'never' ? 'never happens' : 'holds'
  return `Still watching that ${f.description} ${what}: ${took} of the ${formatMs(f.limitMs)} window (${tries}).`
}

function message(
  f: WaitFacts,
  o: Outcome,
  last: LastError | undefined,
  head: string = headline(f, o),
): string {
  const lines = [head]
  // A condition's "not yet" is a `false` that says nothing: what it saw says more.
  const still = f.mode === 'until' ? f.seen : undefined
  if (still !== undefined) {
    const [first = '', ...more] = still.split('\n')
    lines.push(`  still:       ${first}`, ...more.map((line) => `  ${line}`))
  }
  if (o.hasValue && !(still !== undefined && o.value === false))
    lines.push(
      `  ${o.reason === 'violated' ? 'value:       ' : 'last value:  '}${f.shown ?? stringify(o.value)}`,
    )
  lines.push(...mismatchLines(f.mismatches))
  const hint = o.reason === 'error' && o.fatal ? HINTS[o.fatal] : undefined
  if (hint) lines.push(hint)
  lines.push(...errorLines(o.errors, last, o.reason === 'error'))
  if (o.cut)
    lines.push(`  the last attempt was still running when the time ran out, and was abandoned`)
  // A number is milliseconds: `atMost(5)` meant as seconds shows as a first attempt cut short.
  if (
    f.mode === 'until' &&
    o.reason === 'timeout' &&
    o.cut &&
    o.attempts === 1 &&
    f.limitMs < 100
  ) {
    lines.push(
      `  hint: the deadline is ${formatMs(f.limitMs)}, shorter than the first attempt took; a number is milliseconds: did you mean atMost('${f.limitMs}s')?`,
    )
  }
  if (f.mode === 'until' && o.reason === 'timeout' && o.lastPassMs !== undefined) {
    const lost =
      o.lastFailMs !== undefined && o.lastFailMs > o.lastPassMs
        ? `, then failed again at ${formatMs(o.lastFailMs)}`
        : ''
    lines.push(`  it passed at ${formatMs(o.lastPassMs)}${lost}`)
  }
  if (lines.length > MAX_LINES) {
    const cut = lines.length - (MAX_LINES - 1)
    lines.splice(MAX_LINES - 1, cut, `  … ${cut} more lines: the error's fields hold them all`)
  }
  return lines.join('\n')
}
