import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { startHttpSink, type HttpSink } from '../../src/http/index.js'
import { postJson } from './raw.js'

let sink: HttpSink
beforeEach(async () => {
  sink = await startHttpSink()
})
afterEach(() => sink.close())

describe('replies', () => {
  test('send status, headers and a JSON, text or byte body with a fitting content type', async () => {
    sink.when('/json').reply({ status: 202, headers: { 'X-Trace': 't-1' }, body: { ok: true } })
    sink.when('/text').reply({ body: 'hello' })
    sink.when('/bytes').reply({ body: new Uint8Array([1, 2, 3]) })
    sink.when('/typed').reply({ headers: { 'Content-Type': 'application/xml' }, body: '<a/>' })
    const json = await fetch(`${sink.url}/json`)
    expect([
      json.status,
      json.headers.get('x-trace'),
      json.headers.get('content-type'),
      await json.json(),
    ]).toEqual([202, 't-1', 'application/json', { ok: true }])
    const text = await fetch(`${sink.url}/text`)
    expect([text.headers.get('content-type'), await text.text()]).toEqual([
      'text/plain; charset=utf-8',
      'hello',
    ])
    const bytes = await fetch(`${sink.url}/bytes`)
    expect([
      bytes.headers.get('content-type'),
      [...new Uint8Array(await bytes.arrayBuffer())],
    ]).toEqual(['application/octet-stream', [1, 2, 3]])
    expect((await fetch(`${sink.url}/typed`)).headers.get('content-type')).toBe('application/xml')
    expect(sink.find('/json')[0]?.reply).toEqual({
      status: 202,
      headers: { 'x-trace': 't-1', 'content-type': 'application/json' },
      body: '{"ok":true}',
      fault: undefined,
      delayMs: 0,
      rule: 'a request to /json',
    })
  })

  test('a body or a whole reply can be a function of the request', async () => {
    sink.when('/echo').reply({ body: (request) => ({ got: request.body as string }) })
    sink.when('/status').reply((request) => ({ status: Number(request.query['code']) }))
    expect(await (await postJson(`${sink.url}/echo`, 'hi')).json()).toEqual({ got: 'hi' })
    expect((await fetch(`${sink.url}/status?code=409`)).status).toBe(409)
  })

  test('a reply function that throws or returns nonsense gets a 500 that says why', async () => {
    sink.when('/throws').reply(() => {
      throw new Error('boom')
    })
    sink.when('/bad').reply(() => ({ status: 7 }))
    const thrown = await fetch(`${sink.url}/throws`)
    expect([thrown.status, await thrown.text()]).toEqual([
      500,
      'patiently sink: the reply for a request to /throws failed: Error: boom',
    ])
    const bad = await fetch(`${sink.url}/bad`)
    expect([bad.status, await bad.text()]).toEqual([
      500,
      'patiently sink: the reply for a request to /bad failed: TypeError: Expected `status` to be a whole number from 100 to 599, got 7',
    ])
    expect((await fetch(`${sink.url}/fine`)).status).toBe(200)
  })

  test('a delay holds the answer back', async () => {
    sink.when('/slow').reply({ status: 204, delay: '150ms' })
    const started = performance.now()
    expect((await fetch(`${sink.url}/slow`)).status).toBe(204)
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
    expect(sink.requests[0]?.reply?.delayMs).toBe(150)
  })

  test('a bad reply is refused when the rule is made, naming the field', () => {
    expect(() => sink.when('/x').reply({ status: 1000 })).toThrow(
      'Expected `status` to be a whole number from 100 to 599, got 1000',
    )
    expect(() => sink.when('/x').reply({ delay: '1 year' as never })).toThrow(
      "Expected `delay` to be a non-negative number of milliseconds (at most 24 days) or a duration such as '250ms', '3s', '1m', got '1 year'",
    )
    expect(() => sink.when('/x').reply({ fault: 'explode' as never })).toThrow(
      "Expected `fault` to be one of 'reset', 'close', 'hang', 'malformed', 'truncate', got 'explode'",
    )
    expect(() => sink.when('/x').reply({ headers: { 'X-A': 'a\r\nX-B: b' } })).toThrow(
      'Expected `headers` to be valid header names with string values (no line breaks), got \'X-A: "a\\r\\nX-B: b"\'',
    )
    expect(() => sink.when('/x').reply({ stauts: 200 } as never)).toThrow(
      "Expected `reply` to be an object with only status, headers, body, delay, fault and dribble, got 'stauts'",
    )
    expect(() => sink.when('/x').reply({ dribble: { bytes: 0, every: 10 } })).toThrow(
      'Expected `dribble.bytes` to be a whole number of at least 1, got 0',
    )
  })
})
