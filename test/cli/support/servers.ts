import { createServer, type Server, type ServerResponse, type IncomingMessage } from 'node:http'
import {
  createServer as createTcpServer,
  type AddressInfo,
  type Server as TcpServer,
} from 'node:net'
import { afterEach } from 'vitest'

const open = new Set<Server | TcpServer>()

afterEach(async () => {
  await Promise.all(
    [...open].map(
      (server) =>
        new Promise((resolve) => {
          if ('closeAllConnections' in server) server.closeAllConnections()
          server.close(resolve)
        }),
    ),
  )
  open.clear()
})

/** A free port on loopback, found by listening on port 0 and closing. */
export async function freePort(): Promise<number> {
  const server = createTcpServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** An HTTP server on `port`, closed after the test. */
export async function httpServer(
  port: number,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Server> {
  const server = createServer(handle)
  open.add(server)
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return server
}

/** A TCP server on `port` that accepts connections and says nothing, closed after the test. */
export async function tcpServer(port: number): Promise<TcpServer> {
  const server = createTcpServer((socket) => socket.destroy())
  open.add(server)
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return server
}

/** A delay from a seeded generator, so a failing run can be repeated with the same moments. */
export function moments(seed: number): () => number {
  let state = seed
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
