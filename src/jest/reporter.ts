import {
  flakeSettings,
  makeSlowWaitsDir,
  readSlowWaits,
  writeFlakeReport,
  type FlakeReporterOptions,
} from '../runners/flakes.js'

/** Where the setup file writes each test file's slow waits: set by the reporter for the workers. */
export const REPORT_DIR = 'PATIENTLY_JEST_REPORT_DIR'

/**
 * The flake report for jest: at the end of a run, the waits that passed but used more than a
 * threshold of their deadline, slowest first, printed and written as JSON. Needs the setup file
 * `patiently/jest`, which collects the waits in each test.
 *
 * @example
 * ```ts
 * // jest.config.js
 * module.exports = {
 *   setupFilesAfterEnv: ['patiently/jest'],
 *   reporters: ['default', ['patiently/jest/reporter', { threshold: 0.7 }]],
 * }
 * ```
 */
export class JestFlakeReporter {
  readonly #settings: ReturnType<typeof flakeSettings>
  readonly #root: string
  readonly #dir: string

  constructor(globalConfig: { readonly rootDir: string }, options: FlakeReporterOptions = {}) {
    this.#settings = flakeSettings(options)
    this.#root = globalConfig.rootDir
    // Made before jest starts its workers, which inherit the environment and so find it.
    this.#dir = makeSlowWaitsDir(REPORT_DIR, 'patiently-jest-')
  }

  /** Called by jest when every test file has run: prints the flake report and writes its JSON. */
  onRunComplete(): void {
    console.log(writeFlakeReport(readSlowWaits(this.#dir), this.#settings, this.#root))
  }
}

export default JestFlakeReporter
