import process from 'node:process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'vitest'
import { scenarios } from './scenarios/index.mjs'
import { settings } from './settings.mjs'
import { vitestTools } from './vitest-tools.mjs'

/**
 * Registers one vitest test that runs `scenario` for one of vitest's tools and writes the
 * result as JSON into `BENCH_OUT`, where `run.mjs` reads it; `run` numbers a repeated run.
 *
 * @example
 * runCase('scale', 'vi.waitFor', 2)
 */
export function runCase(scenario, name, run) {
  test(`${scenario}: ${name} (run ${run})`, async () => {
    const result = await scenarios[scenario](
      vitestTools[name],
      settings(process.env.BENCH_QUICK === '1'),
    )
    const file = join(process.env.BENCH_OUT ?? '.', `${scenario}--${name}--${run}.json`)
    writeFileSync(file, JSON.stringify({ scenario, tool: name, result }))
  })
}
