// wait-for-expect's API written with patiently as docs/migration.md says, for its own test suite.
import { configure, until } from 'patiently'

// `waitForExpect.defaults.timeout = t` is `configure({ atMost: t })`; the object starts at
// patiently's defaults (4 s at 50 ms), not wait-for-expect's (4.5 s at 50 ms).
const current = { timeout: 4000, interval: 50 }
const defaults = {
  get timeout(): number {
    return current.timeout
  },
  set timeout(ms: number) {
    current.timeout = ms
    configure({ atMost: ms })
  },
  get interval(): number {
    return current.interval
  },
  set interval(ms: number) {
    current.interval = ms
    configure({ every: ms })
  },
}

/** `waitForExpect(expectation, timeout, interval)` is `until(expectation).atMost(timeout).every(interval)`. */
async function waitForExpect(
  expectation: () => unknown,
  timeout?: number,
  interval?: number,
): Promise<void> {
  let wait = until(expectation)
  if (timeout !== undefined) wait = wait.atMost(timeout)
  if (interval !== undefined) wait = wait.every(interval)
  await wait
}

waitForExpect.defaults = defaults

export default waitForExpect
