import { describe, expect, test } from 'vitest'
import { describePattern, matches } from '../../src/shared/match.js'

describe('matches', () => {
  test('objects match on the keys the pattern gives, at any depth', () => {
    const order = { id: 1, status: 'paid', customer: { id: 'c-1', name: 'Ada' } }
    expect(matches(order, { status: 'paid' })).toBe(true)
    expect(matches(order, { customer: { name: 'Ada' } })).toBe(true)
    expect(matches(order, {})).toBe(true)
    expect(matches(order, { status: 'open' })).toBe(false)
    expect(matches(order, { customer: { name: 'Bob' } })).toBe(false)
    expect(matches(order, { missing: 'x' })).toBe(false)
    expect(matches(order, { missing: undefined })).toBe(true)
  })

  test("keys are data: a pattern's own __proto__ or constructor key is looked up as a key, never as the prototype", () => {
    const anyProto = JSON.parse('{"__proto__":{}}') as object
    expect(Object.keys(anyProto)).toEqual(['__proto__'])
    expect(matches({ a: 1 }, anyProto)).toBe(false)
    expect(matches([], anyProto)).toBe(false)
    expect(matches(JSON.parse('{"__proto__":{"x":1}}'), anyProto)).toBe(true)
    expect(matches({ a: 1 }, JSON.parse('{"a":1,"__proto__":{"x":1}}'))).toBe(false)
    const defined = (value: unknown): boolean => value !== undefined
    expect(matches({}, { constructor: defined })).toBe(false)
    expect(matches({}, { toString: defined, hasOwnProperty: defined })).toBe(false)
    expect(matches({ constructor: 'x' }, { constructor: 'x' })).toBe(true)
    expect(matches(Object.create({ inherited: 1 }) as object, { inherited: 1 })).toBe(false)
    expect(matches([1, 2], { length: 2 })).toBe(true)
  })

  test('an object pattern never matches null or a primitive', () => {
    expect(matches(null, {})).toBe(false)
    expect(matches(undefined, {})).toBe(false)
    expect(matches('text', { length: 4 })).toBe(false)
    expect(matches(3, {})).toBe(false)
  })

  test('arrays match element by element, with the same length', () => {
    const items = [{ sku: 'A-1', qty: 2 }, { sku: 'B-2' }]
    expect(matches(items, [{ sku: 'A-1' }, { sku: 'B-2' }])).toBe(true)
    expect(matches(items, [{ sku: 'A-1' }])).toBe(false)
    expect(matches(items, [{ sku: 'B-2' }, { sku: 'A-1' }])).toBe(false)
    expect(matches(items, [{ sku: 'A-1' }, { sku: 'B-2' }, {}])).toBe(false)
    expect(matches({ 0: 'a', length: 1 }, ['a'])).toBe(false)
    expect(matches([], [])).toBe(true)
  })

  test('a RegExp tests strings only', () => {
    expect(matches('sha256=abc', /^sha256=/)).toBe(true)
    expect(matches('md5=abc', /^sha256=/)).toBe(false)
    expect(matches(256, /256/)).toBe(false)
    expect(matches(undefined, /.*/)).toBe(false)
    expect(matches({ sku: 'A-7' }, { sku: /^A-\d$/ })).toBe(true)
  })

  test('a RegExp with the g or y flag gives the same answer every time', () => {
    const global = /paid/g
    const sticky = /paid/y
    for (let i = 0; i < 4; i++) {
      expect(matches('order paid', global)).toBe(true)
      expect(matches('paid order', sticky)).toBe(true)
      expect(matches('order paid', sticky)).toBe(false)
    }
    global.lastIndex = 7
    expect(matches('paid', global)).toBe(true)
    const bodies = [{ status: 'paid' }, { status: 'paid' }, { status: 'paid' }]
    expect(bodies.filter((body) => matches(body, { status: /paid/g }))).toHaveLength(3)
  })

  test('a function is a predicate on the value at its place', () => {
    const positive = (n: unknown): boolean => typeof n === 'number' && n > 0
    expect(matches(5, positive)).toBe(true)
    expect(matches(-5, positive)).toBe(false)
    expect(matches({ total: 12.5 }, { total: positive })).toBe(true)
    expect(matches({ total: 0 }, { total: positive })).toBe(false)
    expect(matches({}, { total: positive })).toBe(false)
    expect(matches('x', () => 'truthy')).toBe(true)
    expect(matches('x', () => 0)).toBe(false)
  })

  test('dates compare by time', () => {
    expect(matches(new Date(1000), new Date(1000))).toBe(true)
    expect(matches(new Date(1000), new Date(1001))).toBe(false)
    expect(matches(1000, new Date(1000))).toBe(false)
    expect(matches('1970-01-01T00:00:01.000Z', new Date(1000))).toBe(false)
  })

  test('anything else compares with Object.is', () => {
    expect(matches('a', 'a')).toBe(true)
    expect(matches(1, '1')).toBe(false)
    expect(matches(NaN, NaN)).toBe(true)
    expect(matches(0, -0)).toBe(false)
    expect(matches(null, null)).toBe(true)
    expect(matches(undefined, null)).toBe(false)
    expect(matches(10n, 10n)).toBe(true)
    expect(matches(true, 1)).toBe(false)
  })
})

describe('describePattern', () => {
  test('a pattern reads as "matching" and its value', () => {
    expect(describePattern({ requestId: 'r-7' })).toBe('matching { requestId: "r-7" }')
    expect(
      describePattern({ items: [{ sku: /^A-/g }], at: new Date(0), total: NaN, note: null }),
    ).toBe(
      'matching { items: [{ sku: /^A-/g }], at: 1970-01-01T00:00:00.000Z, total: NaN, note: null }',
    )
    expect(describePattern([1, 'a', undefined])).toBe('matching [1, "a", undefined]')
    expect(describePattern('x')).toBe('matching "x"')
  })

  test('a predicate reads as "accepted by" and its name', () => {
    function positive(n: unknown): boolean {
      return Number(n) > 0
    }
    expect(describePattern(positive)).toBe('accepted by [Function positive]')
  })
})
