import { during, until, WaitError } from 'patiently'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { startHttpSink, type HttpSink } from '../../src/http/index.js'
import { postJson } from './raw.js'

let sink: HttpSink
beforeEach(async () => {
  sink = await startHttpSink()
})
afterEach(() => sink.close())

const callback = (requestId: string): Promise<Response> =>
  postJson(`${sink.url}/callbacks`, { requestId })

describe('sink.received(match)', () => {
  test('until resolves with the first matching request', async () => {
    await callback('r-6')
    await callback('r-7')
    await callback('r-7')
    const request = await until(
      sink.received({ method: 'POST', path: '/callbacks', body: { requestId: 'r-7' } }),
    )
    expect(request.id).toBe(2)
  })

  test('an arrival wakes a waiting until at once instead of at the next poll', async () => {
    const attempts: number[] = []
    const waiting = until(sink.received({ body: { requestId: 'r-7' } }))
      .every('60s')
      .atMost('15s')
      .observe((report) => attempts.push(report.attempt))
      .result()
    await until(() => attempts.length === 1).atMost('5s')
    await callback('r-7')
    const result = await waiting
    expect(result.passed).toBe(true)
    expect(result.attempts).toBe(2)
    // Without the wake-up the second attempt would only run at the deadline, 15 s in.
    expect(result.elapsedMs).toBeLessThan(15_000)
  })

  test('reading never consumes: several waits see the same request', async () => {
    const a = until(sink.received('/callbacks'))
    const b = until(sink.received({ body: { requestId: 'r-7' } }))
    await callback('r-7')
    const [first, second] = await Promise.all([a, b])
    expect(first).toBe(second)
    expect(sink.received('/callbacks').found()).toHaveLength(1)
  })

  test('times out with the match and the closest requests that did arrive', async () => {
    await callback('r-6')
    await fetch(`${sink.url}/health`)
    await postJson(`${sink.url}/other`, { requestId: 'r-7' })
    await callback('r-5')
    const error = await until(
      sink.received({ method: 'POST', path: '/callbacks', body: { requestId: 'r-7' } }),
    )
      .atMost(100)
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(error).toBeInstanceOf(WaitError)
    const lines = (error as WaitError).message.split('\n')
    expect(lines[0]).toMatch(
      /^Timed out after \d+ ms waiting for POST \/callbacks with body matching \{ requestId: "r-7" \} \(atMost 100 ms, \d+ attempts?\)\.$/,
    )
    // The closest by how many parts matched, the latest first among equals; each with only the
    // parts that did not match.
    expect(lines.slice(1)).toEqual([
      '  still:       4 requests arrived, none matched. The closest:',
      '    POST /callbacks: body.requestId: expected "r-7", got "r-5"',
      '    POST /other: path: expected "/callbacks", got "/other"',
      '    POST /callbacks: body.requestId: expected "r-7", got "r-6"',
    ])
    expect((error as WaitError).seen).toBe(
      '4 requests arrived, none matched. The closest:\n' +
        '  POST /callbacks: body.requestId: expected "r-7", got "r-5"\n' +
        '  POST /other: path: expected "/callbacks", got "/other"\n' +
        '  POST /callbacks: body.requestId: expected "r-7", got "r-6"',
    )
  })

  test('the closest requests follow the journal as requests arrive during the wait', async () => {
    const attempts: number[] = []
    const waiting = until(sink.received({ body: { requestId: 'r-7' } }))
      .every('60s')
      .atMost('2s')
      .observe((report) => attempts.push(report.attempt))
      .result()
    await until(() => attempts.length === 1).atMost('5s')
    await callback('r-6')
    const result = await waiting
    expect(result.passed).toBe(false)
    const lines = result.passed ? [] : result.error.message.split('\n')
    expect(lines.slice(1)).toEqual([
      '  still:       1 request arrived, none matched. It was:',
      '    POST /callbacks: body.requestId: expected "r-7", got "r-6"',
    ])
  })

  test('"not yet" is false, never an error, so retryOn cannot cut a wait short', async () => {
    const arrived = sink.received('/callbacks')
    expect(arrived({ signal: new AbortController().signal, attempt: 1, mode: 'until' })).toBe(false)
    const waiting = until(arrived).retryOn(TypeError).atMost('5s')
    await callback('r-7')
    expect((await waiting).body).toEqual({ requestId: 'r-7' })
  })

  test('the description says what is awaited, not what arrived', async () => {
    const arrived = sink.received({ method: 'POST', body: { requestId: 'r-7' } }).count(2)
    const before = arrived.describe()
    await callback('r-7')
    expect(arrived.describe()).toBe(before)
    expect(before).toBe('POST any path with body matching { requestId: "r-7" } (at least 2 times)')
    expect(arrived.seen()).toBe('1 of 1 request matched, at least 2 needed')
  })

  test('.where(...) narrows with a predicate or a pattern on the whole request', async () => {
    await callback('r-6')
    await postJson(`${sink.url}/callbacks?attempt=2`, { requestId: 'r-7' })
    const second = sink.received('/callbacks').where({ query: { attempt: '2' } })
    expect(second.found().map((r) => r.body)).toEqual([{ requestId: 'r-7' }])
    const small = sink.received('/callbacks').where((r) => r.rawBody.length < 1000)
    expect(small.found()).toHaveLength(2)
    expect(second.describe()).toBe('a request to /callbacks, matching { query: { attempt: "2" } }')
    expect(() => sink.received().where(undefined as never)).toThrow(
      'Expected `where` to be given a function or a pattern, got undefined',
    )
  })

  test('says when nothing arrived at all, and when older requests were dropped', async () => {
    const nothing = await until(sink.received('/callbacks')).atMost(50).result()
    expect(nothing.passed || nothing.error.message.split('\n')[1]).toMatch(
      /^ {2}still: {7}no request has arrived$/,
    )
    const small = await startHttpSink({ maxRequests: 1 })
    try {
      await fetch(`${small.url}/a`)
      await fetch(`${small.url}/b`)
      const r = await until(small.received('/a')).atMost(50).result()
      expect(r.passed || r.error.message.split('\n').slice(1)).toEqual([
        '  still:       1 request arrived, none matched (1 older request dropped from the journal). It was:',
        '    GET /b: path: expected "/a", got "/b"',
      ])
    } finally {
      await small.close()
    }
  })
})

