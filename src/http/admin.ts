import { dictionary } from '../shared/dictionary.js'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { systemClock } from '../core/clock.js'
import { patiently } from '../core/dsl.js'
import { toMs } from '../core/duration.js'
import { invalid, toCount } from '../core/validate.js'
import { describeError, got } from '../core/format.js'
import { readBody } from './body.js'
import { refusal, type Guard } from './guard.js'
import type { Journal } from '../shared/journal.js'
import { toMatcher, type RequestMatch } from './match.js'
import { receivedRequests } from './received.js'
import { toJson } from './json.js'
import { checkReply, type Reply } from './reply.js'
import type { RecordedRequest } from './request.js'
import type { Routes } from './routes.js'
import type { Received } from '../shared/received.js'
import type { Wait } from '../core/wait.js'

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
  readonly journal: Journal<RecordedRequest>
  readonly routes: Routes
  readonly prefix: string
  readonly maxBodyBytes: number
  /** Aborts when the sink closes, ending waits in progress. */
  readonly closed: AbortSignal
  readonly url: () => string
  /** Who may use it. */
  readonly guard: Guard
}

const MAX_WAIT_MS = 10 * 60_000
/** The most reply rules the sink holds for the admin API to add another. */
export const MAX_ADMIN_RULES = 1000

class BadRequest extends Error {}

/** An endpoint: the keys its JSON body takes; its query takes them too, but `reply`. */
interface Endpoint {
  readonly keys: readonly string[]
  readonly run: (input: Input, res: ServerResponse) => Promise<void> | void
}

type Input = Readonly<Record<string, unknown>>

const MATCH_KEYS = ['method', 'path', 'query', 'headers', 'body']
const SHORTCUTS = ['method', 'path']

/**
 * The admin API, for tests in other processes and languages. Under the prefix:
 * `GET /health`; `GET /requests?match=<json>` lists; `DELETE /requests` empties the journal;
 * `GET|POST /wait` (`match`, `count` or `exactly`, `timeout`) answers 200 with the requests once
 * they arrive, or 504 with the reason at the timeout; `GET|POST /never` (`match`, `count`, `for`)
 * answers 200 if no match arrives in the window, or 409 with the reason at once;
 * `POST /replies` (`{ match, reply, times }`) adds a rule; `DELETE /replies` removes them;
 * `POST /reset` does both deletes. Requests must pass the {@link refusal} checks first; unknown
 * keys and query parameters are refused with 400.
 */
export function adminHandler(
  parts: AdminParts,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { journal, routes, prefix } = parts
  const ok = (res: ServerResponse): void => json(res, 200, { ok: true })
  const endpoints: Readonly<Record<string, Endpoint>> = {
    'GET /health': {
      keys: [],
      run: (_, res) =>
        json(res, 200, { ok: true, url: parts.url(), requests: journal.entries.length }),
    },
    'GET /requests': {
      keys: ['match'],
      run: (input, res) => {
        const matcher = toMatcher(toMatch(input))
        const list = journal.entries.filter((r) => matcher.test(r))
        json(res, 200, { requests: list.map(toJson), dropped: journal.dropped })
      },
    },
    'DELETE /requests': {
      keys: [],
      run: (_, res) => {
        journal.clear()
        ok(res)
      },
    },
    'POST /wait': {
      keys: ['match', 'count', 'exactly', 'timeout'],
      run: (input, res) => wait(parts, input, res),
    },
    'POST /never': {
      keys: ['match', 'count', 'for'],
      run: (input, res) => never(parts, input, res),
    },
    'POST /replies': {
      keys: ['match', 'reply', 'times'],
      run: (input, res) => {
        const times = input['times'] === undefined ? Infinity : whole(input['times'], 'times', 1)
        const reply = checkReply(toReply(input['reply']))
        const matcher = toMatcher(toMatch(input))
        if (routes.size >= MAX_ADMIN_RULES) {
          return json(res, 409, {
            error: `the sink already holds ${MAX_ADMIN_RULES} reply rules, the most the admin API adds to: remove them with DELETE /replies or POST /reset first`,
          })
        }
        json(res, 201, { rule: routes.add(matcher, reply, times).description })
      },
    },
    'DELETE /replies': {
      keys: [],
      run: (_, res) => {
        routes.clear()
        ok(res)
      },
    },
    'POST /reset': {
      keys: [],
      run: (_, res) => {
        routes.clear()
        journal.clear()
        ok(res)
      },
    },
  }
  return async (req, res) => {
    const refused = refusal(req, parts.guard)
    if (refused) {
      req.resume()
      return json(res, refused.status, { error: refused.error }, refused.headers)
    }
    const target = new URL(req.url ?? '/', 'http://sink.invalid')
    const route = `${req.method ?? 'GET'} ${target.pathname.slice(prefix.length) || '/'}`
    const endpoint = Object.hasOwn(endpoints, route)
      ? endpoints[route]
      : route === 'GET /wait' || route === 'GET /never'
        ? endpoints[`POST ${route.slice(4)}`]
        : undefined
    try {
      const read = await readBody(req, parts.maxBodyBytes)
      if (read.state === 'aborted') return
      if (!endpoint) return json(res, 404, { error: `no admin endpoint ${route} under ${prefix}` })
      if (read.state === 'too-large')
        throw new BadRequest(`the body is over ${parts.maxBodyBytes} bytes`)
      const input = readInput(route, endpoint.keys, target.searchParams, read.raw)
      return await endpoint.run(input, res)
    } catch (error) {
      const client = error instanceof BadRequest || error instanceof TypeError
      if (res.headersSent || res.destroyed) return
      json(res, client ? 400 : 500, { error: client ? error.message : describeError(error) })
    }
  }
}

