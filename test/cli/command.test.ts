import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { until } from '../../src/index.js'
import { finished, masked } from './support/cli.js'
import { gone, scratch } from './support/scratch.js'

const inTemp = scratch()

test('wait passes once a command exits 0 with the stdout asked for', async () => {
  const count = inTemp('count')
  // Prints 1, 2, 3 ... on successive runs: passes on the third.
  const line = `n=$(($(cat ${count} 2>/dev/null || echo 0) + 1)); echo $n > ${count}; echo "run $n"`
  const { code, stderr } = await finished([
    'wait',
    `cmd:${line}`,
    '--body',
    '/run 3/',
    '--every',
    '50ms',
  ])
  expect(code).toBe(0)
  expect(masked(stderr)).toBe(`✓ cmd:${line} passed after T (N attempts)\n`)
  expect(readFileSync(count, 'utf8')).toBe('3\n')
})

test('a command still running at the deadline is killed, with what it started', async () => {
  const pids = inTemp('pids')
  const { code, ms, stderr } = await finished([
    'wait',
    `cmd:sleep 60 & echo $! > ${pids}; wait`,
    '--at-most',
    '3s',
  ])
  expect(code).toBe(1)
  expect(ms).toBeLessThan(30_000)
  expect(masked(stderr)).toContain('the last attempt was still running when the time ran out')
  const pid = Number(readFileSync(pids, 'utf8'))
  await until(() => gone(pid))
    .atMost('10s')
    .as(`the background sleep (pid ${pid}) to be gone`)
})

test('a failing command: the message has its exit code and the end of what it said', async () => {
  const { code, stderr } = await finished([
    'wait',
    'cmd:echo starting; echo "not ready" >&2; exit 3',
    '--at-most',
    '300ms',
  ])
  expect(code).toBe(1)
  expect(masked(stderr)).toBe(
    '✗ Timed out after T waiting for `echo starting; echo "not ready" >&2; exit 3` exiting 0 (atMost T, N attempts).\n' +
      '  last error:  Error: `echo starting; echo "not ready" >&2; exit 3` exited 3: not ready\n',
  )
})
