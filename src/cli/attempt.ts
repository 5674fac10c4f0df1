/** A signal for one attempt, and the way to let go of the wait's signal once it is over. */
export interface AttemptSignal {
  readonly signal: AbortSignal
  release(): void
}

/**
 * A signal that aborts with the wait's (and after `timeoutMs`, if given), for one attempt. The
 * wait's signal lasts for every attempt: a listener left on it by each one would pile up.
 */
export function attemptSignal(wait: AbortSignal, timeoutMs?: number): AttemptSignal {
  const controller = new AbortController()
  const abort = (): void => controller.abort(wait.reason)
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(
          () => controller.abort(new DOMException('The attempt timed out', 'TimeoutError')),
          timeoutMs,
        )
  if (wait.aborted) abort()
  else wait.addEventListener('abort', abort, { once: true })
  return {
    signal: controller.signal,
    release: () => {
      wait.removeEventListener('abort', abort)
      clearTimeout(timer)
    },
  }
}
