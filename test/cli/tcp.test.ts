import { getEventListeners } from 'node:events'
import { expect, test } from 'vitest'
import { tcpTarget } from '../../src/cli/tcp.js'
import { cli, finished, masked } from './support/cli.js'
import { pause } from './support/scratch.js'
import { freePort, moments, tcpServer } from './support/servers.js'

const random = moments(5432)

test('wait passes once a TCP port opened late accepts a connection', async () => {
  const port = await freePort()
  const run = cli(['wait', `tcp:127.0.0.1:${port}`, '--at-most', '20s'])
  await pause(200 + random() * 1500)
  await tcpServer(port)
  const { code } = await run.exited
  expect(code).toBe(0)
  expect(masked(run.stderr)).toBe(`✓ tcp:127.0.0.1:${port} passed after T (N attempts)\n`)
})

test('a port nobody listens on times out with the connection error', async () => {
  const port = await freePort()
  // Many attempts: a listener left behind by each would show as a MaxListenersExceededWarning.
  const { code, stderr } = await finished([
    'wait',
    `tcp:127.0.0.1:${port}`,
    '--at-most',
    '1s',
    '--every',
    '10ms',
  ])
  expect(code).toBe(1)
  // The final check at the deadline may be cut short, which adds a line: these two are always there.
  expect(masked(stderr)).toContain(
    `✗ Timed out after T waiting for a connection to 127.0.0.1:${port} (atMost T, N attempts).\n`,
  )
  expect(masked(stderr)).toContain(`  last error:  Error: connect ECONNREFUSED 127.0.0.1:${port}\n`)
  expect(stderr).not.toContain('Warning')
})

test('a tcp target without a port is bad usage', async () => {
  const { code, stderr } = await finished(['wait', 'tcp:localhost'])
  expect(code).toBe(2)
  expect(stderr).toBe(
    "patiently: Expected `target` to be tcp:host:port, such as tcp:localhost:5432 or tcp:[::1]:5432, got 'tcp:localhost'\n" +
      'Run `patiently --help` for usage.\n',
  )
})

test("many attempts over one wait leave no listener on the wait's signal", async () => {
  const port = await freePort()
  const text = `tcp:127.0.0.1:${port}`
  const { condition } = tcpTarget({ kind: 'tcp', text, host: '127.0.0.1', port })
  const wait = new AbortController()
  const listeners: number[] = []
  for (let attempt = 1; attempt <= 50; attempt++) {
    const trying = condition({ signal: wait.signal, attempt, mode: 'until' })
    listeners.push(getEventListeners(wait.signal, 'abort').length)
    await expect(trying).rejects.toThrow('ECONNREFUSED')
    listeners.push(getEventListeners(wait.signal, 'abort').length)
  }
  // One while an attempt runs, none once it has ended: never one more per attempt.
  expect(listeners).toEqual(Array.from({ length: 50 }, () => [1, 0]).flat())
})
