import pWaitFor from 'p-wait-for'
import waitForExpect from 'wait-for-expect'
import { waitUntil } from 'async-wait-until'
import { condition, until } from '../dist/index.js'

/**
 * Every waiting tool behind one call: `wait(probe, { interval, timeout, signal, subscribe })`
 * resolves when `probe` returns `true` and rejects on timeout. `probe` may be async and may
 * throw. `signal` is passed only to tools that take one; `subscribe` (a wake-up, as the adapters
 * give) only to patiently's event-driven row.
 *
 * @example
 * await tools.patiently.wait(() => ready, { interval: 10, timeout: 2000 })
 */

const isThenable = (value) => typeof value?.then === 'function'

// wait-for-expect and vi.waitFor pass when the callback does not throw.
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
 * The tools that run in a plain Node process, by the name the report shows.
 *
 * @example
 * for (const tool of Object.values(tools)) await tool.wait(probe, settings)
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
