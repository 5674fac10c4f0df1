import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'

/** What came back on a raw connection before it closed. */
export interface RawExchange {
  readonly text: string
  /** The socket error code if the connection ended with one (ECONNRESET for a reset). */
  readonly error: string | undefined
  /** Whether the server closed the connection (false: it was still open after `idleMs`). */
  readonly closed: boolean
}

/**
 * Writes bytes on a fresh TCP connection and collects everything the server sends until it
 * closes the connection (or `idleMs` passes with the connection still open, if given).
 */
export function rawExchange(
  port: number,
  data: string | Buffer,
  options: { idleMs?: number; halfClose?: boolean } = {},
): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    const chunks: Buffer[] = []
    let error: string | undefined
    let idle: NodeJS.Timeout | undefined
    const finish = (closed: boolean): void => {
      clearTimeout(idle)
      socket.destroy()
      resolve({ text: Buffer.concat(chunks).toString('latin1'), error, closed })
    }
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message
    })
    socket.on('close', () => finish(true))
    socket.write(data)
    if (options.halfClose) socket.end()
    if (options.idleMs !== undefined) idle = setTimeout(() => finish(false), options.idleMs)
  })
}

/** Sends a JSON POST with fetch. */
export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}

/** What a raw HTTP exchange answered. */
export interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly body: string
}

/**
 * Sends one request with node:http, which, unlike fetch, lets a test forge `Host` and `Origin`
 * the way a browser under DNS rebinding or a cross-site page would send them.
 */
export function rawRequest(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}
