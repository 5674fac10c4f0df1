import { until } from 'patiently'
import { expect, test } from 'vitest'

test('a wait longer than the test may run', { timeout: 1000 }, async () => {
  await until(() => false)
    .atMost('10s')
    .as('the order to be paid')
    .catch((error: unknown) => {
      stopped = error
      throw error
    })
})

// The runner abandons the timed-out test's code; the integration stops its wait.
let stopped: unknown
test('the wait of a timed-out test is stopped, not left polling', () => {
  expect(stopped).toMatchObject({ name: 'WaitError', reason: 'stopped' })
})
