import type { JobStatus } from './service.js'
import { callJson } from '../shared/http.js'

/** The job service's HTTP API, as its callers (and its tests) use it. */
export interface JobClient {
  /** `POST /jobs`; resolves with the request id the callback will carry. */
  submit(job: { callbackUrl: string; text: string }): Promise<string>
  /** `GET /jobs/:id`: where the job's callback stands. */
  status(requestId: string): Promise<JobStatus>
}

/**
 * A client for the job service at `url`.
 *
 * @example
 * ```ts
 * const jobs = jobClient(service.url)
 * const requestId = await jobs.submit({ callbackUrl: `${sink.url}/callbacks`, text: 'hello world' })
 * ```
 */
export function jobClient(url: string): JobClient {
  const call = <T>(method: string, path: string, body?: unknown): Promise<T> =>
    callJson<T>(url, method, path, body)
  return {
    submit: async (job) => (await call<{ requestId: string }>('POST', '/jobs', job)).requestId,
    status: (requestId) => call<JobStatus>('GET', `/jobs/${encodeURIComponent(requestId)}`),
  }
}
