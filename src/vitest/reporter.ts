import type { Reporter, TestModule, Vitest } from 'vitest/node'
import { flakeSettings, writeFlakeReport, type FlakeReporterOptions } from '../runners/flakes.js'
import type { SlowWait } from '../runners/words.js'

export type { FlakeReporterOptions } from '../runners/flakes.js'

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
  readonly #settings: ReturnType<typeof flakeSettings>
  #vitest: Vitest | undefined

  constructor(options: FlakeReporterOptions = {}) {
    this.#settings = flakeSettings(options)
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
    const root = this.#vitest?.config.root ?? process.cwd()
    const text = writeFlakeReport(collected, this.#settings, root)
    const log = this.#vitest?.logger
    if (log) log.log(text)
    else console.log(text)
  }
}

export default FlakeReporter
