import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { invalid, toCount } from '../core/validate.js'
import { describeError } from '../core/format.js'
import { adminHandler } from './admin.js'
import { checkAllowedHosts, checkToken, isLoopback } from './guard.js'
import { readBody, type ReadBody } from './body.js'
import { addDisposeFallback } from '../shared/dispose.js'
import { Journal } from '../shared/journal.js'
import { toMatcher, type RequestSpec } from './match.js'
import type { Received } from '../shared/received.js'
import { receivedRequests } from './received.js'
import { checkReply, plan, type Plan, type Reply } from './reply.js'
import { parseBody, toRecord, type RecordedReply, type RecordedRequest } from './request.js'
import { send } from './respond.js'
import { checkPrefix } from './prefix.js'
import { ReplyRule, Routes } from './routes.js'

/**
 * How to start a sink.
 *
 * @example
 * ```ts
 * await using sink = await startHttpSink({ port: 8080, maxBodyBytes: 64 * 1024 })
 * ```
 */
export interface HttpSinkOptions {
  /** The interface to listen on. Anything but loopback exposes the sink to the network: say so explicitly. @default '127.0.0.1' */
  readonly host?: string
  /** The port; 0 picks a free one. @default 0 */
  readonly port?: number
  /** Bodies longer than this are refused with 413 and recorded as `too-large`. @default 1048576 (1 MiB) */
  readonly maxBodyBytes?: number
  /** The journal keeps this many requests; older ones are dropped and counted in `dropped`. @default 1000 */
  readonly maxRequests?: number
  /** The answer to requests no reply rule takes. @default { status: 200 } (empty body) */
  readonly defaultReply?: Reply
  /** Serve the admin API (for other processes) under this path prefix; `true` means `'/__patiently'`. Its requests are not recorded. @default false */
  readonly admin?: boolean | string
  /**
   * Host names the admin API answers to besides loopback names (`localhost`, `*.localhost`,
   * 127.0.0.0/8, `[::1]`) and the address it listens on; `.example.test` allows the name and its
   * subdomains. Pages from these hosts may call it too. Recorded requests may use any name.
   * @default []
   */
  readonly allowedHosts?: readonly string[]
  /**
   * A secret every admin request must carry as `Authorization: Bearer <token>`. Required when the
   * admin API listens beyond loopback. @default none
   */
  readonly token?: string
}

const DEFAULT_ADMIN = '/__patiently'

/**
 * Starts an HTTP sink: a real server that records every request, wakes waits on arrival and
 * answers with scripted replies. Listens on 127.0.0.1 and a free port unless told otherwise.
 *
 * @example
 * ```ts
 * await using sink = await startHttpSink()
 * await api.submit({ callbackUrl: `${sink.url}/callbacks` })
 * const request = await until(sink.received({ method: 'POST', path: '/callbacks', body: { requestId } })).atMost('5s')
 * ```
 */
export async function startHttpSink(options: HttpSinkOptions = {}): Promise<HttpSink> {
  const sink = new HttpSink(options)
  await sink.listen()
  return sink
}

/**
 * A running sink; made by {@link startHttpSink}. Stop it with `close()` or `await using`.
 */
export class HttpSink {
  readonly #server: Server
  readonly #journal: Journal<RecordedRequest>
  readonly #routes = new Routes()
  readonly #sockets = new Set<Socket>()
  readonly #closed = new AbortController()
  readonly #host: string
  readonly #requestedPort: number
  readonly #maxBodyBytes: number
  readonly #defaultReply: Reply
  readonly #admin: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined
  readonly #adminPrefix: string | undefined
  // Requests waiting on a reply function's promise; close() lets them go at once.
  readonly #pending = new Set<() => void>()
  #port = 0
  #nextId = 1
  #closing: Promise<void> | undefined

