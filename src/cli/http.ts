import { formatMs } from '../core/duration.js'
import { condition } from '../core/probe.js'
import type { Checks, Request } from './args.js'
import { attemptSignal } from './attempt.js'
import { contentChecks } from './content.js'
import { plain, type Target } from './target.js'

/** What an http target passes with. */
export interface HttpAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
}

/**
 * An `http://` or `https://` target: each attempt sends the request, aborted after the request
 * timeout or at the end of the wait, whichever comes first, and checks the answer.
 */
export function httpTarget(url: string, checks: Checks, request: Request): Target {
  const status = checks.status ?? { test: (s: number) => s >= 200 && s <= 299, shown: '2xx' }
  const content = contentChecks(checks, 'body', true)
  const wants = [
    `answering ${status.shown}`,
    ...checks.headers.map(
      ([name, value]) => `with header ${name}${value ? ` ${value.shown}` : ''}`,
    ),
    ...content.wants,
  ]
  const what = `${request.method} ${url} ${wants.join(', ')}`
  const probe = async ({ signal }: { signal: AbortSignal }): Promise<HttpAnswer> => {
    const { res, text } = await send(url, request, signal)
    const headers: Record<string, string> = {}
    res.headers.forEach((value, name) => (headers[name] = value))
    if (!status.test(res.status)) {
      throw new Error(`answered ${res.status}, not ${status.shown}${preview(text)}`)
    }
    for (const [name, value] of checks.headers) {
      const got = headers[name]
      if (got === undefined) throw new Error(`answered ${res.status} without a ${name} header`)
      if (value && !value.test(got)) {
        throw new Error(`answered ${res.status} with ${name}: ${got}, not matching ${value.shown}`)
      }
    }
    const body = content.check(text)
    return { status: res.status, headers, body }
  }
  return plain(url, condition(probe, { describe: () => what }))
}

async function send(
  url: string,
  request: Request,
  signal: AbortSignal,
): Promise<{ res: Response; text: string }> {
  const attempt = attemptSignal(signal, request.timeoutMs)
  try {
    const res = await fetch(url, {
      method: request.method,
      headers: request.headers.map(([name, value]): [string, string] => [name, value]),
      ...(request.data === undefined ? {} : { body: request.data }),
      signal: attempt.signal,
    })
    return { res, text: await res.text() }
  } catch (error) {
    if (signal.aborted) throw error
    if (error instanceof Error && error.name === 'TimeoutError') {
      throw new Error(`no answer within --request-timeout ${formatMs(request.timeoutMs)}`)
    }
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, a TLS error) is its cause.
    const cause = error instanceof Error ? error.cause : undefined
    if (cause instanceof Error) throw new Error(cause.message, { cause: error })
    throw error
  } finally {
    attempt.release()
  }
}

// Part of the body, for a status that was not accepted: often the server's own explanation.
function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat === '') return ''
  return `: ${flat.length > 200 ? `${flat.slice(0, 200)}…` : flat}`
}
