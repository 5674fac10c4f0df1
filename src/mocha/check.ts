/**
 * A mocha test's function: it may take mocha's `done` callback, or return a promise.
 *
 * @example
 * ```ts
 * const test: TestFunction = async () => {
 *   await until(() => api.ready())
 * }
 * ```
 */
export type TestFunction = (this: unknown, done?: (error?: unknown) => void) => unknown

// A retried test is a clone that carries the wrapped function: it is checked once, not twice.
const originals = new WeakMap<TestFunction, TestFunction>()

/**
 * The test's function, made to call `started()` as it starts (after the `beforeEach` hooks, when
 * mocha starts the test's timeout) and to fail with `check()`'s error when the test itself passed,
 * the way mocha calls it: with `done` when it takes it (mocha looks at the function's length), else
 * awaiting the promise it returns.
 */
export function withForgottenCheck(
  fn: TestFunction,
  check: () => Error | undefined,
  started: () => void,
): TestFunction {
  const original = originals.get(fn) ?? fn
  const checked: TestFunction =
    original.length > 0
      ? function (this: unknown, done) {
          started()
          return original.call(this, (error?: unknown) => {
            done?.(error ?? check())
          })
        }
      : // No parameter, as the test has none: mocha reads the length again when it retries a test.
        function (this: unknown) {
          started()
          const returned = original.call(this)
          if (!isThenable(returned)) {
            const error = check()
            if (error) throw error
            return returned
          }
          return Promise.resolve(returned).then((value) => {
            const error = check()
            if (error) throw error
            return value
          })
        }
  originals.set(checked, original)
  return checked
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}
