import { SNSClient } from '@aws-sdk/client-sns'
import { SQSClient } from '@aws-sdk/client-sqs'
import { sqsBus, type SqsBus, type SqsBusOptions } from '../../../src/sqs/index.js'
import { clientConfig, startEndpoint, type Endpoint } from './endpoint.js'
import { startProxy, type Proxy, type ProxyOptions } from './proxy.js'

/** fauxqs, the recording proxy in front of it, clients that go through the proxy, and a bus. */
export interface Proxied {
  readonly endpoint: Endpoint
  readonly proxy: Proxy
  readonly sqs: SQSClient
  readonly sns: SNSClient
  readonly bus: SqsBus
  stop(): Promise<void>
}

/** Starts fauxqs behind the proxy and a bus on it; `stop()` closes all of it, bus first. */
export async function startProxied(
  proxyOptions: ProxyOptions = {},
  busOptions: Omit<SqsBusOptions, 'sqs' | 'sns'> = {},
): Promise<Proxied> {
  const endpoint = await startEndpoint()
  const proxy = await startProxy(endpoint.url, proxyOptions)
  const sqs = new SQSClient(clientConfig(proxy.url))
  const sns = new SNSClient(clientConfig(proxy.url))
  const bus = sqsBus({ ...busOptions, sqs, sns })
  return {
    endpoint,
    proxy,
    sqs,
    sns,
    bus,
    stop: async () => {
      await bus.close()
      sqs.destroy()
      sns.destroy()
      await proxy.stop()
      await endpoint.stop()
    },
  }
}
