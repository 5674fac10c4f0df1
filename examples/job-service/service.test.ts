import { during, until, WaitError } from 'patiently'
import { startHttpSink, type HttpSink } from 'patiently/http'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { jobClient, type JobClient } from './client.js'
import { startJobService } from './service.js'

let sink: HttpSink
let service: { url: string; close(): Promise<void> }
let jobs: JobClient

beforeAll(async () => {
  sink = await startHttpSink()
  service = await startJobService({ workMs: 20, retryDelayMs: 50, callbackAttempts: 3 })
  jobs = jobClient(service.url)
})

afterEach(() => sink.reset())

afterAll(async () => {
  await service?.close()
  await sink?.close()
})

describe('the job service', () => {
  test('calls back once, with the request id in the header and the body', async () => {
    const requestId = await jobs.submit({
      callbackUrl: `${sink.url}/callbacks`,
      text: 'the quick brown fox',
    })

    const callback = await until(
      sink.received({ method: 'POST', path: '/callbacks', body: { requestId } }),
    ).atMost('5s')

    expect(callback.headers['x-request-id']).toBe(requestId)
    expect(callback.body).toEqual({ requestId, status: 'done', result: { words: 4 } })
    await during('500ms').never(sink.received({ body: { requestId } }).count(2))
  })

  test('retries the callback after the receiver answers 503', async () => {
    sink.when('POST /callbacks').once().reply({ status: 503 })

    const requestId = await jobs.submit({ callbackUrl: `${sink.url}/callbacks`, text: 'retry me' })

    const [first, second] = await until(sink.received({ body: { requestId } }).count(2)).atMost(
      '5s',
    )
    expect(first?.reply?.status).toBe(503)
    expect(second?.reply?.status).toBe(200)
    // The sink records the retry before the service has read the answer: wait for the service too.
    const settled = await until(async () => {
      const status = await jobs.status(requestId)
      return status.callback !== 'pending' && status
    }).atMost('5s')
    expect(settled).toEqual({ requestId, callback: 'delivered', attempts: 2 })
  })

  test('retries the callback after the connection is reset', async () => {
    sink.when('POST /callbacks').once().fault('reset')

    const requestId = await jobs.submit({ callbackUrl: `${sink.url}/callbacks`, text: 'again' })

    const [first, second] = await until(sink.received({ body: { requestId } }).count(2)).atMost(
      '5s',
    )
    expect(first?.reply?.fault).toBe('reset')
    expect(second?.reply?.status).toBe(200)
  })

  test('gives up after 3 attempts when the receiver keeps failing', async () => {
    sink.when('POST /callbacks').reply({ status: 500 })

    const requestId = await jobs.submit({ callbackUrl: `${sink.url}/callbacks`, text: 'doomed' })

    const status = await until(async () => {
      const status = await jobs.status(requestId)
      return status.callback === 'failed' && status
    }).atMost('5s')
    expect(status).toEqual({ requestId, callback: 'failed', attempts: 3 })
    expect(sink.received({ body: { requestId } }).found()).toHaveLength(3)
  })
})

describe('a job service that delivers every callback twice', () => {
  let twice: { url: string; close(): Promise<void> }

  beforeAll(async () => {
    twice = await startJobService({ workMs: 20, duplicateCallbacks: true })
  })

  afterAll(() => twice?.close())

  test('is caught by during().never(), with a message that says so', async () => {
    const requestId = await jobClient(twice.url).submit({
      callbackUrl: `${sink.url}/callbacks`,
      text: 'once please',
    })
    await until(sink.received({ body: { requestId } })).atMost('5s')

    const error: unknown = await during('2s')
      .never(sink.received({ body: { requestId } }).count(2))
      .then(
        () => undefined,
        (caught: unknown) => caught,
      )

    expect(error).toBeInstanceOf(WaitError)
    const { reason, message } = error as WaitError
    expect(reason).toBe('violated')
    expect(message.split('\n')[0]).toMatch(
      new RegExp(
        `^Expected any request with body matching \\{ requestId: "${requestId}" \\} \\(at least 2 times\\) never to happen within 2 s, but it did after \\d+ ms \\(attempt \\d+\\)\\.$`,
      ),
    )
  })
})
