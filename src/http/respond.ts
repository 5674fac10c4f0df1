import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Plan } from './reply.js'

const GARBAGE = 'HTTP/1.1 ??? Not a status line\r\n\u0000\u0001 not a header\r\n\r\n'

/**
 * Sends a planned reply: after its delay, the fault or the response, dribbled if asked. Every
 * timer it sets is cleared when the response closes, so `close()` leaves nothing behind.
 */
export function send(plan: Plan, req: IncomingMessage, res: ServerResponse): void {
  const timers = new Set<NodeJS.Timeout>()
  const later = (action: () => void, ms: number): void => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      if (!res.destroyed) action()
    }, ms)
    timers.add(timer)
  }
  res.once('close', () => {
    for (const timer of timers) clearTimeout(timer)
    timers.clear()
  })
  if (plan.delayMs > 0) later(() => answer(plan, req, res, later), plan.delayMs)
  else answer(plan, req, res, later)
}

function answer(
  plan: Plan,
  req: IncomingMessage,
  res: ServerResponse,
  later: (action: () => void, ms: number) => void,
): void {
  const socket = req.socket
  const headers = toOutgoing(plan.headers)
  switch (plan.fault) {
    case 'reset':
      socket.resetAndDestroy()
      return
    case 'close':
      socket.destroy()
      return
    case 'hang':
      return
    case 'malformed':
      socket.end(GARBAGE)
      return
    case 'truncate': {
      const promised = Math.max(plan.body.length, 2)
      res.writeHead(plan.status, { ...headers, 'content-length': String(promised) })
      res.write(plan.body.subarray(0, Math.floor(promised / 2)), () => socket.destroy())
      return
    }
    default:
      break
  }
  const dribble = plan.dribble
  if (!dribble || plan.body.length === 0) {
    res.writeHead(plan.status, headers).end(plan.body)
    return
  }
  res.writeHead(plan.status, { ...headers, 'content-length': String(plan.body.length) })
  let sent = 0
  const next = (): void => {
    const chunk = plan.body.subarray(sent, sent + dribble.bytes)
    sent += chunk.length
    if (sent >= plan.body.length) res.end(chunk)
    else res.write(chunk, () => later(next, dribble.everyMs))
  }
  next()
}

function toOutgoing(headers: Plan['headers']): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(headers)) {
    out[name] = typeof value === 'string' ? value : [...value]
  }
  return out
}
