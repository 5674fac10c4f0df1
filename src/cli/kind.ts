import { invalid } from '../core/validate.js'

/** The kinds of target, by how they are written. */
export type Kind = 'http' | 'tcp' | 'file' | 'cmd' | 'sqs' | 'receive'

/** The kind of a target as written on the command line; throws a TypeError for anything else. */
export function kindOf(target: string): Kind {
  if (/^https?:\/\//i.test(target)) return 'http'
  if (target === 'receive') return 'receive'
  const scheme = /^(tcp|file|cmd|sqs):./.exec(target)?.[1]
  if (scheme) return scheme as Kind
  return invalid(
    'target',
    'http://…, https://…, tcp:host:port, file:path, cmd:"command", sqs:QUEUE or receive',
    target,
  )
}