  /** @internal Made by `startHttpSink()`. */
  constructor(options: HttpSinkOptions) {
    const o = checkOptions(options)
    this.#host = o.host
    this.#requestedPort = o.port
    this.#maxBodyBytes = o.maxBodyBytes
    this.#defaultReply = o.defaultReply
    this.#journal = new Journal<RecordedRequest>(o.maxRequests)
    this.#adminPrefix = o.admin
    this.#admin =
      o.admin === undefined
        ? undefined
        : adminHandler({
            journal: this.#journal,
            routes: this.#routes,
            prefix: o.admin,
            maxBodyBytes: o.maxBodyBytes,
            closed: this.#closed.signal,
            url: () => this.url,
            guard: { allowedHosts: o.allowedHosts, token: o.token, listening: o.host },
          })
    this.#server = createServer((req, res) => void this.#handle(req, res))
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket)
      socket.once('close', () => this.#sockets.delete(socket))
    })
  }

  /** @internal */
  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = this.#server
      const failed = (error: Error): void => {
        reject(
          new Error(
            `The HTTP sink could not listen on ${this.#host}:${this.#requestedPort}: ${describeError(error)}`,
            { cause: error },
          ),
        )
      }
      server.once('error', failed)
      server.listen({ host: this.#host, port: this.#requestedPort }, () => {
        server.off('error', failed)
        const address = server.address()
        this.#port = typeof address === 'object' && address ? address.port : this.#requestedPort
        resolve()
      })
    })
  }

  /** The base URL, without a trailing slash: `http://127.0.0.1:39123`. */
  get url(): string {
    const host = this.#host.includes(':') ? `[${this.#host}]` : this.#host
    return `http://${host}:${this.#port}`
  }

  /** The interface it listens on. */
  get host(): string {
    return this.#host
  }

  /** The port it listens on. */
  get port(): number {
    return this.#port
  }

  /** The admin API's base URL, if the admin API is on. */
  get adminUrl(): string | undefined {
    return this.#adminPrefix === undefined ? undefined : `${this.url}${this.#adminPrefix}`
  }

  /** How many requests were dropped from the journal because it was full. */
  get dropped(): number {
    return this.#journal.dropped
  }

  /**
   * A condition for `until`/`during`: passes once a request matching `match` is in the journal
   * and resolves with the first; `.count(n)`, `.exactly(n)` and `.all()` resolve with lists,
   * `.where(...)` narrows, `.found()` reads the matching requests without waiting. Arrivals wake
   * the wait at once.
   *
   * @example
   * ```ts
   * const request = await until(sink.received('POST /callbacks')).atMost('5s')
   * await during('1s').never(sink.received({ body: { requestId } }).count(2))
   * expect(sink.received('POST /callbacks').found()).toHaveLength(1)
   * ```
   */
  received(match?: RequestSpec): Received<RecordedRequest> {
    return receivedRequests(this.#journal, toMatcher(match))
  }

  /**
   * Starts a reply rule for matching requests; finish it with `.reply(...)` or `.fault(...)`.
   *
   * @example
   * ```ts
   * sink.when('POST /charge').once().reply({ status: 503 })
   * sink.when('POST /charge').reply({ status: 201 })
   * ```
   */
  when(match?: RequestSpec): ReplyRule {
    return new ReplyRule(this.#routes, toMatcher(match), Infinity)
  }

  /**
   * Empties the journal and its drop counter; waits watching it are woken.
   *
   * @example
   * ```ts
   * beforeEach(() => sink.clear())
   * ```
   */
  clear(): void {
    this.#journal.clear()
  }

  /** Removes every reply rule; requests then get the default reply. */
  clearReplies(): void {
    this.#routes.clear()
  }

  /** Both `clear()` and `clearReplies()`: for reusing one sink across tests. */
  reset(): void {
    this.clearReplies()
    this.clear()
  }

  /**
   * Stops listening and ends every connection at once, including keep-alive ones and requests
   * held by a delay or a `hang` fault. Safe to call more than once.
   *
   * @example
   * ```ts
   * afterAll(() => sink.close())
   * ```
   */
  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      this.#closed.abort(new Error('The HTTP sink was closed'))
      for (const release of this.#pending) release()
      this.#server.close(() => resolve())
      this.#server.closeAllConnections()
      for (const socket of this.#sockets) socket.destroy()
    })
    return this.#closing
  }

  /** `await using sink = await startHttpSink()` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = req.url ?? '/'
      const target = readTarget(url)
      if (
        this.#admin &&
        this.#adminPrefix !== undefined &&
        target instanceof URL &&
        isUnder(target.pathname, this.#adminPrefix)
      ) {
        await this.#admin(req, res)
        return
      }
      const id = this.#nextId++
      const body = await readBody(req, this.#maxBodyBytes)
      const request = record(id, req, url, body)
      const chosen =
        body.state === 'aborted'
          ? undefined
          : target instanceof URL
            ? await this.#choose(request, body)
            : {
                plan: errorPlan(
                  400,
                  `patiently sink: cannot read the request target ${JSON.stringify(url)}: ${describeError(target)}`,
                  { connection: 'close' },
                ),
                rule: 'request target check',
              }
      if (chosen) (request as { reply: RecordedReply }).reply = recorded(chosen.plan, chosen.rule)
      this.#journal.add([request])
      if (chosen && !res.destroyed) send(chosen.plan, req, res)
    } catch (error) {
      // The sink must keep serving whatever happens to one request.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
        res.end(`patiently sink: ${describeError(error)}`)
      } else {
        res.destroy()
      }
    }
  }

  // undefined: the sink closed while a reply function's promise was still pending.
  async #choose(
    request: RecordedRequest,
    body: ReadBody,
  ): Promise<{ plan: Plan; rule: string } | undefined> {
    if (body.state === 'too-large') {
      return {
        plan: errorPlan(
          413,
          `patiently sink: the body is over the limit of ${this.#maxBodyBytes} bytes`,
          { connection: 'close' },
        ),
        rule: 'body size limit',
      }
    }
    let rule: ReturnType<Routes['pick']>
    try {
      rule = this.#routes.pick(request)
    } catch (error) {
      return {
        plan: errorPlan(500, `patiently sink: choosing a reply failed: ${describeError(error)}`),
        rule: 'reply rules',
      }
    }
    const name = rule?.description ?? 'default reply'
    try {
      const planned = await this.#unlessClosed(plan(rule?.reply ?? this.#defaultReply, request))
      return planned && { plan: planned, rule: name }
    } catch (error) {
      return {
        plan: errorPlan(
          500,
          `patiently sink: the reply for ${name} failed: ${describeError(error)}`,
        ),
        rule: name,
      }
    }
  }

  #unlessClosed<T>(work: Promise<T>): Promise<T | undefined> {
    if (this.#closed.signal.aborted) return Promise.resolve(undefined)
    return new Promise<T | undefined>((resolve, reject) => {
      const release = (): void => resolve(undefined)
      this.#pending.add(release)
      work.then(resolve, reject).finally(() => this.#pending.delete(release))
    })
  }
}

addDisposeFallback(HttpSink.prototype)

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`)
}

// A target Node accepts can still be one URL rejects, such as `http://x:99999/`: the request is
// recorded all the same, and answered 400 with the reason.
function readTarget(url: string): URL | Error {
  try {
    return new URL(url, 'http://sink.invalid')
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error))
  }
}

function record(id: number, req: IncomingMessage, url: string, body: ReadBody): RecordedRequest {
  const raw = body.raw
  const parsed =
    body.state === 'complete'
      ? parseBody(raw, req.headers['content-type'])
      : { kind: body.state, body: undefined, jsonError: undefined }
  const query = url.indexOf('?')
  const search = query === -1 ? '' : url.slice(query + 1).split('#')[0]
  return {
    id,
    method: (req.method ?? 'GET').toUpperCase(),
    url,
    path: query === -1 ? url : url.slice(0, query),
    query: toRecord(new URLSearchParams(search)),
    // Node's own headers object has no prototype; a copy keeps it that way.
    headers: Object.assign(Object.create(null) as IncomingMessage['headers'], req.headers),
    rawBody: raw,
    text: raw.toString('utf8'),
    body: parsed.body,
    bodyKind: parsed.kind,
    jsonError: parsed.jsonError,
    arrivedAt: new Date(),
    remoteAddress: req.socket.remoteAddress ?? '',
    remotePort: req.socket.remotePort ?? 0,
    reply: undefined,
  }
}

function errorPlan(status: number, text: string, headers: Record<string, string> = {}): Plan {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
    body: Buffer.from(text),
    delayMs: 0,
    fault: undefined,
    dribble: undefined,
  }
}

function recorded(p: Plan, rule: string): RecordedReply {
  const cut = p.fault !== undefined && p.fault !== 'truncate'
  return {
    status: cut ? undefined : p.status,
    headers: p.headers,
    body: p.body.toString('utf8'),
    fault: p.fault,
    delayMs: p.delayMs,
    rule,
  }
}

interface Checked {
  host: string
  port: number
  maxBodyBytes: number
  maxRequests: number
  defaultReply: Reply
  admin: string | undefined
  allowedHosts: string[]
  token: string | undefined
}

function checkOptions(options: HttpSinkOptions): Checked {
  if (options === null || typeof options !== 'object') invalid('options', 'an object', options)
  const { host = '127.0.0.1', port = 0, maxBodyBytes = 1_048_576, maxRequests = 1000 } = options
  if (typeof host !== 'string' || host === '') invalid('host', 'a host name or IP address', host)
  toCount(port, 'port', 0, 65535)
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 0)
    invalid('maxBodyBytes', 'a whole number of bytes', maxBodyBytes)
  toCount(maxRequests, 'maxRequests')
  const defaultReply = checkReply(options.defaultReply ?? { status: 200 }) as Reply
  let admin: string | undefined
  if (options.admin === true) admin = DEFAULT_ADMIN
  else if (options.admin !== undefined && options.admin !== false) {
    admin = checkPrefix(options.admin, 'admin', 'true or ')
  }
  const allowedHosts = checkAllowedHosts(options.allowedHosts ?? [], 'allowedHosts')
  const token = options.token === undefined ? undefined : checkToken(options.token, 'token')
  if (admin !== undefined && token === undefined && !isLoopback(host)) {
    throw new TypeError(
      `The admin API listens on ${host}, beyond loopback, so it needs a \`token\`: anyone who can reach the port could otherwise read the journal and script replies`,
    )
  }
  return { host, port, maxBodyBytes, maxRequests, defaultReply, admin, allowedHosts, token }
}
