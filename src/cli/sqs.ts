import type { SQSClient } from '@aws-sdk/client-sqs'
import type { sqsBus } from '../sqs/bus.js'
import type { Checks, Queue } from './args.js'
import type { TargetSpec } from './spec.js'
import type { Target } from './target.js'

/** What an sqs target is made with, loaded only when the command line has one. */
interface SqsModules {
  readonly SQSClient: typeof SQSClient
  readonly sqsBus: typeof sqsBus
}

/**
 * Loads the AWS SDK (an optional peer) and the library's bus for `target`; throws a TypeError
 * that says how to install the SDK when it is missing.
 */
export async function loadSqs(target: string): Promise<SqsModules> {
  const sdk = await import('@aws-sdk/client-sqs').catch(() => {
    throw new TypeError(
      `${target} needs @aws-sdk/client-sqs: npm install --save-dev @aws-sdk/client-sqs`,
    )
  })
  const bus = await import('../sqs/bus.js')
  return { SQSClient: sdk.SQSClient, sqsBus: bus.sqsBus }
}

/**
 * An `sqs:QUEUE` target: passes once a message (matching `--json`) is on the queue. Peeks by
 * default, so the message stays for the service that reads the queue; `--consume` deletes it.
 * The client takes its credentials from the usual AWS environment.
 */
export async function sqsTarget(
  spec: Extract<TargetSpec, { kind: 'sqs' }>,
  checks: Checks,
  queue: Queue,
): Promise<Target> {
  const { SQSClient, sqsBus } = await loadSqs(spec.text)
  const sqs = new SQSClient({
    region: spec.region,
    ...(queue.endpoint === undefined ? {} : { endpoint: queue.endpoint }),
  })
  const bus = sqsBus({ sqs, mode: queue.consume ? 'consume' : 'peek' })
  const name = spec.queue
  const received = checks.json ? bus.received(name, checks.json.pattern) : bus.received(name)
  return {
    text: spec.text,
    condition: received,
    data: (value) => {
      const message = value as { messageId: string; body: unknown; attributes: unknown }
      return { messageId: message.messageId, body: message.body, attributes: message.attributes }
    },
    prints: true,
    close: async () => {
      await bus.close()
      sqs.destroy()
    },
  }
}
