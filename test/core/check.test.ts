// until(probe, check) and during().never/always(probe, check): the value and the check kept apart.
import { describe, expect, test } from 'vitest'
import { contains, during, until, type WaitError } from '../../src/index.js'
import { FakeClock, settle } from './fake-clock.js'

interface Order {
  readonly id: string
  readonly status: 'pending' | 'paid'
  readonly lines: readonly { readonly sku: string }[]
}

/** An order that becomes paid at the `paidAt`-th read. */
function orders(paidAt: number): () => Order {
  let reads = 0
  return () => ({
    id: 'o-1',
    status: ++reads >= paidAt ? 'paid' : 'pending',
    lines: [{ sku: 'A-1' }],
  })
}

describe('until(probe, check) resolves with the value that passed the check', () => {
  test('a predicate', async () => {
    const clock = new FakeClock()
    const settled = await settle(
      until(orders(3), (o) => o.status === 'paid')
        .clock(clock)
        .every(10),
      clock,
    )
    expect(settled).toMatchObject({ ok: true, at: 20, value: { id: 'o-1', status: 'paid' } })
  })

  test('a pattern, deep and partial', async () => {
    const clock = new FakeClock()
    const settled = await settle(
      until(orders(2), { status: 'paid', lines: contains({ sku: /^A-/ }) })
        .clock(clock)
        .every(10),
      clock,
    )
    expect(settled).toMatchObject({ ok: true, at: 10, value: { status: 'paid' } })
  })

  test('Boolean waits for a value that is found: undefined, null, 0 and "" are not', async () => {
    const clock = new FakeClock()
    const answers: unknown[] = [undefined, null, 0, '', false, { name: 'Ada' }]
    const settled = await settle(
      until(() => answers.shift(), Boolean)
        .clock(clock)
        .every(10),
      clock,
    )
    expect(settled).toMatchObject({ ok: true, at: 50, value: { name: 'Ada' } })
  })

  test('with a check, false is a value like any other', async () => {
    const clock = new FakeClock()
    const settled = await settle(
      until(
        () => false,
        (v) => v === false,
      ).clock(clock),
      clock,
    )
    expect(settled).toMatchObject({ ok: true, value: false })
  })

  test('a value that fails the check is the last value of a timeout, and names the check', async () => {
    const clock = new FakeClock()
    const read = orders(Infinity)
    const settled = await settle(
      until(() => read(), { status: 'paid' })
        .clock(clock)
        .every(100)
        .atMost(200),
      clock,
    )
    const error = (settled as { error: WaitError }).error
    expect(error.message).toBe(
      'Timed out after 200 ms waiting for `() => read()` matching { status: "paid" } (atMost 200 ms, 3 attempts).\n' +
        '  last value:  { id: "o-1", status: "pending", lines: [{ sku: "A-1" }] }\n' +
        '  mismatches:  status: expected "paid", got "pending"',
    )
    expect(error.lastValue).toMatchObject({ status: 'pending' })
  })

  test('a predicate is named by its source, Boolean as "to be truthy"', async () => {
    const clock = new FakeClock()
    const byPredicate = await settle(
      until(
        () => 1,
        (n) => n > 1,
      )
        .clock(clock)
        .atMost(0),
      clock,
    )
    expect((byPredicate as { error: WaitError }).error.description).toBe(
      '`() => 1` accepted by `(n) => n > 1`',
    )
    const byBoolean = await settle(
      until(() => 0, Boolean)
        .clock(clock)
        .atMost(0),
      clock,
    )
    expect((byBoolean as { error: WaitError }).error.description).toBe('`() => 0` to be truthy')
    const aliased = await settle(
      until(() => 0, Boolean)
        .as('the count')
        .clock(clock)
        .atMost(0),
      clock,
    )
    expect((aliased as { error: WaitError }).error.description).toBe('the count')
  })

  test('a check that throws fails the attempt like a throwing probe, keeping the value', async () => {
    const clock = new FakeClock()
    const settled = await settle(
      until(
        () => ({ order: undefined as Order | undefined }),
        (v) => v.order!.status === 'paid',
      )
        .clock(clock)
        .every(100)
        .atMost(100),
      clock,
    )
    const error = (settled as { error: WaitError }).error
    expect(error.reason).toBe('timeout')
    expect(error.lastValue).toEqual({ order: undefined })
    expect(error.lastError).toBeInstanceOf(TypeError)
    expect(error.attempts).toBe(2)
  })
})

describe('during(t).never/always(probe, check)', () => {
  test('never fails at the first value that passes the check', async () => {
    const clock = new FakeClock()
    let charges = 0
    const settled = await settle(
      during(1000)
        .never(
          () => Array.from({ length: ++charges > 3 ? 2 : 1 }, () => 'charge'),
          (c) => c.length > 1,
        )
        .clock(clock)
        .every(100),
      clock,
    )
    expect(settled.ok).toBe(false)
    expect((settled as { error: WaitError }).error).toMatchObject({
      reason: 'violated',
      attempts: 4,
      lastValue: ['charge', 'charge'],
    })
  })

  test('always fails at the first value that does not match the pattern', async () => {
    const clock = new FakeClock()
    let reads = 0
    const settled = await settle(
      during(1000)
        .always(() => ({ status: ++reads > 2 ? 'refunded' : 'paid' }), { status: 'paid' })
        .clock(clock)
        .every(100),
      clock,
    )
    const error = (settled as { error: WaitError }).error
    expect(error).toMatchObject({ reason: 'violated', attempts: 3 })
    expect(error.message).toBe(
      'Expected `() => ({ status: ++reads > 2 ? "refunded" : "paid" })` matching { status: "paid" } to hold for all of 1 s, but it failed after 200 ms (attempt 3).\n' +
        '  value:       { status: "refunded" }\n' +
        '  mismatches:  status: expected "paid", got "refunded"',
    )
  })

  test('a window whose values all pass (always) or none pass (never) passes', async () => {
    const clock = new FakeClock()
    const never = await settle(
      during(300)
        .never(
          () => 1,
          (n) => n > 1,
        )
        .clock(clock)
        .every(100),
      clock,
    )
    const always = await settle(
      during(300)
        .always(() => ({ ok: true, extra: 1 }), { ok: true })
        .clock(clock)
        .every(100),
      clock,
    )
    expect([never.ok, always.ok]).toEqual([true, true])
  })
})
