import { SNSClient } from '@aws-sdk/client-sns'
import { SQSClient } from '@aws-sdk/client-sqs'
import { startFauxqs, type FauxqsServer } from 'fauxqs'

/** A fauxqs server on a free port, and SDK clients that talk to it over HTTP. */
export interface Endpoint {
  readonly server: FauxqsServer
  readonly url: string
  readonly sqs: SQSClient
  readonly sns: SNSClient
  stop(): Promise<void>
}

/** The client settings for an endpoint URL: us-east-1 and dummy credentials. */
export function clientConfig(url: string): {
  endpoint: string
  region: string
  credentials: { accessKeyId: string; secretAccessKey: string }
} {
  return {
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }
}

/** Starts fauxqs in this process on a free port. */
export async function startEndpoint(): Promise<Endpoint> {
  const server = await startFauxqs({ port: 0, logger: false, host: '127.0.0.1' })
  const url = `http://127.0.0.1:${server.port}`
  const sqs = new SQSClient(clientConfig(url))
  const sns = new SNSClient(clientConfig(url))
  return {
    server,
    url,
    sqs,
    sns,
    stop: async () => {
      sqs.destroy()
      sns.destroy()
      await server.stop()
    },
  }
}

let counter = 0

/** A queue or topic name no other test in this file uses. */
export function unique(prefix: string): string {
  counter++
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`
}
