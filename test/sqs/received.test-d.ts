import { expectTypeOf, test } from 'vitest'
import { during, until } from '../../src/index.js'
import type { ReceivedMessage, SqsProbe } from '../../src/sqs/index.js'

declare const bus: SqsProbe
interface Order {
  orderId: string
}

test('received() resolves with the matching messages, first() with one', async () => {
  expectTypeOf(await until(bus.received('q', { orderId: 'o-1' }))).toEqualTypeOf<
    readonly ReceivedMessage[]
  >()
  expectTypeOf(await until(bus.received<Order>('q').count(2))).toEqualTypeOf<
    readonly ReceivedMessage<Order>[]
  >()
  const first = await until(bus.received<Order>('q').withAttributes({ kind: 'paid' }).first())
  expectTypeOf(first.body).toEqualTypeOf<Order>()
  expectTypeOf(during('1s').never(bus.received('q').exactly(2))).resolves.toBeVoid()
})
