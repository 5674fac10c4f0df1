import { during, until } from 'patiently'
import { test } from 'vitest'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

// Both start together; the first makes its wait after the second has started.
test.concurrent('a concurrent test that forgets a wait', async () => {
  await sleep(50)
  void during('100ms').never(() => false)
})

test.concurrent('a concurrent test that awaits its wait', async () => {
  await sleep(20)
  await until(() => true)
  await sleep(60)
})
