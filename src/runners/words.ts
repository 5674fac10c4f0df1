// What the runner integrations say, the same for vitest and jest.
import { formatMs } from '../core/duration.js'
import { plural } from '../core/format.js'
import type { OpenWait, SettledWait } from '../core/tracking.js'

/** A passed wait the flake report may list: numbers and strings, as a test's metadata carries. */
export interface SlowWait {
  readonly test: string
  readonly file: string
  readonly site: string
  readonly description: string
  readonly attempts: number
  readonly elapsedMs: number
  readonly limitMs: number
  readonly used: number
}

/** How many of a test's slowest passed waits it hands the reporter, which applies the threshold. */
export const SLOWEST_PER_TEST = 10

/** A test's passed `until` waits, slowest first, at most {@link SLOWEST_PER_TEST}. */
export function slowest(settled: readonly SettledWait[], test: string, file: string): SlowWait[] {
  return settled
    .filter((w) => w.passed && w.mode === 'until')
    .sort((a, b) => b.used - a.used)
    .slice(0, SLOWEST_PER_TEST)
    .map((w) => ({
      test,
      file,
      site: w.site,
      description: w.description,
      attempts: w.attempts,
      elapsedMs: w.elapsedMs,
      limitMs: w.limitMs,
      used: w.used,
    }))
}

const percent = (used: number): string => `${Math.round(used * 100)}%`

/** What fails a test (or a hook: `who`) that made waits and never started them, with call sites. */
export function forgottenMessage(waits: readonly OpenWait[], who = 'This test'): string {
  const lines = waits.map((w) => `  - ${w.mode} ${w.description}, made at ${w.site}`)
  return [
    `${who} made ${plural(waits.length, 'wait')} and never awaited ${waits.length === 1 ? 'it' : 'them'}: a wait runs only when awaited (or on .then() or .result()), so ${waits.length === 1 ? 'it' : 'they'} checked nothing.`,
    ...lines,
  ].join('\n')
}

/**
 * The waits still running when a test failed or ended: each as its `WaitError` would read at that
 * moment, where it was made, and a hint when its limit is longer than the test's timeout.
 */
export function runningMessage(waits: readonly OpenWait[], when = 'failed'): string {
  const lines = [`The test ${when} with ${plural(waits.length, 'wait')} still running:`]
  for (const w of waits) {
    const limit = formatMs(w.limitMs ?? 0)
    const [head, ...body] = (
      w.text ?? `${w.mode} ${w.description}: ${formatMs(w.elapsedMs ?? 0)} of ${limit}`
    ).split('\n')
    lines.push(`  ${head ?? ''}`, ...body.map((line) => `  ${line}`), `    made at ${w.site}`)
    const timeout = w.testTimeoutMs
    if (timeout !== undefined && (w.limitMs ?? 0) > timeout) {
      const [what, lower] = w.mode === 'until' ? ['deadline', 'atMost'] : ['window', 'the window']
      lines.push(
        `    hint: its ${what} (${limit}) is longer than the test's timeout (${formatMs(timeout)}): the runner ends the test first and its own message hides this one; lower ${lower}, or raise the test's timeout`,
      )
    }
  }
  return lines.join('\n')
}

/** The flake report's text: the waits that passed but used more than `threshold`, slowest first. */
export function flakeReport(waits: readonly SlowWait[], threshold: number): string {
  if (waits.length === 0) {
    return `patiently: no wait used more than ${percent(threshold)} of its deadline.`
  }
  const lines = waits.map(
    (w) =>
      `  ${percent(w.used)}  ${formatMs(w.elapsedMs)} of ${formatMs(w.limitMs)}, ${plural(w.attempts, 'attempt')}: ${w.description}\n      in ${w.test}\n      at ${w.site}`,
  )
  return [
    `patiently: ${plural(waits.length, 'wait')} passed but used more than ${percent(threshold)} of ${waits.length === 1 ? 'its' : 'their'} deadline, slowest first:`,
    ...lines,
  ].join('\n')
}

/** The waits over `threshold`, slowest first. */
export function flakes(waits: readonly SlowWait[], threshold: number): SlowWait[] {
  return waits.filter((w) => w.used > threshold).sort((a, b) => b.used - a.used)
}

/**
 * An error whose stack is the waits' own call sites: a runner shows the first one's code, the
 * user's line, rather than the hook that threw.
 */
export function errorAt(message: string, waits: readonly OpenWait[]): Error & { stack: string } {
  const error = new Error(message) as Error & { stack: string }
  error.stack = [`Error: ${message}`, ...waits.map((w) => `    at ${w.site}`)].join('\n')
  return error
}