function wait(parts: AdminParts, input: Input, res: ServerResponse): Promise<void> {
  const base = requests(parts, input)
  const count = input['count']
  const exactly = input['exactly']
  if (count !== undefined && exactly !== undefined) {
    throw new BadRequest('count and exactly cannot be given together: choose one')
  }
  const condition =
    exactly === undefined ? atLeast(base, count) : base.exactly(whole(exactly, 'exactly', 0))
  const timeoutMs = duration(input['timeout'] ?? '5s', 'timeout')
  return answer(parts, res, serverSide.until(condition).atMost(timeoutMs), 504, (found) => ({
    requests: found.map(toJson),
  }))
}

function never(parts: AdminParts, input: Input, res: ServerResponse): Promise<void> {
  const base = requests(parts, input)
  const condition = atLeast(base, input['count'])
  const windowMs = duration(input['for'], 'for')
  return answer(parts, res, serverSide.during(windowMs).never(condition), 409, () => ({
    ok: true,
    requests: base.found().map(toJson),
  }))
}

// The requests the client's `match` (and its `method` and `path` shortcuts) takes.
function requests(parts: AdminParts, input: Input): Received<RecordedRequest> {
  return receivedRequests(parts.journal, toMatcher(toMatch(input)))
}

// `count` of them, or any.
function atLeast(
  base: Received<RecordedRequest>,
  count: unknown,
): Received<RecordedRequest, readonly RecordedRequest[]> {
  return count === undefined ? base.all() : base.count(whole(count, 'count', 1))
}

// Runs the wait for the client and answers: 200 with what `passed` makes of its value, or
// `failed` with the reason. A client that hangs up ends the wait, as does closing the sink.
async function answer<T>(
  parts: AdminParts,
  res: ServerResponse,
  wait: Wait<T>,
  failed: number,
  passed: (value: T) => unknown,
): Promise<void> {
  const gone = new AbortController()
  res.once('close', () => gone.abort())
  const result = await wait.signal(AbortSignal.any([parts.closed, gone.signal])).result()
  if (result.passed) json(res, 200, passed(result.value))
  else json(res, failed, { error: result.error.message })
}

function duration(value: unknown, option: string): number {
  const ms = toMs(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value, option)
  if (ms > MAX_WAIT_MS) invalid(option, 'at most 10 minutes', value)
  return ms
}

// A whole number from JSON or from a query string; anything else is named as it came.
function whole(value: unknown, option: string, least: number): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
  return toCount(n, option, least, Infinity, got(value))
}

// Every key a client sends is checked against what the endpoint takes, so a typo (`mach`) is a
// 400 that names it, never a wait that silently matches everything. Records have no prototype,
// so `__proto__` or `constructor` are keys like any other.
function readInput(
  route: string,
  keys: readonly string[],
  params: URLSearchParams,
  raw: Buffer,
): Input {
  const input = dictionary<unknown>()
  const queryKeys = keys.includes('match')
    ? [...keys.filter((k) => k !== 'reply'), ...SHORTCUTS]
    : keys.filter((k) => k !== 'reply')
  for (const key of new Set(params.keys())) {
    if (!queryKeys.includes(key)) {
      throw new BadRequest(
        `unknown query parameter ${JSON.stringify(key)} for ${route}; it takes ${list(queryKeys)}`,
      )
    }
    const values = params.getAll(key)
    if (values.length > 1) throw new BadRequest(`the query parameter ${key} is given twice`)
    const value = values[0] as string
    input[key] = key === 'match' ? parse(value, 'the match parameter') : value
  }
  const body = fromJson(raw)
  for (const key of Object.keys(body)) {
    if (!keys.includes(key)) {
      throw new BadRequest(
        `unknown key ${JSON.stringify(key)} in the body of ${route}; it takes ${list(keys)}`,
      )
    }
    input[key] = body[key]
  }
  return input
}

function list(keys: readonly string[]): string {
  if (keys.length === 0) return 'none'
  return keys.length === 1
    ? (keys[0] as string)
    : `${keys.slice(0, -1).join(', ')} and ${keys.at(-1) as string}`
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

// The match from `match` and the `method` and `path` shortcuts.
function toMatch(input: Input): RequestMatch | undefined {
  const value = input['match']
  if (
    value !== undefined &&
    (value === null || typeof value !== 'object' || Array.isArray(value))
  ) {
    throw new BadRequest(
      'match must be a JSON object such as {"method":"POST","path":"/callbacks"}',
    )
  }
  const match = dictionary<unknown>()
  for (const [key, field] of Object.entries(value ?? {})) {
    if (!MATCH_KEYS.includes(key)) {
      invalid('match', `an object with only ${list(MATCH_KEYS)}`, key)
    }
    // JSON.stringify turns a RegExp into {}: say so, rather than "a string or a RegExp".
    if (key === 'path' && typeof field !== 'string') {
      throw new BadRequest(
        `match.path must be a string such as "/callbacks" or "/orders/:id" (JSON cannot carry a RegExp), got ${JSON.stringify(field)}`,
      )
    }
    match[key] = field
  }
  for (const key of SHORTCUTS) if (input[key] !== undefined) match[key] = input[key]
  return value === undefined && Object.keys(match).length === 0 ? undefined : match
}

function toReply(value: unknown): Reply {
  if (value === undefined) return {}
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequest('reply must be a JSON object such as {"status":503}')
  }
  return value
}

function json(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(JSON.stringify(value))
}
