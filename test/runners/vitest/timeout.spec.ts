import { until } from 'patiently'
import { test } from 'vitest'

test('a wait longer than the test may run', { timeout: 1000 }, async () => {
  await until(() => false)
    .atMost('10s')
    .as('the order to be paid')
})
