import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import { setTimeout as sleep } from 'node:timers/promises'
import pRetry from 'p-retry'
import type { Journal } from '../shared/journal.js'
import { decodeMessage, type Decoder, type ReceivedMessage } from './message.js'
import { receiveMessages } from './wire.js'

/**
 * What the adapter does with a message after recording it. `consume` deletes it: for queues the
 * test owns. `peek` receives it with a visibility timeout of 0, so it stays visible to the
 * service under test: for queues that service reads (each peek counts as a receive, which matters
 * with a redrive policy). On a FIFO queue, peek sees only the head of each message group: SQS hands
 * out a group's messages in order, so the same first ones (at most 10) come back on every receive,
 * and a later message is seen only once the service has deleted those before it.
 *
 * @example
 * ```ts
 * sqsBus({ sqs, queues: { 'billing--orders': { mode: 'peek' } } })
 * ```
 */
export type ReceiveMode = 'consume' | 'peek'

/**
 * Everything one queue's receiver needs.
 */
export interface ReceiverSettings {
  readonly sqs: SQSClient
  readonly queueUrl: string
  readonly journal: Journal<ReceivedMessage>
  readonly mode: ReceiveMode
  readonly decode: Decoder
  /** A source queue to receive from before each receive here (lazy dead-letter moves). */
  readonly nudge: (() => Promise<string>) | undefined
}

/**
 * One wait that needs the queue received: it says how long it will still wait.
 */
export interface Lease {
  timeLeft(): number
}

// A long poll aborted when its wait settles may still be answered by the server: SQS (and
// emulators) can hand a message to a request whose client has gone. Received with a short
// visibility timeout, such a message is visible again a second later instead of after the queue's
// default 30 s; consume mode deletes what it does record well within that second.
const IN_FLIGHT_S = 1
// The longest long poll SQS allows.
const MAX_WAIT_S = 20
// In peek mode a message nobody deletes comes straight back. Pausing after receives that bring
// nothing new, longer each time up to a second, keeps that from becoming a busy loop that also
// runs up the message's receive count (and so towards a redrive policy's maxReceiveCount).
const PEEK_PAUSE_MS = 200
const PEEK_PAUSE_MAX_MS = 1000

/**
 * The background long-poll loop of one queue. It runs while at least one wait holds a lease,
 * records what it receives in the queue's journal (which wakes the waits), and aborts its
 * in-flight request when the last lease is released.
 */
export class Receiver {
  readonly #settings: ReceiverSettings
  readonly #leases = new Set<Lease>()
  #controller: AbortController | undefined
  #loop: Promise<void> = Promise.resolve()
  #error: unknown

  constructor(settings: ReceiverSettings) {
    this.#settings = settings
  }

  /** The error of the last receive, until one succeeds. */
  get error(): unknown {
    return this.#error
  }

  /** Whether a receive loop is running. */
  get running(): boolean {
    return this.#controller !== undefined
  }

  /** Starts the loop if needed; the returned function releases the lease. */
  join(lease: Lease): () => void {
    this.#leases.add(lease)
    if (!this.#controller) {
      const controller = new AbortController()
      this.#controller = controller
      // An error from a loop that was stopped before it recovered says nothing about this one.
      this.#error = undefined
      const previous = this.#loop
      this.#loop = previous
        .then(() => this.#run(controller.signal))
        .catch((error: unknown) => {
          this.#error = error
        })
    }
    return () => {
      if (!this.#leases.delete(lease) || this.#leases.size > 0) return
      this.#controller?.abort()
      this.#controller = undefined
    }
  }

  /** Stops the loop (whatever leases remain) and resolves once its last request has settled. */
  stop(): Promise<void> {
    this.#leases.clear()
    this.#controller?.abort()
    this.#controller = undefined
    return this.#loop
  }

  #waitSeconds(): number {
    if (this.#settings.nudge) return 1
    let ms = 0
    for (const lease of this.#leases) ms = Math.max(ms, lease.timeLeft())
    // Whole seconds within the time left, but never 0: a short poll in a loop would hammer the
    // endpoint, and the request is aborted when the wait settles anyway.
    return Math.min(MAX_WAIT_S, Math.max(1, Math.floor(ms / 1000)))
  }

  async #run(signal: AbortSignal): Promise<void> {
    const { mode } = this.#settings
    let pause = PEEK_PAUSE_MS
    while (!signal.aborted) {
      let messages: Message[]
      try {
        messages = await pRetry(() => this.#receive(signal), {
          signal,
          retries: Infinity,
          minTimeout: 100,
          maxTimeout: 2000,
          onFailedAttempt: ({ error }) => {
            if (!signal.aborted) this.#error = error
          },
        })
      } catch (error) {
        if (!signal.aborted) this.#error = error
        return
      }
      this.#error = undefined
      if (messages.length === 0) continue
      const { journal, queueUrl, decode } = this.#settings
      const fresh = journal.add(messages.map((m) => decodeMessage(m, queueUrl, decode)))
      if (mode === 'consume') {
        await this.#delete(messages)
      } else if (fresh.length > 0) {
        pause = PEEK_PAUSE_MS
      } else {
        await sleep(pause, undefined, { signal }).catch(() => {})
        pause = Math.min(PEEK_PAUSE_MAX_MS, pause * 2)
      }
    }
  }

  async #receive(signal: AbortSignal): Promise<Message[]> {
    const { sqs, queueUrl, nudge, mode } = this.#settings
    if (nudge) {
      await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: await nudge(),
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: 0,
        }),
        { abortSignal: signal },
      )
    }
    return receiveMessages(
      sqs,
      {
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: this.#waitSeconds(),
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
        VisibilityTimeout: mode === 'peek' ? 0 : IN_FLIGHT_S,
      },
      signal,
    )
  }

  async #delete(messages: readonly Message[]): Promise<void> {
    const entries = messages.flatMap((m, i) =>
      m.ReceiptHandle ? [{ Id: String(i), ReceiptHandle: m.ReceiptHandle }] : [],
    )
    if (entries.length === 0) return
    try {
      // Not aborted with the wait: a message recorded but left undeleted would come back later.
      await this.#settings.sqs.send(
        new DeleteMessageBatchCommand({ QueueUrl: this.#settings.queueUrl, Entries: entries }),
      )
    } catch (error) {
      this.#error = error
    }
  }
}
