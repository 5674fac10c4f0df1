import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { handle, HttpError, readJson, sendJson } from '../shared/http.js'
import type { CustomerStore } from './customers.js'
import type { CustomerCreated } from './events.js'

/**
 * The customer service's HTTP API: `POST /customer` stores a customer and publishes
 * `CustomerCreated`; `GET /customer/:id` returns it with its orders.
 *
 * @example
 * ```ts
 * createServer(customerApi(store, (event) => publishToSns(event)))
 * ```
 */
export function customerApi(
  store: CustomerStore,
  publish: (event: CustomerCreated) => Promise<void>,
): RequestListener {
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    if (req.method === 'POST' && path === '/customer') {
      const { name, email } = fields(await readJson(req))
      const customer = store.create({ name, email })
      await publish({ type: 'CustomerCreated', customerId: customer.id, name, email })
      return sendJson(res, 201, customer)
    }
    const id = /^\/customer\/([^/]+)$/.exec(path)?.[1]
    if (req.method === 'GET' && id !== undefined) {
      const customer = store.get(decodeURIComponent(id))
      if (!customer) throw new HttpError(404, `no customer ${id}`)
      return sendJson(res, 200, customer)
    }
    throw new HttpError(404, `no route for ${req.method ?? '?'} ${path}`)
  }
  return handle(route)
}

function fields(body: unknown): { name: string; email: string } {
  const { name, email } = (body ?? {}) as Record<string, unknown>
  if (typeof name !== 'string' || name === '' || typeof email !== 'string' || email === '') {
    throw new HttpError(400, 'expected a JSON body with a name and an email')
  }
  return { name, email }
}
