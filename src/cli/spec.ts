import { invalid } from '../core/validate.js'
import { kindOf, type Kind } from './kind.js'

/**
 * A target as the command line gives it, checked: everything wrong with it is found when the
 * command line is parsed, before any target opens (a `receive` sink starts listening).
 */
export type TargetSpec =
  | { readonly kind: Exclude<Kind, 'tcp' | 'sqs'>; readonly text: string }
  | { readonly kind: 'tcp'; readonly text: string; readonly host: string; readonly port: number }
  | { readonly kind: 'sqs'; readonly text: string; readonly queue: string; readonly region: string }

/** Reads and checks one target; throws a TypeError that says what is wrong with it. */
export function readTarget(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): TargetSpec {
  const kind = kindOf(text)
  switch (kind) {
    case 'http':
      if (!URL.canParse(text)) invalid('target', 'a URL such as http://localhost:3000/health', text)
      return { kind, text }
    case 'tcp': {
      const address = /^tcp:(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text)
      const port = Number(address?.[3])
      if (!address || !(port >= 1 && port <= 65535)) {
        invalid('target', 'tcp:host:port, such as tcp:localhost:5432 or tcp:[::1]:5432', text)
      }
      return { kind, text, host: address[1] ?? address[2] ?? '', port }
    }
    case 'sqs': {
      const region = env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION']
      if (!region) {
        throw new TypeError(`${text} needs a region: set AWS_REGION (or AWS_DEFAULT_REGION)`)
      }
      return { kind, text, queue: text.slice('sqs:'.length), region }
    }
    default:
      return { kind, text }
  }
}
