import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { startHttpSink, type HttpSink } from '../../src/http/index.js'
import { until } from 'patiently'
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
    expect(sink.received('/json').found()[0]?.reply).toEqual({
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
    expect(sink.received().found()[0]?.reply?.delayMs).toBe(150)
  })

  test('a fixed reply is checked once, when its rule is added, not on every request', async () => {
    // checkReply lists the reply's keys; nothing else on the way to an answer does.
    let listed = 0
    const reply = new Proxy(
      { status: 201, body: { id: 'c-1' } },
      {
        ownKeys: (target) => {
          listed++
          return Reflect.ownKeys(target)
        },
      },
    )
    sink.when('/charge').reply(reply)
    expect(listed).toBe(1)
    for (let i = 0; i < 3; i++) {
      const answer = await fetch(`${sink.url}/charge`)
      expect([answer.status, await answer.json()]).toEqual([201, { id: 'c-1' }])
    }
    expect(listed).toBe(1)
  })

  test('what was checked is what is sent: a reply changed after its rule was added, or a getter that changes its mind, changes nothing', async () => {
    const reply = { status: 202, headers: { 'x-id': 'c-1' } }
    let reads = 0
    const fickle = {
      get status() {
        reads++
        return reads === 1 ? 200 : 99
      },
    }
    sink.when('/charge').reply(reply)
    sink.when('/refund').reply(fickle)
    reply.status = 99
    reply.headers['x-id'] = 'bad\r\nset-cookie: a=b'
    const charge = await fetch(`${sink.url}/charge`)
    expect([charge.status, charge.headers.get('x-id'), charge.headers.get('set-cookie')]).toEqual([
      202,
      'c-1',
      null,
    ])
    expect((await fetch(`${sink.url}/refund`)).status).toBe(200)
    expect(reads).toBe(1)
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

describe('reply functions that return promises', () => {
  test('are awaited, for the whole reply and for the body', async () => {
    sink.when('/later').reply(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      return { status: 503, body: { retry: true } }
    })
    sink.when('/body').reply({
      body: (request) => Promise.resolve({ echo: request.query['q'] ?? null }),
    })
    const later = await fetch(`${sink.url}/later`)
    expect([later.status, await later.json()]).toEqual([503, { retry: true }])
    const body = await fetch(`${sink.url}/body?q=hi`)
    expect([body.headers.get('content-type'), await body.json()]).toEqual([
      'application/json',
      { echo: 'hi' },
    ])
    expect(sink.received('/later').found()[0]?.reply).toMatchObject({
      status: 503,
      body: '{"retry":true}',
    })
  })

  test('a rejection or an answer that is no reply gets a 500 that says why', async () => {
    sink.when('/rejects').reply(() => Promise.reject(new Error('database down')))
    sink.when('/number').reply((() => Promise.resolve(42)) as never)
    sink.when('/function').reply((() => Promise.resolve(() => ({ status: 201 }))) as never)
    sink.when('/body-function').reply({ body: (() => Promise.resolve(() => 'x')) as never })
    sink.when('/unreadable').reply(
      () =>
        new Proxy(
          {},
          {
            ownKeys() {
              throw new Error('trap')
            },
          },
        ),
    )
    const answer = async (path: string): Promise<[number, string]> => {
      const res = await fetch(`${sink.url}${path}`)
      return [res.status, await res.text()]
    }
    expect(await answer('/rejects')).toEqual([
      500,
      'patiently sink: the reply for a request to /rejects failed: Error: database down',
    ])
    expect(await answer('/number')).toEqual([
      500,
      'patiently sink: the reply for a request to /number failed: TypeError: Expected `reply` to be an object such as { status, headers, body }, got 42',
    ])
    expect(await answer('/function')).toEqual([
      500,
      'patiently sink: the reply for a request to /function failed: TypeError: Expected `reply` to be an object such as { status, headers, body }, got [Function anonymous]',
    ])
    expect(await answer('/body-function')).toEqual([
      500,
      'patiently sink: the reply for a request to /body-function failed: TypeError: Expected `body` to be a value, not a function, got [Function anonymous]',
    ])
    expect(await answer('/unreadable')).toEqual([
      500,
      'patiently sink: the reply for a request to /unreadable failed: Error: trap',
    ])
    expect(
      sink
        .received()
        .found()
        .map((r) => r.reply?.status),
    ).toEqual([500, 500, 500, 500, 500])
    expect((await fetch(`${sink.url}/fine`)).status).toBe(200)
  })

  test('a promise that never settles is let go when the sink closes; the request is recorded', async () => {
    let called = false
    sink.when('/forever').reply(() => {
      called = true
      return new Promise<never>(() => {})
    })
    const pending = fetch(`${sink.url}/forever`).then(
      () => 'answered',
      () => 'connection ended',
    )
    await until(() => called).atMost('5s')
    expect(sink.received().found()).toEqual([])
    await sink.close()
    expect(await pending).toBe('connection ended')
    expect(
      sink
        .received()
        .found()
        .map((r) => [r.path, r.reply]),
    ).toEqual([['/forever', undefined]])
  })

  test('a match whose own function throws answers 500 naming the rule, and the request is recorded', async () => {
    sink
      .when({
        body: new Proxy(
          {},
          {
            ownKeys() {
              throw new Error('trap')
            },
          },
        ),
      })
      .reply({ status: 201 })
    const res = await fetch(`${sink.url}/x`, { method: 'POST', body: '{}' })
    expect([res.status, await res.text()]).toEqual([
      500,
      'patiently sink: choosing a reply failed: Error: the match of the rule any request with body matching [unreadable] threw Error: trap',
    ])
    expect(
      sink
        .received()
        .found()
        .map((r) => r.reply?.rule),
    ).toEqual(['reply rules'])
  })
})
