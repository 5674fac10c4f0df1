import { writeFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { until } from '../../src/index.js'
import { cli, finished, listening, masked } from './support/cli.js'
import { gone, pause, pidIn, scratch } from './support/scratch.js'
import { freePort, tcpServer } from './support/servers.js'

const inTemp = scratch()

test('bad usage exits 2 with a message that names the flag', async () => {
  const { code, stdout, stderr } = await finished(['wait', 'tcp:localhost:1', '--every', 'soon'])
  expect(code).toBe(2)
  expect(stdout).toBe('')
  expect(stderr).toBe(
    "patiently: Expected `--every` to be a non-negative number of milliseconds (at most 24 days) or a duration such as '250ms', '3s', '1m', got 'soon'\n" +
      'Run `patiently --help` for usage.\n',
  )
})

test('a deadline PATIENTLY_TIME_FACTOR stretches past what a timer holds is bad usage too', async () => {
  const { code, stderr } = await finished(['wait', 'tcp:localhost:1', '--at-most', '1h'], {
    PATIENTLY_TIME_FACTOR: '1000',
  })
  expect(code).toBe(2)
  expect(stderr).toBe(
    'patiently: Expected `--at-most` × `PATIENTLY_TIME_FACTOR` to be at most 2147483647 ms (about 24.8 days, the longest timer JavaScript keeps), got 1 h 0 m × 1000 = 41 d 16 h\n' +
      'Run `patiently --help` for usage.\n',
  )
})

test('--help prints the usage on stdout and exits 0', async () => {
  const { code, stdout } = await finished(['--help'])
  expect(code).toBe(0)
  expect(stdout).toMatch(/^Usage:\n {2}patiently wait <target>\.\.\./)
})

test('all targets run in parallel; wait passes when every one has passed', async () => {
  const [a, b] = [await freePort(), await freePort()]
  await tcpServer(a)
  await tcpServer(b)
  const { code, stderr } = await finished(['wait', `tcp:127.0.0.1:${a}`, `tcp:127.0.0.1:${b}`])
  expect(code).toBe(0)
  expect(masked(stderr).split('\n').sort()).toEqual(
    [
      '',
      `✓ tcp:127.0.0.1:${a} passed after T (N attempts)`,
      `✓ tcp:127.0.0.1:${b} passed after T (N attempts)`,
    ].sort(),
  )
})

test('the first target to fail stops the others, and --output json says how each ended', async () => {
  const { code, stdout, stderr } = await finished([
    'wait',
    'cmd:exit 1',
    'cmd:sleep 30',
    '--at-most',
    '500ms',
    '--output',
    'json',
  ])
  expect(code).toBe(1)
  expect(stderr).toBe('')
  const result = JSON.parse(stdout) as { passed: boolean; targets: Record<string, unknown>[] }
  expect(result.passed).toBe(false)
  // Both reach the same deadline; which one fails first there depends on the machine's load
  // (a command's last check may need longer than one turn of the event loop to spawn). Whichever
  // it is, it is reported as failed, and the other as cancelled because of it.
  expect(result.targets.map((t) => t['target'])).toEqual(['cmd:exit 1', 'cmd:sleep 30'])
  const failed = result.targets.filter((t) => t['state'] === 'failed')
  const cancelled = result.targets.filter((t) => t['state'] === 'cancelled')
  expect([failed.length, cancelled.length]).toEqual([1, 1])
  expect(failed[0]?.['message']).toMatch(
    /^Timed out after .* waiting for `(exit 1|sleep 30)` exiting 0/,
  )
  expect(cancelled[0]?.['why']).toBe('another target failed')
})

test('always fails at the first attempt that does not pass', async () => {
  const flag = inTemp('up')
  const run = cli(['always', `cmd:test ! -e ${flag}`, '--for', '20s'])
  await pause(500)
  writeFileSync(flag, '')
  const { code } = await run.exited
  expect(code).toBe(1)
  expect(masked(run.stderr)).toMatch(
    new RegExp(
      `^✗ Expected \`test ! -e ${flag}\` exiting 0 to hold for all of T, but it failed after T \\(attempt N\\)\\.\n`,
    ),
  )
})

test("the command after -- runs once the wait passes, and its exit status is the CLI's", async () => {
  const port = await freePort()
  await tcpServer(port)
  const { code, stdout } = await finished([
    'wait',
    `tcp:127.0.0.1:${port}`,
    '--quiet',
    '--',
    process.execPath,
    '-e',
    'console.log("tests run"); process.exit(3)',
  ])
  expect(code).toBe(3)
  expect(stdout).toBe('tests run\n')
})

test('Ctrl-C (SIGINT) exits 130 and leaves no command running', async () => {
  const pids = inTemp('pids')
  const run = cli(['wait', `cmd:sleep 60 & echo $! > ${pids}; wait`, '--at-most', '60s'])
  const pid = await pidIn(pids, 'the command to write the pid of its background sleep')
  run.child.kill('SIGINT')
  const { code } = await run.exited
  expect(code).toBe(130)
  expect(masked(run.stderr)).toBe(
    `- cmd:sleep 60 & echo $! > ${pids}; wait stopped after T (N attempts): interrupted\n`,
  )
  await until(() => gone(pid))
    .atMost('10s')
    .as(`the background sleep (pid ${pid}) to be gone`)
})

test('patiently sink runs the HTTP sink with its admin API until SIGTERM', async () => {
  const run = cli(['sink', '--port', '0'])
  const url = await listening(run, 'stdout')
  expect((await fetch(`${url}/__patiently/health`)).status).toBe(200)
  run.child.kill('SIGTERM')
  expect((await run.exited).code).toBe(0)
})

test('patiently sink exits 2 on a bad argument, naming it', async () => {
  const { code, stderr } = await finished(['sink', '--port', 'nope'])
  expect(code).toBe(2)
  expect(stderr).toBe("patiently sink: Expected `--port` to be a whole number, got 'nope'\n")
})

test('Ctrl-C during the command after -- is passed on to it, and leaves it not running', async () => {
  const port = await freePort()
  await tcpServer(port)
  const pidFile = inTemp('after')
  const script = `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`
  const run = cli(['wait', `tcp:127.0.0.1:${port}`, '--', process.execPath, '-e', script])
  const pid = await pidIn(pidFile, 'the command after -- to write its pid')
  run.child.kill('SIGINT')
  const { code } = await run.exited
  // Ended by SIGINT: 128 + 2, as a shell reports it.
  expect(code).toBe(130)
  expect(gone(pid)).toBe(true)
})
