import { parseArgs } from 'node:util'
import { formatMs } from '../core/duration.js'
import { invalid } from '../core/validate.js'
import { backoff, type Schedule } from '../core/schedule.js'
import { checkTimer, limitProblem, type LimitNames, type TimerNames } from '../core/wait.js'
import { resolve } from '../core/options.js'
import type { Kind } from './kind.js'
import { readTarget, type TargetSpec } from './spec.js'
import {
  duration,
  headerPair,
  json,
  statusCheck,
  textCheck,
  whole,
  type StatusCheck,
  type TextCheck,
} from './values.js'

/** `wait` waits for a pass; `never` fails on one; `always` fails on a failure. */
export type Command = 'wait' | 'never' | 'always'

/** When to try, and for how long. Every field is checked; unset ones keep the engine's default. */
export interface Timing {
  /** The deadline (wait) or the window (never, always). */
  readonly limitMs: number
  readonly every: Schedule
  readonly pollDelayMs: number | undefined
  readonly holdMs: number | undefined
  readonly inARow: number | undefined
  readonly atLeastMs: number | undefined
}

/** What passes: the checks on what a target answers. */
export interface Checks {
  readonly status: StatusCheck | undefined
  readonly json: { readonly pattern: unknown; readonly shown: string } | undefined
  readonly body: TextCheck | undefined
  readonly headers: readonly (readonly [string, TextCheck | undefined])[]
}

/** How an http target asks. */
export interface Request {
  readonly method: string
  readonly headers: readonly (readonly [string, string])[]
  readonly data: string | undefined
  readonly timeoutMs: number
}

/** Where the receive target listens, and what it waits for. */
export interface Listen {
  readonly port: number
  readonly host: string
  readonly method: string | undefined
  readonly path: string | undefined
  readonly count: number
}

/** How an sqs target reaches the queue. */
export interface Queue {
  readonly endpoint: string | undefined
  readonly consume: boolean
}

/** A command line, parsed and checked. */
export interface Invocation {
  readonly command: Command
  /** The targets as written. */
  readonly targets: readonly string[]
  /** The targets read and checked, in the same order. */
  readonly specs: readonly TargetSpec[]
  readonly timing: Timing
  readonly checks: Checks
  readonly request: Request
  readonly listen: Listen
  readonly queue: Queue
  readonly output: 'text' | 'json'
  readonly quiet: boolean
  /** The command to run after a successful wait, from after `--`. */
  readonly after: readonly string[]
}

const OPTIONS = {
  'at-most': { type: 'string' },
  for: { type: 'string' },
  every: { type: 'string' },
  backoff: { type: 'boolean' },
  'backoff-max': { type: 'string' },
  'poll-delay': { type: 'string' },
  'holds-for': { type: 'string' },
  'in-a-row': { type: 'string' },
  'at-least': { type: 'string' },
  status: { type: 'string' },
  json: { type: 'string' },
  body: { type: 'string' },
  header: { type: 'string', multiple: true },
  method: { type: 'string' },
  'request-header': { type: 'string', multiple: true },
  data: { type: 'string' },
  'request-timeout': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  path: { type: 'string' },
  count: { type: 'string' },
  endpoint: { type: 'string' },
  consume: { type: 'boolean' },
  output: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const

// Which targets each target-specific flag means something to.
const APPLIES: Partial<Record<keyof typeof OPTIONS, readonly Kind[]>> = {
  status: ['http'],
  json: ['http', 'file', 'sqs', 'receive'],
  body: ['http', 'file', 'cmd'],
  header: ['http'],
  method: ['http', 'receive'],
  'request-header': ['http'],
  data: ['http'],
  'request-timeout': ['http'],
  port: ['receive'],
  host: ['receive'],
  path: ['receive'],
  count: ['receive'],
  endpoint: ['sqs'],
  consume: ['sqs'],
}

// Which commands each timing flag means something to.
const ONLY: Partial<Record<keyof typeof OPTIONS, Command>> = {
  'at-most': 'wait',
  'holds-for': 'wait',
  'in-a-row': 'wait',
  'at-least': 'wait',
}

const COMMANDS: readonly string[] = ['wait', 'never', 'always']

const TIMER_FLAGS: TimerNames = { atMost: '--at-most', timeFactor: 'PATIENTLY_TIME_FACTOR' }

const LIMIT_FLAGS: LimitNames = {
  atMost: '--at-most',
  atLeast: '--at-least',
  holdsFor: '--holds-for',
  pollDelay: '--poll-delay',
  window: '--for window',
}

/** The result of parsing: a wait to run, or a request for help. */
export type Parsed = { readonly help: true } | ({ readonly help: false } & Invocation)

/**
 * Parses `patiently wait|never|always ...`; throws a TypeError that names the flag for anything
 * wrong, as the library does for its options. Every target is checked here, before any opens;
 * `env` gives an `sqs:` target its region.
 */
export function parse(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Parsed {
  const split = argv.indexOf('--')
  const own = split < 0 ? argv : argv.slice(0, split)
  const after = split < 0 ? [] : argv.slice(split + 1)
  const [command, ...rest] = own
  if (command === undefined || command === '-h' || command === '--help') return { help: true }
  if (!COMMANDS.includes(command)) {
    invalid('command', 'wait, never, always or sink', command)
  }
  const mode = command as Command
  const { values, positionals } = read(rest, mode)
  if (values.help) return { help: true }
  if (positionals.length === 0) {
    throw new TypeError(
      `Expected at least one target after \`patiently ${mode}\`, such as http://localhost:3000 or tcp:localhost:5432`,
    )
  }
  const specs = positionals.map((text) => readTarget(text, env))
  const kinds = specs.map((spec) => spec.kind)
  for (const [flag, targets] of Object.entries(APPLIES)) {
    if (
      values[flag as keyof typeof values] !== undefined &&
      !kinds.some((k) => targets.includes(k))
    ) {
      throw new TypeError(
        `\`--${flag}\` applies to ${targets.join(', ')} targets, and this command has none`,
      )
    }
  }
  if (kinds.filter((k) => k === 'receive').length > 1) {
    throw new TypeError('Expected at most one `receive` target: it listens on one --port')
  }
  if (after.length > 0 && mode !== 'wait') {
    throw new TypeError(
      `\`-- command\` runs after \`patiently wait\`, not after \`patiently ${mode}\``,
    )
  }
  if (values.output !== undefined && values.output !== 'json' && values.output !== 'text') {
    invalid('--output', "'json' or 'text'", values.output)
  }
  return {
    help: false,
    command: mode,
    targets: positionals,
    specs,
    timing: timing(mode, values),
    checks: {
      status: values.status === undefined ? undefined : statusCheck(values.status, '--status'),
      json:
        values.json === undefined
          ? undefined
          : { pattern: json(values.json, '--json'), shown: values.json },
      body: values.body === undefined ? undefined : textCheck(values.body, '--body'),
      headers: (values.header ?? []).map((text) => {
        const [name, value] = headerPair(text, '--header', false)
        return [name, value === '' ? undefined : textCheck(value, '--header')] as const
      }),
    },
    request: {
      method: method(values.method) ?? 'GET',
      headers: (values['request-header'] ?? []).map((h) => headerPair(h, '--request-header', true)),
      data: values.data,
      timeoutMs: duration(values['request-timeout'] ?? '10s', '--request-timeout'),
    },
    listen: {
      port: whole(values.port ?? '8080', '--port', 0, 65535),
      host: values.host ?? '127.0.0.1',
      method: method(values.method),
      path: path(values.path),
      count: whole(values.count ?? '1', '--count'),
    },
    queue: { endpoint: values.endpoint, consume: values.consume ?? false },
    output: values.output === 'json' ? 'json' : 'text',
    quiet: values.quiet ?? false,
    after,
  }
}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values']

function read(args: readonly string[], mode: Command): { values: Values; positionals: string[] } {
  try {
    return parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: true })
  } catch (error) {
    // Node's own advice here (put it after '--') would make it the command to run after.
    const unknown = (error as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    const flag = /'([^']+)'/.exec((error as Error).message)?.[1]
    if (unknown && flag) throw new TypeError(`Unknown flag \`${flag}\` for \`patiently ${mode}\``)
    throw error
  }
}

