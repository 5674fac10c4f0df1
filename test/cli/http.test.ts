import { expect, test } from 'vitest'
import { cli, finished, masked } from './support/cli.js'
import { pause } from './support/scratch.js'
import { freePort, httpServer, moments } from './support/servers.js'

const random = moments(20261128)

test('wait passes once a server that starts at a random moment answers 2xx', async () => {
  const port = await freePort()
  const run = cli(['wait', `http://127.0.0.1:${port}/health`, '--at-most', '20s'])
  await pause(200 + random() * 1500)
  await httpServer(port, (_req, res) => res.end('ok'))
  const { code } = await run.exited
  expect(code).toBe(0)
  expect(masked(run.stderr)).toBe(`✓ http://127.0.0.1:${port}/health passed after T (N attempts)\n`)
  expect(run.stdout).toBe('')
})

test('a server that never answers: the request is aborted at the deadline, not at the request timeout', async () => {
  const port = await freePort()
  await httpServer(port, () => {})
  const { code, ms, stderr } = await finished([
    'wait',
    `http://127.0.0.1:${port}/`,
    '--at-most',
    '1500ms',
    '--request-timeout',
    '60s',
  ])
  expect(code).toBe(1)
  // Far below the 60 s request timeout, whatever the machine's load.
  expect(ms).toBeLessThan(30_000)
  expect(masked(stderr)).toBe(
    `✗ Timed out after T waiting for GET http://127.0.0.1:${port}/ answering 2xx (atMost T, N attempts).\n` +
      '  the last attempt was still running when the time ran out, and was abandoned\n',
  )
})

test('a request that takes longer than --request-timeout fails that attempt and says so', async () => {
  const port = await freePort()
  await httpServer(port, () => {})
  const { code, stderr } = await finished([
    'wait',
    `http://127.0.0.1:${port}/`,
    '--at-most',
    '3s',
    '--request-timeout',
    '300ms',
  ])
  expect(code).toBe(1)
  expect(masked(stderr)).toContain('  last error:  Error: no answer within --request-timeout T\n')
})

test('a server that answers the wrong JSON: the message shows the body it answered', async () => {
  const port = await freePort()
  await httpServer(port, (_req, res) => {
    res.setHeader('content-type', 'application/json')
    res.end('{"ready":false,"db":"starting"}')
  })
  const { code, stderr } = await finished([
    'wait',
    `http://127.0.0.1:${port}/ready`,
    '--json',
    '{"ready":true}',
    '--at-most',
    '1s',
    '--every',
    '20ms',
  ])
  expect(code).toBe(1)
  expect(masked(stderr)).toContain(
    `✗ Timed out after T waiting for GET http://127.0.0.1:${port}/ready answering 2xx, with a JSON body matching {"ready":true} (atMost T, N attempts).\n` +
      '  last error:  Error: the body { ready: false, db: "starting" } does not match --json {"ready":true}\n',
  )
  expect(stderr).not.toContain('Warning')
})

test('--status, --header, --body, --method, --request-header and --data shape and check the exchange', async () => {
  const port = await freePort()
  const seen: string[] = []
  await httpServer(port, (req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      seen.push(`${req.method} ${String(req.headers['x-token'])} ${body}`)
      res.statusCode = 202
      res.setHeader('x-state', 'warm')
      res.end('state: ready')
    })
  })
  const { code, stderr } = await finished([
    'wait',
    `http://127.0.0.1:${port}/jobs`,
    '--method',
    'post',
    '--request-header',
    'X-Token: t-1',
    '--data',
    'go',
    '--status',
    '200,202',
    '--header',
    'x-state: /^warm$/',
    '--body',
    '/ready$/',
  ])
  expect(code).toBe(0)
  expect(masked(stderr)).toBe(`✓ http://127.0.0.1:${port}/jobs passed after T (N attempts)\n`)
  expect(seen[0]).toBe('POST t-1 go')
})

test('a status outside --status fails with the status and the start of the body', async () => {
  const port = await freePort()
  await httpServer(port, (_req, res) => {
    res.statusCode = 503
    res.end('warming up')
  })
  const { code, stderr } = await finished([
    'wait',
    `http://127.0.0.1:${port}/`,
    '--at-most',
    '500ms',
  ])
  expect(code).toBe(1)
  expect(masked(stderr)).toContain('  last error:  Error: answered 503, not 2xx: warming up\n')
})
