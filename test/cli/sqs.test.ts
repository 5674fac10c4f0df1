import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startEndpoint, unique, type Endpoint } from '../sqs/support/endpoint.js'
import { cli, finished, masked } from './support/cli.js'
import { pause } from './support/scratch.js'

let endpoint: Endpoint
beforeAll(async () => {
  endpoint = await startEndpoint()
})
afterAll(() => endpoint.stop())

const aws = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  // The SDK's notice that its 2027 releases need Node 22 is not what these tests look at.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
}

test('sqs: waits for a matching message, prints it, and leaves it on the queue', async () => {
  const queue = unique('orders')
  const { QueueUrl: url } = await endpoint.sqs.send(new CreateQueueCommand({ QueueName: queue }))
  const run = cli(
    ['wait', `sqs:${queue}`, '--endpoint', endpoint.url, '--json', '{"orderId":"o-2"}'],
    aws,
  )
  await endpoint.sqs.send(
    new SendMessageCommand({ QueueUrl: url, MessageBody: '{"orderId":"o-1"}' }),
  )
  await pause(300)
  await endpoint.sqs.send(
    new SendMessageCommand({ QueueUrl: url, MessageBody: '{"orderId":"o-2"}' }),
  )
  const { code } = await run.exited
  expect(code).toBe(0)
  expect(JSON.parse(run.stdout)).toMatchObject({ body: { orderId: 'o-2' } })
  expect(masked(run.stderr)).toBe(`✓ sqs:${queue} passed after T (N attempts)\n`)
  const left = await endpoint.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }),
  )
  expect(left.Messages?.map((m) => m.Body).sort()).toEqual([
    '{"orderId":"o-1"}',
    '{"orderId":"o-2"}',
  ])
})

test('sqs: without a region it is bad usage', async () => {
  const { code, stderr } = await finished(['wait', 'sqs:orders'], {
    AWS_REGION: '',
    AWS_DEFAULT_REGION: '',
  })
  expect(code).toBe(2)
  expect(stderr).toBe(
    'patiently: sqs:orders needs a region: set AWS_REGION (or AWS_DEFAULT_REGION)\n' +
      'Run `patiently --help` for usage.\n',
  )
})
