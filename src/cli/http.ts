import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { formatMs } from '../core/duration.js'
import { condition } from '../core/probe.js'
import type { Checks, Request } from './args.js'
import { attemptSignal } from './attempt.js'
import { contentChecks } from './content.js'
import { plain, type Target } from './target.js'
import { statusCheck } from './values.js'

/** What an http target passes with. */
interface HttpAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
}

/**
 * An `http://` or `https://` target: each attempt sends the request, aborted after the request
 * timeout or at the end of the wait, whichever comes first, and checks the answer.
 */
export function httpTarget(url: string, checks: Checks, request: Request): Target {
  const status = checks.status ?? statusCheck('2xx', '--status')
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
    const answer = await send(url, request, signal)
    const { headers, text } = answer
    if (!status.test(answer.status)) {
      throw new Error(`answered ${answer.status}, not ${status.shown}${preview(text)}`)
    }
    for (const [name, value] of checks.headers) {
      const got = headers[name]
      if (got === undefined) throw new Error(`answered ${answer.status} without a ${name} header`)
      if (value && !value.test(got)) {
        throw new Error(
          `answered ${answer.status} with ${name}: ${got}, not matching ${value.shown}`,
        )
      }
    }
    const body = content.check(text)
    return { status: answer.status, headers, body }
  }
  return plain(url, condition(probe, { describe: () => what }))
}

interface Answer {
  readonly status: number
  readonly headers: Record<string, string>
  readonly text: string
}

// node:http rather than fetch: fetch's parser is WebAssembly, and a process that has used it
// takes some 80 ms longer to exit while V8 finishes optimising it in the background.
async function send(url: string, request: Request, signal: AbortSignal): Promise<Answer> {
  const attempt = attemptSignal(signal, request.timeoutMs)
  try {
    return await new Promise<Answer>((resolve, reject) => {
      const target = new URL(url)
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest
      const headers = Object.fromEntries(request.headers)
      const req = send(
        target,
        { method: request.method, headers, signal: attempt.signal },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (text += chunk))
          res.on('error', reject)
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: flat(res.headers), text }),
          )
        },
      )
      req.on('error', reject)
      req.end(request.data)
    })
  } catch (error) {
    if (attempt.signal.aborted && !signal.aborted) {
      throw new Error(`no answer within --request-timeout ${formatMs(request.timeoutMs)}`)
    }
    throw error
  } finally {
    attempt.release()
  }
}

function flat(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

// Part of the body, for a status that was not accepted: often the server's own explanation.
function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat === '') return ''
  return `: ${flat.length > 200 ? `${flat.slice(0, 200)}…` : flat}`
}
