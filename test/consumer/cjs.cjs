// Requires every public subpath the way a CommonJS user does, and runs a real wait.
const assert = require('node:assert/strict')
const { until, WaitError } = require('patiently')
const http = require('patiently/http')
const sqs = require('patiently/sqs')

until(() => 7)
  .atMost(50)
  .then((value) => {
    assert.equal(value, 7)
    assert.equal(typeof WaitError, 'function')
    assert.equal(typeof http.startHttpSink, 'function')
    assert.equal(typeof sqs.sqsBus, 'function')
    console.log('cjs: ok')
  })
  .catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
