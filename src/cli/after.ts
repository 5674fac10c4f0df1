import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import type { Io } from './report.js'

/**
 * Runs the command given after `--` once the wait has passed, with this terminal, and resolves
 * with its exit code (128 + the signal's number when a signal ended it, 127 when it could not
 * start). An interrupt is passed on to it.
 */
export function runAfter(
  command: readonly string[],
  io: Io,
  interrupt: AbortSignal,
): Promise<number> {
  const [file = '', ...args] = command
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: 'inherit' })
    const forward = (): void => {
      child.kill('SIGINT')
    }
    interrupt.addEventListener('abort', forward, { once: true })
    child.once('error', (error) => {
      interrupt.removeEventListener('abort', forward)
      io.err(`patiently: could not run \`${command.join(' ')}\`: ${error.message}\n`)
      resolve(127)
    })
    child.once('exit', (code, signal) => {
      interrupt.removeEventListener('abort', forward)
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0))
    })
  })
}
