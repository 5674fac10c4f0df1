import { expect, test } from 'vitest'
import { cli, finished, masked } from './support/cli.js'
import { freePort, moments, tcpServer } from './support/servers.js'

const random = moments(5432)

test('wait passes once a TCP port opened late accepts a connection', async () => {
  const port = await freePort()
  const run = cli(['wait', `tcp:127.0.0.1:${port}`, '--at-most', '20s'])
  await new Promise((resolve) => setTimeout(resolve, 200 + random() * 1500))
  await tcpServer(port)
  const { code } = await run.exited
  expect(code).toBe(0)
  expect(masked(run.stderr)).toBe(`✓ tcp:127.0.0.1:${port} passed after T (N attempts)\n`)
})

test('a port nobody listens on times out with the connection error', async () => {
  const port = await freePort()
  const { code, stderr } = await finished(['wait', `tcp:127.0.0.1:${port}`, '--at-most', '500ms'])
  expect(code).toBe(1)
  expect(masked(stderr)).toBe(
    `✗ Timed out after T waiting for a connection to 127.0.0.1:${port} (atMost T, N attempts).\n` +
      `  last error:  Error: connect ECONNREFUSED 127.0.0.1:${port} (the same error N times)\n`,
  )
})

test('a tcp target without a port is bad usage', async () => {
  const { code, stderr } = await finished(['wait', 'tcp:localhost'])
  expect(code).toBe(2)
  expect(stderr).toBe(
    "patiently: Expected `target` to be tcp:host:port, such as tcp:localhost:5432 or tcp:[::1]:5432, got 'tcp:localhost'\n" +
      'Run `patiently --help` for usage.\n',
  )
})
