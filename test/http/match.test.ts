import { describe, expect, test } from 'vitest'
import { toMatcher, summarize } from '../../src/http/match.js'
import type { RecordedRequest } from '../../src/http/request.js'

function request(parts: Partial<RecordedRequest>): RecordedRequest {
  return {
    id: 1,
    method: 'POST',
    url: '/callbacks',
    path: '/callbacks',
    query: {},
    headers: {},
    rawBody: Buffer.alloc(0),
    text: '',
    body: undefined,
    bodyKind: 'empty',
    jsonError: undefined,
    arrivedAt: new Date(0),
    remoteAddress: '127.0.0.1',
    remotePort: 1,
    reply: undefined,
    ...parts,
  }
}

describe('toMatcher', () => {
  test('matches method in any case, exact path, query subset, headers by any-case name, body deep-partially', () => {
    const m = toMatcher({
      method: 'post',
      path: '/orders/:id/callbacks',
      query: { attempt: '1' },
      headers: { 'X-Signature': /^sha256=/ },
      body: { requestId: 'r-7', items: [{ sku: 'A-1' }] },
    })
    const good = request({
      path: '/orders/o-1/callbacks',
      query: { attempt: '1', other: 'x' },
      headers: { 'x-signature': 'sha256=abc', host: 'h' },
      body: { requestId: 'r-7', status: 'done', items: [{ sku: 'A-1', qty: 2 }] },
    })
    expect(m.test(good)).toBe(true)
    expect(m.test({ ...good, method: 'PUT' })).toBe(false)
    expect(m.test({ ...good, path: '/orders/o-1/x/callbacks' })).toBe(false)
    expect(m.test({ ...good, query: { attempt: '2' } })).toBe(false)
    expect(m.test({ ...good, headers: {} })).toBe(false)
    expect(m.test({ ...good, body: { requestId: 'r-6' } })).toBe(false)
    expect(m.score({ ...good, method: 'PUT', body: { requestId: 'r-6' } })).toBe(3)
  })

  test('takes a RegExp path (ignoring g and y state) and several methods', () => {
    const m = toMatcher({ method: ['GET', 'head'], path: /^\/files\//g })
    expect(m.test(request({ method: 'GET', path: '/files/a.txt', url: '/files/a.txt' }))).toBe(true)
    expect(m.test(request({ method: 'GET', path: '/files/a.txt', url: '/files/a.txt' }))).toBe(true)
    expect(m.test(request({ method: 'HEAD', path: '/files/a.png', url: '/files/a.png' }))).toBe(
      true,
    )
    expect(m.test(request({ method: 'GET', path: '/img/a.png', url: '/img/a.png' }))).toBe(false)
    expect(m.test(request({ method: 'POST', path: '/files/a.txt', url: '/files/a.txt' }))).toBe(
      false,
    )
  })

  test('an object or array pattern matches a body that parses as JSON, whatever its content type', () => {
    const json = (text: string, bodyKind: RecordedRequest['bodyKind'], body: unknown = text) =>
      request({ text, rawBody: Buffer.from(text), bodyKind, body })
    const m = toMatcher({ body: { requestId: 'r-7' } })
    expect(m.test(json('{"requestId":"r-7"}', 'text'))).toBe(true)
    expect(m.test(json(' {"requestId":"r-7","x":1}', 'binary', Buffer.from('')))).toBe(true)
    expect(m.test(json('{"requestId":"r-7"}', 'form', { '{"requestId":"r-7"}': '' }))).toBe(true)
    expect(m.test(json('{"requestId":"r-6"}', 'text'))).toBe(false)
    expect(m.test(json('{"requestId":', 'text'))).toBe(false)
    expect(m.test(json('{"requestId":"r-7"}', 'aborted', undefined))).toBe(false)
    expect(toMatcher({ body: [1, 2] }).test(json('[1,2]', 'text'))).toBe(true)
    expect(
      toMatcher({ body: '{"requestId":"r-7"}' }).test(json('{"requestId":"r-7"}', 'text')),
    ).toBe(true)
    expect(toMatcher({ body: /r-7/ }).test(json('{"requestId":"r-7"}', 'text'))).toBe(true)
    expect(toMatcher({ body: 'r-7' }).test(json('"r-7"', 'text'))).toBe(false)
  })

  test('an exact path does not treat regular expression characters specially', () => {
    const m = toMatcher('/a.b')
    expect(m.test(request({ path: '/a.b' }))).toBe(true)
    expect(m.test(request({ path: '/axb' }))).toBe(false)
  })

  test('describes itself in words', () => {
    expect(
      toMatcher({ method: 'POST', path: '/callbacks', body: { requestId: 'r-7' } }).describe(),
    ).toBe('POST /callbacks with body matching { requestId: "r-7" }')
    expect(toMatcher('POST /callbacks').describe()).toBe('POST /callbacks')
    expect(toMatcher('/callbacks').describe()).toBe('a request to /callbacks')
    expect(toMatcher(undefined).describe()).toBe('any request')
    expect(toMatcher({ method: ['GET', 'HEAD'] }).describe()).toBe('GET|HEAD any path')
    expect(
      toMatcher({
        path: /^\/x/,
        query: { a: '1' },
        headers: { 'X-Key': 'k' },
        body: { b: 2 },
      }).describe(),
    ).toBe(
      'a request to /^\\/x/ with query matching { a: "1" }, headers matching { X-Key: "k" } and body matching { b: 2 }',
    )
  })

  test('rejects a bad match at once, naming the field', () => {
    expect(() => toMatcher({ path: 'callbacks' })).toThrow(
      "Expected `path` to be a string starting with '/' or a RegExp, got 'callbacks'",
    )
    expect(() => toMatcher({ method: '' })).toThrow(
      "Expected `method` to be an HTTP method such as 'POST', or a non-empty list of them, got ''",
    )
    expect(() => toMatcher({ pth: '/x' } as never)).toThrow(
      "Expected `match` to be an object with only method, path, query, headers and body (a predicate goes in `.where(...)`), got 'pth'",
    )
    expect(() => toMatcher('POST')).toThrow(
      "Expected `match` to be a path such as '/callbacks' or a method and path such as 'POST /callbacks', got 'POST'",
    )
    expect(() => toMatcher({ query: 'a=1' } as never)).toThrow(
      "Expected `query` to be an object of name → pattern, got 'a=1'",
    )
    expect(() => toMatcher({ where: () => true } as never)).toThrow(
      "Expected `match` to be an object with only method, path, query, headers and body (a predicate goes in `.where(...)`), got 'where'",
    )
  })
})

describe('summarize', () => {
  test('puts a request on one line', () => {
    expect(summarize(request({ body: { requestId: 'r-6' }, bodyKind: 'json' }))).toBe(
      'POST /callbacks { requestId: "r-6" }',
    )
    expect(summarize(request({ method: 'GET', url: '/health?x=1' }))).toBe('GET /health?x=1')
    expect(summarize(request({ bodyKind: 'invalid-json', text: '{oops', body: '{oops' }))).toBe(
      'POST /callbacks (invalid JSON) "{oops"',
    )
    expect(summarize(request({ bodyKind: 'binary', rawBody: Buffer.alloc(3) }))).toBe(
      'POST /callbacks (3 bytes)',
    )
    expect(summarize(request({ bodyKind: 'too-large' }))).toBe(
      'POST /callbacks (body too large, refused)',
    )
    expect(summarize(request({ bodyKind: 'text', body: 'x'.repeat(300) }))).toMatch(
      /^POST \/callbacks "x+…$/,
    )
  })
})
