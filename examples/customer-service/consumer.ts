import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import { setTimeout as sleep } from 'node:timers/promises'
import type { CustomerStore } from './customers.js'
import { parseOrderCreated } from './events.js'

/** How the `OrderCreated` consumer reads its queue. */
export interface OrdersConsumerOptions {
  readonly sqs: SQSClient
  readonly queueUrl: string
  readonly store: CustomerStore
  /**
   * How long a message it cannot handle yet (unknown customer, unreadable body) stays invisible
   * before it is received again. After the queue's `maxReceiveCount` receives, SQS moves it to
   * the dead-letter queue. @default 0
   */
  readonly retryDelaySeconds?: number
  /** The long-poll wait of each receive. @default 1 */
  readonly waitTimeSeconds?: number
  /** Called with errors talking to SQS; the consumer keeps going. @default console.error */
  readonly onError?: (error: unknown) => void
}

/**
 * Consumes `OrderCreated` events until stopped: long-polls the queue, attaches each order to its
 * customer, deletes what it handled (duplicates included) and leaves the rest to be retried.
 *
 * @example
 * ```ts
 * const consumer = consumeOrders({ sqs, queueUrl, store })
 * await consumer.stop()
 * ```
 */
export function consumeOrders(options: OrdersConsumerOptions): { stop(): Promise<void> } {
  const { sqs, queueUrl, store, retryDelaySeconds = 0, waitTimeSeconds = 1 } = options
  const onError = options.onError ?? ((error: unknown) => console.error(error))
  const stopping = new AbortController()
  const signal = stopping.signal

  const handle = async (message: Message): Promise<void> => {
    const event = parseOrderCreated(message.Body)
    const result = event
      ? store.attachOrder(event.eventId, event.customerId, {
          orderId: event.orderId,
          total: event.total,
        })
      : 'unreadable'
    if (result === 'attached' || result === 'duplicate') {
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
      )
    } else {
      // Not deleted: it comes back after the delay, and goes to the DLQ after maxReceiveCount.
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: retryDelaySeconds,
        }),
      )
    }
  }

  const loop = async (): Promise<void> => {
    while (!signal.aborted) {
      try {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: waitTimeSeconds,
          }),
          { abortSignal: signal },
        )
        for (const message of Messages) await handle(message)
      } catch (error) {
        if (signal.aborted) return
        onError(error)
        // Back off, so an unreachable or misconfigured queue does not become a busy loop.
        await sleep(500, undefined, { signal }).catch(() => undefined)
      }
    }
  }

  const running = loop()
  return {
    async stop() {
      stopping.abort()
      await running
    },
  }
}
