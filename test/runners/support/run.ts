import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { afterAll } from 'vitest'

/** The repository's folder, where the runners are installed. */
export const root: string = fileURLToPath(new URL('../../..', import.meta.url))

/** What a run of a fixture project did: its exit code, what it printed, and its flake report. */
export interface Run {
  readonly status: number | null
  readonly output: string
  readonly json: unknown
}

/** Runs a suite's fixture project: `name` names its flake report, `env` is added to the usual. */
export type Runner = (name: string, env: Record<string, string>, ...args: string[]) => Run

/**
 * A fresh folder for one run of a test file, removed after its tests: under the repository's
 * .tmp, so a fixture copied into it finds the runners in the repository's node_modules. Each run
 * has its own, so two runs in one working tree never remove each other's files.
 */
export function runFolder(runner: string): string {
  mkdirSync(join(root, '.tmp'), { recursive: true })
  const folder = mkdtempSync(join(root, '.tmp', `runners-${runner}-`))
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true })
  })
  return folder
}

/** Runs `node` with `args` to its end, without colours and without the NODE_OPTIONS of this run. */
export function node(
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: Record<string, string> } = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, args, {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', NODE_OPTIONS: '', ...options.env },
  })
}

/** Runs `node` with `args` as `node` does, the flake report written to `report` and read back. */
export function runFixture(
  report: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: Record<string, string> } = {},
): Run {
  const run = node(args, {
    ...options,
    env: { PATIENTLY_FLAKE_REPORT: report, ...options.env },
  })
  return {
    status: run.status,
    // jest colours its code frames when CI is set, whatever --colors says: compare the text.
    output: stripVTControlCharacters(`${run.stdout}\n${run.stderr}`),
    json: JSON.parse(readFileSync(report, 'utf8')) as unknown,
  }
}

/** `text` as a regular expression that matches it alone, to put a path into a pattern. */
export function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
