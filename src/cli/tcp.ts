import { connect } from 'node:net'
import { condition } from '../core/probe.js'
import { attemptSignal } from './attempt.js'
import type { TargetSpec } from './spec.js'
import { plain, type Target } from './target.js'

/** A `tcp:host:port` target: passes when a connection is accepted, then closes it. */
export function tcpTarget(spec: Extract<TargetSpec, { kind: 'tcp' }>): Target {
  const { text, host, port } = spec
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
