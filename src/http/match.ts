import { dictionary } from '../shared/dictionary.js'
import { invalid } from '../core/validate.js'
import { short, stringify } from '../core/format.js'
import { reasons } from '../shared/received.js'
import { describePattern, matches, type Pattern } from '../core/pattern.js'
import type { RecordedRequest } from './request.js'

/**
 * Which requests to look at. Every field given must match; fields left out match anything.
 *
 * @example
 * ```ts
 * const match: RequestMatch = {
 *   method: 'POST',
 *   path: '/orders/:id/callbacks',
 *   query: { attempt: '1' },
 *   headers: { 'Content-Type': /json/ },
 *   body: { requestId: 'r-7', status: 'done' },
 * }
 * ```
 */
export interface RequestMatch {
  /** One method or several, any case. @default any method */
  readonly method?: string | readonly string[]
  /**
   * The path without the query string: exact (`'/callbacks'`), with `:name` segments
   * (`'/orders/:id'`), or a RegExp. @default any path
   */
  readonly path?: string | RegExp
  /** A subset of the query parameters; each value is a {@link Pattern}. @default any query */
  readonly query?: Readonly<Record<string, Pattern>>
  /** A subset of the headers, names in any case; each value is a {@link Pattern}. @default any headers */
  readonly headers?: Readonly<Record<string, Pattern>>
  /**
   * A deep-partial {@link Pattern} for the parsed body (JSON, form or text). An object or array
   * pattern also matches a body that parses as JSON whatever its `Content-Type` (`text/plain`
   * from a bare `fetch`, for one). @default any body
   */
  readonly body?: Pattern
}

/**
 * A {@link RequestMatch}, or its short form: `'POST /callbacks'` or `'/callbacks'`.
 *
 * @example
 * ```ts
 * sink.received('POST /orders/:id')
 * ```
 */
export type RequestSpec = RequestMatch | string

/** A compiled {@link RequestMatch}. */
export interface Matcher {
  test(request: RecordedRequest): boolean
  /** How many of the match's parts the request satisfies: for "closest" hints in messages. */
  score(request: RecordedRequest): number
  /** Why the request does not match: each part that fails, with what it expected and got. */
  explain(request: RecordedRequest): string[]
  describe(): string
}

// One part of a match (method, path, query, headers, body): whether a request satisfies it, and
// if not, why.
interface Part {
  readonly test: (request: RecordedRequest) => boolean
  readonly explain: (request: RecordedRequest) => string[]
}

const KEYS = new Set(['method', 'path', 'query', 'headers', 'body'])

/**
 * Compiles a request match, checking it eagerly: a mistake throws a TypeError that names the
 * field, at the line that made it.
 */
export function toMatcher(spec: RequestSpec | undefined): Matcher {
  const match = typeof spec === 'string' ? fromShortForm(spec) : (spec ?? {})
  if (match === null || typeof match !== 'object' || Array.isArray(match)) {
    invalid(
      'match',
      "an object such as { method, path, body } or a string such as 'POST /path'",
      spec,
    )
  }
  for (const key of Object.keys(match)) {
    if (!KEYS.has(key)) {
      invalid(
        'match',
        'an object with only method, path, query, headers and body (a predicate goes in `.where(...)`)',
        key,
      )
    }
  }
  const parts: Part[] = []
  const methods = toMethods(match.method)
  if (methods) {
    const expected = methods.join(' or ')
    parts.push({
      test: (r) => methods.includes(r.method),
      explain: (r) => [`method: expected ${expected}, got ${r.method}`],
    })
  }
  if (match.path !== undefined) {
    const path = toPath(match.path)
    const expected = stringify(match.path)
    parts.push({
      test: (r) => path.test(r.path),
      explain: (r) => [`path: expected ${expected}, got ${stringify(r.path)}`],
    })
  }
  if (match.query !== undefined) {
    const query = toRecordPattern(match.query, 'query', false)
    parts.push({
      test: (r) => matches(r.query, query),
      explain: (r) => reasons('query', r.query, query),
    })
  }
  if (match.headers !== undefined) {
    const headers = toRecordPattern(match.headers, 'headers', true)
    parts.push({
      test: (r) => matches(r.headers, headers),
      explain: (r) => reasons('headers', r.headers, headers),
    })
  }
  if ('body' in match && match.body !== undefined) {
    const body = match.body
    const structure = isStructure(body)
    parts.push({
      test: (r) => matches(r.body, body) || (structure && matchesAsJson(r, body)),
      // A body that parses as JSON is explained as JSON, whatever its declared type.
      explain: (r) => reasons('body', structure ? (jsonOf(r) ?? r.body) : r.body, body),
    })
  }
  const text = describeMatch(match, methods)
  return {
    test: (request) => parts.every((part) => part.test(request)),
    score: (request) => parts.filter((part) => part.test(request)).length,
    explain: (request) =>
      parts.filter((part) => !part.test(request)).flatMap((part) => part.explain(request)),
    describe: () => text,
  }
}

