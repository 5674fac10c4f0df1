/**
 * patiently's root hook plugin for mocha. Add it once, on the command line or in `.mocharc`:
 *
 * @example
 * ```sh
 * mocha --require patiently/mocha
 * ```
 *
 * In every test it fails the test that made a wait and never awaited it, naming where it was
 * made; when a test fails or times out, it adds the waits still running to the test's error; and
 * at the end of the run it prints the flake report and writes its JSON, in serial and in
 * `--parallel` runs alike.
 * @module
 */
import { relative } from 'node:path'
import { track, type OpenWait } from '../core/tracking.js'
import { fitToTest, toTestTimeout } from '../runners/fit.js'
import {
  flakeSettings,
  makeSlowWaitsDir,
  readSlowWaits,
  writeFlakeReport,
  writeSlowWaits,
} from '../runners/flakes.js'
import { forgottenError, stopRunning } from '../runners/end.js'
import { errorAt, forgottenMessage, slowest, type SlowWait } from '../runners/words.js'
import { withForgottenCheck, type TestFunction } from './check.js'
import { addToError } from './error.js'

export type { TestFunction } from './check.js'

/**
 * The parts of a mocha test the hooks read, as mocha 10 and later have them.
 *
 * @example
 * ```ts
 * const name = test.titlePath().join(' > ')
 * ```
 */
export interface MochaTest {
  /** The test's function, which the hooks wrap to check it awaited every wait it made. */
  fn?: TestFunction | undefined
  /** The absolute path of the test's file. */
  readonly file?: string | undefined
  /** Set once the test has run. */
  readonly state?: 'failed' | 'passed' | 'pending' | undefined
  /** What the test failed with, once it failed. */
  readonly err?: unknown
  /** The titles of the test's suites, then its own. */
  titlePath(): string[]
  /** The test's timeout in milliseconds, 0 when it has none. */
  timeout(): number
}

/**
 * What mocha hands a root hook as `this`.
 *
 * @example
 * ```ts
 * const test = this.currentTest
 * ```
 */
export interface MochaHookContext {
  /** The test the hook runs around. */
  readonly currentTest?: MochaTest | undefined
}

/**
 * The root hooks of {@link mochaHooks}.
 *
 * @example
 * ```ts
 * const { beforeEach, afterEach, afterAll } = mochaHooks
 * ```
 */
export interface MochaRootHooks {
  /** Files the waits the test makes under its name, and wraps its function. */
  beforeEach(this: MochaHookContext): void
  /** Adds the waits still running to a failed test's error, and keeps its slow waits. */
  afterEach(this: MochaHookContext): void
  /** Writes the file's slow waits where the global teardown finds them. */
  afterAll(): void
}

/** Where each mocha process writes its slow waits: made by the global setup, for the workers. */
const REPORT_DIR = 'PATIENTLY_MOCHA_REPORT_DIR'

// PATIENTLY_FIT_TO_TEST=1: a wait with no atMost of its own fits in the test's timeout.
const tracking = track({ fitToTest: fitToTest() })
const slow: SlowWait[] = []

/** The test's file and name, as vitest names it: `orders.spec.js > checkout > pays the order`. */
function current(test: MochaTest): { readonly file: string; readonly test: string } {
  const file = relative(process.cwd(), test.file ?? '')
  const titles = typeof test.titlePath === 'function' ? test.titlePath() : []
  return { file, test: [file, ...titles].join(' > ') }
}

/**
 * The root hooks mocha runs around every test, in every file and every `--parallel` worker.
 *
 * @example
 * ```js
 * // .mocharc.json: { "require": ["patiently/mocha"] }
 * ```
 */
export const mochaHooks: MochaRootHooks = {
  beforeEach() {
    const test = this.currentTest
    if (!test) return
    const { test: name } = current(test)
    tracking.enter(name)
    // Set by the test's options or its suite's; a this.timeout() inside the test comes too late.
    const timeout = toTestTimeout(typeof test.timeout === 'function' ? test.timeout() : undefined)
    // An afterEach hook that throws would stop the rest of the suite: the test itself fails. The
    // test's time left counts from when its function starts, as mocha's timeout does.
    if (typeof test.fn === 'function') {
      test.fn = withForgottenCheck(
        test.fn,
        () => forgottenError(tracking, name),
        () => tracking.enter(name, timeout),
      )
    }
  },
  afterEach() {
    const test = this.currentTest
    if (!test) return
    const { file, test: name } = current(test)
    tracking.leave()
    slow.push(...slowest(tracking.settled(name), name, file))
    // Left by a test that failed before its end, or made in an afterEach hook.
    const left = tracking.forgotten(name)
    if (test.state !== 'failed') {
      // Made by an afterEach hook after the test passed: failing this hook would stop the rest of
      // the suite, so the root afterAll hook fails instead, once the tests have run.
      if (left.length > 0) afterHooks.push({ test: name, waits: left })
      return
    }
    const running = stopRunning(tracking, name, 'failed')
    const said = [
      ...(running ? [running.message] : []),
      ...(left.length > 0 ? [forgottenMessage(left)] : []),
    ]
    if (said.length > 0) addToError(test, said.join('\n\n'))
  },
  afterAll() {
    const dir = process.env[REPORT_DIR]
    if (dir) writeSlowWaits(dir, slow.splice(0))
    const found = afterHooks.splice(0)
    if (found.length === 0) return
    const waits = found.flatMap((f) => f.waits)
    const message = found
      .map((f) => forgottenMessage(f.waits, `An afterEach hook of "${f.test}"`))
      .join('\n\n')
    throw errorAt(message, waits)
  },
}

// Waits made by afterEach hooks and never awaited, reported when the tests have run.
const afterHooks: { readonly test: string; readonly waits: OpenWait[] }[] = []

let settings: ReturnType<typeof flakeSettings> | undefined

/**
 * Run by mocha once, in its main process, before any test file is loaded: checks the flake
 * report's settings and makes the folder the test processes write their slow waits to.
 *
 * @example
 * ```js
 * // .mocharc.json: { "require": ["patiently/mocha"] }
 * ```
 */
export function mochaGlobalSetup(): void {
  settings = flakeSettings({})
  // Set before mocha starts its --parallel workers, which inherit the environment.
  makeSlowWaitsDir(REPORT_DIR, 'patiently-mocha-')
}

/**
 * Run by mocha once, in its main process, after every test file has run: prints the flake report
 * and writes its JSON.
 *
 * @example
 * ```js
 * // .mocharc.json: { "require": ["patiently/mocha"] }
 * ```
 */
export function mochaGlobalTeardown(): void {
  const dir = process.env[REPORT_DIR]
  if (!dir || !settings) return
  delete process.env[REPORT_DIR]
  console.log(writeFlakeReport(readSlowWaits(dir), settings, process.cwd()))
}
