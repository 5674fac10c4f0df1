// The flake report's settings and its end, the same for every runner: each reporter only
// collects the waits its way and says where its root is.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { got } from '../core/format.js'
import { flakeReport, flakes, type SlowWait } from './words.js'

/**
 * Options of the flake reporters (vitest's `FlakeReporter`, jest's `JestFlakeReporter`).
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
   * Where the report is written as JSON, from the runner's root folder.
   * @default the environment variable PATIENTLY_FLAKE_REPORT, else 'patiently-flakes.json'
   */
  readonly outputFile?: string
}

/** A reporter's settings: the options given, else the environment, else the defaults. */
export function flakeSettings(options: FlakeReporterOptions): {
  readonly threshold: number
  readonly outputFile: string
} {
  return {
    threshold: toThreshold(options.threshold ?? process.env['PATIENTLY_FLAKE_THRESHOLD']),
    outputFile:
      options.outputFile ?? process.env['PATIENTLY_FLAKE_REPORT'] ?? 'patiently-flakes.json',
  }
}

/**
 * Writes the waits over `threshold` as JSON to `outputFile` (from `root`), and returns the text
 * the reporter prints.
 */
export function writeFlakeReport(
  collected: readonly SlowWait[],
  settings: { readonly threshold: number; readonly outputFile: string },
  root: string,
): string {
  const { threshold } = settings
  const listed = flakes(collected, threshold)
  const path = resolve(root, settings.outputFile)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `${JSON.stringify({ threshold, waits: listed }, null, 2)}\n`)
  return `${flakeReport(listed, threshold)}\nJSON: ${path}`
}

/** The threshold given, or from the environment, checked: a share between 0 and 1. */
export function toThreshold(given: number | string | undefined): number {
  if (given === undefined || given === '') return 0.5
  const threshold = Number(given)
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new TypeError(
      `Expected the flake threshold to be a share of the deadline between 0 and 1 (0.5 is half), got ${got(given)}`,
    )
  }
  return threshold
}

/**
 * Writes one test process's slow waits into `dir`, the folder its reporter made, under a name no
 * other process takes; nothing when there are none.
 */
export function writeSlowWaits(dir: string, slow: readonly SlowWait[]): void {
  if (slow.length === 0) return
  const name = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`
  writeFileSync(join(dir, name), JSON.stringify(slow))
}

/** The slow waits every test process wrote into `dir`, which is then removed. */
export function readSlowWaits(dir: string): SlowWait[] {
  const collected = readdirSync(dir).flatMap(
    (file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as SlowWait[],
  )
  rmSync(dir, { recursive: true, force: true })
  return collected
}
