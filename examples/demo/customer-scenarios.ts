import { randomUUID } from 'node:crypto'
import { during, until } from 'patiently'
import type { SqsBus } from 'patiently/sqs'
import { customerClient } from '../customer-service/client.js'
import type { OrderCreated } from '../customer-service/events.js'
import type { CustomerResources } from '../customer-service/resources.js'
import type { Report } from './report.js'

/**
 * The customer service's scenarios: its event is published, an order event is consumed, a
 * duplicate never doubles the order, an order for an unknown customer is dead-lettered.
 *
 * @example
 * ```ts
 * await customerScenarios(report, { url: service.url, bus, queues, published: 'customer-events' })
 * ```
 */
export async function customerScenarios(
  report: Report,
  setup: {
    readonly url: string
    readonly bus: SqsBus
    readonly queues: CustomerResources
    /** A queue subscribed to the service's topic. */
    readonly published: string
  },
): Promise<void> {
  const { bus, queues, published } = setup
  const customers = customerClient(setup.url)
  const order = (customerId: string): OrderCreated => ({
    type: 'OrderCreated',
    eventId: `e-${randomUUID().slice(0, 8)}`,
    orderId: `o-${randomUUID().slice(0, 8)}`,
    customerId,
    total: 42,
  })

  const ada = await customers.create({ name: 'Ada', email: 'ada@example.com' })
  await report.check(
    'CustomerCreated for Ada, published to SNS',
    until(bus.received(published, { type: 'CustomerCreated', customerId: ada.id })).atMost('5s'),
  )

  const first = order(ada.id)
  await bus.send(queues.ordersQueueUrl, first)
  await bus.send(queues.ordersQueueUrl, first)
  await report.check(
    `order ${first.orderId} on GET /customer/${ada.id.slice(0, 10)}…`,
    until(
      () => customers.get(ada.id),
      (customer) => customer.orders.length === 1,
    ).atMost('5s'),
  )
  await report.check(
    'the same OrderCreated, delivered twice, never doubles the order (1 s)',
    during('1s').never(
      () => customers.get(ada.id),
      (customer) => customer.orders.length > 1,
    ),
  )

  const orphan = order('c-nobody')
  await bus.send(queues.ordersQueueUrl, orphan)
  await report.check(
    `order for an unknown customer in the dead-letter queue (event ${orphan.eventId})`,
    until(bus.received(queues.deadLetterQueueUrl, { eventId: orphan.eventId })).atMost('10s'),
  )
}
