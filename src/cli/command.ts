import { spawn, type ChildProcess } from 'node:child_process'
import { condition } from '../core/probe.js'
import type { Checks } from './args.js'
import { contentChecks } from './content.js'
import { plain, type Target } from './target.js'

/**
 * The process groups of the commands running now. Each runs in a group of its own, so that
 * ending it ends whatever it started too; `killAll` is the last word before the CLI exits.
 */
const running = new Set<ChildProcess>()

function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal)
  } catch {
    // The group has already gone.
  }
}

/** Kills every command still running, and whatever it started. */
export function killAll(): void {
  for (const child of running) kill(child, 'SIGKILL')
  running.clear()
}

/** What a cmd target passes with. */
interface CommandOutput {
  readonly exitCode: number
  readonly stdout: unknown
}

/**
 * A `cmd:"…"` target: each attempt runs the command in a shell and passes when it exits 0 (and
 * its stdout passes `--body`). It is killed when the wait ends, with what it started.
 */
export function commandTarget(text: string, checks: Checks): Target {
  const line = text.slice('cmd:'.length)
  const content = contentChecks(checks, 'stdout', false)
  const what = [`\`${line}\` exiting 0`, ...content.wants].join(' ')
  const probe = ({ signal }: { signal: AbortSignal }): Promise<CommandOutput> =>
    new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', line], {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      running.add(child)
      let stdout = ''
      let stderr = ''
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
      const stop = (): void => kill(child, 'SIGTERM')
      signal.addEventListener('abort', stop, { once: true })
      child.once('error', (error) => {
        running.delete(child)
        reject(error)
      })
      // Whatever the command left running in the background would hold its output open.
      child.once('exit', () => kill(child, 'SIGKILL'))
      child.once('close', (code, killed) => {
        running.delete(child)
        signal.removeEventListener('abort', stop)
        if (code !== 0) {
          const why = killed ? `was killed by ${killed}` : `exited ${code ?? ''}`
          const said = (stderr || stdout).trim()
          reject(new Error(`\`${line}\` ${why}${said ? `: ${last(said)}` : ''}`))
          return
        }
        resolve(
          Promise.resolve(stdout).then((text) => ({ exitCode: 0, stdout: content.check(text) })),
        )
      })
    })
  return plain(text, condition(probe, { describe: () => what }))
}

// The last lines of what a failing command said: where the reason usually is.
function last(text: string): string {
  const lines = text.split('\n')
  const tail = lines.slice(-3).join(' | ')
  return tail.length > 300 ? `…${tail.slice(-300)}` : tail
}
