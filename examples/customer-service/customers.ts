import { randomUUID } from 'node:crypto'

/** An order as the customer service keeps it. */
export interface Order {
  readonly orderId: string
  readonly total: number
}

/** A customer and the orders attached to it. */
export interface Customer {
  readonly id: string
  readonly name: string
  readonly email: string
  readonly orders: readonly Order[]
}

/** What attaching an order did: an event seen before changes nothing. */
export type AttachResult = 'attached' | 'duplicate' | 'unknown-customer'

/**
 * The customers, in memory. Event ids are kept with the data they changed, so a redelivered event
 * is recognised and ignored: this is what makes the consumer idempotent.
 *
 * @example
 * ```ts
 * const store = new CustomerStore()
 * const ada = store.create({ name: 'Ada', email: 'ada@example.com' })
 * store.attachOrder('e-1', ada.id, { orderId: 'o-1', total: 30 }) // 'attached'
 * store.attachOrder('e-1', ada.id, { orderId: 'o-1', total: 30 }) // 'duplicate'
 * ```
 */
export class CustomerStore {
  readonly #customers = new Map<string, Customer>()
  readonly #seenEvents = new Set<string>()

  create(fields: { name: string; email: string }): Customer {
    const customer: Customer = { id: `c-${randomUUID()}`, ...fields, orders: [] }
    this.#customers.set(customer.id, customer)
    return customer
  }

  get(id: string): Customer | undefined {
    return this.#customers.get(id)
  }

  attachOrder(eventId: string, customerId: string, order: Order): AttachResult {
    if (this.#seenEvents.has(eventId)) return 'duplicate'
    const customer = this.#customers.get(customerId)
    if (!customer) return 'unknown-customer'
    this.#customers.set(customerId, { ...customer, orders: [...customer.orders, order] })
    this.#seenEvents.add(eventId)
    return 'attached'
  }
}
