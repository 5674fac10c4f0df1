const { until } = require(process.env.PATIENTLY_BUNDLE)
const { test } = require('@jest/globals')

// Run with PATIENTLY_FIT_TO_TEST=1 only: the default deadline (4 s) outlasts the test (1 s).
const fitted = process.env.PATIENTLY_FIT_TO_TEST ? test : test.skip

fitted(
  'a wait with no atMost of its own in a test allowed 1 s',
  async () => {
    await until(() => false).as('the order to be paid')
  },
  1000,
)
