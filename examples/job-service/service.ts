import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { handle, HttpError, listen, postJson, readJson, sendJson } from '../shared/http.js'

/** What the job service sends to the callback URL when a job is done. */
export interface JobResult {
  readonly requestId: string
  readonly status: 'done'
  readonly result: { readonly words: number }
}

/** Where a job's callback stands. */
export interface JobStatus {
  readonly requestId: string
  /** `pending` until a callback is answered with a 2xx, `failed` when every attempt failed. */
  readonly callback: 'pending' | 'delivered' | 'failed'
  /** Callback requests made so far, duplicates included. */
  readonly attempts: number
}

/** How the job service works and calls back. */
export interface JobServiceOptions {
  /** How long a job takes before its result is called back. @default 50 */
  readonly workMs?: number
  /** Deliver every callback twice, as at-least-once systems sometimes do. @default false */
  readonly duplicateCallbacks?: boolean
  /** Callback attempts before giving up; a 5xx, 429 or connection error is retried. @default 3 */
  readonly callbackAttempts?: number
  /** The delay between two callback attempts. @default 100 */
  readonly retryDelayMs?: number
  /** The port of the HTTP API. @default 0 (a free port) */
  readonly port?: number
}

/**
 * Starts the job service on 127.0.0.1. `POST /jobs` with `{ callbackUrl, text }` answers
 * `202 { requestId }` at once; the result (the word count of `text`) is POSTed to `callbackUrl`
 * later, with the request id in the body and in the `x-request-id` header. `GET /jobs/:id` shows
 * where the callback stands.
 *
 * @example
 * ```ts
 * const jobs = await startJobService({ duplicateCallbacks: true })
 * const res = await fetch(`${jobs.url}/jobs`, { method: 'POST', body: JSON.stringify({ callbackUrl, text: 'hi there' }) })
 * const { requestId } = await res.json()
 * await jobs.close()
 * ```
 */
export async function startJobService(
  options: JobServiceOptions = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const workMs = options.workMs ?? 50
  const deliveries = options.duplicateCallbacks ? 2 : 1
  const maxAttempts = options.callbackAttempts ?? 3
  const retryDelayMs = options.retryDelayMs ?? 100
  const jobs = new Map<string, JobStatus>()
  const closing = new AbortController()
  const running = new Set<Promise<void>>()

  const update = (requestId: string, patch: Partial<JobStatus>): void => {
    const job = jobs.get(requestId)
    if (job) jobs.set(requestId, { ...job, ...patch })
  }

  const deliver = async (callbackUrl: string, body: JobResult): Promise<boolean> => {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const job = jobs.get(body.requestId)
      update(body.requestId, { attempts: (job?.attempts ?? 0) + 1 })
      const status = await postJson(
        callbackUrl,
        body,
        { 'x-request-id': body.requestId },
        closing.signal,
      ).catch(() => 0)
      if (status >= 200 && status < 300) return true
      const retryable = status === 0 || status === 429 || status >= 500
      if (!retryable || attempt === maxAttempts) return false
      await sleep(retryDelayMs, undefined, { signal: closing.signal })
    }
    return false
  }

  const work = async (requestId: string, callbackUrl: string, text: string): Promise<void> => {
    await sleep(workMs, undefined, { signal: closing.signal })
    const body: JobResult = {
      requestId,
      status: 'done',
      result: { words: text.split(/\s+/).filter(Boolean).length },
    }
    let delivered = false
    for (let i = 0; i < deliveries; i++) delivered = (await deliver(callbackUrl, body)) || delivered
    update(requestId, { callback: delivered ? 'delivered' : 'failed' })
  }

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    if (req.method === 'POST' && path === '/jobs') {
      const { callbackUrl, text } = ((await readJson(req)) ?? {}) as Record<string, unknown>
      if (
        typeof callbackUrl !== 'string' ||
        !URL.canParse(callbackUrl) ||
        typeof text !== 'string'
      ) {
        throw new HttpError(400, 'expected a JSON body with a callbackUrl and a text')
      }
      const requestId = `req-${randomUUID()}`
      jobs.set(requestId, { requestId, callback: 'pending', attempts: 0 })
      const job = work(requestId, callbackUrl, text).catch(() => {
        if (!closing.signal.aborted) update(requestId, { callback: 'failed' })
      })
      running.add(job)
      void job.finally(() => running.delete(job))
      return sendJson(res, 202, { requestId })
    }
    const id = /^\/jobs\/([^/]+)$/.exec(path)?.[1]
    if (req.method === 'GET' && id !== undefined) {
      const job = jobs.get(decodeURIComponent(id))
      if (!job) throw new HttpError(404, `no job ${id}`)
      return sendJson(res, 200, job)
    }
    throw new HttpError(404, `no route for ${req.method ?? '?'} ${path}`)
  }

  const http = await listen(createServer(handle(route)), '127.0.0.1', options.port)
  return {
    url: http.url,
    async close() {
      closing.abort()
      await Promise.all([...running, http.close()])
    },
  }
}
