import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach } from 'vitest'
import { until } from '../../../src/index.js'

const main = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url))
const root = fileURLToPath(new URL('../../..', import.meta.url))

/** A running `patiently` process, with what it has printed so far. */
export interface Cli {
  readonly child: ChildProcessWithoutNullStreams
  stdout: string
  stderr: string
  /** Resolves when it exits, with its code and how long it ran. */
  readonly exited: Promise<{ code: number | null; ms: number }>
}

const running = new Set<ChildProcessWithoutNullStreams>()

afterEach(() => {
  for (const child of running) child.kill('SIGKILL')
  running.clear()
})

/** Starts the CLI from source with these arguments; killed after the test if still running. */
export function cli(args: readonly string[], env: Record<string, string> = {}): Cli {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  })
  running.add(child)
  const run: Cli = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => {
      // 'close' comes after the last bytes of stdout and stderr, unlike 'exit'.
      child.once('close', (code) => {
        running.delete(child)
        resolve({ code, ms: performance.now() - started })
      })
    }),
  }
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (run.stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (run.stderr += chunk))
  return run
}

/** Runs the CLI to the end: its exit code and output, stderr's timing words masked. */
export async function finished(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; ms: number; stdout: string; stderr: string }> {
  const run = cli(args, env)
  const { code, ms } = await run.exited
  return { code, ms, stdout: run.stdout, stderr: run.stderr }
}

/** stderr with times and attempt counts masked, for word-for-word comparison. */
export function masked(text: string): string {
  return (
    text
      .replace(/\d+(\.\d+)? (ms|s)\b/g, 'T')
      .replace(/\d+ attempts?/g, 'N attempts')
      // How many attempts fit before the deadline depends on the machine's load.
      .replace(/\n {2}\(the same error \d+ times\)/g, '')
      .replace(/attempt \d+\)/g, 'attempt N)')
  )
}

/**
 * The address a sink started by the CLI listens on, once it has said so (`listening on URL`): on
 * stderr for a `receive` target, on stdout for `patiently sink`.
 */
export function listening(run: Cli, stream: 'stdout' | 'stderr'): Promise<string> {
  return until(() => /listening on (\S+)/.exec(run[stream])?.[1] ?? false)
    .atMost('15s')
    .as(`the CLI to say on ${stream} where it listens`)
}
