import { Agent, request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'
import { until } from 'patiently'
import { afterEach, describe, expect, onTestFinished, test } from 'vitest'
import { startHttpSink, type HttpSink } from '../../src/http/index.js'
import { postJson, rawExchange } from './raw.js'

const open: HttpSink[] = []
async function start(options?: Parameters<typeof startHttpSink>[0]): Promise<HttpSink> {
  const sink = await startHttpSink(options)
  open.push(sink)
  return sink
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((sink) => sink.close()))
})

describe('startHttpSink', () => {
  test('listens on 127.0.0.1 and a free port by default', async () => {
    const sink = await start()
    expect(sink.host).toBe('127.0.0.1')
    expect(sink.port).toBeGreaterThan(0)
    expect(sink.url).toBe(`http://127.0.0.1:${sink.port}`)
    expect(sink.adminUrl).toBeUndefined()
    expect((await fetch(`${sink.url}/anything`)).status).toBe(200)
  })

  test('says why it cannot listen', async () => {
    const first = await start()
    await expect(startHttpSink({ port: first.port })).rejects.toThrow(
      `The HTTP sink could not listen on 127.0.0.1:${first.port}: Error: listen EADDRINUSE: address already in use 127.0.0.1:${first.port}`,
    )
  })

  test('checks its options at once, naming the option', async () => {
    await expect(startHttpSink({ port: 70000 })).rejects.toThrow(
      'Expected `port` to be a whole number from 0 to 65535, got 70000',
    )
    await expect(startHttpSink({ maxRequests: 0 })).rejects.toThrow(
      'Expected `maxRequests` to be a whole number of at least 1, got 0',
    )
    await expect(startHttpSink({ host: '' })).rejects.toThrow(
      "Expected `host` to be a host name or IP address, got ''",
    )
    await expect(startHttpSink({ admin: 'nope' })).rejects.toThrow(
      "Expected `admin` to be true or a path prefix such as '/__patiently', got 'nope'",
    )
    for (const prefix of ['/a/../b', '/..', '/a/.', '/./a']) {
      await expect(startHttpSink({ admin: prefix })).rejects.toThrow(
        `Expected \`admin\` to be a path prefix without '.' or '..' segments (request paths never keep them, so the admin API could never be reached), got '${prefix}'`,
      )
    }
    await expect(startHttpSink({ defaultReply: { status: 42 } })).rejects.toThrow(
      'Expected `status` to be a whole number from 100 to 599, got 42',
    )
  })

  test('await using closes it at the end of the block', async () => {
    let url = ''
    {
      await using sink = await startHttpSink()
      url = sink.url
      expect((await fetch(url)).status).toBe(200)
    }
    await expect(fetch(url)).rejects.toThrow('fetch failed')
  })
})

