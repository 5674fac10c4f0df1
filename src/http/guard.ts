import { mimeOf } from './request.js'
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { invalid } from '../core/validate.js'

/** Who may use the admin API, besides loopback names. */
export interface Guard {
  /** Host names allowed besides loopback; `.example.test` allows the name and its subdomains. */
  readonly allowedHosts: readonly string[]
  /** The bearer token every admin request must carry, if set. */
  readonly token: string | undefined
  /** The interface the sink listens on: a Host naming it is allowed too. */
  readonly listening: string
}

/** Why an admin request is refused: the status and the words for the client. */
export interface Refusal {
  readonly status: number
  readonly error: string
  readonly headers?: Readonly<Record<string, string>>
}

const LOOPBACK = 'loopback names (localhost, *.localhost, 127.0.0.0/8, [::1])'
const READS = new Set(['GET', 'HEAD'])

/**
 * Decides whether an admin request may go on: a web page in the developer's browser can reach a
 * loopback port too, through a cross-site "simple" request (no preflight: GET or a `text/plain`
 * POST) or through DNS rebinding (a name the attacker controls that now points at 127.0.0.1).
 * The Host check stops rebinding, since the page's own name is in `Host`; the Origin check
 * stops cross-site requests, which browsers label with the page's origin; requiring
 * `application/json` for anything but GET and HEAD forces a preflight the sink never answers;
 * the token keeps out everyone who was not told it, which matters once the sink listens beyond
 * loopback. `undefined` means the request may go on.
 */
export function refusal(req: IncomingMessage, guard: Guard): Refusal | undefined {
  const hostHeader = req.headers.host
  const host = hostHeader === undefined ? undefined : normalHost(hostHeader)
  if (host === undefined || !hostAllowed(host.name, guard)) {
    return {
      status: 403,
      error:
        hostHeader === undefined
          ? 'the admin API needs a Host header'
          : `the admin API does not answer to Host ${JSON.stringify(hostHeader)}: only ${LOOPBACK}, the address the sink listens on and allowedHosts (--allowed-hosts) may reach it`,
    }
  }
  const origin = req.headers.origin
  if (origin !== undefined && !originAllowed(origin, host.host, guard)) {
    return {
      status: 403,
      error: `the admin API refuses requests from the web page at ${JSON.stringify(origin)}: only pages from its own origin (http://${host.host}) or from allowedHosts may call it`,
    }
  }
  if (guard.token !== undefined && !tokenMatches(req.headers.authorization, guard.token)) {
    return {
      status: 401,
      error: "the admin API needs the sink's token: send Authorization: Bearer <token>",
      headers: { 'www-authenticate': 'Bearer realm="patiently-sink"' },
    }
  }
  const method = req.method ?? 'GET'
  const type = mimeOf(req.headers['content-type'])
  if (!READS.has(method) && type !== 'application/json') {
    return {
      status: 415,
      error: `the admin API takes ${method} requests only with Content-Type: application/json, got ${type === '' ? 'none' : JSON.stringify(type)}`,
    }
  }
  return undefined
}

/**
 * Whether a host name (no port) is a loopback name or address: `localhost`, `*.localhost`,
 * 127.0.0.0/8 or `::1` (with or without brackets).
 */
export function isLoopback(name: string): boolean {
  const normal = normalHost(name.includes(':') && !name.startsWith('[') ? `[${name}]` : name)
  if (normal === undefined) return false
  const n = normal.name
  return n === 'localhost' || n.endsWith('.localhost') || n === '[::1]' || /^127(\.\d+){3}$/.test(n)
}

/**
 * Checks the `allowedHosts` option: host names without a port, `.example.test` for a name and
 * its subdomains. Returns them in lower case.
 */
export function checkAllowedHosts(value: unknown, option: string): string[] {
  const expected = "a list of host names without ports, such as ['sink.internal', '.example.test']"
  if (!Array.isArray(value)) invalid(option, expected, value)
  return value.map((name: unknown) => {
    if (
      typeof name !== 'string' ||
      !/^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$|^\[[0-9A-Fa-f:.]+\]$/.test(name)
    ) {
      invalid(option, expected, name)
    }
    return name.toLowerCase()
  })
}

/**
 * Checks the `token` option: visible ASCII characters, no spaces, so it fits in a header.
 */
export function checkToken(value: unknown, option: string): string {
  if (typeof value !== 'string' || !/^[\x21-\x7e]+$/.test(value)) {
    // The value is a secret: name what is wrong with it, never show it.
    const shown = typeof value === 'string' ? 'a string (not shown: it is a secret)' : undefined
    invalid(option, 'a non-empty string of visible ASCII characters without spaces', value, shown)
  }
  return value
}

// `name` without the port (lower case, IPv6 in brackets, IPv4 and IPv6 in their usual form);
// `host` with the port, as an Origin would carry it. Anything but a plain name or address, such
// as `evil.test@127.0.0.1`, is no host at all.
function normalHost(value: string): { name: string; host: string } | undefined {
  if (!/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(value)) return undefined
  try {
    const url = new URL(`http://${value}`)
    return { name: url.hostname.replace(/\.$/, ''), host: url.host }
  } catch {
    return undefined
  }
}

function hostAllowed(name: string, guard: Guard): boolean {
  if (isLoopback(name)) return true
  const listening = normalHost(
    guard.listening.includes(':') ? `[${guard.listening}]` : guard.listening,
  )
  if (listening !== undefined && listening.name === name && !isWildcard(listening.name)) {
    return true
  }
  return listed(name, guard.allowedHosts)
}

function listed(name: string, allowedHosts: readonly string[]): boolean {
  return allowedHosts.some((allowed) =>
    allowed.startsWith('.')
      ? name === allowed.slice(1) || name.endsWith(allowed)
      : name === allowed,
  )
}

function isWildcard(name: string): boolean {
  return name === '0.0.0.0' || name === '[::]'
}

function originAllowed(origin: string, host: string, guard: Guard): boolean {
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false
  }
  if (url.protocol === 'http:' && url.host === host) return true
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    listed(url.hostname, guard.allowedHosts)
  )
}

function tokenMatches(authorization: string | undefined, token: string): boolean {
  const given = /^Bearer +(\S+)$/i.exec(authorization ?? '')?.[1]
  if (given === undefined) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}
