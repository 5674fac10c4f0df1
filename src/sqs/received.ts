import { describeError, short, stringify } from '../core/format.js'
import { describePattern, matches, type Pattern } from '../core/pattern.js'
import type { ProbeContext } from '../core/probe.js'
import { stop } from '../core/signals.js'
import type { Journal } from '../shared/journal.js'
import { reasons, received, type Received } from '../shared/received.js'
import type { ReceivedMessage } from './message.js'
import type { Lease } from './receiver.js'

/**
 * What a `received()` condition needs from the bus: one queue's journal and receiver.
 */
export interface QueueSource {
  /** The queue as the user named it. */
  readonly queue: string
  /** The queue's journal, once its URL is known. */
  journal(): Journal<ReceivedMessage> | undefined
  /** Why the queue cannot be received from right now, if it cannot. */
  error(): unknown
  /** Keeps the queue received while the lease lasts and calls `wake` on every arrival. */
  watch(wake: () => void, lease: Lease): () => void
  /** Whether the bus was closed: nothing receives from the queue any more. */
  closed(): boolean
}

// Bodies in near misses are shown this short.
const SUMMARY_LENGTH = 120

/**
 * The bus's `received` condition: the shared builder over one queue, for messages whose body
 * matches `body` (a deep-partial pattern, or a predicate over the body), or all of them without.
 */
export function receivedOn<B = unknown>(
  queue: QueueSource,
  ...body: [] | [Pattern]
): Received<ReceivedMessage<B>> {
  const name = queue.queue
  const test = body.length === 0 ? () => true : (m: ReceivedMessage) => matches(m.body, body[0])
  const what = `a message on queue "${name}"${body.length === 0 ? '' : ` with body ${describePattern(body[0])}`}`
  // In a window, a queue that cannot be received from must not read as "nothing arrived": that
  // would pass a never() on a misspelt queue or a dead endpoint. until() keeps retrying instead,
  // as the queue may be created after the wait starts.
  const cannotTell = (mode: 'never' | 'always', error: unknown): Error =>
    stop(
      `cannot tell whether ${mode === 'never' ? 'it happened' : 'it still holds'}: receiving from queue "${name}" failed: ${describeError(error)}`,
      { cause: error },
    )
  const check = (mode: ProbeContext['mode'], passed: boolean): void => {
    if (queue.closed()) {
      throw stop(
        `the bus was closed (bus.close() was called), so nothing receives from queue "${name}" any more: await every wait on the bus before closing it`,
      )
    }
    const error = queue.error()
    if (error === undefined) return
    // What passes an always() now may stop passing with the next message, which cannot be seen.
    if (mode === 'always') throw cannotTell(mode, error)
    if (passed) return
    if (mode === 'never') throw cannotTell(mode, error)
    throw error instanceof Error ? error : new Error(stringify(error))
  }
  return received<ReceivedMessage>({
    noun: 'message',
    what,
    journal: () => queue.journal(),
    test,
    score: (m) => (test(m) ? 1 : 0),
    summarize: (m) => short(m.body, SUMMARY_LENGTH),
    name: (m) => `message ${m.messageId}`,
    explain: (m) => (body.length === 0 || test(m) ? [] : reasons('body', m.body, body[0])),
    subscribe: (wake, subscription) => queue.watch(wake, subscription),
    check,
  }) as Received<ReceivedMessage<B>>
}
