import { test } from 'node:test'
import { until } from 'patiently'

test('a wait longer than the test may run', { timeout: 1000 }, async () => {
  await until(() => false)
    .atMost('10s')
    .as('the order to be paid')
})
