import { expect, test } from 'vitest'
import { cli, finished, listening, masked } from './support/cli.js'

const post = (url: string, body: unknown): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

test('receive waits for a matching inbound request and prints it as JSON on stdout', async () => {
  const run = cli([
    'wait',
    'receive',
    '--port',
    '0',
    '--method',
    'post',
    '--path',
    '/hooks/:id',
    '--json',
    '{"status":"done"}',
  ])
  const url = await listening(run, 'stderr')
  await post(`${url}/hooks/7`, { status: 'pending' })
  await post(`${url}/other`, { status: 'done' })
  expect((await post(`${url}/hooks/7?try=2`, { status: 'done', id: 7 })).status).toBe(200)
  const { code } = await run.exited
  expect(code).toBe(0)
  const printed = JSON.parse(run.stdout) as Record<string, unknown>
  expect(printed).toMatchObject({
    method: 'POST',
    url: '/hooks/7?try=2',
    path: '/hooks/7',
    query: { try: '2' },
    body: { status: 'done', id: 7 },
    bodyKind: 'json',
  })
  expect(masked(run.stderr)).toBe(`listening on ${url}\n✓ receive passed after T (N attempts)\n`)
})

test('never catches a second request within the window', async () => {
  const run = cli([
    'never',
    'receive',
    '--port',
    '0',
    '--path',
    '/charge',
    '--count',
    '2',
    '--for',
    '20s',
  ])
  const url = await listening(run, 'stderr')
  await post(`${url}/charge`, { amount: 5 })
  await post(`${url}/charge`, { amount: 5 })
  const { code } = await run.exited
  expect(code).toBe(1)
  expect(masked(run.stderr)).toContain(
    `✗ Expected a request to /charge (at least 2 times) on ${url} never to happen within T, but it did after T (attempt N).\n`,
  )
  expect(run.stdout).toBe('')
})

test('never passes when only one request arrives in the window', async () => {
  const run = cli([
    'never',
    'receive',
    '--port',
    '0',
    '--path',
    '/charge',
    '--count',
    '2',
    '--for',
    '1500ms',
  ])
  const url = await listening(run, 'stderr')
  await post(`${url}/charge`, { amount: 5 })
  const { code } = await run.exited
  expect(code).toBe(0)
  expect(masked(run.stderr)).toBe(`listening on ${url}\n✓ receive did not pass in T (N attempts)\n`)
})

test('a receive that times out says which requests arrived and why each did not match', async () => {
  const run = cli([
    'wait',
    'receive',
    '--port',
    '0',
    '--path',
    '/x',
    '--json',
    '{"a":1}',
    '--at-most',
    '3s',
  ])
  const url = await listening(run, 'stderr')
  await post(`${url}/x`, { a: 2 })
  const { code } = await run.exited
  expect(code).toBe(1)
  expect(masked(run.stderr)).toBe(
    `listening on ${url}\n` +
      `✗ Timed out after T waiting for a request to /x with body matching { a: 1 } on ${url} (atMost T, N attempts).\n` +
      '  still:       1 request arrived, none matched. It was:\n' +
      '    POST /x: body.a: expected 1, got 2\n',
  )
})

test('a bad target after receive is bad usage before the sink listens', async () => {
  const { code, stdout, stderr } = await finished([
    'wait',
    'receive',
    '--port',
    '0',
    'tcp:localhost',
  ])
  expect(code).toBe(2)
  expect(stdout).toBe('')
  expect(stderr).toBe(
    "patiently: Expected `target` to be tcp:host:port, such as tcp:localhost:5432 or tcp:[::1]:5432, got 'tcp:localhost'\n" +
      'Run `patiently --help` for usage.\n',
  )
})
