import { SNSClient } from '@aws-sdk/client-sns'
import { SQSClient } from '@aws-sdk/client-sqs'
import { startFauxqs } from 'fauxqs'

/** An in-process SQS/SNS emulator and SDK clients pointed at it. */
export interface Emulator {
  /** The emulator's HTTP endpoint, e.g. `http://127.0.0.1:41233`. */
  readonly endpoint: string
  readonly sqs: SQSClient
  readonly sns: SNSClient
  /** Destroys the clients and stops the emulator. */
  stop(): Promise<void>
}

/**
 * Starts the fauxqs emulator in this process on a free port, and SQS and SNS clients that talk to
 * it over HTTP exactly as they would talk to AWS (any credentials will do).
 *
 * @example
 * ```ts
 * const aws = await startEmulator()
 * const { QueueUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: 'orders' }))
 * await aws.stop()
 * ```
 */
export async function startEmulator(): Promise<Emulator> {
  const server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false })
  const config = {
    endpoint: server.address,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }
  const sqs = new SQSClient(config)
  const sns = new SNSClient(config)
  return {
    endpoint: server.address,
    sqs,
    sns,
    async stop() {
      sqs.destroy()
      sns.destroy()
      await server.stop()
    },
  }
}
