interface Listening {
  readonly listener: () => void
  readonly callbacks: Set<() => void>
}

// One 'abort' listener per signal, however many waits share it: a listener per wait would make
// Node warn (MaxListenersExceededWarning) at the eleventh wait on one signal, though none leak.
const listening = new WeakMap<AbortSignal, Listening>()

/** Calls `callback` once when `signal` aborts; returns a function that stops listening. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let entry = listening.get(signal)
  if (!entry) {
    const callbacks = new Set<() => void>()
    const listener = (): void => {
      listening.delete(signal)
      for (const each of callbacks) each()
    }
    entry = { listener, callbacks }
    signal.addEventListener('abort', listener, { once: true })
    listening.set(signal, entry)
  }
  const { listener, callbacks } = entry
  callbacks.add(callback)
  return () => {
    callbacks.delete(callback)
    if (callbacks.size === 0 && listening.get(signal)?.listener === listener) {
      signal.removeEventListener('abort', listener)
      listening.delete(signal)
    }
  }
}