describe('count variants', () => {
  test('.count(n) passes with at least n and resolves with all of them, oldest first', async () => {
    const waiting = until(sink.received('/callbacks').count(2))
    await callback('a')
    await callback('b')
    await callback('c')
    const requests = await waiting
    expect(requests.length).toBeGreaterThanOrEqual(2)
    expect(requests.map((r) => r.body)).toEqual(
      [{ requestId: 'a' }, { requestId: 'b' }, { requestId: 'c' }].slice(0, requests.length),
    )
  })

  test('.exactly(n) passes only with exactly n; .all() with one or more', async () => {
    await callback('a')
    await callback('b')
    expect(await until(sink.received('/callbacks').exactly(2))).toHaveLength(2)
    expect(await until(sink.received('/callbacks').all())).toHaveLength(2)
    const three = await until(sink.received('/callbacks').exactly(3)).atMost(50).result()
    expect(three.passed || three.error.message.split('\n')[0]).toMatch(
      /^Timed out after \d+ ms waiting for a request to \/callbacks \(exactly 3 times\) \(atMost 50 ms, \d+ attempts?\)\.$/,
    )
    expect(three.passed || three.error.message.split('\n')[1]).toMatch(
      /^ {2}still: {7}2 of 2 requests matched, exactly 3 needed$/,
    )
  })

  test('clearing the journal wakes waits: exactly(0) passes after clear()', async () => {
    await callback('a')
    const waiting = until(sink.received('/callbacks').exactly(0))
      .every('60s')
      .atMost('15s')
      .result()
    sink.clear()
    const result = await waiting
    expect(result.passed).toBe(true)
    expect(result.elapsedMs).toBeLessThan(15_000)
  })

  test('during().never(...count(2)) fails at the second delivery, naming the match', async () => {
    await callback('r-7')
    const never = during('10s').never(sink.received({ body: { requestId: 'r-7' } }).count(2))
    const settled = never.result()
    await callback('r-7')
    const result = await settled
    expect(result.passed).toBe(false)
    expect(result.passed || result.error.message.split('\n')[0]).toMatch(
      /^Expected any request with body matching \{ requestId: "r-7" \} \(at least 2 times\) never to happen within 10 s, but it did after \d+ ms \(attempt \d+\)\.$/,
    )
    // The evidence in a line each: what arrived, not every header and byte of it.
    expect(result.passed || result.error.message.split('\n').slice(1)).toEqual([
      '  value:       2 requests: POST /callbacks { requestId: "r-7" }; POST /callbacks { requestId: "r-7" }',
    ])
    expect(result.passed || (result.error.lastValue as unknown[]).length).toBe(2)
  })

  test('checks counts at once', () => {
    expect(() => sink.received('/x').count(0)).toThrow(
      'Expected `count` to be a whole number of at least 1, got 0',
    )
    expect(() => sink.received('/x').exactly(-1)).toThrow(
      'Expected `exactly` to be a whole number of at least 0, got -1',
    )
  })
})
