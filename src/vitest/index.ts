/**
 * patiently's vitest setup file. Add it once, in `vitest.config`:
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * export default defineConfig({
 *   test: {
 *     setupFiles: ['patiently/vitest'],
 *     reporters: ['default', 'patiently/vitest/reporter'],
 *   },
 * })
 * ```
 *
 * In every test it fails the test that made a wait and never awaited it, naming where it was
 * made; when a test fails or times out, it adds the waits still running to the test's errors;
 * and it hands the reporter the test's slowest passed waits for the flake report.
 * @module
 */
import { afterEach, beforeEach } from 'vitest'
import type * as AsyncHooks from 'node:async_hooks'
import { track, type TestScope } from '../core/tracking.js'
import { fitToTest, toTestTimeout } from '../runners/fit.js'
import { forgottenError, stopRunning } from '../runners/end.js'
import { slowest, type SlowWait } from '../runners/words.js'

const tracking = track({ fitToTest: fitToTest() })

// vitest runs `test.concurrent` tests side by side in one worker: each test's code, and the waits
// it makes, carry their test along their own async chain. Read without an import, so that the
// setup file still loads in vitest's browser mode, where tests run one at a time.
const hooks = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:async_hooks') as typeof AsyncHooks | undefined
const scopes = hooks && new hooks.AsyncLocalStorage<TestScope>()
if (scopes) tracking.scope = () => scopes.getStore()

beforeEach((context) => {
  const scope = tracking.enter(context.task.fullName, toTestTimeout(context.task.timeout))
  scopes?.enterWith(scope)
  context.onTestFailed(() => {
    const test = context.task.fullName
    const running = stopRunning(tracking, test, 'failed')
    // Added to the test's errors, so it is shown with the timeout and points at the wait's line.
    if (running) {
      context.task.result?.errors?.push({
        name: 'Error',
        message: running.message,
        stack: running.stack,
      })
    }
  })
})

afterEach((context) => {
  const test = context.task.fullName
  tracking.leave()
  const meta = context.task.meta as { patiently?: readonly SlowWait[] }
  // Only this test's: waits settled in beforeAll, at import or in other tests are not its flakes.
  meta.patiently = slowest(tracking.settled(test), test, context.task.file.name)
  const forgotten = forgottenError(tracking, test)
  // The frames that matter are the user's calls, not this hook: vitest shows the first one's code.
  if (forgotten) throw forgotten
})
