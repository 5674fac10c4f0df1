/**
 * The flake report for node:test: a test reporter that prints, at the end of the run, the waits
 * that passed but used more than a threshold of their deadline, slowest first, and writes them as
 * JSON. Give it next to the reporter you read, each with its destination; it needs the hook
 * `patiently/node-test` in the test processes, which collects the waits:
 *
 * @example
 * ```sh
 * node --test --import patiently/node-test \
 *   --test-reporter=spec --test-reporter-destination=stdout \
 *   --test-reporter=patiently/node-test/reporter --test-reporter-destination=stdout
 * ```
 *
 * Its settings come from the environment: `PATIENTLY_FLAKE_THRESHOLD` (default 0.5) and
 * `PATIENTLY_FLAKE_REPORT` (default `patiently-flakes.json`, from the current folder).
 * @module
 */
import type { TestEvent } from 'node:test/reporters'
import {
  flakeSettings,
  makeSlowWaitsDir,
  readSlowWaits,
  writeFlakeReport,
} from '../runners/flakes.js'
import { REPORT_DIR } from './report-dir.js'

// Checked when node loads the reporter, so a bad threshold stops the run before it starts.
const settings = flakeSettings({})
// Made when node loads the reporter, before it starts the test processes, which inherit the
// environment and so find it: node calls the reporter itself too late to be sure of that.
const dir = makeSlowWaitsDir(REPORT_DIR, 'patiently-node-test-')

/**
 * Called by node:test with the run's events: waits for the end of the run, then yields the flake
 * report's text.
 *
 * @example
 * ```sh
 * node --test --import patiently/node-test --test-reporter=patiently/node-test/reporter
 * ```
 */
export async function* flakeReporter(
  source: AsyncIterable<TestEvent>,
): AsyncGenerator<string, void> {
  for await (const event of source) void event
  yield `${writeFlakeReport(readSlowWaits(dir), settings, process.cwd())}\n`
}

export default flakeReporter
