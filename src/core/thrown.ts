// What a probe threw, told apart without trusting it: a thrown value may be a Proxy whose traps
// throw, or an object whose getters do, and telling it apart must never crash the wait.

/** `value[key]`, or undefined where the read itself throws (a getter, a Proxy trap). */
export function read(value: unknown, key: string): unknown {
  try {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function'))
      return undefined
    return (value as Record<string, unknown>)[key]
  } catch {
    return undefined
  }
}

/**
 * An assertion failure: node:assert, chai and vitest name theirs `AssertionError`; jest's
 * `expect`, vitest's and Playwright's carry a `matcherResult`.
 */
export function isAssertion(value: unknown): boolean {
  return read(value, 'name') === 'AssertionError' || read(value, 'matcherResult') != null
}

/**
 * An error only a mistake in the test can throw, never a "not yet": a `ReferenceError` (a name
 * that does not exist). Told by name, not `instanceof`, so that one from another realm (jest's vm
 * contexts, an iframe) counts too.
 */
export function isMistake(value: unknown): boolean {
  return read(value, 'name') === 'ReferenceError'
}

/** What a user's hook (a `describe()`, `seen()` or `show()`) says, as text: none where it throws or says nothing. */
export function said(hook: () => unknown): string | undefined {
  try {
    const text = hook()
    return typeof text === 'string' && text !== '' ? text : undefined
  } catch {
    return undefined
  }
}

/** `value instanceof type`, false where the check itself throws (a Proxy's getPrototypeOf trap). */
export function isInstance(
  value: unknown,
  type: abstract new (...args: never[]) => unknown,
): boolean {
  try {
    return value instanceof type
  } catch {
    return false
  }
}
