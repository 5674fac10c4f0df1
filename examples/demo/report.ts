import { formatMs, type AttemptReport, type Wait } from 'patiently'

const MARKS = { pass: '✓', fail: '✗', cut: '~' } as const
const MAX_MARKS = 24

/**
 * Runs the demo's waits and prints one short entry for each: what was awaited, every attempt
 * (✓ the probe passed, ✗ it did not, ~ cut short at the deadline), the attempt count and the
 * time. A wait marked `expectFailure` prints its `WaitError` message instead of counting as a
 * failure.
 *
 * @example
 * ```ts
 * const report = new Report()
 * await report.check('order o-1 attached', until(() => orderAttached()))
 * process.exitCode = report.failures > 0 ? 1 : 0
 * ```
 */
export class Report {
  #passed = 0
  #failures = 0
  #expectedFailures = 0

  /** Waits that failed without being meant to. */
  get failures(): number {
    return this.#failures
  }

  /** Prints a heading for the scenarios that follow. */
  section(title: string): void {
    console.log(`\n${title}`)
  }

  /** Runs `wait` under `description` and prints how it went; resolves with the probe's value, if it passed. */
  async check<T>(
    description: string,
    wait: Wait<T>,
    options: { readonly expectFailure?: boolean } = {},
  ): Promise<T | undefined> {
    const attempts: AttemptReport[] = []
    const result = await wait
      .as(description)
      .observe((attempt) => attempts.push(attempt))
      .result()
    const marks = attempts.map((a) => MARKS[a.outcome])
    const shown =
      marks.length > MAX_MARKS
        ? `${marks.slice(0, MAX_MARKS / 2).join('')}…${marks.slice(-MAX_MARKS / 2).join('')}`
        : marks.join('')
    const facts = `${result.attempts} attempt${result.attempts === 1 ? '' : 's'} ${shown}  ${formatMs(result.elapsedMs)}`
    if (result.passed) {
      this.#passed++
      console.log(`  ✓ ${description}\n      ${facts}`)
      return result.value
    }
    if (options.expectFailure) {
      this.#expectedFailures++
      console.log(`  ✗ ${description}  (meant to fail)\n      ${facts}`)
      console.log(indent(`${result.error.name}: ${result.error.message}`, 6))
      return undefined
    }
    this.#failures++
    console.log(`  ✗ ${description}  UNEXPECTED FAILURE\n      ${facts}`)
    console.log(indent(`${result.error.name}: ${result.error.message}`, 6))
    return undefined
  }

  /** Records an error that stopped a scenario before or between its waits. */
  crashed(scenario: string, error: unknown): void {
    this.#failures++
    const text = error instanceof Error ? error.stack : String(error)
    console.log(`  ✗ ${scenario} crashed\n${indent(text ?? String(error), 6)}`)
  }

  /** The closing line: counts and total time. */
  summary(elapsedMs: number): string {
    const meant = this.#expectedFailures
    return `${this.#passed} passed, ${this.#failures} failed${meant ? `, ${meant} failed as intended` : ''}, in ${formatMs(elapsedMs)}`
  }
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces)
  return text
    .split('\n')
    .map((line) => pad + line)
    .join('\n')
}
