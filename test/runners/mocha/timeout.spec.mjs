import { it } from 'mocha'
import { until } from 'patiently'

it('a wait longer than the test may run', async () => {
  await until(() => false)
    .atMost('10s')
    .as('the order to be paid')
}).timeout(1000)
