import { describe, expect, test } from 'vitest'
import { contains, describePattern, explain, matches } from '../../src/core/pattern.js'

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
    expect(matches(Object.create(null) as object, { constructor: undefined })).toBe(true)
    expect(matches(Object.create({ toString: 'x' }) as object, { toString: 'x' })).toBe(false)
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

describe('inherited fields, other than the names every object has, are read', () => {
  test('a getter on a class (Response.status, URL.pathname) matches', () => {
    expect(matches(new Response(null, { status: 204 }), { status: 204, ok: true })).toBe(true)
    expect(matches(new URL('http://x/a?b=1'), { pathname: '/a', search: '?b=1' })).toBe(true)
    expect(matches(Object.create({ inherited: 1 }) as object, { inherited: 1 })).toBe(true)
  })
})

describe('asymmetric matchers, from any library', () => {
  test('anything with asymmetricMatch decides by itself, at any depth', () => {
    const anyString = { asymmetricMatch: (v: unknown) => typeof v === 'string' }
    expect(matches({ id: 'x-1' }, { id: anyString })).toBe(true)
    expect(matches({ id: 7 }, { id: anyString })).toBe(false)
  })

  test("vitest's expect.any, stringContaining, objectContaining and arrayContaining", async () => {
    const { expect: vexpect } = await import('vitest')
    const order = { id: 'o-1', note: 'paid in full', lines: [{ sku: 'A-1' }, { sku: 'B-2' }] }
    expect(
      matches(order, {
        id: vexpect.any(String) as unknown,
        note: vexpect.stringContaining('paid') as unknown,
        lines: vexpect.arrayContaining([vexpect.objectContaining({ sku: 'B-2' })]) as unknown,
      }),
    ).toBe(true)
    expect(matches(order, { id: vexpect.any(Number) as unknown })).toBe(false)
    expect(
      explain(order, { note: vexpect.stringContaining('refund') as unknown }).map((m) => m.text),
    ).toEqual(['note: expected StringContaining "refund", got "paid in full"'])
  })
})

describe('contains', () => {
  test('an array with an element matching each pattern, in any order, among others', () => {
    const lines = [{ sku: 'A-1', qty: 1 }, { sku: 'B-2' }, { sku: 'C-3' }]
    expect(matches(lines, contains({ sku: 'C-3' }, { sku: 'A-1' }))).toBe(true)
    expect(matches({ lines }, { lines: contains({ sku: /^B/ }) })).toBe(true)
    expect(matches(lines, contains({ sku: 'D-4' }))).toBe(false)
    expect(matches('A-1', contains('A-1'))).toBe(false)
    expect(matches([], contains())).toBe(true)
    expect(explain(lines, contains({ sku: 'D-4' })).map((m) => m.text)).toEqual([
      'value: expected an array containing { sku: "D-4" }, got [{ sku: "A-1", qty: 1 }, { sku: "B-2" }, { sku: "C-3" }]',
    ])
  })
})

describe('explain', () => {
  test('each mismatch with its path, what was expected and what was there', () => {
    const order = { status: 'pending', lines: [{ sku: 'B-2', qty: 1 }], total: 0 }
    const found = explain(order, {
      status: 'paid',
      lines: [{ sku: 'A-1' }],
      total: (n: unknown) => Number(n) > 0,
      'x-id': 'r-1',
    })
    expect(found.map((m) => m.text)).toEqual([
      'status: expected "paid", got "pending"',
      'lines[0].sku: expected "A-1", got "B-2"',
      'total: expected a value accepted by [Function total], got 0',
      '["x-id"]: expected "r-1", got undefined',
    ])
    expect(found[1]).toMatchObject({ path: 'lines[0].sku', expected: '"A-1"', actual: 'B-2' })
  })

  test('arrays of another length, values of another kind, regexps and dates', () => {
    expect(explain({ a: [1, 2, 3] }, { a: [1, 5] }).map((m) => m.text)).toEqual([
      'a.length: expected 2, got 3',
      'a[1]: expected 5, got 2',
    ])
    expect(explain('text', { a: 1 }).map((m) => m.text)).toEqual([
      'value: expected an object matching { a: 1 }, got "text"',
    ])
    expect(explain({ a: 'x' }, { a: [1] }).map((m) => m.text)).toEqual([
      'a: expected an array of 1, got "x"',
    ])
    expect(explain({ sku: 'B' }, { sku: /^A-/ }).map((m) => m.text)).toEqual([
      'sku: expected a string matching /^A-/, got "B"',
    ])
    expect(explain(new Date(1), new Date(2)).map((m) => m.text)).toEqual([
      'value: expected 1970-01-01T00:00:00.002Z, got 1970-01-01T00:00:00.001Z',
    ])
  })

  test('nothing when it matches; at most `limit` mismatches', () => {
    expect(explain({ a: 1, b: 2 }, { a: 1 })).toEqual([])
    const wide = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]))
    expect(explain({}, wide)).toHaveLength(20)
    expect(explain({}, wide, 3)).toHaveLength(3)
  })

  test('a value that cannot be read (a getter, a Proxy trap) does not match, never a crash', () => {
    const trap = (): never => {
      throw new Error('trap')
    }
    const hostile = new Proxy({}, { get: trap, has: trap, getOwnPropertyDescriptor: trap })
    expect(matches(hostile, { a: 1 })).toBe(false)
    // A pattern that cannot be read is the user's own bug: it says so.
    expect(() => matches({ a: 1 }, hostile)).toThrow(new Error('trap'))
    expect(explain(hostile, { a: 1 }).map((m) => m.text)).toEqual([
      'a: expected 1 (reading the value threw Error: trap), got nothing readable',
    ])
  })

  test("a predicate's own error propagates from matches, and is a mismatch in explain", () => {
    const broken = new Error('broken predicate')
    const predicate = (): never => {
      throw broken
    }
    expect(() => matches({ a: 1 }, { a: predicate })).toThrow(broken)
    expect(explain({ a: 1 }, { a: predicate }).map((m) => m.text)).toEqual([
      'a: expected a value accepted by [Function predicate] (the pattern threw Error: broken predicate), got 1',
    ])
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
