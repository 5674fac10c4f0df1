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
    until(123)
    // @ts-expect-error a Duration is a number or a string with a unit
    until(() => 1).atMost('3 seconds')
  })
})

describe('during()', () => {
  test('never() and always() resolve with void', () => {
    expectTypeOf(during(2000).never(() => false)).resolves.toEqualTypeOf<void>()
    expectTypeOf(during('1s').always(() => true)).resolves.toEqualTypeOf<void>()
  })
})
