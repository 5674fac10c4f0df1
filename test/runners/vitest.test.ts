// The vitest integration, run for real: the fixture project under test/runners/vitest is run by
// the real vitest in a child process, and what it prints and writes is checked.
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { FlakeReporter } from '../../src/vitest/reporter.js'
import { escape, root, runFixture, runFolder, type Run } from './support/run.js'
import { testTheThreshold } from './support/threshold.js'

const fixture = join(import.meta.dirname, 'vitest')
const out = runFolder('vitest')

function vitest(name: string, env: Record<string, string>, ...files: string[]): Run {
  return runFixture(
    join(out, `${name}.json`),
    [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', fixture, ...files],
    { env },
  )
}

describe('a run of the fixture project', () => {
  let run: Run
  beforeAll(() => {
    run = vitest('all', {})
  }, 60_000)

  test('fails the three tests that should fail, and only those', () => {
    expect(run.status).toBe(1)
    expect(run.output).toContain('Tests  3 failed | 6 passed | 1 skipped (10)')
  })

  test('an unawaited never fails its test, naming and showing where it was made', () => {
    expect(run.output).toContain(
      [
        'FAIL  forgotten.spec.ts > a never check that is not awaited',
        'Error: This test made 1 wait and never awaited it: a wait runs only when awaited (or on .then() or .result()), so it checked nothing.',
        `  - never \`() => false\`, made at ${fixture}/forgotten.spec.ts:5:24`,
        ' ❯ forgotten.spec.ts:5:24',
      ].join('\n'),
    )
    expect(run.output).toContain("5|   void during('100ms').never(() => false)")
  })

  test('a wait made in a concurrent test is filed under that test, not the one that started last', () => {
    expect(run.output).toContain(
      [
        ' FAIL  concurrent.spec.ts > a concurrent test that forgets a wait',
        'Error: This test made 1 wait and never awaited it: a wait runs only when awaited (or on .then() or .result()), so it checked nothing.',
        `  - never \`() => false\`, made at ${fixture}/concurrent.spec.ts:9:24`,
      ].join('\n'),
    )
    expect(run.output).not.toContain(
      'FAIL  concurrent.spec.ts > a concurrent test that awaits its wait',
    )
  })

  test('a test that times out under a wait shows the wait still running, at its line', () => {
    expect(run.output).toMatch(
      new RegExp(
        [
          ' FAIL  timeout\\.spec\\.ts > a wait longer than the test may run',
          'Error: The test failed with 1 wait still running:',
          '  Still waiting for the order to be paid after \\d+(\\.\\d+)? m?s \\(atMost 10 s, \\d+ attempts\\)\\.',
          '    last value:  false',
          `    made at ${escape(fixture)}/timeout\\.spec\\.ts:5:9`,
          "    hint: its deadline \\(10 s\\) is longer than the test's timeout \\(1 s\\): the runner ends the test first and its own message hides this one; lower atMost, or raise the test's timeout",
          ' ❯ timeout\\.spec\\.ts:5:9',
        ].join('\n'),
      ),
    )
  })

  test('the flake report lists the wait that used 80% of its deadline, and only it', () => {
    expect(run.output).toContain(
      [
        'patiently: 1 wait passed but used more than 50% of its deadline, slowest first:',
        '  80%  800 ms of 1 s, 9 attempts: the invoice to be sent',
        '      in slow.spec.ts > a wait that used 80% of its deadline',
        `      at ${fixture}/slow.spec.ts:29:9`,
        `JSON: ${join(out, 'all.json')}`,
      ].join('\n'),
    )
  })

  test('the JSON report holds the same wait', () => {
    expect(run.json).toEqual({
      threshold: 0.5,
      waits: [
        {
          test: 'slow.spec.ts > a wait that used 80% of its deadline',
          file: 'slow.spec.ts',
          site: `${fixture}/slow.spec.ts:29:9`,
          description: 'the invoice to be sent',
          attempts: 9,
          elapsedMs: 800,
          limitMs: 1000,
          used: 0.8,
        },
      ],
    })
  })
})

testTheThreshold(vitest, 'slow.spec.ts')

test('a threshold that is not a share of the deadline is refused, by name', () => {
  expect(() => new FlakeReporter({ threshold: 50 })).toThrow(
    new TypeError(
      'Expected the flake threshold to be a share of the deadline between 0 and 1 (0.5 is half), got 50',
    ),
  )
})

test('with PATIENTLY_FIT_TO_TEST=1, a wait with no atMost fails with its own message before the test times out', () => {
  const run = vitest('fit', { PATIENTLY_FIT_TO_TEST: '1' }, 'fit.spec.ts')
  expect(run.status).toBe(1)
  expect(run.output).toMatch(
    /^WaitError: Timed out after \d+ ms waiting for the order to be paid \(atMost [89]\d\d ms, fitted to the test's 1 s timeout, \d+ attempts\)\.$/m,
  )
  expect(run.output).not.toContain('Test timed out')
}, 60_000)
