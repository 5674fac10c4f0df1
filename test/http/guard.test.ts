import { afterEach, describe, expect, test } from 'vitest'
import { isLoopback } from '../../src/http/guard.js'
import { startHttpSink, type HttpSink } from '../../src/http/index.js'
import { rawExchange, rawRequest, type Answer } from './raw.js'

const open: HttpSink[] = []
async function start(options: Parameters<typeof startHttpSink>[0] = {}): Promise<HttpSink> {
  const sink = await startHttpSink({ admin: true, ...options })
  open.push(sink)
  return sink
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((sink) => sink.close()))
})

const error = (answer: Answer): [number, string] => [
  answer.status,
  (JSON.parse(answer.body) as { error: string }).error,
]
const JSON_TYPE = { 'content-type': 'application/json' }
const REPLY = JSON.stringify({ match: { path: '/pay' }, reply: { status: 200, body: 'ok' } })

describe('a web page in the browser attacking the admin API on loopback', () => {
  test('DNS rebinding: a name the attacker controls in Host cannot read the journal', async () => {
    const sink = await start()
    await fetch(`${sink.url}/login`, { headers: { authorization: 'Bearer secret-of-the-app' } })
    const stolen = await rawRequest(sink.port, 'GET', '/__patiently/requests', {
      host: `rebind.attacker.test:${sink.port}`,
    })
    expect(error(stolen)).toEqual([
      403,
      `the admin API does not answer to Host "rebind.attacker.test:${sink.port}": only loopback names (localhost, *.localhost, 127.0.0.0/8, [::1]), the address the sink listens on and allowedHosts (--allowed-hosts) may reach it`,
    ])
    expect(stolen.body).not.toContain('secret-of-the-app')
  })

  test('DNS rebinding: a forged Host cannot script replies either', async () => {
    const sink = await start()
    const scripted = await rawRequest(
      sink.port,
      'POST',
      '/__patiently/replies',
      { host: 'attacker.test', ...JSON_TYPE },
      REPLY,
    )
    expect(scripted.status).toBe(403)
    expect((await fetch(`${sink.url}/pay`)).status).toBe(200)
    expect(
      sink
        .received()
        .found()
        .map((r) => r.reply?.rule),
    ).toEqual(['default reply'])
  })

  test('a cross-site text/plain POST (no preflight) cannot script a reply', async () => {
    const sink = await start()
    const host = `127.0.0.1:${sink.port}`
    const attack = await rawRequest(
      sink.port,
      'POST',
      '/__patiently/replies',
      { host, origin: 'https://attacker.test', 'content-type': 'text/plain;charset=UTF-8' },
      REPLY,
    )
    expect(error(attack)).toEqual([
      403,
      `the admin API refuses requests from the web page at "https://attacker.test": only pages from its own origin (http://${host}) or from allowedHosts may call it`,
    ])
    const sandboxed = await rawRequest(sink.port, 'POST', '/__patiently/reset', {
      host,
      origin: 'null',
      ...JSON_TYPE,
    })
    expect(sandboxed.status).toBe(403)
    expect((await fetch(`${sink.url}/pay`)).status).toBe(200)
  })

  test('a state-changing request without application/json is refused, even without an Origin', async () => {
    const sink = await start()
    const host = `localhost:${sink.port}`
    const form = await rawRequest(
      sink.port,
      'POST',
      '/__patiently/replies',
      { host, 'content-type': 'text/plain' },
      REPLY,
    )
    expect(error(form)).toEqual([
      415,
      'the admin API takes POST requests only with Content-Type: application/json, got "text/plain"',
    ])
    const bare = await rawRequest(sink.port, 'DELETE', '/__patiently/requests', { host })
    expect(error(bare)).toEqual([
      415,
      'the admin API takes DELETE requests only with Content-Type: application/json, got none',
    ])
    expect(
      (await rawRequest(sink.port, 'POST', '/__patiently/reset', { host, ...JSON_TYPE })).status,
    ).toBe(200)
  })

  test('loopback names and addresses, with or without the port, and same-origin pages are let in', async () => {
    const sink = await start()
    for (const host of [
      `127.0.0.1:${sink.port}`,
      '127.0.0.1',
      '127.8.9.10',
      `localhost:${sink.port}`,
      'LOCALHOST',
      'app.localhost',
      `[::1]:${sink.port}`,
      '[0:0:0:0:0:0:0:1]',
    ]) {
      const answer = await rawRequest(sink.port, 'GET', '/__patiently/health', { host })
      expect([host, answer.status]).toEqual([host, 200])
    }
    const sameOrigin = await rawRequest(
      sink.port,
      'POST',
      '/__patiently/wait',
      { host: `localhost:${sink.port}`, origin: `http://localhost:${sink.port}`, ...JSON_TYPE },
      JSON.stringify({ timeout: 0 }),
    )
    expect(sameOrigin.status).toBe(504)
  })

  test('names that only look like loopback are refused', async () => {
    const sink = await start()
    for (const host of [
      'localhost.attacker.test',
      '127.0.0.1.attacker.test',
      'attacker.test@127.0.0.1',
      '0.0.0.0',
      '[::ffff:7f00:1]x',
    ]) {
      const answer = await rawRequest(sink.port, 'GET', '/__patiently/health', { host })
      expect([host, answer.status]).toEqual([host, 403])
    }
    const empty = await rawExchange(
      sink.port,
      'GET /__patiently/health HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n',
    )
    expect(empty.text).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/)
    const none = await rawExchange(sink.port, 'GET /__patiently/health HTTP/1.0\r\n\r\n')
    expect(none.text).toMatch(
      /^HTTP\/1\.1 403 Forbidden\r\n[^]*\{"error":"the admin API needs a Host header"\}$/,
    )
  })

  test('requests to be recorded are unaffected: any Host, any Origin, any Content-Type', async () => {
    const sink = await start()
    const answer = await rawRequest(
      sink.port,
      'POST',
      '/callbacks',
      { host: 'api.example.test', origin: 'https://elsewhere.test', 'content-type': 'text/plain' },
      'hello',
    )
    expect(answer.status).toBe(200)
    expect(
      sink
        .received()
        .found()
        .map((r) => [r.headers.host, r.body]),
    ).toEqual([['api.example.test', 'hello']])
  })
})

