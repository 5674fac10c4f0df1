#!/usr/bin/env node
import { serveFromCommandLine } from '../http/standalone.js'
import { killAll } from './command.js'
import { EXIT, runCli } from './run.js'
import type { Io } from './report.js'

const argv = process.argv.slice(2)

// Exit as soon as what was written has reached stdout and stderr: a keep-alive socket or a
// timer left by a library must not hold the answer back.
function exit(code: number): void {
  killAll()
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))
}

if (argv[0] === 'sink') {
  serveFromCommandLine(argv.slice(1), 'patiently sink')
} else {
  const io: Io = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    live: process.stderr.isTTY && process.env['TERM'] !== 'dumb',
    columns: process.stderr.columns || 80,
  }
  const interrupt = new AbortController()
  let signalled: NodeJS.Signals | undefined
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      // A second Ctrl-C does not wait for the clean-up, but still leaves no command behind.
      killAll()
      process.exit(EXIT.interrupted)
    }
    signalled = signal
    interrupt.abort(new Error(`${signal} received`))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  runCli(argv, io, interrupt.signal).then(
    (code) => exit(signalled === 'SIGTERM' && code === EXIT.interrupted ? 143 : code),
    (error: unknown) => {
      process.stderr.write(
        `patiently: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      )
      exit(EXIT.failed)
    },
  )
}
