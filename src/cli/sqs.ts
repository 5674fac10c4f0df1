import type { Checks, Queue } from './args.js'
import type { Target } from './target.js'

/**
 * An `sqs:QUEUE` target: passes once a message (matching `--json`) is on the queue. Peeks by
 * default, so the message stays for the service that reads the queue; `--consume` deletes it.
 * The client takes its region and credentials from the usual AWS environment.
 */
export async function sqsTarget(text: string, checks: Checks, queue: Queue): Promise<Target> {
  const name = text.slice('sqs:'.length)
  const region = process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION']
  if (!region) {
    throw new TypeError(`${text} needs a region: set AWS_REGION (or AWS_DEFAULT_REGION)`)
  }
  const { SQSClient } = await import('@aws-sdk/client-sqs').catch(() => {
    throw new TypeError(
      `${text} needs @aws-sdk/client-sqs: npm install --save-dev @aws-sdk/client-sqs`,
    )
  })
  const { sqsBus } = await import('../sqs/bus.js')
  const sqs = new SQSClient({
    region,
    ...(queue.endpoint === undefined ? {} : { endpoint: queue.endpoint }),
  })
  const bus = sqsBus({ sqs, mode: queue.consume ? 'consume' : 'peek' })
  const received = checks.json ? bus.received(name, checks.json.pattern) : bus.received(name)
  return {
    text,
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
