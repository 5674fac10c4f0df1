// The jest integration, run for real: the fixture project under test/runners/jest is run by the
// real jest in a child process, on bundles of the source, and what it prints and writes is checked.
import { join } from 'node:path'
import { build } from 'esbuild'
import { beforeAll, describe, expect, test } from 'vitest'
import { escape, root, runFixture, runFolder, type Run } from './support/run.js'
import { testTheThreshold } from './support/threshold.js'

const fixture = join(import.meta.dirname, 'jest')
const out = runFolder('jest')
const bundle = join(out, 'patiently.cjs')
const setup = join(out, 'setup.cjs')
const reporter = join(out, 'reporter.cjs')

// As the package does: the setup file and the tests share one copy of the core, so one tracker.
async function bundleTheSource(): Promise<void> {
  const common = { bundle: true, format: 'cjs', platform: 'node', logLevel: 'silent' } as const
  await build({
    ...common,
    stdin: {
      contents: `export * from './src/index.ts'\nexport { track } from './src/core/tracking.ts'\n`,
      resolveDir: root,
      loader: 'ts',
    },
    outfile: bundle,
  })
  await build({
    ...common,
    entryPoints: [join(root, 'src', 'jest', 'index.ts')],
    external: ['@jest/globals'],
    outfile: setup,
    plugins: [
      {
        name: 'one-core',
        setup(b) {
          b.onResolve({ filter: /\/core\/tracking\.js$/ }, () => ({ path: bundle, external: true }))
        },
      },
    ],
  })
  await build({
    ...common,
    entryPoints: [join(root, 'src', 'jest', 'reporter.ts')],
    outfile: reporter,
  })
}

function jest(name: string, env: Record<string, string>, ...files: string[]): Run {
  return runFixture(
    join(out, `${name}.json`),
    [
      join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
      '--rootDir',
      fixture,
      '--ci',
      '--no-watchman',
      '--colors=false',
      ...files,
    ],
    {
      cwd: fixture,
      env: {
        PATIENTLY_BUNDLE: bundle,
        PATIENTLY_JEST_SETUP: setup,
        PATIENTLY_JEST_REPORTER: reporter,
        ...env,
      },
    },
  )
}

describe('a run of the fixture project', () => {
  let run: Run
  beforeAll(async () => {
    await bundleTheSource()
    run = jest('all', {})
  }, 60_000)

  test('fails the two tests that should fail, and only those', () => {
    expect(run.status).toBe(1)
    expect(run.output).toMatch(/^Tests: +2 failed, 1 skipped, 5 passed, 8 total$/m)
  })

  test('an unawaited never fails its test, naming and showing where it was made', () => {
    expect(run.output).toContain(
      [
        '  ● a never check that is not awaited',
        '',
        '    This test made 1 wait and never awaited it: a wait runs only when awaited (or on .then() or .result()), so it checked nothing.',
        `      - never \`() => false\`, made at ${fixture}/forgotten.spec.cjs:5:24`,
      ].join('\n'),
    )
    // jest's code frame of that line.
    expect(run.output).toMatch(/^ +> 5 \| {3}void during\('100ms'\)\.never\(\(\) => false\)$/m)
  })

  test('a test that times out under a wait prints the wait still running', () => {
    expect(run.output).toMatch(
      new RegExp(
        [
          '      The test ended with 1 wait still running:',
          '        Still waiting for the order to be paid after \\d+(\\.\\d+)? m?s \\(atMost 10 s, \\d+ attempts\\)\\.',
          '          last value:  false',
          `          made at ${escape(fixture)}/timeout\\.spec\\.cjs:5:9`,
          "          hint: its deadline \\(10 s\\) is longer than the test's timeout \\(1 s\\): the runner ends the test first and its own message hides this one; lower atMost, or raise the test's timeout",
        ].join('\n'),
      ),
    )
  })

  test('the flake report lists the wait that used 80% of its deadline, and only it', () => {
    expect(run.output).toContain(
      [
        'patiently: 1 wait passed but used more than 50% of its deadline, slowest first:',
        '  80%  800 ms of 1 s, 9 attempts: the invoice to be sent',
        '      in slow.spec.cjs > a wait that used 80% of its deadline',
        `      at ${fixture}/slow.spec.cjs:29:9`,
        `JSON: ${join(out, 'all.json')}`,
      ].join('\n'),
    )
  })

  test('the JSON report holds the same wait', () => {
    expect(run.json).toEqual({
      threshold: 0.5,
      waits: [
        {
          test: 'slow.spec.cjs > a wait that used 80% of its deadline',
          file: 'slow.spec.cjs',
          site: `${fixture}/slow.spec.cjs:29:9`,
          description: 'the invoice to be sent',
          attempts: 9,
          elapsedMs: 800,
          limitMs: 1000,
          used: 0.8,
        },
      ],
    })
  })

  testTheThreshold(jest, 'slow.spec.cjs')
})

test('with PATIENTLY_FIT_TO_TEST=1, a wait with no atMost fails with its own message before the test times out', () => {
  const run = jest('fit', { PATIENTLY_FIT_TO_TEST: '1' }, 'fit.spec.cjs')
  expect(run.status).toBe(1)
  expect(run.output).toMatch(
    /^ +WaitError: Timed out after \d+ ms waiting for the order to be paid \(atMost [89]\d\d ms, fitted to the test's 1 s timeout, \d+ attempts\)\.$/m,
  )
  expect(run.output).not.toContain('Exceeded timeout')
}, 60_000)
