import { describe, expectTypeOf, test } from 'vitest'
import { during, patiently, until, type Wait, type WaitError, type WaitResult } from 'patiently'

describe('until() infers what it resolves with', () => {
  test('the probe value', () => {
    expectTypeOf(until(() => 5)).resolves.toEqualTypeOf<number>()
    expectTypeOf(until(() => ({ id: 'a' }))).resolves.toEqualTypeOf<{ id: string }>()
  })

  test('false taken out', () => {
    const x = 0 as number | false
    expectTypeOf(until(() => x)).resolves.toEqualTypeOf<number>()
    expectTypeOf(until(() => x === 1)).resolves.toEqualTypeOf<true>()
  })

  test('async probes unwrap', () => {
    const paid = async (): Promise<'paid'> => {
      await Promise.resolve()
      return 'paid'
    }
    expectTypeOf(until(paid)).resolves.toEqualTypeOf<'paid'>()
    expectTypeOf(until(() => Promise.resolve(x()))).resolves.toEqualTypeOf<number>()
    function x(): number | false {
      return 1
    }
  })

  test('modifiers keep the type', () => {
    const wait = until(() => 'v')
      .every(10)
      .atMost('1s')
      .atLeast(0)
      .pollDelay(0)
      .maxAttempts(3)
      .holdsFor(0)
      .inARow(1)
      .as('v')
      .retryOn(TypeError, (e) => e !== null)
      .failFast(() => false)
      .observe(() => {})
    expectTypeOf(wait).toEqualTypeOf<Wait<string>>()
    expectTypeOf(patiently.with({ atMost: '2s' }).until(() => 1n)).resolves.toEqualTypeOf<bigint>()
  })

  test('result() is a discriminated union', async () => {
    const r = await until(() => 5).result()
    expectTypeOf(r).toEqualTypeOf<WaitResult<number>>()
    if (r.passed) expectTypeOf(r.value).toEqualTypeOf<number>()
    else expectTypeOf(r.error).toEqualTypeOf<WaitError>()
  })

  test('a probe that is not a function does not compile', () => {
    // @ts-expect-error until() takes a function
    void until(123)
    // @ts-expect-error a Duration is a number or a string with a unit
    void until(() => 1).atMost('3 seconds')
  })
})

describe('during()', () => {
  test('never() and always() resolve with void', () => {
    expectTypeOf(during(2000).never(() => false)).resolves.toEqualTypeOf<void>()
    expectTypeOf(during('1s').always(() => true)).resolves.toEqualTypeOf<void>()
  })
})

describe('until(probe, check) resolves with the probe value', () => {
  interface User {
    readonly name: string
    readonly admin?: boolean
  }
  interface Order {
    readonly status: 'pending' | 'paid'
    readonly lines: readonly { readonly sku: string }[]
  }
  const users: User[] = []
  const order = async (): Promise<Order> => {
    await Promise.resolve()
    return { status: 'paid', lines: [] }
  }

  test('Boolean takes out undefined and the other falsy types', () => {
    expectTypeOf(
      until(() => users.find((u) => u.name === 'Ada'), Boolean),
    ).resolves.toEqualTypeOf<User>()
    const count = (): number | null => 0
    expectTypeOf(until(count, Boolean)).resolves.toEqualTypeOf<number>()
  })

  test('a type guard narrows', () => {
    const isAdmin = (u: User | undefined): u is User & { admin: true } => u?.admin === true
    expectTypeOf(until(() => users[0], isAdmin)).resolves.toEqualTypeOf<User & { admin: true }>()
  })

  test('a predicate or a pattern keeps the value type, false included', () => {
    expectTypeOf(until(order, (o) => o.status === 'paid')).resolves.toEqualTypeOf<Order>()
    expectTypeOf(
      until(order, { status: 'paid', lines: [{ sku: 'A-1' }] }),
    ).resolves.toEqualTypeOf<Order>()
    expectTypeOf(
      until(
        (): boolean => false,
        (v) => v === false,
      ),
    ).resolves.toEqualTypeOf<boolean>()
  })

  test("a pattern's keys and values are checked against the value's type", () => {
    // @ts-expect-error no such key on Order
    void until(order, { statuz: 'paid' })
    // @ts-expect-error not one of the statuses
    void until(order, { status: 'shipped' })
    // @ts-expect-error a string field takes a string or a RegExp
    void until(order, { lines: [{ sku: 7 }] })
    void until(order, { lines: [{ sku: /^A-/ }], status: (s) => s !== 'pending' })
  })

  test('windows take a check too, and resolve with void', () => {
    expectTypeOf(
      during('1s').never(order, (o) => o.lines.length > 1),
    ).resolves.toEqualTypeOf<void>()
    expectTypeOf(during('1s').always(order, { status: 'paid' })).resolves.toEqualTypeOf<void>()
    // @ts-expect-error no such key on Order
    void during('1s').always(order, { state: 'paid' })
  })
})
