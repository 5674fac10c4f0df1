/**
 * An object with no prototype, for names that come from users or the wire: `__proto__`,
 * `constructor` and `toString` are then keys like any other, and a missing name reads as
 * `undefined`, never as something inherited.
 */
export function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>
}

/**
 * Sets `name` as an own, enumerable data key, whatever the name (an assignment to `__proto__`
 * would set the prototype instead, even on an ordinary object).
 */
export function put<T>(target: Record<string, T>, name: string, value: T): void {
  Object.defineProperty(target, name, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

/**
 * The value of an own key only: `own({}, 'toString')` is `undefined`, not the inherited function.
 */
export function own<T>(
  target: Readonly<Record<string, T>> | undefined,
  name: string,
): T | undefined {
  return target !== undefined && Object.hasOwn(target, name) ? target[name] : undefined
}
