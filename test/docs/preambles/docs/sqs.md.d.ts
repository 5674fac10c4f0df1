// What the SQS page's samples assume: the bus the page's setup made, the SDK clients and
// their configuration, the ids of the reader's events, the service under test, and vitest's
// beforeEach.

declare const bus: import('patiently/sqs').SqsBus
declare const cfg: import('@aws-sdk/client-sqs').SQSClientConfig &
  import('@aws-sdk/client-sns').SNSClientConfig
declare const sqs: import('@aws-sdk/client-sqs').SQSClient
declare const sns: import('@aws-sdk/client-sns').SNSClient
declare const orderId: string
declare const customerId: string
declare const paymentId: string
declare const serviceUrl: string
declare const beforeEach: typeof import('vitest').beforeEach
