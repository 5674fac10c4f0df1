import { it } from 'mocha'
import { until } from 'patiently'

// Run with PATIENTLY_FIT_TO_TEST=1: the default deadline (4 s) outlasts the test (1 s).
it('a wait with no atMost of its own in a test allowed 1 s', async () => {
  await until(() => false).as('the order to be paid')
}).timeout(1000)
