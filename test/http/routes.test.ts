import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { startHttpSink, type HttpSink } from '../../src/http/index.js'

let sink: HttpSink
beforeEach(async () => {
  sink = await startHttpSink()
})
afterEach(() => sink.close())

const status = async (path: string, method = 'POST'): Promise<number> =>
  (await fetch(`${sink.url}${path}`, { method })).status

describe('reply rules', () => {
  test('are tried in order; used-up ones are skipped: 503 once, then success', async () => {
    const failing = sink.when('POST /charge').once().reply({ status: 503 })
    const ok = sink.when('POST /charge').reply({ status: 201 })
    expect([await status('/charge'), await status('/charge'), await status('/charge')]).toEqual([
      503, 201, 201,
    ])
    expect(failing).toMatchObject({ description: 'POST /charge (once)', used: 1, remaining: 0 })
    expect(ok).toMatchObject({ description: 'POST /charge', used: 2, remaining: Infinity })
    expect(
      sink
        .received()
        .found()
        .map((r) => r.reply?.rule),
    ).toEqual(['POST /charge (once)', 'POST /charge', 'POST /charge'])
  })

  test('.times(n) answers n requests; other requests get the default reply', async () => {
    sink.when({ path: '/x' }).times(2).reply({ status: 500 })
    expect([
      await status('/x'),
      await status('/x'),
      await status('/x'),
      await status('/y'),
    ]).toEqual([500, 500, 200, 200])
    expect(
      sink
        .received()
        .found()
        .map((r) => r.reply?.rule),
    ).toEqual([
      'a request to /x (2 times)',
      'a request to /x (2 times)',
      'default reply',
      'default reply',
    ])
  })

  test('builders are immutable: a half-built rule can be reused', async () => {
    const charge = sink.when('POST /charge')
    charge.once().reply({ status: 502 })
    charge.reply({ status: 202 })
    expect([await status('/charge'), await status('/charge')]).toEqual([502, 202])
    expect(charge.always().times(3).reply({ status: 204 }).remaining).toBe(3)
  })

  test('remove() and clearReplies() take rules out', async () => {
    const route = sink.when('/x').reply({ status: 418 })
    expect(await status('/x')).toBe(418)
    route.remove()
    expect(route.remaining).toBe(0)
    expect(await status('/x')).toBe(200)
    sink.when('/x').reply({ status: 418 })
    sink.clearReplies()
    expect(await status('/x')).toBe(200)
  })

  test('reset() clears both replies and requests', async () => {
    sink.when('/x').reply({ status: 418 })
    await status('/x')
    sink.reset()
    expect(sink.received().found()).toEqual([])
    expect(await status('/x')).toBe(200)
  })

  test('the default reply is configurable', async () => {
    const other = await startHttpSink({ defaultReply: { status: 404, body: 'nothing here' } })
    try {
      const res = await fetch(`${other.url}/unknown`)
      expect(res.status).toBe(404)
      expect(await res.text()).toBe('nothing here')
    } finally {
      await other.close()
    }
  })

  test('checks counts at once', () => {
    expect(() => sink.when('/x').times(0)).toThrow(
      'Expected `times` to be a whole number of at least 1, got 0',
    )
  })
})
