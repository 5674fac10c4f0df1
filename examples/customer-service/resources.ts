import { CreateTopicCommand, type SNSClient } from '@aws-sdk/client-sns'
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs'
import { randomUUID } from 'node:crypto'

/** The topic and queues the customer service needs. */
export interface CustomerResources {
  /** `CustomerCreated` is published here. */
  readonly topicArn: string
  /** `OrderCreated` events are consumed from here. */
  readonly ordersQueueUrl: string
  /** Where SQS moves an order event that failed `maxReceiveCount` times. */
  readonly deadLetterQueueUrl: string
}

/**
 * Creates the customer service's SNS topic, its orders queue and that queue's dead-letter queue,
 * with names made unique so that several test files can share one emulator.
 *
 * @example
 * ```ts
 * const { topicArn, ordersQueueUrl, deadLetterQueueUrl } = await createCustomerResources(aws)
 * ```
 */
export async function createCustomerResources(
  aws: { readonly sqs: SQSClient; readonly sns: SNSClient },
  options: { readonly maxReceiveCount?: number } = {},
): Promise<CustomerResources> {
  const suffix = randomUUID().slice(0, 8)
  const { TopicArn } = await aws.sns.send(new CreateTopicCommand({ Name: `customers-${suffix}` }))
  const deadLetterQueueUrl = await createQueue(aws.sqs, `orders-dlq-${suffix}`)
  const { Attributes } = await aws.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['QueueArn'] }),
  )
  const ordersQueueUrl = await createQueue(aws.sqs, `orders-${suffix}`, {
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: Attributes?.['QueueArn'],
      maxReceiveCount: options.maxReceiveCount ?? 3,
    }),
  })
  if (!TopicArn) throw new Error('CreateTopic returned no TopicArn')
  return { topicArn: TopicArn, ordersQueueUrl, deadLetterQueueUrl }
}

async function createQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string> = {},
): Promise<string> {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  )
  if (!QueueUrl) throw new Error(`CreateQueue returned no QueueUrl for ${name}`)
  return QueueUrl
}
