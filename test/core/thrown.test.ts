import { describe, expect, test } from 'vitest'
import { runInNewContext } from 'node:vm'
import { AssertionError } from 'node:assert'
import { isAssertion, isInstance, isMistake, read, said } from '../../src/core/thrown.js'

// Values a probe may throw that turn on whoever looks at them.
const throwingGetter = Object.defineProperty({}, 'name', {
  get() {
    throw new Error('getter')
  },
})
const hostile = new Proxy(
  {},
  {
    get() {
      throw new Error('get trap')
    },
    getPrototypeOf() {
      throw new Error('getPrototypeOf trap')
    },
  },
)
const revoked = Proxy.revocable({}, {})
revoked.revoke()

describe('read', () => {
  test('reads a key of objects and functions, and nothing of primitives', () => {
    expect(read({ name: 'x' }, 'name')).toBe('x')
    expect(
      read(
        Object.assign(() => 0, { code: 7 }),
        'code',
      ),
    ).toBe(7)
    expect(read('text', 'length')).toBeUndefined()
    expect(read(null, 'name')).toBeUndefined()
    expect(read(undefined, 'name')).toBeUndefined()
  })

  test.each([
    ['a throwing getter', throwingGetter],
    ['a Proxy whose trap throws', hostile],
    ['a revoked Proxy', revoked.proxy],
  ])('is undefined for %s, never a throw', (_, value) => {
    expect(read(value, 'name')).toBeUndefined()
  })
})

describe('isAssertion', () => {
  test("node:assert's, chai's and vitest's by name; jest's, vitest's and Playwright's by matcherResult", () => {
    expect(isAssertion(new AssertionError({ message: 'no' }))).toBe(true)
    expect(isAssertion({ name: 'AssertionError' })).toBe(true)
    expect(isAssertion(Object.assign(new Error('no'), { matcherResult: { pass: false } }))).toBe(
      true,
    )
  })

  test('anything else is not, hostile values included', () => {
    for (const value of [
      new Error('x'),
      new TypeError('x'),
      'AssertionError',
      null,
      throwingGetter,
      hostile,
      revoked.proxy,
    ]) {
      expect(isAssertion(value)).toBe(false)
    }
  })
})

describe('isMistake', () => {
  test('a ReferenceError, from this realm or another', () => {
    expect(isMistake(new ReferenceError('x is not defined'))).toBe(true)
    expect(isMistake(runInNewContext('new ReferenceError("y")'))).toBe(true)
  })

  test('nothing else', () => {
    for (const value of [new TypeError('x'), new SyntaxError('x'), 'ReferenceError', hostile]) {
      expect(isMistake(value)).toBe(false)
    }
  })
})

describe('said', () => {
  test('a non-empty string, or nothing where the hook throws or says nothing', () => {
    expect(said(() => 'the order')).toBe('the order')
    expect(said(() => '')).toBeUndefined()
    expect(said(() => 42)).toBeUndefined()
    expect(said(() => undefined)).toBeUndefined()
    expect(
      said(() => {
        throw new Error('hook')
      }),
    ).toBeUndefined()
  })
})

describe('isInstance', () => {
  test('instanceof, false where the check itself throws', () => {
    expect(isInstance(new TypeError('x'), Error)).toBe(true)
    expect(isInstance({}, Error)).toBe(false)
    expect(isInstance(hostile, Error)).toBe(false)
    expect(isInstance(revoked.proxy, Error)).toBe(false)
  })
})
