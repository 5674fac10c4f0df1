import {
  request,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'

const MAX_BODY_BYTES = 64 * 1024

/** A request the services cannot act on; answered with its status and message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Reads a request's JSON body (at most 64 KiB).
 *
 * @example
 * ```ts
 * const body = await readJson(req) // { name: 'Ada' }
 * ```
 */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buffer = chunk as Buffer
    size += buffer.length
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'body too large')
    chunks.push(buffer)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
  } catch {
    throw new HttpError(400, 'body is not JSON')
  }
}

/**
 * Answers with a JSON body.
 *
 * @example
 * ```ts
 * sendJson(res, 201, { id: 'c-1' })
 * ```
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

/**
 * Turns an async route function into a request listener that answers a thrown {@link HttpError}
 * with its status, and anything else with a 500.
 *
 * @example
 * ```ts
 * createServer(handle(async (req, res) => sendJson(res, 200, { ok: true })))
 * ```
 */
export function handle(
  route: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): RequestListener {
  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500
      sendJson(res, status, { error: error instanceof Error ? error.message : String(error) })
    })
  }
}

/**
 * Listens on `host:port` (a free port by default) and returns the base URL and a `close` that
 * also ends idle keep-alive connections, so nothing keeps the process alive.
 *
 * @example
 * ```ts
 * const { url, close } = await listen(createServer(handler))
 * ```
 */
export async function listen(
  server: Server,
  host = '127.0.0.1',
  port = 0,
): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}

/**
 * POSTs a JSON body and resolves with the response status (the body is read and dropped). The
 * connection is not kept alive, so a closed service leaves no socket behind.
 *
 * @example
 * ```ts
 * const status = await postJson('http://127.0.0.1:4000/hook', { ok: true }, { 'x-request-id': 'r-1' })
 * ```
 */
export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<number> {
  const text = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      },
      ...(signal ? { signal } : {}),
    })
    req.on('response', (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(text)
  })
}

/**
 * Calls a JSON HTTP API: sends `body` as JSON if given, rejects unless the answer is 2xx, and
 * resolves with the parsed answer. The example services' clients are built on it.
 *
 * @example
 * ```ts
 * const customer = await callJson<Customer>(service.url, 'GET', '/customer/c-1')
 * ```
 */
export async function callJson<T>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    ...(body !== undefined && {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    }),
  })
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as T
}
