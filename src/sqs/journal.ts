import type { ReceivedMessage } from './message.js'

/**
 * The messages the adapter has seen on one queue, oldest first, shared by every wait on that
 * queue. A redelivery of a message already recorded (same message id) only bumps its
 * `deliveries`. Bounded: past `limit` the oldest are dropped and counted in `dropped`.
 *
 * @example
 * ```ts
 * const journal = new Journal(queueUrl, 1000)
 * journal.record([message]) // the new ones: [message]
 * ```
 */
export class Journal {
  /** The queue's URL. */
  readonly queueUrl: string
  /** The most messages kept. */
  readonly limit: number
  #messages: ReceivedMessage[] = []
  #dropped = 0
  readonly #listeners = new Set<() => void>()

  constructor(queueUrl: string, limit: number) {
    this.queueUrl = queueUrl
    this.limit = limit
  }

  /** The messages recorded, oldest first. */
  get messages(): readonly ReceivedMessage[] {
    return this.#messages
  }

  /** How many messages were dropped to keep within `limit`. */
  get dropped(): number {
    return this.#dropped
  }

  /** Records messages; returns those that were new (not redeliveries). */
  record(messages: readonly ReceivedMessage[]): ReceivedMessage[] {
    const fresh: ReceivedMessage[] = []
    for (const message of messages) {
      const index = this.#messages.findIndex((m) => m.messageId === message.messageId)
      const seen = this.#messages[index]
      if (seen) {
        this.#messages[index] = { ...seen, deliveries: seen.deliveries + 1 }
        continue
      }
      this.#messages.push(message)
      fresh.push(message)
    }
    const excess = this.#messages.length - this.limit
    if (excess > 0) {
      this.#messages = this.#messages.slice(excess)
      this.#dropped += excess
    }
    if (messages.length > 0) this.#notify()
    return fresh
  }

  /** Forgets every message (the drop counter too). */
  clear(): void {
    this.#messages = []
    this.#dropped = 0
    this.#notify()
  }

  /** Calls `listener` after every change; returns a function that stops it. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener()
  }
}
