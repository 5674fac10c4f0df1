import { condition } from '../core/probe.js'
import { startHttpSink } from '../http/sink.js'
import { toJson } from '../http/json.js'
import type { RecordedRequest } from '../http/request.js'
import type { RequestMatch } from '../http/match.js'
import type { Checks, Listen } from './args.js'
import type { Target } from './target.js'

/**
 * The `receive` target: starts an HTTP sink and passes once `--count` requests matching
 * `--method`, `--path` and `--json` have arrived; prints them as JSON.
 */
export async function receiveTarget(
  listen: Listen,
  checks: Checks,
  note: (line: string) => void,
): Promise<Target> {
  const sink = await startHttpSink({ host: listen.host, port: listen.port })
  const match: RequestMatch = {
    ...(listen.method === undefined ? {} : { method: listen.method }),
    ...(listen.path === undefined ? {} : { path: listen.path }),
    ...(checks.json === undefined ? {} : { body: checks.json.pattern }),
  }
  const many = listen.count > 1
  const one = sink.received(match)
  const received = many ? one.count(listen.count) : one
  const what = `${received.describe()} on ${sink.url}`
  note(`listening on ${sink.url}`)
  return {
    text: 'receive',
    // The sink's own condition, named with the sink's address; what it saw and how it shows a
    // request are its own, so a failure says which requests arrived and why they did not match.
    condition: condition((context) => received(context), {
      describe: () => what,
      subscribe: (wake, subscription) => received.subscribe(wake, subscription),
      seen: () => received.seen(),
      show: (value) => (received.show as ((v: unknown) => string) | undefined)?.(value) ?? '',
    }),
    data: (value) =>
      many ? (value as readonly RecordedRequest[]).map(toJson) : toJson(value as RecordedRequest),
    prints: true,
    close: () => sink.close(),
  }
}
