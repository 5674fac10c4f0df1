import { expect, vi } from 'vitest'
import { asAssertion } from './tools.mjs'

/**
 * vitest's own waiting tools, in the shape of `tools.mjs`. They need vitest's runtime, so this
 * module is imported only from inside a vitest run.
 *
 * @example
 * await vitestTools['vi.waitFor'].wait(() => ready, { interval: 10, timeout: 2000 })
 */
export const vitestTools = {
  'vi.waitFor': {
    name: 'vi.waitFor',
    wait: (probe, { interval, timeout }) => vi.waitFor(asAssertion(probe), { interval, timeout }),
  },
  'vi.waitUntil': {
    name: 'vi.waitUntil',
    wait: (probe, { interval, timeout }) => vi.waitUntil(probe, { interval, timeout }),
  },
  'expect.poll': {
    name: 'expect.poll',
    // A thenable that starts on the first `then`: wrap it so callers get a real promise.
    wait: (probe, { interval, timeout }) =>
      Promise.resolve(expect.poll(probe, { interval, timeout }).toBe(true)),
  },
}
