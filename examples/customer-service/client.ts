import type { Customer } from './customers.js'
import { callJson } from '../shared/http.js'

/** The customer service's HTTP API, as its callers (and its tests) use it. */
export interface CustomerClient {
  /** `POST /customer`; resolves with the stored customer. */
  create(fields: { name: string; email: string }): Promise<Customer>
  /** `GET /customer/:id`; rejects when the answer is not 200. */
  get(id: string): Promise<Customer>
}

/**
 * A client for the customer service at `url`.
 *
 * @example
 * ```ts
 * const customers = customerClient(service.url)
 * const ada = await customers.create({ name: 'Ada', email: 'ada@example.com' })
 * ```
 */
export function customerClient(url: string): CustomerClient {
  const call = (method: string, path: string, body?: unknown): Promise<Customer> =>
    callJson<Customer>(url, method, path, body)
  return {
    create: (fields) => call('POST', '/customer', fields),
    get: (id) => call('GET', `/customer/${encodeURIComponent(id)}`),
  }
}
