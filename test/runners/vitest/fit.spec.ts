import { until } from 'patiently'
import { test } from 'vitest'

// Run with PATIENTLY_FIT_TO_TEST=1 only: the default deadline (4 s) outlasts the test (1 s).
test.skipIf(!process.env['PATIENTLY_FIT_TO_TEST'])(
  'a wait with no atMost of its own in a test allowed 1 s',
  { timeout: 1000 },
  async () => {
    await until(() => false).as('the order to be paid')
  },
)
