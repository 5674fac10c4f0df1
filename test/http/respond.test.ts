import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { startHttpSink, type HttpSink } from '../../src/http/index.js'
import { rawExchange } from './raw.js'

let sink: HttpSink
beforeEach(async () => {
  sink = await startHttpSink()
})
afterEach(() => sink.close())

const GET = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: sink\r\n\r\n`

describe('faults', () => {
  test('reset sends a TCP reset', async () => {
    sink.when('/x').fault('reset')
    expect(await rawExchange(sink.port, GET('/x'))).toEqual({
      text: '',
      error: 'ECONNRESET',
      closed: true,
    })
    await expect(fetch(`${sink.url}/x`)).rejects.toThrow('fetch failed')
    expect(sink.received().found()[0]?.reply).toMatchObject({ status: undefined, fault: 'reset' })
  })

  test('close ends the connection without an answer', async () => {
    sink.when('/x').fault('close')
    expect(await rawExchange(sink.port, GET('/x'))).toEqual({
      text: '',
      error: undefined,
      closed: true,
    })
  })

  test('hang never answers and holds the connection until close()', async () => {
    sink.when('/x').fault('hang')
    const still = await rawExchange(sink.port, GET('/x'), { idleMs: 200 })
    expect(still).toEqual({ text: '', error: undefined, closed: false })
    const held = rawExchange(sink.port, GET('/x'))
    await expect.poll(() => sink.received().found().length).toBe(2)
    await sink.close()
    expect((await held).closed).toBe(true)
  })

  test('malformed sends bytes that are not an HTTP response', async () => {
    sink.when('/x').fault('malformed')
    const raw = await rawExchange(sink.port, GET('/x'))
    expect(raw.text).toMatch(/^HTTP\/1\.1 \?\?\? Not a status line\r\n/)
    await expect(fetch(`${sink.url}/x`)).rejects.toThrow('fetch failed')
  })

  test('truncate promises more body than it sends, then closes', async () => {
    sink.when('/x').reply({ body: 'abcdefgh', fault: 'truncate' })
    const raw = await rawExchange(sink.port, GET('/x'))
    expect(raw.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(raw.text).toContain('content-length: 8\r\n')
    expect(raw.text.endsWith('\r\n\r\nabcd')).toBe(true)
    const res = await fetch(`${sink.url}/x`)
    await expect(res.text()).rejects.toThrow()
    expect(sink.received().found()[0]?.reply).toMatchObject({ status: 200, fault: 'truncate' })
  })

  test('a fault can come after a delay', async () => {
    sink.when('/x').fault('close', { delay: 100 })
    const started = performance.now()
    expect((await rawExchange(sink.port, GET('/x'))).closed).toBe(true)
    expect(performance.now() - started).toBeGreaterThanOrEqual(90)
  })
})

describe('dribble', () => {
  test('sends the body a few bytes at a time, all of it in the end', async () => {
    sink.when('/slow').reply({ body: 'abcdef', dribble: { bytes: 2, every: 50 } })
    const started = performance.now()
    const res = await fetch(`${sink.url}/slow`)
    expect(await res.text()).toBe('abcdef')
    expect(performance.now() - started).toBeGreaterThanOrEqual(90)
  })
})
