import { connect } from 'node:net'
import { invalid } from '../core/validate.js'
import { condition } from '../core/probe.js'
import { attemptSignal } from './attempt.js'
import { plain, type Target } from './target.js'

/** A `tcp:host:port` target: passes when a connection is accepted, then closes it. */
export function tcpTarget(text: string): Target {
  const address = /^tcp:(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text)
  const port = Number(address?.[3])
  if (!address || !(port >= 1 && port <= 65535)) {
    invalid('target', 'tcp:host:port, such as tcp:localhost:5432 or tcp:[::1]:5432', text)
  }
  const host = address[1] ?? address[2] ?? ''
  const probe = ({ signal }: { signal: AbortSignal }): Promise<{ host: string; port: number }> =>
    new Promise((resolve, reject) => {
      const attempt = attemptSignal(signal)
      const socket = connect({ host, port, signal: attempt.signal })
      socket.once('connect', () => {
        attempt.release()
        socket.destroy()
        resolve({ host, port })
      })
      socket.once('error', (error) => {
        attempt.release()
        reject(error)
      })
    })
  return plain(text, condition(probe, { describe: () => `a connection to ${text.slice(4)}` }))
}
