import { describe, expect, test } from 'vitest'
import { describeError, stringify } from '../../src/core/format.js'

describe('stringify', () => {
  test('marks cycles in objects and arrays, but not a value seen twice side by side', () => {
    const object: Record<string, unknown> = { x: 1 }
    object['self'] = object
    const list: unknown[] = [1]
    list.push(list)
    const shared = { v: 1 }
    expect(stringify(object)).toBe('{ x: 1, self: [Circular] }')
    expect(stringify(list)).toBe('[1, [Circular]]')
    expect(stringify({ a: shared, b: shared })).toBe('{ a: { v: 1 }, b: { v: 1 } }')
  })

  test('stops at four levels of nesting', () => {
    expect(stringify({ a: { b: { c: { d: { e: 1 } } } } })).toBe(
      '{ a: { b: { c: { d: [Object] } } } }',
    )
    expect(stringify([[[[[1]]]]])).toBe('[[[[[Array]]]]]')
  })

  test('shows the first ten items of long arrays, maps, sets and objects, and counts the rest', () => {
    const numbers = Array.from({ length: 25 }, (_, i) => i)
    expect(stringify(numbers)).toBe('[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … 15 more]')
    expect(stringify(new Set(numbers))).toBe('Set(25) { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … 15 more }')
    expect(stringify(new Map(numbers.slice(0, 12).map((n) => [n, n])))).toBe(
      'Map(12) { 0 => 0, 1 => 1, 2 => 2, 3 => 3, 4 => 4, 5 => 5, 6 => 6, 7 => 7, 8 => 8, 9 => 9, … 2 more }',
    )
    const keys = Object.fromEntries(numbers.slice(0, 12).map((n) => [`k${n}`, n]))
    expect(stringify(keys)).toBe(
      '{ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, k9: 9, … 2 more }',
    )
  })

  test('cuts long strings at 200 characters and the whole text at 600', () => {
    expect(stringify('x'.repeat(250))).toBe(`"${'x'.repeat(200)}… (250 characters)"`)
    const long = Array.from({ length: 10 }, () => 'y'.repeat(150))
    const full = `[${long.map((item) => `"${item}"`).join(', ')}]`
    expect(full).toHaveLength(1540)
    expect(stringify(long)).toBe(`${full.slice(0, 600)}… (1540 characters)`)
  })

  test('shows maps, sets, dates, errors, regular expressions and class instances by kind', () => {
    expect(
      stringify(
        new Map<unknown, unknown>([
          ['a', 1],
          [{ k: 1 }, [2]],
        ]),
      ),
    ).toBe('Map(2) { "a" => 1, { k: 1 } => [2] }')
    expect(stringify(new Set([1, 'two']))).toBe('Set(2) { 1, "two" }')
    expect(stringify([{}, [], new Map(), new Set()])).toBe('[{}, [], Map(0) {}, Set(0) {}]')
    expect(stringify(new Date(0))).toBe('1970-01-01T00:00:00.000Z')
    expect(stringify(new Date(NaN))).toBe('Invalid Date')
    expect(stringify({ error: new TypeError('boom') })).toBe('{ error: TypeError: boom }')
    expect(stringify(/a+/g)).toBe('/a+/g')
    expect(
      stringify(
        new (class Point {
          x = 1
        })(),
      ),
    ).toBe('Point { x: 1 }')
    expect(stringify(Object.create(null))).toBe('{}')
  })

  test('shows primitives, symbols, bigints and functions', () => {
    function named(): void {}
    expect(stringify([undefined, null, true, NaN, 'a"b'])).toBe(
      '[undefined, null, true, NaN, "a\\"b"]',
    )
    expect(stringify(Symbol('s'))).toBe('Symbol(s)')
    expect(stringify(10n)).toBe('10n')
    expect(stringify(named)).toBe('[Function named]')
    expect(stringify([(): number => 1])).toBe('[[Function anonymous]]')
  })

  test('survives getters and proxies that throw', () => {
    const getter = {
      ok: 1,
      get bad(): never {
        throw new Error('nope')
      },
    }
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap')
        },
      },
    )
    const prototype = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error('trap')
        },
      },
    )
    expect(stringify(getter)).toBe('{ ok: 1, bad: [getter threw] }')
    expect(stringify(proxy)).toBe('[unreadable]')
    expect(stringify({ inner: prototype })).toBe('{ inner: [unreadable] }')
  })
})

describe('describeError', () => {
  test('gives Name: message for errors and marks anything else that was thrown', () => {
    expect(describeError(new RangeError('too far'))).toBe('RangeError: too far')
    expect(describeError('text')).toBe('"text" (thrown, not an Error)')
    expect(describeError(undefined)).toBe('undefined (thrown, not an Error)')
    expect(describeError({ code: 42 })).toBe('{ code: 42 } (thrown, not an Error)')
  })

  test('survives an error whose name or message throws', () => {
    const error = new Error('m')
    Object.defineProperty(error, 'name', {
      get(): never {
        throw new Error('x')
      },
    })
    expect(describeError(error)).toBe('[an Error that could not be read]')
    expect(stringify({ error })).toBe('{ error: [an Error that could not be read] }')
  })
})

describe('stringify bytes', () => {
  test('shows byte arrays as hex with their length, not as numbered keys', () => {
    expect(stringify(new Uint8Array([1, 2, 255]))).toBe('<Uint8Array 01 02 ff (3 bytes)>')
    expect(stringify(Buffer.from('{"requestId":"r-1"}'))).toBe(
      '<Buffer 7b 22 72 65 71 75 65 73 74 49 64 22 3a 22 72 2d … 3 more (19 bytes)>',
    )
  })
})
