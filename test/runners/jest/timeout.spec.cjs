const { until } = require(process.env.PATIENTLY_BUNDLE)
const { expect, test } = require('@jest/globals')

test('a wait longer than the test may run', async () => {
  await until(() => false)
    .atMost('10s')
    .as('the order to be paid')
    .catch((error) => {
      stopped = error
      throw error
    })
}, 1000)

// The runner abandons the timed-out test's code; the integration stops its wait.
let stopped
test('the wait of a timed-out test is stopped, not left polling', () => {
  expect(stopped).toMatchObject({ name: 'WaitError', reason: 'stopped' })
})
