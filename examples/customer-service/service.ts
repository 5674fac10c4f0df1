import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns'
import type { SQSClient } from '@aws-sdk/client-sqs'
import { createServer } from 'node:http'
import { listen } from '../shared/http.js'
import { customerApi } from './api.js'
import { consumeOrders } from './consumer.js'
import { CustomerStore } from './customers.js'

/** Where the customer service publishes and consumes, and how. */
export interface CustomerServiceOptions {
  readonly sqs: SQSClient
  readonly sns: SNSClient
  /** The SNS topic that receives `CustomerCreated`. */
  readonly topicArn: string
  /** The SQS queue of `OrderCreated` events (give it a redrive policy to a dead-letter queue). */
  readonly ordersQueueUrl: string
  /** How long an order event it cannot handle yet stays invisible before its retry. @default 0 */
  readonly retryDelaySeconds?: number
  /** The long-poll wait of each receive. @default 1 */
  readonly waitTimeSeconds?: number
  /** The port of the HTTP API. @default 0 (a free port) */
  readonly port?: number
}

/** A running service: its base URL, and `close()` to stop it. */
export interface RunningService {
  readonly url: string
  close(): Promise<void>
}

/**
 * Starts the customer service: the HTTP API on 127.0.0.1 and the `OrderCreated` consumer.
 *
 * @example
 * ```ts
 * const service = await startCustomerService({ sqs, sns, topicArn, ordersQueueUrl })
 * await fetch(`${service.url}/customer`, { method: 'POST', body: JSON.stringify({ name: 'Ada', email: 'ada@example.com' }) })
 * await service.close()
 * ```
 */
export async function startCustomerService(
  options: CustomerServiceOptions,
): Promise<RunningService> {
  const { sqs, sns, topicArn, ordersQueueUrl } = options
  const store = new CustomerStore()
  const api = customerApi(store, async (event) => {
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: JSON.stringify(event),
        MessageAttributes: { type: { DataType: 'String', StringValue: event.type } },
      }),
    )
  })
  const http = await listen(createServer(api), '127.0.0.1', options.port)
  const consumer = consumeOrders({
    sqs,
    queueUrl: ordersQueueUrl,
    store,
    ...(options.retryDelaySeconds !== undefined && {
      retryDelaySeconds: options.retryDelaySeconds,
    }),
    ...(options.waitTimeSeconds !== undefined && { waitTimeSeconds: options.waitTimeSeconds }),
  })
  return {
    url: http.url,
    async close() {
      await Promise.all([consumer.stop(), http.close()])
    },
  }
}
