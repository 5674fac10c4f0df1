import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the proxy saw. */
export interface Call {
  /** `ReceiveMessage`, `PurgeQueue`, `ListTopics`, ... */
  readonly action: string
  /** The SQS JSON input, or the SNS form fields. */
  readonly input: Record<string, unknown>
  /** Still waiting for its response. */
  open: boolean
  /** The client closed the connection before the response was complete. */
  aborted: boolean
  /** The proxy answered an AWS error itself instead of forwarding. */
  refused: boolean
}

/** Behaviours of AWS that fauxqs lacks, played by the proxy. */
export interface ProxyOptions {
  /** Answer `PurgeQueueInProgress` to a purge of a queue purged less than this long ago (AWS: 60 s). */
  readonly purgeCooldownMs?: number
  /** Split ListTopics answers into pages of this many topics (AWS: 100). */
  readonly topicsPerPage?: number
}

/** An HTTP proxy in front of the endpoint that records every call. */
export interface Proxy {
  readonly url: string
  readonly calls: Call[]
  /** The calls of one action, in order. */
  of(action: string): Call[]
  stop(): Promise<void>
}

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function parse(
  req: IncomingMessage,
  raw: Buffer,
): { action: string; input: Record<string, unknown> } {
  const target = req.headers['x-amz-target']
  if (typeof target === 'string') {
    const input = raw.length > 0 ? (JSON.parse(raw.toString()) as Record<string, unknown>) : {}
    return { action: target.split('.').pop() ?? target, input }
  }
  const input = Object.fromEntries(new URLSearchParams(raw.toString()))
  return { action: input['Action'] ?? 'unknown', input }
}

function paginate(xml: string, nextToken: unknown, size: number): string {
  const members = xml.match(/<member>[\s\S]*?<\/member>/g) ?? []
  const start = typeof nextToken === 'string' ? Number(nextToken) : 0
  const page = members.slice(start, start + size).join('')
  const more = start + size < members.length ? `<NextToken>${start + size}</NextToken>` : ''
  return xml.replace(/<Topics>[\s\S]*<\/Topics>/, `<Topics>${page}</Topics>${more}`)
}

/** Starts a recording proxy to `target` on a free port of 127.0.0.1. */
export async function startProxy(target: string, options: ProxyOptions = {}): Promise<Proxy> {
  const upstream = new URL(target)
  const calls: Call[] = []
  const purged = new Map<unknown, number>()

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await body(req)
    const call: Call = { ...parse(req, raw), open: true, aborted: false, refused: false }
    calls.push(call)
    res.on('close', () => {
      call.aborted = !res.writableFinished
      call.open = false
    })
    if (call.action === 'PurgeQueue' && options.purgeCooldownMs !== undefined) {
      const last = purged.get(call.input['QueueUrl'])
      if (last !== undefined && performance.now() - last < options.purgeCooldownMs) {
        call.refused = true
        res.writeHead(400, {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-query-error': 'AWS.SimpleQueueService.PurgeQueueInProgress;Sender',
        })
        res.end(
          JSON.stringify({
            __type: 'com.amazonaws.sqs#PurgeQueueInProgress',
            message: 'Only one PurgeQueue operation on the queue is allowed every 60 seconds.',
          }),
        )
        return
      }
      purged.set(call.input['QueueUrl'], performance.now())
    }
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        if (call.action === 'ListTopics' && options.topicsPerPage !== undefined) {
          const size = options.topicsPerPage
          void body(answer).then((xml) => {
            const text = paginate(xml.toString(), call.input['NextToken'], size)
            const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(text)) }
            res.writeHead(answer.statusCode ?? 500, headers)
            res.end(text)
          })
          return
        }
        res.writeHead(answer.statusCode ?? 500, answer.headers)
        answer.pipe(res)
      },
    )
    res.on('close', () => forward.destroy())
    forward.on('error', () => res.destroy())
    forward.end(raw)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    of: (action) => calls.filter((c) => c.action === action),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
