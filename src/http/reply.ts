import { dictionary, put } from '../shared/dictionary.js'
import { toMs, type Duration } from '../core/duration.js'
import { invalid, toCount } from '../core/validate.js'
import { stringify } from '../core/format.js'
import type { Fault, RecordedRequest } from './request.js'

/**
 * A response body: a string or bytes are sent as they are; anything else is sent as JSON.
 *
 * @example
 * ```ts
 * const body: ReplyBody = { ok: true }
 * ```
 */
export type ReplyBody =
  | string
  | Uint8Array
  | number
  | boolean
  | null
  | readonly unknown[]
  | { readonly [key: string]: unknown }

/**
 * How the sink answers a request.
 *
 * @example
 * ```ts
 * const reply: Reply = { status: 202, headers: { 'Retry-After': '1' }, body: (r) => ({ echo: r.body }), delay: '100ms' }
 * ```
 */
export interface Reply {
  /** The status code. @default 200 */
  readonly status?: number
  /** Response headers. `Content-Type` defaults from the body: JSON, text or bytes. @default {} */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>
  /** The body, or a function of the request that returns it or a promise of it. @default empty */
  readonly body?: ReplyBody | ((request: RecordedRequest) => ReplyBody | PromiseLike<ReplyBody>)
  /** Wait this long before answering (or before the fault). @default 0 */
  readonly delay?: Duration
  /** Break the answer instead of sending it; see {@link Fault}. @default none */
  readonly fault?: Fault
  /** Send the body slowly: `bytes` at a time, one chunk `every` interval. @default all at once */
  readonly dribble?: {
    /** Bytes per chunk. */
    readonly bytes: number
    /** The pause between chunks. */
    readonly every: Duration
  }
}

/**
 * A reply, or a function of the request that returns one or a promise of one. The sink awaits
 * the promise (until it closes); a rejection or a value that is not a reply is answered with a
 * 500 that says why.
 *
 * @example
 * ```ts
 * sink.when('/echo').reply((request) => ({ status: 200, body: request.body as ReplyBody }))
 * sink.when('/later').reply(async () => ({ status: 503 }))
 * ```
 */
export type ReplyWith = Reply | ((request: RecordedRequest) => Reply | PromiseLike<Reply>)

/** A reply resolved for one request: everything the sender needs. */
export interface Plan {
  readonly status: number
  readonly headers: Record<string, string | readonly string[]>
  readonly body: Buffer
  readonly delayMs: number
  readonly fault: Fault | undefined
  readonly dribble: { readonly bytes: number; readonly everyMs: number } | undefined
}

const FAULTS: readonly Fault[] = ['reset', 'close', 'hang', 'malformed', 'truncate']
const KEYS = new Set(['status', 'headers', 'body', 'delay', 'fault', 'dribble'])

/**
 * Checks a reply eagerly and throws a TypeError naming the bad field. Function parts are
 * checked when called.
 */
export function checkReply(reply: ReplyWith): ReplyWith {
  if (typeof reply === 'function') return reply
  if (reply === null || typeof reply !== 'object' || Array.isArray(reply)) {
    invalid('reply', 'an object such as { status, headers, body } or a function', reply)
  }
  for (const key of Object.keys(reply)) {
    if (!KEYS.has(key)) {
      invalid('reply', 'an object with only status, headers, body, delay, fault and dribble', key)
    }
  }
  // Each field read once: what is checked is what is sent, whatever the object does later.
  const { status, headers, body, delay, fault, dribble } = reply
  const checked: { -readonly [K in keyof Reply]: Reply[K] } = {}
  if (status !== undefined) checked.status = toCount(status, 'status', 100, 599)
  if (headers !== undefined) checked.headers = checkHeaders(headers)
  if (body !== undefined) checked.body = body
  if (delay !== undefined) {
    toMs(delay, 'delay')
    checked.delay = delay
  }
  if (fault !== undefined) {
    if (!FAULTS.includes(fault)) {
      invalid('fault', `one of ${FAULTS.map((f) => `'${f}'`).join(', ')}`, fault)
    }
    checked.fault = fault
  }
  if (dribble !== undefined) checked.dribble = checkDribble(dribble)
  return Object.freeze(checked)
}

