import {
  DeleteMessageBatchCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import pRetry from 'p-retry'
import { isAwsError } from './aws.js'

/**
 * Options of `bus.purge()`.
 *
 * @example
 * ```ts
 * await bus.purge('customer--created', { ifInProgress: 'wait' })
 * ```
 */
export interface PurgeOptions {
  /**
   * What to do when AWS refuses the purge because another one ran in the last 60 seconds
   * (`PurgeQueueInProgress`): `drain` receives and deletes every message at once; `wait` retries
   * the purge, with backoff, until AWS accepts it (up to about a minute).
   * @default 'drain'
   */
  readonly ifInProgress?: 'drain' | 'wait'
}

const IN_PROGRESS = 'PurgeQueueInProgress'

async function drain(sqs: SQSClient, queueUrl: string, signal?: AbortSignal): Promise<void> {
  for (;;) {
    signal?.throwIfAborted()
    // A short poll may miss messages on AWS (it samples a few servers); a 1 s long poll does not.
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    )
    const entries = (out.Messages ?? []).flatMap((m, i) =>
      m.ReceiptHandle ? [{ Id: String(i), ReceiptHandle: m.ReceiptHandle }] : [],
    )
    if (entries.length === 0) return
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }))
  }
}

/**
 * Empties a queue, coping with AWS's one purge per queue per 60 seconds.
 */
export async function purgeQueue(
  sqs: SQSClient,
  queueUrl: string,
  options: PurgeOptions,
  signal?: AbortSignal,
): Promise<void> {
  const purge = (): Promise<unknown> => sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl }))
  if (options.ifInProgress === 'wait') {
    await pRetry(purge, {
      retries: 10,
      minTimeout: 1000,
      maxTimeout: 15_000,
      maxRetryTime: 75_000,
      signal,
      shouldRetry: ({ error }) => isAwsError(error, IN_PROGRESS),
    })
    return
  }
  try {
    await purge()
  } catch (error) {
    if (!isAwsError(error, IN_PROGRESS)) throw error
    await drain(sqs, queueUrl, signal)
  }
}
