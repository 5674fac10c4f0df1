import { expect, test, vi } from 'vitest'
import { parse, type Invocation } from '../../src/cli/args.js'

const wrong = (...argv: string[]): string => {
  try {
    parse(argv)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error(`parse(${argv.join(' ')}) did not throw`)
}

const parsed = (...argv: string[]): Invocation => {
  const result = parse(argv)
  if (result.help) throw new Error('asked for help')
  return result
}

test('every usage mistake names the flag or the part of the command line', () => {
  expect(wrong('wiat', 'tcp:a:1')).toBe(
    "Expected `command` to be wait, never, always or sink, got 'wiat'",
  )
  expect(wrong('wait', 'tcp:a:1', '--timeout', '5s')).toBe(
    'Unknown flag `--timeout` for `patiently wait`',
  )
  expect(wrong('wait', 'tcp:a:1', '--every')).toBe("Option '--every <value>' argument missing")
  expect(wrong('wait')).toBe(
    'Expected at least one target after `patiently wait`, such as http://localhost:3000 or tcp:localhost:5432',
  )
  expect(wrong('wait', 'ftp://x')).toBe(
    'Expected `target` to be http://…, https://…, tcp:host:port, file:path, cmd:"command", sqs:QUEUE or receive, got \'ftp://x\'',
  )
  expect(wrong('wait', 'tcp:a:1', '--status', '200')).toBe(
    '`--status` applies to http targets, and this command has none',
  )
  expect(wrong('wait', 'http://a', '--status', '20')).toBe(
    "Expected `--status` to be a status such as 200, a list such as 200,204, or a range such as 200-299 or 2xx, got '20'",
  )
  expect(wrong('wait', 'http://a', '--json', '{ready:true}')).toBe(
    "Expected `--json` to be JSON, such as '{\"ready\":true}', got '{ready:true}'",
  )
  expect(wrong('wait', 'http://a', '--body', '/(/')).toBe(
    "Expected `--body` to be a valid regular expression (Invalid regular expression: /(/: Unterminated group), got '/(/'",
  )
  expect(wrong('wait', 'http://a', '--request-header', 'x-token')).toBe(
    "Expected `--request-header` to be a header such as 'content-type: application/json', got 'x-token'",
  )
  expect(wrong('wait', 'receive', '--port', '70000')).toBe(
    "Expected `--port` to be a whole number from 0 to 65535, got '70000'",
  )
  expect(wrong('wait', 'receive', '--path', 'hooks')).toBe(
    "Expected `--path` to be a path such as '/hooks/:id', got 'hooks'",
  )
  expect(wrong('wait', 'receive', 'receive')).toBe(
    'Expected at most one `receive` target: it listens on one --port',
  )
  expect(wrong('wait', 'tcp:a:1', '--in-a-row', '0')).toBe(
    "Expected `--in-a-row` to be a whole number of at least 1, got '0'",
  )
  expect(wrong('wait', 'tcp:a:1', '--output', 'yaml')).toBe(
    "Expected `--output` to be 'json' or 'text', got 'yaml'",
  )
})

test('every target is checked when the command line is parsed, before any opens', () => {
  expect(wrong('wait', 'receive', 'tcp:localhost')).toBe(
    "Expected `target` to be tcp:host:port, such as tcp:localhost:5432 or tcp:[::1]:5432, got 'tcp:localhost'",
  )
  expect(wrong('wait', 'http://')).toBe(
    "Expected `target` to be a URL such as http://localhost:3000/health, got 'http://'",
  )
  expect(() => parse(['wait', 'receive', 'sqs:orders'], {})).toThrow(
    new TypeError('sqs:orders needs a region: set AWS_REGION (or AWS_DEFAULT_REGION)'),
  )
  const { specs } = parsed('wait', 'tcp:[::1]:5432', 'receive')
  expect(specs).toEqual([
    { kind: 'tcp', text: 'tcp:[::1]:5432', host: '::1', port: 5432 },
    { kind: 'receive', text: 'receive' },
  ])
  const sqs = parse(['wait', 'sqs:orders'], { AWS_DEFAULT_REGION: 'eu-west-1' })
  expect(sqs.help ? [] : sqs.specs).toEqual([
    { kind: 'sqs', text: 'sqs:orders', queue: 'orders', region: 'eu-west-1' },
  ])
})

test('timing flags belong to their commands', () => {
  expect(wrong('never', 'tcp:a:1')).toBe(
    'Expected `--for` with `patiently never`: how long to watch, such as --for 10s',
  )
  expect(wrong('wait', 'tcp:a:1', '--for', '1s')).toBe(
    '`--for` applies to `patiently never` and `patiently always`; `patiently wait` takes `--at-most`',
  )
  expect(wrong('always', 'tcp:a:1', '--for', '1s', '--holds-for', '1s')).toBe(
    '`--holds-for` applies to `patiently wait`, not to `patiently always`',
  )
  expect(wrong('wait', 'tcp:a:1', '--backoff-max', '1s')).toBe(
    '`--backoff-max` applies with `--backoff`, which was not given',
  )
  expect(wrong('wait', 'tcp:a:1', '--backoff', '--every', '2s', '--backoff-max', '1s')).toBe(
    "Expected `--backoff-max` to be at least --every (2 s), got '1s'",
  )
  expect(wrong('wait', 'tcp:a:1', '--at-most', '1s', '--at-least', '2s')).toBe(
    'Expected `--at-least` to be at most --at-most (1 s), got 2 s',
  )
  expect(wrong('wait', 'tcp:a:1', '--holds-for', '40s')).toBe(
    'Expected `--holds-for` to be at most --at-most (30 s), got 40 s',
  )
  expect(wrong('wait', 'tcp:a:1', '--at-most', '500ms', '--poll-delay', '501')).toBe(
    'Expected `--poll-delay` to be at most the --at-most deadline (500 ms), got 501 ms',
  )
  expect(wrong('never', 'tcp:a:1', '--for', '500ms', '--poll-delay', '1s')).toBe(
    'Expected `--poll-delay` to be at most the --for window (500 ms), got 1 s',
  )
  expect(wrong('never', 'tcp:a:1', '--for', '1s', '--', 'npm', 'test')).toBe(
    '`-- command` runs after `patiently wait`, not after `patiently never`',
  )
})

test('a deadline that PATIENTLY_TIME_FACTOR makes too long for a timer is refused at parse, in the flag names', () => {
  vi.stubEnv('PATIENTLY_TIME_FACTOR', '1000')
  try {
    expect(() => parse(['wait', 'tcp:a:1', '--at-most', '1h'])).toThrow(
      new RangeError(
        'Expected `--at-most` × `PATIENTLY_TIME_FACTOR` to be at most 2147483647 ms (about 24.8 days, the longest timer JavaScript keeps), got 1 h 0 m × 1000 = 41 d 16 h',
      ),
    )
    expect(parse(['never', 'tcp:a:1', '--for', '1h'])).toMatchObject({ command: 'never' })
  } finally {
    vi.unstubAllEnvs()
  }
})

test('defaults: 30 s deadline, every 100 ms, 2xx, GET, a 10 s request timeout, port 8080, peek', () => {
  const invocation = parsed('wait', 'http://a')
  expect(invocation.timing.limitMs).toBe(30_000)
  expect(invocation.timing.every(1)).toBe(100)
  expect(invocation.request).toEqual({
    method: 'GET',
    headers: [],
    data: undefined,
    timeoutMs: 10_000,
  })
  expect(invocation.listen.port).toBe(8080)
  expect(invocation.queue.consume).toBe(false)
  expect(invocation.after).toEqual([])
})

test('--backoff doubles the interval from --every up to --backoff-max', () => {
  const { every } = parsed(
    'wait',
    'tcp:a:1',
    '--backoff',
    '--every',
    '100',
    '--backoff-max',
    '1s',
  ).timing
  expect([1, 2, 3, 4, 5, 6].map(every)).toEqual([100, 200, 400, 800, 1000, 1000])
})

test('what follows -- is the command to run after, untouched', () => {
  const invocation = parsed(
    'wait',
    'tcp:a:1',
    '--quiet',
    '--',
    'npm',
    'test',
    '--',
    '--watch=false',
  )
  expect(invocation.targets).toEqual(['tcp:a:1'])
  expect(invocation.quiet).toBe(true)
  expect(invocation.after).toEqual(['npm', 'test', '--', '--watch=false'])
})
