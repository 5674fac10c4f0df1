import { describe, expect, test } from 'vitest'
import { dictionary, own, put } from '../../src/shared/dictionary.js'

describe('dictionary', () => {
  test('inherits nothing: a missing name reads as undefined, never as a prototype method', () => {
    const names = dictionary<string>()
    expect(Object.getPrototypeOf(names)).toBeNull()
    expect('toString' in names).toBe(false)
    expect(names['constructor']).toBeUndefined()
  })
})

describe('put', () => {
  test('sets __proto__ as an own, enumerable key, not the prototype, even on an ordinary object', () => {
    const names = dictionary<string>()
    put(names, '__proto__', 'a')
    put(names, 'constructor', 'b')
    expect(Object.keys(names)).toEqual(['__proto__', 'constructor'])
    expect(own(names, '__proto__')).toBe('a')
    const plain: Record<string, unknown> = {}
    put(plain, '__proto__', { polluted: true })
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    expect(JSON.stringify(plain)).toBe('{"__proto__":{"polluted":true}}')
  })
})

describe('own', () => {
  test('the value of an own key only', () => {
    expect(own({ a: 1 }, 'a')).toBe(1)
    expect(own({}, 'toString')).toBeUndefined()
    expect(own({}, '__proto__')).toBeUndefined()
    expect(own(undefined, 'a')).toBeUndefined()
  })
})