// An object or array pattern, the shapes a JSON body can take.
function isStructure(pattern: unknown): boolean {
  return (
    pattern !== null &&
    typeof pattern === 'object' &&
    !(pattern instanceof RegExp) &&
    !(pattern instanceof Date)
  )
}

// `fetch(url, { method: 'POST', body: JSON.stringify(x) })` declares text/plain: a body that
// parses as JSON is still JSON to an object pattern, whatever its declared type, while the
// recorded `body` and `bodyKind` keep what was declared. Parsed once per request.
const parsedJson = new WeakMap<RecordedRequest, { value: unknown } | undefined>()
const UNPARSED: ReadonlySet<string> = new Set([
  'json',
  'empty',
  'invalid-json',
  'too-large',
  'aborted',
])

function matchesAsJson(request: RecordedRequest, pattern: unknown): boolean {
  const parsed = parsedOf(request)
  return parsed !== undefined && matches(parsed.value, pattern)
}

function parsedOf(request: RecordedRequest): { value: unknown } | undefined {
  if (UNPARSED.has(request.bodyKind)) return undefined
  if (!parsedJson.has(request)) parsedJson.set(request, parseJson(request.text))
  return parsedJson.get(request)
}

// The body as JSON where it parses as such but was not declared so; otherwise undefined.
function jsonOf(request: RecordedRequest): unknown {
  return parsedOf(request)?.value
}

function parseJson(text: string): { value: unknown } | undefined {
  if (!/^\s*[[{]/.test(text)) return undefined
  try {
    return { value: JSON.parse(text) as unknown }
  } catch {
    return undefined
  }
}

function fromShortForm(spec: string): RequestMatch {
  const parts = spec.trim().split(/\s+/)
  if (parts.length === 1 && parts[0]?.startsWith('/')) return { path: parts[0] }
  if (parts.length === 2 && parts[1]?.startsWith('/'))
    return { method: parts[0] as string, path: parts[1] }
  return invalid(
    'match',
    "a path such as '/callbacks' or a method and path such as 'POST /callbacks'",
    spec,
  )
}

function toMethods(method: RequestMatch['method']): string[] | undefined {
  if (method === undefined) return undefined
  const list: readonly unknown[] = typeof method === 'string' ? [method] : method
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    list.some((m) => typeof m !== 'string' || !/^[A-Za-z-]+$/.test(m))
  ) {
    invalid('method', "an HTTP method such as 'POST', or a non-empty list of them", method)
  }
  return list.map((m) => String(m).toUpperCase())
}

function toPath(path: string | RegExp): { test(path: string): boolean } {
  // A global or sticky RegExp keeps state between tests; a copy without those flags does not.
  if (path instanceof RegExp) return new RegExp(path.source, path.flags.replace(/[gy]/g, ''))
  if (typeof path !== 'string' || !path.startsWith('/')) {
    invalid('path', "a string starting with '/' or a RegExp", path)
  }
  if (!path.includes('/:')) return { test: (p) => p === path }
  const source = path
    .split('/')
    .map((segment) =>
      segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/')
  const pattern = new RegExp(`^${source}$`)
  return { test: (p) => pattern.test(p) }
}

function toRecordPattern(
  value: unknown,
  field: string,
  lowerCaseKeys: boolean,
): Record<string, Pattern> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    invalid(field, 'an object of name → pattern', value)
  }
  // No prototype: a `__proto__` name is a name to look up, like any other.
  const out = dictionary<Pattern>()
  for (const [key, pattern] of Object.entries(value)) {
    out[lowerCaseKeys ? key.toLowerCase() : key] = pattern
  }
  return out
}

function describeMatch(match: RequestMatch, methods: string[] | undefined): string {
  const path = match.path === undefined ? undefined : String(match.path)
  const method = methods?.join('|')
  const head = method
    ? `${method} ${path ?? 'any path'}`
    : path
      ? `a request to ${path}`
      : 'any request'
  const parts: string[] = []
  if (match.query !== undefined) parts.push(`query ${describePattern(match.query)}`)
  if (match.headers !== undefined) parts.push(`headers ${describePattern(match.headers)}`)
  if ('body' in match && match.body !== undefined) parts.push(`body ${describePattern(match.body)}`)
  const last = parts.pop()
  const withText =
    last === undefined ? '' : ` with ${parts.length > 0 ? `${parts.join(', ')} and ` : ''}${last}`
  return `${head}${withText}`
}

/**
 * One request in a line, for messages: method, target and a short body.
 */
export function summarize(request: RecordedRequest): string {
  const head = `${request.method} ${request.url}`
  switch (request.bodyKind) {
    case 'empty':
      return head
    case 'binary':
      return `${head} (${request.rawBody.length} bytes)`
    case 'too-large':
      return `${head} (body too large, refused)`
    case 'aborted':
      return `${head} (aborted)`
    case 'invalid-json':
      return `${head} (invalid JSON) ${short(request.text)}`
    default:
      return `${head} ${short(request.body)}`
  }
}
