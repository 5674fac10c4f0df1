/**
 * patiently's jest setup file. Add it once, in `jest.config`:
 *
 * @example
 * ```ts
 * // jest.config.js
 * module.exports = {
 *   setupFilesAfterEnv: ['patiently/jest'],
 *   reporters: ['default', 'patiently/jest/reporter'],
 * }
 * ```
 *
 * In every test it fails the test that made a wait and never awaited it, naming where it was
 * made; when a test ends (passed, failed or timed out) with waits still running, it prints them;
 * and it hands the reporter the test file's slowest passed waits for the flake report.
 * @module
 */
import { relative } from 'node:path'
import { afterAll, afterEach, beforeEach, expect } from '@jest/globals'
import { track } from '../core/tracking.js'
import { fitToTest, toTestTimeout } from '../runners/fit.js'
import { writeSlowWaits } from '../runners/flakes.js'
import { forgottenError, stopRunning } from '../runners/end.js'
import { slowest, type SlowWait } from '../runners/words.js'
import { REPORT_DIR } from './reporter.js'

const tracking = track({ fitToTest: fitToTest() })
const slow: SlowWait[] = []

/** The test's file and name, as vitest names it: `orders.test.js > pays the order`. */
function current(): { readonly file: string; readonly test: string } {
  const { currentTestName, testPath } = expect.getState()
  const file = relative(process.cwd(), testPath ?? '')
  return { file, test: `${file} > ${currentTestName ?? ''}` }
}

/**
 * The running test's timeout: jest keeps it in jest-circus's state (the test's own, else the
 * config's, else `jest.setTimeout`'s), reached by the symbol's name since jest does not export
 * it; `undefined` when that is not there.
 */
function testTimeout(): number | undefined {
  const key = Object.getOwnPropertySymbols(globalThis).find(
    (symbol) => symbol.description === 'JEST_STATE_SYMBOL',
  )
  const state = key && (globalThis as Record<symbol, JestState | undefined>)[key]
  return toTestTimeout(state?.currentlyRunningTest?.timeout ?? state?.testTimeout)
}

interface JestState {
  readonly testTimeout?: unknown
  readonly currentlyRunningTest?: { readonly timeout?: unknown } | null
}

beforeEach(() => {
  tracking.enter(current().test, testTimeout())
})

afterEach(() => {
  const { file, test } = current()
  tracking.leave()
  // jest tells a hook nothing of the test's outcome: a wait still running is worth showing anyway.
  const running = stopRunning(tracking, test, 'ended')
  if (running) console.error(running.message)
  // Only this test's: waits settled in beforeAll or at load are not its flakes.
  slow.push(...slowest(tracking.settled(test), test, file))
  const forgotten = forgottenError(tracking, test)
  if (forgotten) throw forgotten
})

afterAll(() => {
  const dir = process.env[REPORT_DIR]
  if (dir) writeSlowWaits(dir, slow.splice(0))
})
