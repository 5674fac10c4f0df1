// Code compiled for runtimes without Symbol.asyncDispose looks the method up under this key.
const fallback = Symbol.for('Symbol.asyncDispose')

/**
 * Lets `await using` compiled for runtimes without `Symbol.asyncDispose` close `target` too: its
 * `close()` under the key such code looks up.
 */
export function addDisposeFallback(target: { close(): Promise<void> }): void {
  Object.defineProperty(target, fallback, {
    value(this: { close(): Promise<void> }): Promise<void> {
      return this.close()
    },
  })
}