describe('allowedHosts and the token', () => {
  test('allowedHosts lets in the names given, and pages from them', async () => {
    const sink = await start({ allowedHosts: ['sink.internal', '.ci.example.test'] })
    const get = (host: string, origin?: string): Promise<number> =>
      rawRequest(sink.port, 'GET', '/__patiently/health', {
        host,
        ...(origin === undefined ? {} : { origin }),
      }).then((a) => a.status)
    expect(await get('sink.internal:8080')).toBe(200)
    expect(await get('ci.example.test')).toBe(200)
    expect(await get('runner-3.ci.example.test')).toBe(200)
    expect(await get('other.internal')).toBe(403)
    expect(await get('xci.example.test')).toBe(403)
    expect(await get('localhost', 'https://dash.ci.example.test')).toBe(200)
    expect(await get('localhost', 'https://attacker.test')).toBe(403)
  })

  test('with a token, admin requests without it get 401, and recorded requests do not need it', async () => {
    const sink = await start({ token: 's3cret-token' })
    const host = `127.0.0.1:${sink.port}`
    const without = await rawRequest(sink.port, 'GET', '/__patiently/requests', { host })
    expect(error(without)).toEqual([
      401,
      "the admin API needs the sink's token: send Authorization: Bearer <token>",
    ])
    expect(without.headers['www-authenticate']).toBe('Bearer realm="patiently-sink"')
    const wrong = await rawRequest(sink.port, 'GET', '/__patiently/requests', {
      host,
      authorization: 'Bearer s3cret-tokeN',
    })
    expect(wrong.status).toBe(401)
    const right = await rawRequest(sink.port, 'GET', '/__patiently/requests', {
      host,
      authorization: 'Bearer s3cret-token',
    })
    expect(right.status).toBe(200)
    expect((await fetch(`${sink.url}/callbacks`)).status).toBe(200)
  })

  test('listening beyond loopback with the admin API needs a token', async () => {
    await expect(startHttpSink({ host: '0.0.0.0', admin: true })).rejects.toThrow(
      'The admin API listens on 0.0.0.0, beyond loopback, so it needs a `token`: anyone who can reach the port could otherwise read the journal and script replies',
    )
    const sink = await start({ host: '0.0.0.0', token: 't' })
    const answer = await rawRequest(sink.port, 'GET', '/__patiently/health', {
      host: `127.0.0.1:${sink.port}`,
      authorization: 'Bearer t',
    })
    expect(answer.status).toBe(200)
    const plain = await startHttpSink({ host: '0.0.0.0' })
    await plain.close()
  })

  test('the options are checked at once, and the token is never shown', async () => {
    await expect(startHttpSink({ allowedHosts: ['http://x.test'] })).rejects.toThrow(
      "Expected `allowedHosts` to be a list of host names without ports, such as ['sink.internal', '.example.test'], got 'http://x.test'",
    )
    await expect(startHttpSink({ allowedHosts: 'x.test' as never })).rejects.toThrow(
      "Expected `allowedHosts` to be a list of host names without ports, such as ['sink.internal', '.example.test'], got 'x.test'",
    )
    await expect(startHttpSink({ token: 'has a space' })).rejects.toThrow(
      'Expected `token` to be a non-empty string of visible ASCII characters without spaces, got a string (not shown: it is a secret)',
    )
  })
})

test('isLoopback knows the loopback names and addresses', () => {
  expect(
    ['localhost', 'a.b.localhost', '127.0.0.1', '127.255.0.3', '::1', '[::1]'].map(isLoopback),
  ).toEqual([true, true, true, true, true, true])
  expect(
    ['0.0.0.0', '::', '10.0.0.1', 'localhost.test', '128.0.0.1', 'sink.internal'].map(isLoopback),
  ).toEqual([false, false, false, false, false, false])
})
