// The jest integration, run for real: the fixture project under test/runners/jest is run by the
// real jest in a child process, on bundles of the source, and what it prints and writes is checked.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const fixture = join(import.meta.dirname, 'jest')
const bundles = join(root, '.tmp', 'runners-jest')
const out = mkdtempSync(join(tmpdir(), 'patiently-jest-'))
const bundle = join(bundles, 'patiently.cjs')
const setup = join(bundles, 'setup.cjs')
const reporter = join(bundles, 'reporter.cjs')

// As the package does: the setup file and the tests share one copy of the core, so one tracker.
async function bundleTheSource(): Promise<void> {
  mkdirSync(bundles, { recursive: true })
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

interface Run {
  readonly status: number | null
  readonly output: string
  readonly json: unknown
}

function jest(name: string, env: Record<string, string>, ...files: string[]): Run {
  const report = join(out, `${name}.json`)
  const run = spawnSync(
    process.execPath,
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
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        PATIENTLY_BUNDLE: bundle,
        PATIENTLY_JEST_SETUP: setup,
        PATIENTLY_JEST_REPORTER: reporter,
        PATIENTLY_FLAKE_REPORT: report,
        ...env,
      },
    },
  )
  return {
    status: run.status,
    // jest colours its code frames when CI is set, whatever --colors says: compare the text.
    output: stripVTControlCharacters(`${run.stdout}\n${run.stderr}`),
    json: JSON.parse(readFileSync(report, 'utf8')) as unknown,
  }
}

afterAll(() => {
  rmSync(out, { recursive: true, force: true })
})

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

  test('the threshold is set by PATIENTLY_FLAKE_THRESHOLD', () => {
    const strict = jest('strict', { PATIENTLY_FLAKE_THRESHOLD: '0.9' }, 'slow.spec.cjs')
    expect(strict.status).toBe(0)
    expect(strict.output).toContain('patiently: no wait used more than 90% of its deadline.')
    expect(strict.json).toEqual({ threshold: 0.9, waits: [] })
  }, 60_000)
})

test('with PATIENTLY_FIT_TO_TEST=1, a wait with no atMost fails with its own message before the test times out', () => {
  const run = jest('fit', { PATIENTLY_FIT_TO_TEST: '1' }, 'fit.spec.cjs')
  expect(run.status).toBe(1)
  expect(run.output).toMatch(
    /^ +WaitError: Timed out after \d+ ms waiting for the order to be paid \(atMost [89]\d\d ms, fitted to the test's 1 s timeout, \d+ attempts\)\.$/m,
  )
  expect(run.output).not.toContain('Exceeded timeout')
}, 60_000)

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
