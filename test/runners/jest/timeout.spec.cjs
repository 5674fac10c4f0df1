const { until } = require(process.env.PATIENTLY_BUNDLE)
const { test } = require('@jest/globals')

test('a wait longer than the test may run', async () => {
  await until(() => false)
    .atMost('10s')
    .as('the order to be paid')
}, 1000)
