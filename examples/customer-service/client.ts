import type { Customer } from './customers.js'

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
  const call = async (method: string, path: string, body?: unknown): Promise<Customer> => {
    const res = await fetch(`${url}${path}`, {
      method,
      ...(body !== undefined && {
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      }),
    })
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`)
    return (await res.json()) as Customer
  }
  return {
    create: (fields) => call('POST', '/customer', fields),
    get: (id) => call('GET', `/customer/${encodeURIComponent(id)}`),
  }
}
