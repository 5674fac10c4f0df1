import { expect, test } from 'vitest'
import { reporter, type Io } from '../../src/cli/report.js'

const recording = (live: boolean): Io & { text: string } => {
  const io = {
    text: '',
    out: () => {},
    err: (text: string) => (io.text += text),
    live,
    columns: 80,
  }
  return io
}

test('lines: one summary per target as it settles; a failure is the whole message', () => {
  const io = recording(false)
  const report = reporter('wait', ['tcp:db:5432', 'http://api/health'], io, 'lines')
  report.settled(1, { state: 'passed', elapsedMs: 1250, attempts: 3, data: undefined })
  report.settled(0, {
    state: 'failed',
    elapsedMs: 2000,
    attempts: 20,
    message: 'Timed out.\n  last error:  no',
  })
  report.close()
  expect(io.text).toBe(
    '✓ http://api/health passed after 1.25 s (3 attempts)\n✗ Timed out.\n  last error:  no\n',
  )
})

test('quiet: failures only', () => {
  const io = recording(false)
  const report = reporter('never', ['a', 'b'], io, 'quiet')
  report.settled(0, { state: 'passed', elapsedMs: 1000, attempts: 10, data: undefined })
  report.settled(1, {
    state: 'failed',
    elapsedMs: 500,
    attempts: 5,
    message: 'Expected b never to happen.',
  })
  expect(io.text).toBe('✗ Expected b never to happen.\n')
})

test('live: attempt marks on each line while running, then the final lines in their place', () => {
  const io = recording(true)
  const report = reporter('wait', ['a', 'b'], io, 'live')
  report.attempt(0, { attempt: 1, outcome: 'fail', startedMs: 0, elapsedMs: 1, durationMs: 1 })
  report.attempt(0, { attempt: 2, outcome: 'cut', startedMs: 0, elapsedMs: 1, durationMs: 1 })
  report.settled(1, { state: 'passed', elapsedMs: 10, attempts: 1, data: undefined })
  const running = io.text.split('\x1b[2K')
  expect(running.at(-2)).toMatch(/^… a {2}✗~ {2}\d+ ms\n$/)
  expect(running.at(-1)).toBe('✓ b passed after 10 ms (1 attempt)\n')
  report.settled(0, { state: 'cancelled', elapsedMs: 20, attempts: 2, why: 'interrupted' })
  report.close()
  expect(
    io.text.endsWith(
      '\x1b[2F\x1b[2K- a stopped after 20 ms (2 attempts): interrupted\n\x1b[2K✓ b passed after 10 ms (1 attempt)\n',
    ),
  ).toBe(true)
})