function timing(mode: Command, values: Values): Timing {
  for (const [flag, only] of Object.entries(ONLY)) {
    if (values[flag as keyof Values] !== undefined && only !== mode) {
      throw new TypeError(
        `\`--${flag}\` applies to \`patiently ${only}\`, not to \`patiently ${mode}\``,
      )
    }
  }
  if (mode === 'wait' && values.for !== undefined) {
    throw new TypeError(
      '`--for` applies to `patiently never` and `patiently always`; `patiently wait` takes `--at-most`',
    )
  }
  if (mode !== 'wait' && values.for === undefined) {
    throw new TypeError(
      `Expected \`--for\` with \`patiently ${mode}\`: how long to watch, such as --for 10s`,
    )
  }
  const every = duration(values.every ?? '100ms', '--every')
  const max = duration(values['backoff-max'] ?? '5s', '--backoff-max')
  if (values['backoff-max'] !== undefined && !values.backoff) {
    throw new TypeError('`--backoff-max` applies with `--backoff`, which was not given')
  }
  if (values.backoff && max < every)
    invalid('--backoff-max', `at least --every (${formatMs(every)})`, values['backoff-max'])
  const optional = <T>(text: string | undefined, read: (t: string) => T): T | undefined =>
    text === undefined ? undefined : read(text)
  const checked: Timing = {
    limitMs: duration(values.for ?? values['at-most'] ?? '30s', values.for ? '--for' : '--at-most'),
    every: values.backoff ? backoff({ initial: every, max }) : () => every,
    pollDelayMs: optional(values['poll-delay'], (t) => duration(t, '--poll-delay')),
    holdMs: optional(values['holds-for'], (t) => duration(t, '--holds-for')),
    inARow: optional(values['in-a-row'], (t) => whole(t, '--in-a-row')),
    atLeastMs: optional(values['at-least'], (t) => duration(t, '--at-least')),
  }
  // The library's own rules for limits that do not fit in the deadline, or in a timer once
  // PATIENTLY_TIME_FACTOR stretches it, in the flags' names.
  const waitMode = mode === 'wait' ? 'until' : mode
  const wrong = limitProblem(
    {
      mode: waitMode,
      limitMs: checked.limitMs,
      pollDelayMs: checked.pollDelayMs ?? 0,
      options: {
        atLeastMs: checked.atLeastMs ?? 0,
        holdMs: checked.holdMs ?? 0,
        pollDelaySet: checked.pollDelayMs !== undefined,
      },
    },
    LIMIT_FLAGS,
  )
  if (wrong) throw wrong
  checkTimer({ mode: waitMode, limitMs: checked.limitMs, defaults: resolve([]) }, TIMER_FLAGS)
  return checked
}

function method(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  if (!/^[A-Za-z]+$/.test(text)) invalid('--method', 'an HTTP method such as GET or POST', text)
  return text.toUpperCase()
}

function path(text: string | undefined): string | undefined {
  if (text !== undefined && !text.startsWith('/'))
    invalid('--path', "a path such as '/hooks/:id'", text)
  return text
}
