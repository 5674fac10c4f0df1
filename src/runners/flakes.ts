// The flake report's settings and its end, the same for every runner: each reporter only
// collects the waits its way and says where its root is.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
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
 * Makes the folder the test processes write their slow waits to, and names it in the environment
 * variable `variable`, which processes started after this inherit.
 */
export function makeSlowWaitsDir(variable: string, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  process.env[variable] = dir
  return dir
}

/**
 * Writes a test process's slow waits into `dir`: under a temporary name first, so that a reader
 * never finds half a file.
 */
export function writeSlowWaits(dir: string, slow: readonly SlowWait[]): void {
  if (slow.length === 0) return
  const name = join(dir, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`)
  writeFileSync(`${name}.tmp`, JSON.stringify(slow))
  renameSync(`${name}.tmp`, `${name}.json`)
}

/**
 * The slow waits every test process wrote into `dir`, which is then removed, whatever it holds: a
 * file a killed process left unfinished is passed over.
 */
export function readSlowWaits(dir: string): SlowWait[] {
  try {
    return readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .flatMap((file) => {
        try {
          return JSON.parse(readFileSync(join(dir, file), 'utf8')) as SlowWait[]
        } catch {
          return []
        }
      })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
