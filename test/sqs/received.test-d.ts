import { expectTypeOf, test } from 'vitest'
import { during, until } from '../../src/index.js'
import type { Received as HttpReceived } from '../../src/http/index.js'
import type { Received, ReceivedMessage, SqsBus } from '../../src/sqs/index.js'

declare const bus: SqsBus
interface Order {
  orderId: string
}

test('received() resolves with the first matching message; count, exactly and all with lists', async () => {
  expectTypeOf(await until(bus.received('q', { orderId: 'o-1' }))).toEqualTypeOf<ReceivedMessage>()
  expectTypeOf(await until(bus.received<Order>('q').count(2))).toEqualTypeOf<
    readonly ReceivedMessage<Order>[]
  >()
  expectTypeOf(await until(bus.received<Order>('q').all())).toEqualTypeOf<
    readonly ReceivedMessage<Order>[]
  >()
  const first = await until(bus.received<Order>('q').where({ attributes: { kind: 'paid' } }))
  expectTypeOf(first.body).toEqualTypeOf<Order>()
  expectTypeOf(bus.received<Order>('q').found()).toEqualTypeOf<readonly ReceivedMessage<Order>[]>()
  expectTypeOf(during('1s').never(bus.received('q').exactly(2))).resolves.toBeVoid()
})

test('both adapters export one Received type', () => {
  expectTypeOf<Received<ReceivedMessage>>().toEqualTypeOf<HttpReceived<ReceivedMessage>>()
  expectTypeOf(bus.received('q')).toEqualTypeOf<Received<ReceivedMessage>>()
})
