/**
 * An object with no prototype, for names that come from users or the wire: `__proto__`,
 * `constructor` and `toString` are then keys like any other, and a missing name reads as
 * `undefined`, never as something inherited.
 *
 * @example
 * ```ts
 * const attributes = dictionary<string>()
 * put(attributes, '__proto__', 'x') // an own key; the prototype stays null
 * ```
 */
export function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>
}

/**
 * Sets `name` as an own, enumerable data key, whatever the name (an assignment to `__proto__`
 * would set the prototype instead, even on an ordinary object).
 *
 * @example
 * ```ts
 * put(out, 'constructor', 'v')
 * ```
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
 *
 * @example
 * ```ts
 * own(options.queues, 'constructor') // undefined unless the user named a queue so
 * ```
 */
export function own<T>(
  target: Readonly<Record<string, T>> | undefined,
  name: string,
): T | undefined {
  return target !== undefined && Object.hasOwn(target, name) ? target[name] : undefined
}
