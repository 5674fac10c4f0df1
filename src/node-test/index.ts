/**
 * patiently's hook for node:test, loaded in every test process by `--import`:
 *
 * @example
 * ```sh
 * node --test --import patiently/node-test \
 *   --test-reporter=spec --test-reporter-destination=stdout \
 *   --test-reporter=patiently/node-test/reporter --test-reporter-destination=stdout
 * ```
 *
 * In every test it fails the test that made a wait and never awaited it, naming where it was
 * made; when a test fails or times out, it adds the waits still running to the test's
 * diagnostics; and it hands the reporter `patiently/node-test/reporter` the process's slowest
 * passed waits for the flake report. Use `--require` instead of `--import` when the tests load
 * patiently with `require()`: the hook and the tests must share one copy of it.
 * @module
 */
import { relative } from 'node:path'
import { after, afterEach, beforeEach } from 'node:test'
import { track } from '../core/tracking.js'
import { writeSlowWaits } from '../runners/flakes.js'
import { forgottenError, stopRunning } from '../runners/end.js'
import { slowest, type SlowWait } from '../runners/words.js'
import { REPORT_DIR } from './report-dir.js'

const tracking = track()
const slow: SlowWait[] = []

// Read where the running Node has them: `fullName` and `passed` are missing from older Node 20
// releases (and from its types), `filePath` came in Node 22.
interface Outcome {
  readonly name: string
  readonly fullName?: string
  readonly passed?: boolean
  readonly filePath?: string
  diagnostic(message: string): void
}

/** The test's file and name, as vitest names it: `orders.test.js > checkout > pays the order`. */
function current(t: Outcome): { readonly file: string; readonly test: string } {
  // Each file runs in its own process under `node --test`, so the process's script is the file.
  const file = relative(process.cwd(), t.filePath ?? process.argv[1] ?? '')
  return { file, test: `${file} > ${t.fullName ?? t.name}` }
}

beforeEach((t) => {
  // node:test does not tell a hook the test's timeout: it stays unknown.
  tracking.enter(current(t as Outcome).test)
})

afterEach((t) => {
  const outcome = t as Outcome
  const { file, test } = current(outcome)
  tracking.leave()
  // Where a hook is not told the outcome, a wait still running is worth showing anyway.
  if (outcome.passed !== true) {
    const running = stopRunning(tracking, test, outcome.passed === false ? 'failed' : 'ended')
    if (running) outcome.diagnostic(running.message)
  }
  slow.push(...slowest(tracking.settled(test), test, file))
  // Thrown from the hook, it fails the test, and its frames are the user's calls.
  const forgotten = forgottenError(tracking, test)
  if (forgotten) throw forgotten
})

after(() => {
  const dir = process.env[REPORT_DIR]
  if (dir) writeSlowWaits(dir, slow)
})
