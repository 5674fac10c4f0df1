import type { IncomingMessage } from 'node:http'

/**
 * A request body as read: `complete`, `too-large` (past the limit; the rest is discarded), or
 * `aborted` (the client went away first; `raw` holds what had arrived).
 */
export interface ReadBody {
  readonly raw: Buffer
  readonly state: 'complete' | 'too-large' | 'aborted'
}

const EMPTY = Buffer.alloc(0)

/**
 * Reads a request body up to `maxBytes`. Never rejects: a body over the limit (declared or
 * streamed) and a client that goes away each settle with their own state.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<ReadBody> {
  return new Promise((resolve) => {
    let settled = false
    const settle = (body: ReadBody): void => {
      if (settled) return
      settled = true
      resolve(body)
    }
    const chunks: Buffer[] = []
    let size = 0
    const tooLarge = (): void => {
      chunks.length = 0
      // Keep reading and discarding, so the client can finish sending and read the 413.
      req.on('data', () => undefined)
      settle({ raw: EMPTY, state: 'too-large' })
    }
    // An aborted upload emits 'error'; without a listener it would crash the process.
    req.on('error', () => settle({ raw: Buffer.concat(chunks), state: 'aborted' }))
    req.on('close', () => settle({ raw: Buffer.concat(chunks), state: 'aborted' }))
    if (Number(req.headers['content-length']) > maxBytes) {
      tooLarge()
      return
    }
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size <= maxBytes) {
        chunks.push(chunk)
        return
      }
      req.off('data', onData)
      tooLarge()
    }
    req.on('data', onData)
    req.on('end', () => settle({ raw: Buffer.concat(chunks), state: 'complete' }))
  })
}
