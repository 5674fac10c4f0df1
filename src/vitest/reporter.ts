import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Reporter, TestModule, Vitest } from 'vitest/node'
import { flakeReport, flakes, type SlowWait } from './words.js'

/**
 * Options of the {@link FlakeReporter}.
 *
 * @example
 * ```ts
 * new FlakeReporter({ threshold: 0.7, outputFile: 'reports/flakes.json' })
 * ```
 */
export interface FlakeReporterOptions {
  /**
   * A passed wait that used more than this share of its deadline is listed; between 0 and 1.
   * @default the environment variable PATIENTLY_FLAKE_THRESHOLD, else 0.5
   */
  readonly threshold?: number
  /**
   * Where the report is written as JSON, from vitest's root.
   * @default the environment variable PATIENTLY_FLAKE_REPORT, else 'patiently-flakes.json'
   */
  readonly outputFile?: string
}

/**
 * The flake report: at the end of a run, the waits that passed but used more than a threshold of
 * their deadline, slowest first, printed and written as JSON. Needs the setup file
 * `patiently/vitest`, which collects the waits in each test.
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * export default defineConfig({
 *   test: {
 *     setupFiles: ['patiently/vitest'],
 *     reporters: ['default', new FlakeReporter({ threshold: 0.7 })],
 *   },
 * })
 * ```
 */
export class FlakeReporter implements Reporter {
  readonly #threshold: number
  readonly #outputFile: string
  #vitest: Vitest | undefined

  constructor(options: FlakeReporterOptions = {}) {
    this.#threshold = toThreshold(options.threshold ?? process.env['PATIENTLY_FLAKE_THRESHOLD'])
    this.#outputFile =
      options.outputFile ?? process.env['PATIENTLY_FLAKE_REPORT'] ?? 'patiently-flakes.json'
  }

  /** Called by vitest when the run starts: keeps the run, for its root folder and its logger. */
  onInit(vitest: Vitest): void {
    this.#vitest = vitest
  }

  onTestRunEnd(modules: readonly TestModule[]): void {
    const collected: SlowWait[] = []
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const meta = test.meta() as { patiently?: readonly SlowWait[] }
        collected.push(...(meta.patiently ?? []))
      }
    }
    const listed = flakes(collected, this.#threshold)
    const root = this.#vitest?.config.root ?? process.cwd()
    const path = resolve(root, this.#outputFile)
    mkdirSync(dirname(path), { recursive: true })
    const json = { threshold: this.#threshold, waits: listed }
    writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`)
    const log = this.#vitest?.logger
    const text = `${flakeReport(listed, this.#threshold)}\nJSON: ${path}`
    if (log) log.log(text)
    else console.log(text)
  }
}

export default FlakeReporter

/** The threshold given, or from the environment, checked: a share between 0 and 1. */
export function toThreshold(given: number | string | undefined): number {
  if (given === undefined || given === '') return 0.5
  const threshold = Number(given)
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new TypeError(
      `Expected the flake threshold to be a share of the deadline between 0 and 1 (0.5 is half), got ${JSON.stringify(given)}`,
    )
  }
  return threshold
}
