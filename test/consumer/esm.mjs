// Imports every public subpath the way an ESM user does, and runs a real wait.
import assert from 'node:assert/strict'
import { until, during, WaitError } from 'patiently'
import * as http from 'patiently/http'
import * as sqs from 'patiently/sqs'

let n = 0
assert.equal(await until(() => ++n >= 3 && n).every(1), 3)
await during(20)
  .never(() => false)
  .every(5)
const failed = await until(() => false)
  .atMost(10)
  .result()
assert.ok(!failed.passed && failed.error instanceof WaitError)
assert.equal(typeof http.startHttpSink, 'function')
assert.equal(typeof sqs.sqsBus, 'function')
console.log('esm: ok')
