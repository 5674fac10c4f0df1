// The node:test integration, run for real: a copy of the fixture project under
// test/runners/node-test, with the source installed as `patiently`, is run by the real
// `node --test` in a child process, with the hook and the reporter given on the command line as
// the docs say, and what it prints and writes is checked.
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { installTheSource } from './support/install.js'
import { escape, runFixture, runFolder, type Run } from './support/run.js'
import { testTheThreshold } from './support/threshold.js'

const out = runFolder('node-test')
const fixture = join(out, 'node-test')

function nodeTest(name: string, env: Record<string, string>, ...files: string[]): Run {
  return runFixture(
    join(out, `${name}.json`),
    [
      '--test',
      '--import',
      'patiently/node-test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=patiently/node-test/reporter',
      '--test-reporter-destination=stdout',
      ...files,
    ],
    { cwd: fixture, env },
  )
}

const all = ['forgotten.test.mjs', 'slow.test.mjs', 'timeout.test.mjs']

describe('a run of the fixture project', () => {
  let run: Run
  beforeAll(async () => {
    await installTheSource('node-test', fixture, {
      './node-test': 'node-test/index.ts',
      './node-test/reporter': 'node-test/reporter.ts',
    })
    run = nodeTest('all', {}, ...all)
  }, 60_000)

  test('fails the two tests that should fail, and only those', () => {
    expect(run.status).toBe(1)
    expect(run.output).toMatch(/^ℹ pass 4\nℹ fail 1\nℹ cancelled 1$/m)
  })

  test('an unawaited never fails its test, naming where it was made', () => {
    expect(run.output).toContain(
      [
        '  Error: This test made 1 wait and never awaited it: a wait runs only when awaited (or on .then() or .result()), so it checked nothing.',
        `    - never \`() => false\`, made at file://${fixture}/forgotten.test.mjs:6:24`,
        `      at file://${fixture}/forgotten.test.mjs:6:24`,
      ].join('\n'),
    )
  })

  test("a test that times out under a wait shows the wait still running, in the test's diagnostics", () => {
    expect(run.output).toMatch(
      new RegExp(
        [
          'ℹ The test failed with 1 wait still running:',
          '  Still waiting for the order to be paid after \\d+(\\.\\d+)? m?s \\(atMost 10 s, \\d+ attempts\\)\\.',
          '    last value:  false',
          `    made at file://${escape(fixture)}/timeout\\.test\\.mjs:5:9`,
          // node:test does not tell a hook the test's timeout: no hint about it.
          'ℹ tests 6',
        ].join('\n'),
      ),
    )
  })

  test('the flake report lists the wait that used 80% of its deadline, and only it', () => {
    expect(run.output).toContain(
      [
        'patiently: 1 wait passed but used more than 50% of its deadline, slowest first:',
        '  80%  800 ms of 1 s, 9 attempts: the invoice to be sent',
        '      in slow.test.mjs > a wait that used 80% of its deadline',
        `      at file://${fixture}/slow.test.mjs:29:9`,
        `JSON: ${join(out, 'all.json')}`,
      ].join('\n'),
    )
  })

  test('the JSON report holds the same wait', () => {
    expect(run.json).toEqual({
      threshold: 0.5,
      waits: [
        {
          test: 'slow.test.mjs > a wait that used 80% of its deadline',
          file: 'slow.test.mjs',
          site: `file://${fixture}/slow.test.mjs:29:9`,
          description: 'the invoice to be sent',
          attempts: 9,
          elapsedMs: 800,
          limitMs: 1000,
          used: 0.8,
        },
      ],
    })
  })

  testTheThreshold(nodeTest, 'slow.test.mjs')
})
