import type { IncomingMessage, ServerResponse } from 'node:http'
import { systemClock } from '../core/clock.js'
import { patiently } from '../core/dsl.js'
import { invalid, toMs } from '../core/duration.js'
import { describeError } from '../core/format.js'
import { readBody } from './body.js'
import type { Journal } from './journal.js'
import { toMatcher, type RequestMatch } from './match.js'
import { received } from './received.js'
import { checkReply, type Reply } from './reply.js'
import type { RecordedRequest } from './request.js'
import type { Routes } from './routes.js'
import { shown } from './shown.js'

// A wait the admin API runs for a client keeps the client's timeout to the millisecond, on real
// time, whatever the test process configured for its own waits (a time factor, a fake clock,
// debug logging, an observer, a poll delay).
const serverSide = patiently.with({
  timeFactor: 1,
  clock: systemClock,
  debug: false,
  observe: () => {},
  every: 50,
  pollDelay: 0,
})

/** What the admin API works on: the sink's own journal and reply rules. */
export interface AdminParts {
  readonly journal: Journal
  readonly routes: Routes
  readonly prefix: string
  readonly maxBodyBytes: number
  /** Aborts when the sink closes, ending waits in progress. */
  readonly closed: AbortSignal
  readonly url: () => string
}

/** A request as the admin API returns it: JSON all through, binary bodies in base64. */
export interface RequestJson {
  /** As {@link RecordedRequest.id}. */
  readonly id: number
  /** As {@link RecordedRequest.method}. */
  readonly method: string
  /** As {@link RecordedRequest.url}. */
  readonly url: string
  /** As {@link RecordedRequest.path}. */
  readonly path: string
  /** As {@link RecordedRequest.query}. */
  readonly query: RecordedRequest['query']
  /** As {@link RecordedRequest.headers}. */
  readonly headers: RecordedRequest['headers']
  /** The parsed body; binary bodies are in `bodyBase64` instead. */
  readonly body: unknown
  /** As {@link RecordedRequest.bodyKind}. */
  readonly bodyKind: RecordedRequest['bodyKind']
  /** A binary body, base64-encoded. */
  readonly bodyBase64?: string
  /** As {@link RecordedRequest.jsonError}. */
  readonly jsonError?: string
  /** When it arrived, as an ISO 8601 string. */
  readonly arrivedAt: string
  /** As {@link RecordedRequest.remoteAddress}. */
  readonly remoteAddress: string
  /** As {@link RecordedRequest.remotePort}. */
  readonly remotePort: number
  /** As {@link RecordedRequest.reply}. */
  readonly reply: RecordedRequest['reply']
}

const MAX_WAIT_MS = 10 * 60_000

class BadRequest extends Error {}

/**
 * The admin API, for tests in other processes and languages. Under the prefix:
 * `GET /health`; `GET /requests?match=<json>` lists; `DELETE /requests` empties the journal;
 * `GET|POST /wait` (`match`, `count` or `exactly`, `timeout`) answers 200 with the requests once
 * they arrive, or 504 with the reason at the timeout; `POST /replies` (`{ match, reply, times }`)
 * adds a rule; `DELETE /replies` removes them; `POST /reset` does both deletes.
 *
 * @example
 * ```ts
 * const handle = adminHandler({ journal, routes, prefix: '/__patiently', maxBodyBytes, closed, url })
 * ```
 */
