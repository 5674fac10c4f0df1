import { performance } from 'node:perf_hooks'
import { setTimeout } from 'node:timers'
import pWaitFor from 'p-wait-for'
import waitForExpect from 'wait-for-expect'
import { waitUntil } from 'async-wait-until'
import { condition, until } from './results/dist/index.js'

const isThenable = (value) => typeof value?.then === 'function'

/**
 * Turns a boolean probe into the assertion callback that wait-for-expect and vi.waitFor expect:
 * it throws until the probe returns `true`.
 *
 * @example
 * await waitForExpect(asAssertion(() => ready), 2000, 10)
 */
export const asAssertion = (probe) => () => {
  const out = probe()
  if (isThenable(out))
    return out.then((ok) => {
      if (ok !== true) throw new Error('not yet')
    })
  if (out !== true) throw new Error('not yet')
}

const patiently = (probe, { interval, timeout, signal, subscribe }) => {
  let wait = until(subscribe ? condition(probe, { subscribe }) : probe)
    .every(interval)
    .atMost(timeout)
  if (signal) wait = wait.signal(signal)
  // A Wait is a lazy PromiseLike; the scenarios want a Promise (with `catch`), as peers return.
  return Promise.resolve(wait)
}

/** The loop users write today, with the deadline check they add so it cannot spin forever. */
const handLoop = async (probe, { interval, timeout }) => {
  const start = performance.now()
  while (!(await probe())) {
    if (performance.now() - start > timeout) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, interval))
  }
}

/**
 * Every waiting tool behind one call: `wait(probe, { interval, timeout, signal, subscribe })`
 * resolves when `probe` returns `true` and rejects on timeout. `probe` may be async and may
 * throw. `signal` is passed only to tools that take one; `subscribe` (a wake-up, as the adapters
 * give) only to patiently's event-driven row.
 *
 * @example
 * await tools.patiently.wait(() => ready, { interval: 10, timeout: 2000 })
 */
export const tools = {
  patiently: { name: 'patiently', signal: true, wait: (probe, o) => patiently(probe, o) },
  'patiently (event)': {
    name: 'patiently (event)',
    signal: true,
    events: true,
    wait: (probe, o) => patiently(probe, o),
  },
  'p-wait-for': {
    name: 'p-wait-for',
    signal: true,
    wait: (probe, { interval, timeout, signal }) =>
      pWaitFor(probe, { interval, timeout, ...(signal ? { signal } : {}) }),
  },
  'wait-for-expect': {
    name: 'wait-for-expect',
    wait: (probe, { interval, timeout }) => waitForExpect(asAssertion(probe), timeout, interval),
  },
  'async-wait-until': {
    name: 'async-wait-until',
    wait: (probe, { interval, timeout }) =>
      waitUntil(probe, { timeout, intervalBetweenAttempts: interval }),
  },
  'hand-written loop': { name: 'hand-written loop', wait: handLoop },
}
