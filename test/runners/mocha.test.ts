// The mocha integration, run for real: a copy of the fixture project under test/runners/mocha, with
// the source installed as `patiently`, is run by the real mocha in a child process, serially and
// with --parallel, with the root hook plugin given by `--require patiently/mocha` as the docs say,
// and what it prints and writes is checked.
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { installTheSource } from './support/install.js'
import { escape, node, root, runFixture, runFolder, type Run } from './support/run.js'
import { testTheThreshold } from './support/threshold.js'

const out = runFolder('mocha')
const fixture = join(out, 'mocha')
const modules = join(fixture, 'node_modules')

const withTheHooks = [
  join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'),
  '--require',
  'patiently/mocha',
]

function mocha(name: string, env: Record<string, string>, ...args: string[]): Run {
  return runFixture(join(out, `${name}.json`), [...withTheHooks, ...args], {
    cwd: fixture,
    // mocha resolves --require from its own folder, which here is the repository's, not the
    // fixture's: in a user's project both are in the same node_modules.
    env: { NODE_PATH: modules, ...env },
  })
}

const slowWait = {
  test: 'slow.spec.mjs > a wait that used 80% of its deadline',
  file: 'slow.spec.mjs',
  site: `file://${fixture}/slow.spec.mjs:29:9`,
  description: 'the invoice to be sent',
  attempts: 9,
  elapsedMs: 800,
  limitMs: 1000,
  used: 0.8,
}

beforeAll(() => installTheSource('mocha', fixture, { './mocha': 'mocha/index.ts' }), 60_000)

for (const mode of ['serial', 'parallel'] as const) {
  describe(`a ${mode} run of the fixture project`, () => {
    let run: Run
    beforeAll(() => {
      run = mocha(mode, {}, ...(mode === 'parallel' ? ['--parallel'] : []), '*.spec.mjs')
    }, 60_000)

    test('fails the three tests that should fail, and only those', () => {
      expect(run.status).toBe(3)
      expect(run.output).toMatch(/^ {2}4 passing \(.+\)\n {2}3 failing$/m)
    })

    test('an unawaited never fails its test, naming where it was made, and the next test runs', () => {
      expect(run.output).toContain(
        [
          '       a never check that is not awaited:',
          '     Error: This test made 1 wait and never awaited it: a wait runs only when awaited (or on .then() or .result()), so it checked nothing.',
          `  - never \`() => false\`, made at file://${fixture}/forgotten.spec.mjs:7:26`,
          `      at file://${fixture}/forgotten.spec.mjs:7:26`,
        ].join('\n'),
      )
      expect(run.output).toContain('✔ an awaited never check')
    })

    test('so does one in a test that takes done', () => {
      expect(run.output).toContain(
        [
          '       a never check not awaited in a test that takes done:',
          '     Error: This test made 1 wait and never awaited it: a wait runs only when awaited (or on .then() or .result()), so it checked nothing.',
          `  - never \`() => false\`, made at file://${fixture}/forgotten.spec.mjs:20:26`,
        ].join('\n'),
      )
    })

    test("a test that times out under a wait has the wait still running in its error, with the test's timeout", () => {
      expect(run.output).toMatch(
        new RegExp(
          [
            `     Error: Timeout of 1000ms exceeded\\. .+ \\(${escape(fixture)}/timeout\\.spec\\.mjs\\)`,
            '',
            'The test failed with 1 wait still running:',
            '  Still waiting for the order to be paid after \\d+(\\.\\d+)? m?s \\(atMost 10 s, \\d+ attempts\\)\\.',
            '    last value:  false',
            `    made at file://${escape(fixture)}/timeout\\.spec\\.mjs:5:9`,
            "    hint: its deadline \\(10 s\\) is longer than the test's timeout \\(1 s\\): the runner ends the test first and its own message hides this one; lower atMost, or raise the test's timeout",
          ].join('\n'),
        ),
      )
    })

    test('the flake report lists the wait that used 80% of its deadline, and only it', () => {
      expect(run.output).toContain(
        [
          'patiently: 1 wait passed but used more than 50% of its deadline, slowest first:',
          '  80%  800 ms of 1 s, 9 attempts: the invoice to be sent',
          '      in slow.spec.mjs > a wait that used 80% of its deadline',
          `      at file://${fixture}/slow.spec.mjs:29:9`,
          `JSON: ${join(out, `${mode}.json`)}`,
        ].join('\n'),
      )
      expect(run.json).toEqual({ threshold: 0.5, waits: [slowWait] })
    })
  })
}

testTheThreshold(mocha, 'slow.spec.mjs')

test('a wait an afterEach hook forgets fails the run once the tests have run, and every test runs', () => {
  const run = mocha('hooks', {}, 'hooks/after-each.spec.mjs')
  expect(run.status).toBe(1)
  expect(run.output).toMatch(/^ {2}2 passing \(.+\)\n {2}1 failing$/m)
  for (const test of ['runs its first test', 'still runs its second test']) {
    expect(run.output).toContain(
      [
        `An afterEach hook of "hooks/after-each.spec.mjs > a suite whose afterEach forgets a wait > ${test}" made 1 wait and never awaited it: a wait runs only when awaited (or on .then() or .result()), so it checked nothing.`,
        `  - never \`() => false\`, made at file://${fixture}/hooks/after-each.spec.mjs:6:25`,
      ].join('\n'),
    )
  }
}, 60_000)

test('with PATIENTLY_FIT_TO_TEST=1, a wait with no atMost fails with its own message before the test times out', () => {
  const run = mocha('fit', { PATIENTLY_FIT_TO_TEST: '1' }, 'fitted/fit.spec.mjs')
  expect(run.status).toBe(1)
  expect(run.output).toMatch(
    /^ +WaitError: Timed out after \d+ ms waiting for the order to be paid \(atMost [89]\d\d ms, fitted to the test's 1 s timeout, \d+ attempts\)\.$/m,
  )
  expect(run.output).not.toContain('Timeout of 1000ms exceeded')
}, 60_000)

test('a threshold that is not a share of the deadline stops the run before any test', () => {
  const run = node([...withTheHooks, 'slow.spec.mjs'], {
    cwd: fixture,
    env: { NODE_PATH: modules, PATIENTLY_FLAKE_THRESHOLD: '50' },
  })
  expect(run.status).not.toBe(0)
  expect(run.stderr).toContain(
    "Expected the flake threshold to be a share of the deadline between 0 and 1 (0.5 is half), got '50'",
  )
  expect(run.stdout).not.toContain('passing')
}, 60_000)
