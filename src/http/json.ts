import type { RecordedRequest } from './request.js'

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

/**
 * A recorded request as plain JSON.
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
