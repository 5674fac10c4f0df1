import { describe, expect, test } from 'vitest'
import { runStandalone } from '../../src/http/index.js'

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

  test('takes another admin prefix and warns when it listens beyond loopback', async () => {
    const t = io()
    const sink = await runStandalone(
      ['--port', '0', '--host', '0.0.0.0', '--admin-prefix', '/_admin'],
      t.io,
    )
    try {
      expect(sink?.adminUrl).toBe(`http://0.0.0.0:${sink?.port}/_admin`)
      expect(t.err).toEqual([
        'patiently-sink: listening on 0.0.0.0, not loopback: anyone who can reach this machine can read and script the sink',
      ])
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
  })
})
