import { describe, expect, test } from 'vitest'
import { parseBody, toRecord } from '../../src/http/request.js'

describe('parseBody', () => {
  const parse = (text: string, type?: string): ReturnType<typeof parseBody> =>
    parseBody(Buffer.from(text), type)

  test('parses JSON by content type, including +json types and untyped JSON', () => {
    expect(parse('{"a":1}', 'application/json; charset=utf-8')).toEqual({
      kind: 'json',
      body: { a: 1 },
      jsonError: undefined,
    })
    expect(parse('[1]', 'application/vnd.api+json').body).toEqual([1])
    expect(parse(' {"a":1}').kind).toBe('json')
  })

  test('keeps invalid JSON as text and flags it, without throwing', () => {
    const parsed = parse('{"a":', 'application/json')
    expect(parsed.kind).toBe('invalid-json')
    expect(parsed.body).toBe('{"a":')
    expect(parsed.jsonError).toMatch(/JSON/)
    expect(parse('{not json').kind).toBe('text')
  })

  test('parses forms, text and keeps other types as bytes', () => {
    expect(parse('a=1&a=2&b=x%20y', 'application/x-www-form-urlencoded').body).toEqual({
      a: ['1', '2'],
      b: 'x y',
    })
    expect(parse('hello', 'text/plain')).toEqual({
      kind: 'text',
      body: 'hello',
      jsonError: undefined,
    })
    expect(parse('<a/>', 'application/xml').kind).toBe('text')
    const binary = parseBody(Buffer.from([0, 1, 2]), 'application/octet-stream')
    expect(binary.kind).toBe('binary')
    expect(binary.body).toEqual(Buffer.from([0, 1, 2]))
    expect(parseBody(Buffer.alloc(0), 'application/json')).toEqual({
      kind: 'empty',
      body: undefined,
      jsonError: undefined,
    })
  })
})

test('toRecord turns repeated names into arrays', () => {
  expect(toRecord(new URLSearchParams('a=1&b=2&a=3'))).toEqual({ a: ['1', '3'], b: '2' })
})

test('toRecord keeps every name as data, on a record without a prototype', () => {
  const record = toRecord(new URLSearchParams('constructor=x&__proto__=a&__proto__=b&toString=1'))
  expect(Object.getPrototypeOf(record)).toBeNull()
  expect(Object.entries(record)).toEqual([
    ['constructor', 'x'],
    ['__proto__', ['a', 'b']],
    ['toString', '1'],
  ])
})
