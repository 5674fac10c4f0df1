import { randomUUID } from 'node:crypto'
import { during, until } from 'patiently'
import { sqsBus, type SqsBus } from 'patiently/sqs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startEmulator, type Emulator } from '../shared/emulator.js'
import { customerClient, type CustomerClient } from './client.js'
import type { OrderCreated } from './events.js'
import { createCustomerResources, type CustomerResources } from './resources.js'
import { startCustomerService, type RunningService } from './service.js'

let aws: Emulator
let queues: CustomerResources
let service: RunningService
let bus: SqsBus
let customers: CustomerClient
// A queue of this test's own, subscribed to the service's topic, to see what it publishes.
const published = `customer-events-${randomUUID().slice(0, 8)}`

beforeAll(async () => {
  aws = await startEmulator()
  queues = await createCustomerResources(aws, { maxReceiveCount: 3 })
  bus = sqsBus({ sqs: aws.sqs, sns: aws.sns })
  await bus.subscribe(queues.topicArn, published)
  service = await startCustomerService({ sqs: aws.sqs, sns: aws.sns, ...queues })
  customers = customerClient(service.url)
})

afterAll(async () => {
  await bus?.close()
  await service?.close()
  await aws?.stop()
})

const orderCreated = (customerId: string, total = 42): OrderCreated => ({
  type: 'OrderCreated',
  eventId: `e-${randomUUID()}`,
  orderId: `o-${randomUUID()}`,
  customerId,
  total,
})

describe('the customer service', () => {
  test('publishes CustomerCreated to SNS when a customer is created', async () => {
    const ada = await customers.create({ name: 'Ada', email: 'ada@example.com' })

    const event = await until(
      bus.received(published, { type: 'CustomerCreated', customerId: ada.id }),
    ).atMost('5s')

    expect(event.body).toEqual({
      type: 'CustomerCreated',
      customerId: ada.id,
      name: 'Ada',
      email: 'ada@example.com',
    })
    expect(event.attributes).toEqual({ type: 'CustomerCreated' })
    expect(event.topicArn).toBe(queues.topicArn)
  })

  test('attaches the order of an OrderCreated event to its customer', async () => {
    const grace = await customers.create({ name: 'Grace', email: 'grace@example.com' })
    const order = orderCreated(grace.id, 120)

    await bus.send(queues.ordersQueueUrl, order)

    // Probe the service's own API: the order shows up there once the event is consumed.
    await until(async () => {
      expect((await customers.get(grace.id)).orders).toEqual([
        { orderId: order.orderId, total: 120 },
      ])
    }).atMost('5s')
  })

  test('never doubles an order when the same event is delivered twice', async () => {
    const alan = await customers.create({ name: 'Alan', email: 'alan@example.com' })
    const order = orderCreated(alan.id)

    await bus.send(queues.ordersQueueUrl, order)
    await bus.send(queues.ordersQueueUrl, order)

    await until(
      () => customers.get(alan.id),
      (customer) => customer.orders.length === 1,
    ).atMost('5s')
    await during('1s').never(
      () => customers.get(alan.id),
      (customer) => customer.orders.length > 1,
    )
  })

  test('sends an order for an unknown customer to the dead-letter queue when its retries run out', async () => {
    const order = orderCreated('c-nobody')

    await bus.send(queues.ordersQueueUrl, order)

    const dead = await until(
      bus.received(queues.deadLetterQueueUrl, { eventId: order.eventId }),
    ).atMost('10s')
    expect(dead.body).toEqual(order)
    await expect(customers.get('c-nobody')).rejects.toThrow(
      'GET /customer/c-nobody answered 404: {"error":"no customer c-nobody"}',
    )
  })
})
