import { until } from 'patiently'
import type { SqsBus } from 'patiently/sqs'
import { customerClient } from '../customer-service/client.js'
import type { CustomerResources } from '../customer-service/resources.js'
import type { Report } from './report.js'

/**
 * The one wait meant to fail, to show the message a user gets: an order for a customer that does
 * not exist never shows up on the API (the event goes to the dead-letter queue instead), so
 * waiting for it times out, and the error says what every attempt saw.
 *
 * @example
 * ```ts
 * await deliberateFailure(report, { url: service.url, bus, queues })
 * ```
 */
export async function deliberateFailure(
  report: Report,
  setup: { readonly url: string; readonly bus: SqsBus; readonly queues: CustomerResources },
): Promise<void> {
  const customers = customerClient(setup.url)
  await setup.bus.send(setup.queues.ordersQueueUrl, {
    type: 'OrderCreated',
    eventId: 'e-demo-failure',
    orderId: 'o-demo-failure',
    customerId: 'c-ghost',
    total: 7,
  })
  await report.check(
    'order o-demo-failure on GET /customer/c-ghost',
    until(
      () => customers.get('c-ghost'),
      (customer) => customer.orders.length === 1,
    )
      .every(100)
      .atMost('1s'),
    { expectFailure: true },
  )
}
