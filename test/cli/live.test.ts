import { expect, test } from 'vitest'
import { liveLine, redraw } from '../../src/cli/live.js'

test('a live line shows the target, its latest marks and the time so far', () => {
  const line = liveLine(
    { target: 'tcp:db:5432', marks: '✗✗~✓', elapsedMs: 1250, done: undefined },
    80,
  )
  expect(line).toBe('… tcp:db:5432  ✗✗~✓  1.25 s')
})

test('a live line never wraps: it is cut to the width of the terminal', () => {
  const line = liveLine(
    { target: 'http://a/'.repeat(20), marks: '✗', elapsedMs: 5, done: undefined },
    40,
  )
  expect([...line]).toHaveLength(40)
  expect(line.endsWith('…')).toBe(true)
})

test('once settled, a live line is the first line of its summary', () => {
  const done = '✗ Timed out after 1 s waiting for x.\n  last error:  Error: no'
  expect(liveLine({ target: 'x', marks: '✗', elapsedMs: 1000, done }, 80)).toBe(
    '✗ Timed out after 1 s waiting for x.',
  )
})

test('a redraw goes back up over the lines drawn before and clears each', () => {
  expect(redraw(['a', 'b'], 0)).toBe('\x1b[2Ka\n\x1b[2Kb\n')
  expect(redraw(['a', 'b'], 2)).toBe('\x1b[2F\x1b[2Ka\n\x1b[2Kb\n')
})