export function adminHandler(
  parts: AdminParts,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { journal, routes, prefix } = parts
  return async (req, res) => {
    const target = new URL(req.url ?? '/', 'http://sink.invalid')
    const route = `${req.method ?? 'GET'} ${target.pathname.slice(prefix.length) || '/'}`
    try {
      const read = await readBody(req, parts.maxBodyBytes)
      if (read.state === 'aborted') return
      if (read.state === 'too-large')
        throw new BadRequest(`the body is over ${parts.maxBodyBytes} bytes`)
      const input = { ...fromQuery(target.searchParams), ...fromJson(read.raw) }
      switch (route) {
        case 'GET /health':
          return json(res, 200, { ok: true, url: parts.url(), requests: journal.entries.length })
        case 'GET /requests': {
          const matcher = toMatcher(toMatch(input['match']))
          const list = journal.entries.filter((r) => matcher.test(r))
          return json(res, 200, { requests: list.map(toJson), dropped: journal.dropped })
        }
        case 'DELETE /requests':
          journal.clear()
          return json(res, 200, { ok: true })
        case 'GET /wait':
        case 'POST /wait':
          return await wait(parts, input, req, res)
        case 'POST /replies': {
          const times = input['times'] === undefined ? Infinity : Number(input['times'])
          if (!(Number.isInteger(times) && times >= 1) && times !== Infinity) {
            invalid('times', 'a whole number of at least 1', shown(input['times']))
          }
          const reply = checkReply(toReply(input['reply']))
          const added = routes.add(toMatcher(toMatch(input['match'])), reply, times)
          return json(res, 201, { rule: added.description })
        }
        case 'DELETE /replies':
          routes.clear()
          return json(res, 200, { ok: true })
        case 'POST /reset':
          routes.clear()
          journal.clear()
          return json(res, 200, { ok: true })
        default:
          return json(res, 404, { error: `no admin endpoint ${route} under ${prefix}` })
      }
    } catch (error) {
      const client = error instanceof BadRequest || error instanceof TypeError
      if (res.headersSent || res.destroyed) return
      json(res, client ? 400 : 500, { error: client ? error.message : describeError(error) })
    }
  }
}

async function wait(
  parts: AdminParts,
  input: Record<string, unknown>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const base = received(parts.journal, toMatcher(toMatch(input['match'])))
  const count = input['count']
  const exactly = input['exactly']
  const condition =
    exactly !== undefined
      ? base.exactly(Number(exactly))
      : count !== undefined
        ? base.count(Number(count))
        : base.all()
  const timeout = input['timeout'] ?? '5s'
  const timeoutMs = toMs(
    typeof timeout === 'string' && /^\d+$/.test(timeout) ? Number(timeout) : timeout,
    'timeout',
  )
  if (timeoutMs > MAX_WAIT_MS) invalid('timeout', 'at most 10 minutes', timeout)
  // A client that hangs up ends its wait, as does closing the sink.
  const gone = new AbortController()
  res.once('close', () => gone.abort())
  const signal = AbortSignal.any([parts.closed, gone.signal])
  const result = await serverSide.until(condition).atMost(timeoutMs).signal(signal).result()
  if (result.passed) json(res, 200, { requests: result.value.map(toJson) })
  else json(res, 504, { error: result.error.message })
  req.resume()
}

function fromQuery(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of params) {
    if (key === 'match') out[key] = parse(value, 'the match parameter')
    else out[key] = value
  }
  if (params.has('method') || params.has('path')) {
    const match: Record<string, unknown> = { ...(out['match'] as object | undefined) }
    if (params.has('method')) match['method'] = params.get('method')
    if (params.has('path')) match['path'] = params.get('path')
    out['match'] = match
    delete out['method']
    delete out['path']
  }
  return out
}

function fromJson(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {}
  const value = parse(raw.toString('utf8'), 'the request body')
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequest('the request body must be a JSON object')
  }
  return value as Record<string, unknown>
}

function parse(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new BadRequest(`${what} is not valid JSON: ${describeError(error)}`)
  }
}

function toMatch(value: unknown): RequestMatch | undefined {
  if (value === undefined) return undefined
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequest(
      'match must be a JSON object such as {"method":"POST","path":"/callbacks"}',
    )
  }
  return value
}

function toReply(value: unknown): Reply {
  if (value === undefined) return {}
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequest('reply must be a JSON object such as {"status":503}')
  }
  return value
}

/**
 * A recorded request as plain JSON.
 *
 * @example
 * ```ts
 * JSON.stringify(toJson(request))
 * ```
 */
export function toJson(request: RecordedRequest): RequestJson {
  const binary = request.bodyKind === 'binary'
  return {
    id: request.id,
    method: request.method,
    url: request.url,
    path: request.path,
    query: request.query,
    headers: request.headers,
    body: binary ? null : (request.body ?? null),
    bodyKind: request.bodyKind,
    ...(binary ? { bodyBase64: request.rawBody.toString('base64') } : {}),
    ...(request.jsonError === undefined ? {} : { jsonError: request.jsonError }),
    arrivedAt: request.arrivedAt.toISOString(),
    remoteAddress: request.remoteAddress,
    remotePort: request.remotePort,
    reply: request.reply,
  }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
  res.end(JSON.stringify(value))
}
