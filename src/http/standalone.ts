import { parseArgs } from 'node:util'
import { invalid } from '../core/validate.js'
import { checkAllowedHosts, checkToken, isLoopback } from './guard.js'
import { checkPrefix } from './prefix.js'
import { startHttpSink, type HttpSink } from './sink.js'

/**
 * Where the standalone sink writes: `out` for its address, `err` for warnings; and the
 * environment it reads `PATIENTLY_SINK_TOKEN` from.
 *
 * @example
 * ```ts
 * const io: StandaloneIo = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) }
 * ```
 */
export interface StandaloneIo {
  /** Writes a line of normal output. */
  readonly out: (line: string) => void
  /** Writes a line of error output. */
  readonly err: (line: string) => void
  /** The environment. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>
}

const TOKEN_ENV = 'PATIENTLY_SINK_TOKEN'

const USAGE = `Usage: patiently-sink [options]

Runs an HTTP sink that records every request, with an admin API for tests in other processes.

Options:
  --port <n>             port to listen on; 0 picks a free one (default 8080)
  --host <address>       interface to listen on (default 127.0.0.1; anything else exposes the sink)
  --max-body-bytes <n>   refuse longer bodies with 413 (default 1048576)
  --max-requests <n>     journal length; older requests are dropped (default 1000)
  --admin-prefix <path>  where the admin API lives (default /__patiently)
  --allowed-hosts <list> host names the admin API answers to besides loopback names and the
                         address it listens on, comma-separated; .example.test allows subdomains
  --token <secret>       admin requests must send Authorization: Bearer <secret>; required
                         beyond loopback. Prefer the PATIENTLY_SINK_TOKEN environment variable,
                         which other users of the machine cannot see in the process list
  -h, --help             show this help

Admin API (under the prefix):
  GET    /health                      {"ok":true,"url":...}
  GET    /requests?match=<json>       recorded requests, oldest first
  DELETE /requests                    empty the journal
  GET    /wait?match=<json>&timeout=5s   wait for a match: 200 with the requests, 504 at the timeout
  POST   /wait     {"match":{...},"count":2,"timeout":"5s"}   the same with a JSON body
  POST   /never    {"match":{...},"for":"1s"}   200 if nothing matches for 1 s, 409 at the first match
  POST   /replies  {"match":{...},"reply":{"status":503},"times":1}   script a reply
  DELETE /replies                     remove every scripted reply
  POST   /reset                       both deletes

Admin requests need a loopback or allowed Host, no foreign Origin, and Content-Type:
application/json for anything but GET.`

const stdio: StandaloneIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}

/**
 * The `patiently-sink` command: parses the arguments, starts a sink with the admin API on, and
 * prints its address. Resolves with the running sink (`undefined` after `--help`); rejects with
 * a TypeError for a bad argument.
 *
 * @example
 * ```ts
 * const sink = await runStandalone(['--port', '0'])
 * await sink?.close()
 * ```
 */
export async function runStandalone(
  argv: readonly string[],
  io: StandaloneIo = stdio,
): Promise<HttpSink | undefined> {
  let values
  try {
    ;({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        'max-body-bytes': { type: 'string', default: '1048576' },
        'max-requests': { type: 'string', default: '1000' },
        'admin-prefix': { type: 'string', default: '/__patiently' },
        'allowed-hosts': { type: 'string', multiple: true, default: [] },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }))
  } catch (error) {
    throw new TypeError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`)
  }
  if (values.help) {
    io.out(USAGE)
    return undefined
  }
  const host = values.host
  const port = whole(values.port, '--port')
  const maxBodyBytes = whole(values['max-body-bytes'], '--max-body-bytes')
  const maxRequests = whole(values['max-requests'], '--max-requests')
  const admin = checkPrefix(values['admin-prefix'], '--admin-prefix')
  const allowedHosts = checkAllowedHosts(
    values['allowed-hosts'].flatMap((list) => list.split(',')),
    '--allowed-hosts',
  )
  const given = values.token ?? (io.env ?? process.env)[TOKEN_ENV]
  const token =
    given === undefined
      ? undefined
      : checkToken(given, values.token === undefined ? TOKEN_ENV : '--token')
  const beyondLoopback = !isLoopback(host)
  if (beyondLoopback && token === undefined) {
    throw new TypeError(
      `listening on ${host}, beyond loopback, the admin API needs a token: set ${TOKEN_ENV} (or pass --token), and send it as Authorization: Bearer <token>`,
    )
  }
  const sink = await startHttpSink({
    host,
    port,
    maxBodyBytes,
    maxRequests,
    admin,
    allowedHosts,
    ...(token === undefined ? {} : { token }),
  })
  if (beyondLoopback) {
    io.err(
      `patiently-sink: listening on ${host}, not loopback: anyone who can reach this machine can send requests to the sink; the admin API asks for the token`,
    )
  }
  io.out(`patiently-sink listening on ${sink.url} (admin API: ${sink.adminUrl ?? ''})`)
  return sink
}

function whole(text: string, option: string): number {
  if (!/^\d+$/.test(text)) invalid(option, 'a whole number', text)
  return Number(text)
}

/**
 * Runs the standalone sink as a command: until SIGINT or SIGTERM, then closes it and exits 0; a
 * bad argument prints `<name>: <reason>` and exits 2. `name` is how the command was called.
 */
export function serveFromCommandLine(argv: readonly string[], name: string): void {
  runStandalone([...argv]).then(
    (sink) => {
      if (!sink) return
      const stop = (): void => {
        void sink.close().then(() => process.exit(0))
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    },
    (error: unknown) => {
      process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = 2
    },
  )
}