describe('the journal', () => {
  test('records method, path, query, headers, raw and parsed body, arrival, remote address and the reply', async () => {
    const sink = await start()
    const before = Date.now()
    await postJson(
      `${sink.url}/callbacks?attempt=1&tag=a&tag=b`,
      { requestId: 'r-7' },
      { 'X-Request-Id': 'r-7' },
    )
    const [request] = sink.received().found()
    expect(request).toMatchObject({
      id: 1,
      method: 'POST',
      url: '/callbacks?attempt=1&tag=a&tag=b',
      path: '/callbacks',
      query: { attempt: '1', tag: ['a', 'b'] },
      text: '{"requestId":"r-7"}',
      body: { requestId: 'r-7' },
      bodyKind: 'json',
      jsonError: undefined,
      remoteAddress: '127.0.0.1',
      reply: { status: 200, body: '', fault: undefined, delayMs: 0, rule: 'default reply' },
    })
    expect(request?.headers['x-request-id']).toBe('r-7')
    expect(request?.rawBody).toEqual(Buffer.from('{"requestId":"r-7"}'))
    expect(request?.arrivedAt.getTime()).toBeGreaterThanOrEqual(before)
    expect(request?.remotePort).toBeGreaterThan(0)
  })

  test('JSON sent as text/plain, as a bare fetch does, is found by an object pattern and recorded as text', async () => {
    const sink = await start()
    await fetch(`${sink.url}/callbacks`, {
      method: 'POST',
      body: JSON.stringify({ requestId: 'r-7' }),
    })
    const request = await until(sink.received({ body: { requestId: 'r-7' } })).atMost('5s')
    expect([request.headers['content-type'], request.bodyKind, request.body]).toEqual([
      'text/plain;charset=UTF-8',
      'text',
      '{"requestId":"r-7"}',
    ])
  })

  test('keeps invalid JSON raw and flagged, and keeps serving', async () => {
    const sink = await start()
    const res = await fetch(sink.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    })
    expect(res.status).toBe(200)
    const [request] = sink.received().found()
    expect(request?.bodyKind).toBe('invalid-json')
    expect(request?.body).toBe('{"a":')
    expect(request?.jsonError).toMatch(/JSON/)
  })

  test('reads chunked bodies', async () => {
    const sink = await start()
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"part":'))
        controller.enqueue(new TextEncoder().encode('1}'))
        controller.close()
      },
    })
    await fetch(sink.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(sink.received().found()[0]?.headers['transfer-encoding']).toBe('chunked')
    expect(sink.received().found()[0]?.body).toEqual({ part: 1 })
  })

  test('drops the oldest requests past maxRequests, and counts them', async () => {
    const sink = await start({ maxRequests: 3 })
    for (let i = 1; i <= 5; i++) await fetch(`${sink.url}/n/${i}`)
    expect(
      sink
        .received()
        .found()
        .map((r) => r.path),
    ).toEqual(['/n/3', '/n/4', '/n/5'])
    expect(sink.dropped).toBe(2)
    sink.clear()
    expect(sink.received().found()).toEqual([])
    expect(sink.dropped).toBe(0)
  })

  test('refuses a body over maxBodyBytes with 413 and records it, declared or chunked', async () => {
    const sink = await start({ maxBodyBytes: 10 })
    const declared = await fetch(`${sink.url}/big`, { method: 'POST', body: 'x'.repeat(11) })
    expect(declared.status).toBe(413)
    expect(await declared.text()).toBe('patiently sink: the body is over the limit of 10 bytes')
    const chunked = await rawExchange(
      sink.port,
      'POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n',
    )
    expect(chunked.text).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/)
    expect(
      sink
        .received()
        .found()
        .map((r) => [r.path, r.bodyKind, r.reply?.status, r.rawBody.length]),
    ).toEqual([
      ['/big', 'too-large', 413, 0],
      ['/chunked', 'too-large', 413, 0],
    ])
    expect((await fetch(`${sink.url}/small`, { method: 'POST', body: '0123456789' })).status).toBe(
      200,
    )
  })
})

describe('names that are also Object.prototype names stay data', () => {
  test('in the query, a form body, headers and a JSON body, and find() finds them', async () => {
    const sink = await start()
    await fetch(`${sink.url}/q?constructor=x&toString=1&__proto__=a&__proto__=b&hasOwnProperty=h`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', constructor: 'c' },
      body: '__proto__=p&__proto__=q&valueOf=v',
    })
    const [request] = sink.received().found()
    expect(Object.getPrototypeOf(request?.query)).toBeNull()
    expect(Object.entries(request?.query ?? {})).toEqual([
      ['constructor', 'x'],
      ['toString', '1'],
      ['__proto__', ['a', 'b']],
      ['hasOwnProperty', 'h'],
    ])
    expect(Object.getPrototypeOf(request?.body)).toBeNull()
    expect(Object.entries(request?.body as object)).toEqual([
      ['__proto__', ['p', 'q']],
      ['valueOf', 'v'],
    ])
    expect(Object.getPrototypeOf(request?.headers)).toBeNull()
    expect(request?.headers['constructor']).toBe('c')
    expect(sink.received({ query: { constructor: 'x' } }).found()).toHaveLength(1)
    expect(sink.received({ query: { constructor: 'y' } }).found()).toHaveLength(0)
    expect(
      sink.received({ query: JSON.parse('{"__proto__":["a","b"]}') as never }).found(),
    ).toHaveLength(1)
    expect(sink.received({ body: { valueOf: 'v' } }).found()).toHaveLength(1)
    expect(sink.received({ headers: { constructor: 'c' } }).found()).toHaveLength(1)
    await fetch(`${sink.url}/plain`)
    expect(
      sink.received({ query: { toString: (v: unknown) => v !== undefined } }).found(),
    ).toHaveLength(1)
  })

  test('a JSON body keeps __proto__ and constructor as its own keys', async () => {
    const sink = await start()
    await postJson(`${sink.url}/j`, JSON.parse('{"__proto__":{"admin":true},"constructor":"x"}'))
    await postJson(`${sink.url}/j`, { other: 1 })
    const [request] = sink.received().found()
    expect(Object.keys(request?.body as object)).toEqual(['__proto__', 'constructor'])
    expect(
      sink
        .received({ body: { constructor: 'x' } })
        .found()
        .map((r) => r.id),
    ).toEqual([1])
    expect(
      sink
        .received({ body: JSON.parse('{"__proto__":{}}') })
        .found()
        .map((r) => r.id),
    ).toEqual([1])
  })
})

