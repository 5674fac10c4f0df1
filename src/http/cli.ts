#!/usr/bin/env node
import { runStandalone } from './standalone.js'

process.stderr.write(
  'patiently-sink is deprecated and will be removed in the next release: use `patiently sink`, which takes the same options\n',
)

runStandalone(process.argv.slice(2)).then(
  (sink) => {
    if (!sink) return
    const stop = (): void => {
      void sink.close().then(() => process.exit(0))
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  },
  (error: unknown) => {
    process.stderr.write(
      `patiently-sink: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    process.exitCode = 2
  },
)
