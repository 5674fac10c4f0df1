import { dictionary, own } from '../shared/dictionary.js'
import type { IncomingHttpHeaders } from 'node:http'

/**
 * How the sink read a request's body: `json`, `form` (URL-encoded) and `text` are parsed into
 * `body`; `invalid-json` keeps the text in `body` and the parser's complaint in `jsonError`;
 * `binary` keeps the bytes; `too-large` was refused with 413; `aborted` never finished arriving.
 *
 * @example
 * ```ts
 * if (request.bodyKind === 'invalid-json') console.log(request.jsonError)
 * ```
 */
export type BodyKind =
  'empty' | 'json' | 'form' | 'text' | 'binary' | 'invalid-json' | 'too-large' | 'aborted'

/**
 * A way to break the answer, for testing a client's retry logic: `reset` the connection (TCP
 * RST), `close` it without answering, `hang` (never answer; the connection stays open until the
 * client or `close()` ends it), send a `malformed` response, or `truncate` the body (promise more
 * bytes than are sent, then close).
 *
 * @example
 * ```ts
 * sink.when({ path: '/charge' }).once().fault('reset')
 * ```
 */
export type Fault = 'reset' | 'close' | 'hang' | 'malformed' | 'truncate'

/**
 * What the sink answered (or chose to answer, while a delay runs) to a recorded request.
 *
 * @example
 * ```ts
 * expect(request.reply?.status).toBe(503)
 * ```
 */
export interface RecordedReply {
  /** The status sent; `undefined` when a fault cut the answer before a status line. */
  readonly status: number | undefined
  /** The response headers sent. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>
  /** The response body as UTF-8 text. */
  readonly body: string
  /** The fault that broke the answer, if any. */
  readonly fault: Fault | undefined
  /** How long the answer was held back, in ms. */
  readonly delayMs: number
  /** The reply rule that answered, in words, or `'default reply'`. */
  readonly rule: string
}

/**
 * One request in the sink's journal.
 *
 * @example
 * ```ts
 * const request = await until(sink.received({ path: '/callbacks' }))
 * request.body // { requestId: 'r-7', status: 'done' }
 * ```
 */
export interface RecordedRequest {
  /** 1 for the first request the sink saw, counting on across `clear()`. */
  readonly id: number
  /** Upper case: `POST`. */
  readonly method: string
  /** The request target as sent: path and query string. */
  readonly url: string
  /** The path without the query string, as sent (not percent-decoded). */
  readonly path: string
  /** Query parameters, decoded; a repeated name gives an array. A record without a prototype. */
  readonly query: Readonly<Record<string, string | readonly string[]>>
  /** Headers with lower-case names, as Node's `http` gives them. A record without a prototype. */
  readonly headers: Readonly<IncomingHttpHeaders>
  /** The body bytes exactly as received (empty when refused or aborted). */
  readonly rawBody: Buffer
  /** The body decoded as UTF-8. */
  readonly text: string
  /** The parsed body; see {@link BodyKind}. */
  readonly body: unknown
  /** How the body was parsed. */
  readonly bodyKind: BodyKind
  /** Why the body, declared JSON, did not parse. */
  readonly jsonError: string | undefined
  /** When the request finished arriving. */
  readonly arrivedAt: Date
  /** The client's address. */
  readonly remoteAddress: string
  /** The client's port: different ports mean different connections. */
  readonly remotePort: number
  /** What the sink answered; `undefined` for an aborted request. */
  readonly reply: RecordedReply | undefined
}

/** The parsed form of a body. */
export interface ParsedBody {
  readonly kind: BodyKind
  readonly body: unknown
  readonly jsonError: string | undefined
}

const TEXT_TYPES = /^(text\/|application\/(xml|javascript|graphql|x-ndjson)$)|\+xml$/

/**
 * Parses a complete body by its `Content-Type`: JSON (also `+json` types, and untyped bodies that
 * parse as JSON), URL-encoded forms, text; anything else stays bytes. Never throws.
 */
export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length === 0) return { kind: 'empty', body: undefined, jsonError: undefined }
  const mime = mimeOf(contentType)
  const text = raw.toString('utf8')
  const declaredJson = mime === 'application/json' || mime.endsWith('+json')
  if (declaredJson || (mime === '' && /^\s*[[{]/.test(text))) {
    try {
      return { kind: 'json', body: JSON.parse(text) as unknown, jsonError: undefined }
    } catch (error) {
      const complaint = error instanceof Error ? error.message : String(error)
      if (declaredJson) return { kind: 'invalid-json', body: text, jsonError: complaint }
    }
  }
  if (mime === 'application/x-www-form-urlencoded') {
    return { kind: 'form', body: toRecord(new URLSearchParams(text)), jsonError: undefined }
  }
  if (mime === '' || TEXT_TYPES.test(mime))
    return { kind: 'text', body: text, jsonError: undefined }
  return { kind: 'binary', body: raw, jsonError: undefined }
}

/**
 * Search parameters as a record; a repeated name gives an array. The record has no prototype, so
 * every name (`constructor`, `__proto__`) is kept as data.
 */
export function toRecord(params: URLSearchParams): Record<string, string | string[]> {
  const out = dictionary<string | string[]>()
  for (const [key, value] of params) {
    const seen = own(out, key)
    out[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]
  }
  return out
}

/** The media type of a `Content-Type` header, lower case, without its parameters. */
export function mimeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}