describe('robustness', () => {
  test('a request target URL cannot read gets 400 with the reason, is recorded, and the sink keeps serving', async () => {
    const sink = await start({ admin: true })
    for (const target of ['http://x:99999/', 'http://[z]/a?b=1']) {
      const answer = await rawExchange(
        sink.port,
        `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      )
      expect(answer.text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
      expect(answer.text).toContain(
        `patiently sink: cannot read the request target ${JSON.stringify(target)}: TypeError: Invalid URL`,
      )
    }
    expect(
      sink
        .received()
        .found()
        .map((r) => [r.url, r.path, { ...r.query }, r.reply?.status, r.reply?.rule]),
    ).toEqual([
      ['http://x:99999/', 'http://x:99999/', {}, 400, 'request target check'],
      ['http://[z]/a?b=1', 'http://[z]/a', { b: '1' }, 400, 'request target check'],
    ])
    expect((await fetch(sink.url)).status).toBe(200)
  })

  test('answers malformed HTTP with 400 and keeps serving', async () => {
    const sink = await start()
    const bad = await rawExchange(sink.port, 'NOT HTTP AT ALL\r\n\r\n')
    expect(bad.text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
    expect(sink.received().found()).toEqual([])
    expect((await fetch(sink.url)).status).toBe(200)
  })

  test('answers huge headers with 431 and keeps serving', async () => {
    const sink = await start()
    const huge = await rawExchange(
      sink.port,
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    )
    expect(huge.text).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/)
    expect((await fetch(sink.url)).status).toBe(200)
  })

  test('records an aborted upload as aborted and keeps serving', async () => {
    const sink = await start()
    await new Promise<void>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: sink.port }, () => {
        socket.write(
          'POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789',
          () => {
            socket.destroy()
            resolve()
          },
        )
      })
    })
    const aborted = await until(sink.received('/upload')).atMost('5s')
    expect(aborted).toMatchObject({ bodyKind: 'aborted', reply: undefined, body: undefined })
    expect((await fetch(sink.url)).status).toBe(200)
  })

  test('under load loses nothing: 500 concurrent requests over several keep-alive connections', async () => {
    const sink = await start()
    const agent = new Agent({ keepAlive: true, maxSockets: 8 })
    const send = (n: number): Promise<number> =>
      new Promise((resolve, reject) => {
        const body = JSON.stringify({ n })
        const req = httpRequest(
          `${sink.url}/load?n=${n}`,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'x-n': String(n) },
          },
          (res) => {
            res.resume()
            res.on('end', () => resolve(res.statusCode ?? 0))
          },
        )
        req.on('error', reject)
        req.end(body)
      })
    try {
      const statuses = await Promise.all(Array.from({ length: 500 }, (_, n) => send(n)))
      expect(statuses.every((s) => s === 200)).toBe(true)
    } finally {
      agent.destroy()
    }
    const requests = sink.received().found()
    expect(requests).toHaveLength(500)
    const seen = requests.map((r) => {
      expect(r.body).toEqual({ n: Number(r.headers['x-n']) })
      expect(r.query).toEqual({ n: r.headers['x-n'] })
      return (r.body as { n: number }).n
    })
    expect(new Set(seen).size).toBe(500)
    const connections = new Set(requests.map((r) => r.remotePort)).size
    expect(connections).toBeGreaterThan(1)
    expect(connections).toBeLessThanOrEqual(8)
  })
})

describe('close()', () => {
  test('leaves no timer, server or socket behind, whatever was in progress', async () => {
    const counts = (): Record<string, number> => {
      const out: Record<string, number> = {}
      for (const name of process.getActiveResourcesInfo()) out[name] = (out[name] ?? 0) + 1
      return out
    }
    // What is active now beyond what was before; sockets take a moment to finish closing.
    const extra = async (before: Record<string, number>): Promise<Record<string, number>> => {
      let more: Record<string, number> = {}
      for (let i = 0; i < 100; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        more = Object.fromEntries(
          Object.entries(counts())
            .map(([name, n]) => [name, n - (before[name] ?? 0)] as const)
            .filter(([, n]) => n > 0),
        )
        if (Object.keys(more).length === 0) break
      }
      return more
    }
    // Timers by identity: every timer the library set must have fired or been cleared.
    const LIBRARY = fileURLToPath(new URL('../../src/', import.meta.url))
    const live = new Set<unknown>()
    const { setTimeout: realSet, clearTimeout: realClear } = globalThis
    globalThis.setTimeout = ((fn: () => void, ms?: number, ...args: unknown[]) => {
      const timer = realSet(
        () => {
          live.delete(timer)
          fn()
        },
        ms,
        ...args,
      )
      // Only the library's own timers: fetch (undici) keeps a shared timer of its own.
      if (new Error().stack?.includes(LIBRARY)) live.add(timer)
      return timer
    }) as typeof setTimeout
    globalThis.clearTimeout = ((timer?: NodeJS.Timeout) => {
      live.delete(timer)
      realClear(timer)
    }) as typeof clearTimeout
    onTestFinished(() => {
      globalThis.setTimeout = realSet
      globalThis.clearTimeout = realClear
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const before = counts()
    const sink = await startHttpSink({ admin: true })
    sink.when('/slow').reply({ delay: '1m' })
    sink.when('/hang').fault('hang')
    sink.when('/promise').reply(() => new Promise<never>(() => {}))
    sink.when('/drip').reply({ body: 'x'.repeat(100), dribble: { bytes: 1, every: '1s' } })
    const json = { 'content-type': 'application/json' }
    const ended = (url: string, init?: RequestInit): Promise<string> =>
      fetch(url, init)
        .then((res) => res.text().then((text) => `${res.status} ${text}`))
        .catch(() => 'ended')
    const pending = [
      ended(`${sink.url}/slow`),
      ended(`${sink.url}/hang`),
      ended(`${sink.url}/promise`),
      ended(`${sink.url}/drip`),
      ended(`${sink.adminUrl}/wait?path=/none&timeout=1m`),
      ended(`${sink.adminUrl}/never`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ match: { path: '/none' }, for: '1m' }),
      }),
      ended(`${sink.adminUrl}/requests`, { method: 'DELETE' }),
      ended(`${sink.adminUrl}/requests`, { headers: { origin: 'https://attacker.test' } }),
    ]
    await until(() => sink.received().found().length >= 3).atMost('5s')
    await new Promise((resolve) => setTimeout(resolve, 50))
    await sink.close()
    const outcomes = await Promise.all(pending)
    expect(outcomes.slice(0, 6)).toEqual(Array.from({ length: 6 }, () => 'ended'))
    expect(outcomes.slice(6).map((o) => o.slice(0, 3))).toEqual(['415', '403'])
    expect(await extra(before)).toEqual({})
    expect(live.size).toBe(0)
  })

  test('ends open keep-alive connections and a hanging request at once', async () => {
    const sink = await start()
    sink.when('/hang').fault('hang')
    const agent = new Agent({ keepAlive: true })
    await new Promise<void>((resolve) => {
      httpRequest(`${sink.url}/idle`, { agent }, (res) => res.resume().on('end', resolve)).end()
    })
    const hanging = fetch(`${sink.url}/hang`).then(
      () => 'answered',
      () => 'connection ended',
    )
    await until(sink.received('/hang')).atMost('5s')
    await sink.close()
    expect(await hanging).toBe('connection ended')
    await expect(fetch(sink.url)).rejects.toThrow('fetch failed')
    await sink.close()
    agent.destroy()
  })
})
