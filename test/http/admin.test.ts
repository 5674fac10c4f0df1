import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { MAX_ADMIN_RULES } from '../../src/http/admin.js'
import { startHttpSink, type HttpSink } from '../../src/http/index.js'
import { autoAdvance, configure } from '../../src/index.js'
import { postJson } from './raw.js'

let sink: HttpSink
let admin: string
beforeEach(async () => {
  sink = await startHttpSink({ admin: true })
  admin = sink.adminUrl ?? ''
})
afterEach(() => sink.close())

const match = (value: unknown): string => encodeURIComponent(JSON.stringify(value))
// Anything but GET must declare JSON, so that a web page cannot send it without a preflight.
const call = (url: string, method: string): Promise<Response> =>
  fetch(url, { method, headers: { 'content-type': 'application/json' } })
const bad = async (res: Promise<Response>): Promise<[number, string]> => {
  const r = await res
  return [r.status, ((await r.json()) as { error: string }).error]
}

describe('the admin API', () => {
  test('lives under /__patiently, and its own requests are not recorded', async () => {
    expect(admin).toBe(`${sink.url}/__patiently`)
    const health = await fetch(`${admin}/health`)
    expect(await health.json()).toEqual({ ok: true, url: sink.url, requests: 0 })
    expect(sink.received().found()).toEqual([])
  })

  test('lists and filters requests as JSON', async () => {
    await postJson(`${sink.url}/callbacks`, { requestId: 'r-6' })
    await postJson(`${sink.url}/callbacks`, { requestId: 'r-7' })
    await fetch(`${sink.url}/bin`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([255]),
    })
    const all = (await (await fetch(`${admin}/requests`)).json()) as {
      requests: unknown[]
      dropped: number
    }
    expect(all.requests).toHaveLength(3)
    expect(all.dropped).toBe(0)
    const one = (await (
      await fetch(`${admin}/requests?match=${match({ body: { requestId: 'r-7' } })}`)
    ).json()) as {
      requests: { id: number; body: unknown; arrivedAt: string }[]
    }
    expect(one.requests.map((r) => [r.id, r.body])).toEqual([[2, { requestId: 'r-7' }]])
    expect(new Date(one.requests[0]?.arrivedAt ?? '').getTime()).toBeGreaterThan(0)
    const bin = (await (await fetch(`${admin}/requests?method=PUT&path=/bin`)).json()) as {
      requests: unknown[]
    }
    expect(bin.requests).toEqual([
      expect.objectContaining({ bodyKind: 'binary', body: null, bodyBase64: '/w==' }),
    ])
  })

  test('waits server-side for a match and answers when it arrives', async () => {
    const waiting = fetch(
      `${admin}/wait?match=${match({ path: '/callbacks', body: { requestId: 'r-7' } })}&timeout=10s`,
    )
    await postJson(`${sink.url}/callbacks`, { requestId: 'r-7' })
    const res = await waiting
    expect(res.status).toBe(200)
    expect(
      ((await res.json()) as { requests: { body: unknown }[] }).requests.map((r) => r.body),
    ).toEqual([{ requestId: 'r-7' }])
  })

  test('a wait with count, as JSON, answers 504 with the reason at its timeout', async () => {
    await postJson(`${sink.url}/callbacks`, { requestId: 'r-7' })
    const res = await postJson(`${admin}/wait`, {
      match: { path: '/callbacks' },
      count: 2,
      timeout: 100,
    })
    expect(res.status).toBe(504)
    const { error } = (await res.json()) as { error: string }
    expect(error.split('\n')[0]).toMatch(
      /^Timed out after \d+ ms waiting for a request to \/callbacks \(at least 2 times\) \(atMost 100 ms, \d+ attempts?\)\.$/,
    )
    expect(error.split('\n')[1]).toMatch(
      /^ {2}still: {7}1 of 1 request matched, at least 2 needed$/,
    )
  })

  test("the test process's time factor does not stretch a client's timeout", async () => {
    const restore = configure({ timeFactor: 50 })
    try {
      const res = await postJson(`${admin}/wait`, { match: { path: '/late' }, timeout: 100 })
      expect(res.status).toBe(504)
      const { error } = (await res.json()) as { error: string }
      expect(error.split('\n')[0]).toMatch(
        /^Timed out after \d+ ms waiting for a request to \/late \(atMost 100 ms, \d+ attempts?\)\.$/,
      )
    } finally {
      restore()
    }
  })

  test("the test process's fake clock does not run a client's wait", async () => {
    const restore = configure({ clock: autoAdvance() })
    try {
      const waiting = fetch(`${admin}/wait?path=/late&timeout=30s`)
      await new Promise((resolve) => setTimeout(resolve, 100))
      await postJson(`${sink.url}/late`, { late: true })
      const res = await waiting
      expect(res.status).toBe(200)
    } finally {
      restore()
    }
  })

  test('scripts replies, and resets', async () => {
    const added = await postJson(`${admin}/replies`, {
      match: { method: 'POST', path: '/charge' },
      reply: { status: 503, body: { retry: true } },
      times: 1,
    })
    expect([added.status, await added.json()]).toEqual([201, { rule: 'POST /charge (once)' }])
    const first = await fetch(`${sink.url}/charge`, { method: 'POST' })
    expect([first.status, await first.json()]).toEqual([503, { retry: true }])
    expect((await fetch(`${sink.url}/charge`, { method: 'POST' })).status).toBe(200)
    await postJson(`${admin}/replies`, { match: { path: '/x' }, reply: { status: 418 } })
    expect((await call(`${admin}/replies`, 'DELETE')).status).toBe(200)
    expect((await fetch(`${sink.url}/x`)).status).toBe(200)
    expect((await call(`${admin}/requests`, 'DELETE')).status).toBe(200)
    expect(sink.received().found()).toEqual([])
    await postJson(`${admin}/replies`, { match: { path: '/x' }, reply: { status: 418 } })
    await fetch(`${sink.url}/x`)
    expect((await call(`${admin}/reset`, 'POST')).status).toBe(200)
    expect(sink.received().found()).toEqual([])
    expect((await fetch(`${sink.url}/x`)).status).toBe(200)
  })

  test('answers mistakes with 400 or 404 and a reason', async () => {
    expect(
      await bad(postJson(`${admin}/replies`, { match: { path: 'x' }, reply: { status: 200 } })),
    ).toEqual([400, "Expected `path` to be a string starting with '/' or a RegExp, got 'x'"])
    expect(await bad(postJson(`${admin}/replies`, { reply: { status: 99 } }))).toEqual([
      400,
      'Expected `status` to be a whole number from 100 to 599, got 99',
    ])
    const [status, error] = await bad(fetch(`${admin}/requests?match=%7B`))
    expect(status).toBe(400)
    // The parser's own words differ between Node versions; the part the sink writes does not.
    expect(error).toMatch(/^the match parameter is not valid JSON: SyntaxError: /)
    expect(await bad(fetch(`${admin}/nope`))).toEqual([
      404,
      `no admin endpoint GET /nope under /__patiently`,
    ])
  })

  test('refuses unknown keys and query parameters, naming them and what the endpoint takes', async () => {
    expect(await bad(postJson(`${admin}/wait`, { mach: { path: '/x' }, timeout: 10 }))).toEqual([
      400,
      'unknown key "mach" in the body of POST /wait; it takes match, count, exactly and timeout',
    ])
    expect(await bad(fetch(`${admin}/wait?pth=/x`))).toEqual([
      400,
      'unknown query parameter "pth" for GET /wait; it takes match, count, exactly, timeout, method and path',
    ])
    expect(await bad(fetch(`${admin}/health?verbose=1`))).toEqual([
      400,
      'unknown query parameter "verbose" for GET /health; it takes none',
    ])
    expect(await bad(postJson(`${admin}/reset`, { all: true }))).toEqual([
      400,
      'unknown key "all" in the body of POST /reset; it takes none',
    ])
    expect(await bad(postJson(`${admin}/replies`, { match: { mehtod: 'POST' } }))).toEqual([
      400,
      "Expected `match` to be an object with only method, path, query, headers and body, got 'mehtod'",
    ])
    expect(await bad(fetch(`${admin}/requests?match=${match({ __proto__: null, x: 1 })}`))).toEqual(
      [
        400,
        "Expected `match` to be an object with only method, path, query, headers and body, got 'x'",
      ],
    )
    expect(
      await bad(
        postJson(`${admin}/replies`, JSON.parse('{"reply":{"status":503},"__proto__":{}}')),
      ),
    ).toEqual([
      400,
      'unknown key "__proto__" in the body of POST /replies; it takes match, reply and times',
    ])
    expect(await bad(fetch(`${admin}/wait?count=1&count=2`))).toEqual([
      400,
      'the query parameter count is given twice',
    ])
    expect(sink.received().found()).toEqual([])
  })

  test('refuses values JSON cannot carry, and mistyped numbers, with the reason', async () => {
    expect(await bad(fetch(`${admin}/requests?match=${match({ where: 'r => true' })}`))).toEqual([
      400,
      "Expected `match` to be an object with only method, path, query, headers and body, got 'where'",
    ])
    expect(await bad(postJson(`${admin}/wait`, { match: { path: /^\/x/ }, timeout: 0 }))).toEqual([
      400,
      'match.path must be a string such as "/callbacks" or "/orders/:id" (JSON cannot carry a RegExp), got {}',
    ])
    expect(
      await bad(
        postJson(`${admin}/replies`, { reply: { dribble: { bytes: 1, every: 10, evry: 5 } } }),
      ),
    ).toEqual([400, "Expected `dribble` to be an object with only bytes and every, got 'evry'"])
    expect(await bad(postJson(`${admin}/wait`, { count: true }))).toEqual([
      400,
      'Expected `count` to be a whole number of at least 1, got true',
    ])
    expect(await bad(postJson(`${admin}/wait`, { count: 1, exactly: 1 }))).toEqual([
      400,
      'count and exactly cannot be given together: choose one',
    ])
    expect(await bad(postJson(`${admin}/replies`, { reply: { status: 503 }, times: '0' }))).toEqual(
      [400, "Expected `times` to be a whole number of at least 1, got '0'"],
    )
  })

  test('a JSON pattern with its own __proto__ key matches only bodies that have that key', async () => {
    await postJson(`${sink.url}/callbacks`, { requestId: 'r-7' })
    await postJson(`${sink.url}/callbacks`, JSON.parse('{"__proto__":{"admin":true}}'))
    const listed = (await (
      await fetch(`${admin}/requests?match=${encodeURIComponent('{"body":{"__proto__":{}}}')}`)
    ).json()) as { requests: { id: number; body: unknown }[] }
    expect(listed.requests.map((r) => r.id)).toEqual([2])
  })

  test('never: 200 when nothing matches in the window, 409 with the reason at the first match', async () => {
    await postJson(`${sink.url}/callbacks`, { requestId: 'r-7' })
    const once = await postJson(`${admin}/never`, {
      match: { path: '/callbacks', body: { requestId: 'r-7' } },
      count: 2,
      for: 100,
    })
    expect(once.status).toBe(200)
    const passed = (await once.json()) as { ok: boolean; requests: { body: unknown }[] }
    expect([passed.ok, passed.requests.map((r) => r.body)]).toEqual([true, [{ requestId: 'r-7' }]])
    const twice = fetch(`${admin}/never?path=/callbacks&count=2&for=10s`)
    await postJson(`${sink.url}/callbacks`, { requestId: 'r-7' })
    const [status, error] = await bad(twice)
    expect(status).toBe(409)
    expect(error.split('\n')[0]).toMatch(
      /^Expected a request to \/callbacks \(at least 2 times\) never to happen within 10 s, but it did after \d+ ms \(attempt \d+\)\.$/,
    )
    expect(await bad(postJson(`${admin}/never`, { match: { path: '/x' } }))).toEqual([
      400,
      "Expected `for` to be a non-negative number of milliseconds (at most 24 days) or a duration such as '250ms', '3s', '1m', got undefined",
    ])
    expect(await bad(postJson(`${admin}/never`, { for: '11m' }))).toEqual([
      400,
      "Expected `for` to be at most 10 minutes, got '11m'",
    ])
  })

  test(`holds at most ${MAX_ADMIN_RULES} reply rules, and lets go of used-up ones`, async () => {
    const add = (times?: number): Promise<Response> =>
      postJson(`${admin}/replies`, { match: { path: '/x' }, reply: { status: 503 }, times })
    expect((await add(1)).status).toBe(201)
    expect((await fetch(`${sink.url}/x`)).status).toBe(503)
    for (let i = 0; i < MAX_ADMIN_RULES; i++) sink.when('/y').reply({ status: 418 })
    expect(await bad(add())).toEqual([
      409,
      `the sink already holds ${MAX_ADMIN_RULES} reply rules, the most the admin API adds to: remove them with DELETE /replies or POST /reset first`,
    ])
    expect((await call(`${admin}/replies`, 'DELETE')).status).toBe(200)
    expect((await add()).status).toBe(201)
  })

  test('close() ends a wait in progress', async () => {
    const waiting = fetch(`${admin}/wait?path=/never&timeout=60s`).then(
      (r) => r.status,
      () => 'connection ended',
    )
    await new Promise((resolve) => setTimeout(resolve, 50))
    await sink.close()
    expect(await waiting).toBe('connection ended')
  })
})
