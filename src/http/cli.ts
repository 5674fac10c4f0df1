#!/usr/bin/env node
import { serveFromCommandLine } from './standalone.js'

process.stderr.write(
  'patiently-sink is deprecated and will be removed in the next release: use `patiently sink`, which takes the same options\n',
)

serveFromCommandLine(process.argv.slice(2), 'patiently-sink')
