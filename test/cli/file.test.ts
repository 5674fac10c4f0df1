import { writeFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { cli, finished, masked } from './support/cli.js'
import { pause, scratch } from './support/scratch.js'

const inTemp = scratch()

test('wait passes once a file written late has the JSON content asked for', async () => {
  const file = inTemp('status.json')
  const run = cli(['wait', `file:${file}`, '--json', '{"phase":"done"}', '--at-most', '20s'])
  await pause(500)
  writeFileSync(file, '{"phase":"running"}')
  await pause(500)
  writeFileSync(file, '{"phase":"done","took":12}')
  const { code } = await run.exited
  expect(code).toBe(0)
  expect(masked(run.stderr)).toBe(`✓ file:${file} passed after T (N attempts)\n`)
})

test('a file that never appears times out with the reason', async () => {
  const file = inTemp('never.txt')
  const { code, stderr } = await finished([
    'wait',
    `file:${file}`,
    '--body',
    'ok',
    '--at-most',
    '600ms',
    '--every',
    '10ms',
  ])
  expect(code).toBe(1)
  // The final check at the deadline may be cut short, which adds a line: these two are always there.
  expect(masked(stderr)).toContain(
    `✗ Timed out after T waiting for file ${file} with a content containing "ok" (atMost T, N attempts).\n`,
  )
  expect(masked(stderr)).toContain(
    `  last error:  Error: ENOENT: no such file or directory, open '${file}'\n`,
  )
  expect(stderr).not.toContain('Warning')
})