function checkHeaders(headers: unknown): NonNullable<Reply['headers']> {
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) {
    invalid('headers', 'an object of name → value', headers)
  }
  const copy = dictionary<string | readonly string[]>()
  for (const [name, value] of Object.entries(headers)) {
    const ok = (v: unknown): boolean => typeof v === 'string' && !/[\r\n]/.test(v)
    if (
      !/^[!#$%&'*+.^_`|~\w-]+$/.test(name) ||
      !(Array.isArray(value) ? value.every(ok) : ok(value))
    ) {
      invalid(
        'headers',
        'valid header names with string values (no line breaks)',
        `${name}: ${stringify(value)}`,
      )
    }
    put(
      copy,
      name,
      Array.isArray(value) ? Object.freeze([...(value as string[])]) : (value as string),
    )
  }
  return Object.freeze(copy)
}

function checkDribble(dribble: unknown): NonNullable<Reply['dribble']> {
  if (dribble === null || typeof dribble !== 'object') {
    invalid('dribble', 'an object such as { bytes: 1, every: 100 }', dribble)
  }
  for (const key of Object.keys(dribble)) {
    if (key !== 'bytes' && key !== 'every') {
      invalid('dribble', 'an object with only bytes and every', key)
    }
  }
  const { bytes, every } = dribble as { bytes?: unknown; every?: unknown }
  const checked = toCount(bytes, 'dribble.bytes')
  toMs(every, 'dribble.every')
  return Object.freeze({ bytes: checked, every: every as Duration })
}

/**
 * Resolves a reply for one request: calls the functions and awaits what they return, encodes the
 * body, fills in `Content-Type`. Rejects if a function throws, rejects or gives something invalid.
 * A fixed reply was checked by {@link checkReply} when its rule was added (or the sink started):
 * only what a function gives is checked here.
 */
export async function plan(reply: ReplyWith, request: RecordedRequest): Promise<Plan> {
  const resolved = typeof reply === 'function' ? given(await reply(request)) : reply
  const raw = typeof resolved.body === 'function' ? await resolved.body(request) : resolved.body
  if (typeof raw === 'function') invalid('body', 'a value, not a function', raw)
  // No prototype: a header named `__proto__` is a header like any other.
  const headers = dictionary<string | readonly string[]>()
  for (const [name, value] of Object.entries(resolved.headers ?? {}))
    headers[name.toLowerCase()] = value
  let body: Buffer
  let type: string | undefined
  if (raw === undefined) body = Buffer.alloc(0)
  else if (typeof raw === 'string') {
    body = Buffer.from(raw)
    type = 'text/plain; charset=utf-8'
  } else if (raw instanceof Uint8Array) {
    body = Buffer.from(raw)
    type = 'application/octet-stream'
  } else {
    const json: unknown = JSON.stringify(raw)
    if (typeof json !== 'string') invalid('body', 'a value JSON can encode', raw)
    body = Buffer.from(json)
    type = 'application/json'
  }
  if (type && headers['content-type'] === undefined) headers['content-type'] = type
  const dribble = resolved.dribble
  return {
    status: resolved.status ?? 200,
    headers,
    body,
    delayMs: resolved.delay === undefined ? 0 : toMs(resolved.delay, 'delay'),
    fault: resolved.fault,
    dribble: dribble && { bytes: dribble.bytes, everyMs: toMs(dribble.every, 'dribble.every') },
  }
}

// A function makes a rule, but is no answer: what a rule's function gives must be a reply object.
function given(reply: unknown): Reply {
  if (reply === null || typeof reply !== 'object' || Array.isArray(reply)) {
    invalid('reply', 'an object such as { status, headers, body }', reply)
  }
  return checkReply(reply) as Reply
}
