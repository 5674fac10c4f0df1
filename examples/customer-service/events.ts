/** Published to SNS when a customer is created. */
export interface CustomerCreated {
  readonly type: 'CustomerCreated'
  readonly customerId: string
  readonly name: string
  readonly email: string
}

/** Consumed from SQS: an order placed by a customer, possibly delivered more than once. */
export interface OrderCreated {
  readonly type: 'OrderCreated'
  /** Unique per event, not per delivery: a redelivered event keeps its id. */
  readonly eventId: string
  readonly orderId: string
  readonly customerId: string
  readonly total: number
}

/**
 * Reads an `OrderCreated` event from an SQS message body, sent directly or through an SNS
 * subscription (the SNS envelope is unwrapped); `undefined` if it is not one.
 *
 * @example
 * ```ts
 * parseOrderCreated('{"type":"OrderCreated","eventId":"e-1","orderId":"o-1","customerId":"c-1","total":5}')
 * ```
 */
export function parseOrderCreated(body: string | undefined): OrderCreated | undefined {
  let event = parse(body)
  if (isObject(event) && event['Type'] === 'Notification') event = parse(event['Message'])
  if (
    isObject(event) &&
    event['type'] === 'OrderCreated' &&
    typeof event['eventId'] === 'string' &&
    typeof event['orderId'] === 'string' &&
    typeof event['customerId'] === 'string' &&
    typeof event['total'] === 'number'
  ) {
    return event as unknown as OrderCreated
  }
  return undefined
}

function parse(text: unknown): unknown {
  if (typeof text !== 'string') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
