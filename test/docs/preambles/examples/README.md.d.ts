// What the worked example's sample assumes: the test's own bus, the service's client and the
// event it sends, with the example's real types.

declare const bus: import('patiently/sqs').SqsBus
declare const customers: import('../../../../examples/customer-service/client.js').CustomerClient
declare const ordersQueueUrl: string
declare const order: import('../../../../examples/customer-service/events.js').OrderCreated
declare const id: string
