import { describe, expect, test } from 'vitest'
import { runStandalone } from '../../src/http/index.js'
import { rawRequest } from './raw.js'

function io(): {
  out: string[]
  err: string[]
  io: { out: (l: string) => void; err: (l: string) => void }
} {
  const out: string[] = []
  const err: string[] = []
  return { out, err, io: { out: (l) => out.push(l), err: (l) => err.push(l) } }
}

describe('runStandalone', () => {
  test('starts a sink with the admin API and prints where', async () => {
    const t = io()
    const sink = await runStandalone(['--port', '0', '--max-requests', '5'], t.io)
    try {
      expect(t.out).toEqual([
        `patiently-sink listening on ${sink?.url} (admin API: ${sink?.url}/__patiently)`,
      ])
      expect(t.err).toEqual([])
      expect(await (await fetch(`${sink?.url}/__patiently/health`)).json()).toMatchObject({
        ok: true,
      })
    } finally {
      await sink?.close()
    }
  })

  test('takes another admin prefix and, beyond loopback, a token from the environment, and warns', async () => {
    const t = io()
    const sink = await runStandalone(
      ['--port', '0', '--host', '0.0.0.0', '--admin-prefix', '/_admin'],
      { ...t.io, env: { PATIENTLY_SINK_TOKEN: 'from-env' } },
    )
    try {
      expect(sink?.adminUrl).toBe(`http://0.0.0.0:${sink?.port}/_admin`)
      expect(t.err).toEqual([
        'patiently-sink: listening on 0.0.0.0, not loopback: anyone who can reach this machine can send requests to the sink; the admin API asks for the token',
      ])
      const health = `http://127.0.0.1:${sink?.port}/_admin/health`
      expect((await fetch(health)).status).toBe(401)
      const authorized = await fetch(health, { headers: { authorization: 'Bearer from-env' } })
      expect(authorized.status).toBe(200)
    } finally {
      await sink?.close()
    }
  })

  test('refuses to listen beyond loopback without a token', async () => {
    const t = io()
    await expect(
      runStandalone(['--port', '0', '--host', '0.0.0.0'], { ...t.io, env: {} }),
    ).rejects.toThrow(
      'listening on 0.0.0.0, beyond loopback, the admin API needs a token: set PATIENTLY_SINK_TOKEN (or pass --token), and send it as Authorization: Bearer <token>',
    )
    await expect(runStandalone(['--port', '0', '--token', 'a b'], t.io)).rejects.toThrow(
      'Expected `--token` to be a non-empty string of visible ASCII characters without spaces, got a string (not shown: it is a secret)',
    )
  })

  test('takes --token and --allowed-hosts', async () => {
    const t = io()
    const sink = await runStandalone(
      [
        '--port',
        '0',
        '--token',
        'cli-token',
        '--allowed-hosts',
        'sink.internal,.ci.test',
        '--allowed-hosts',
        'other.test',
      ],
      { ...t.io, env: { PATIENTLY_SINK_TOKEN: 'not-this-one' } },
    )
    try {
      const port = sink?.port ?? 0
      const get = (host: string): Promise<number> =>
        rawRequest(port, 'GET', '/__patiently/health', {
          host,
          authorization: 'Bearer cli-token',
        }).then((a) => a.status)
      expect([
        await get('sink.internal'),
        await get('a.ci.test'),
        await get('other.test'),
        await get('evil.test'),
      ]).toEqual([200, 200, 200, 403])
    } finally {
      await sink?.close()
    }
  })

  test('prints help, and refuses bad arguments with the usage', async () => {
    const t = io()
    expect(await runStandalone(['--help'], t.io)).toBeUndefined()
    expect(t.out[0]).toMatch(/^Usage: patiently-sink \[options\]\n/)
    await expect(runStandalone(['--port', 'x'], t.io)).rejects.toThrow(
      "Expected `--port` to be a whole number, got 'x'",
    )
    await expect(runStandalone(['--bogus'], t.io)).rejects.toThrow(/^Unknown option '--bogus'/)
    await expect(runStandalone(['--admin-prefix', '/a/../b'], t.io)).rejects.toThrow(
      "Expected `--admin-prefix` to be a path prefix without '.' or '..' segments (request paths never keep them, so the admin API could never be reached), got '/a/../b'",
    )
    await expect(runStandalone(['--admin-prefix', 'admin'], t.io)).rejects.toThrow(
      "Expected `--admin-prefix` to be a path prefix such as '/__patiently', got 'admin'",
    )
    await expect(runStandalone(['--allowed-hosts', 'x.test:80'], t.io)).rejects.toThrow(
      "Expected `--allowed-hosts` to be a list of host names without ports, such as ['sink.internal', '.example.test'], got 'x.test:80'",
    )
  })
})
