// The node:test integration, run for real: the fixture project under test/runners/node-test is
// run by the real `node --test` in a child process, with the hook and the reporter given on the
// command line as the docs say, and what it prints and writes is checked.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const fixture = join(import.meta.dirname, 'node-test')
const out = mkdtempSync(join(tmpdir(), 'patiently-node-test-run-'))

// The package as the fixture imports it, `patiently` in its node_modules: bundles of the source
// that share their chunks, as the built package does, so the hook and the tests share one core.
async function installTheSource(): Promise<void> {
  const pkg = join(fixture, 'node_modules', 'patiently')
  rmSync(pkg, { recursive: true, force: true })
  mkdirSync(pkg, { recursive: true })
  await build({
    entryPoints: {
      index: join(root, 'src', 'index.ts'),
      'node-test/index': join(root, 'src', 'node-test', 'index.ts'),
      'node-test/reporter': join(root, 'src', 'node-test', 'reporter.ts'),
    },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    outdir: pkg,
  })
  const exports = {
    '.': './index.js',
    './node-test': './node-test/index.js',
    './node-test/reporter': './node-test/reporter.js',
  }
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: 'patiently', type: 'module', exports }),
  )
}

interface Run {
  readonly status: number | null
  readonly output: string
  readonly json: unknown
}

function nodeTest(name: string, env: Record<string, string>, ...files: string[]): Run {
  const report = join(out, `${name}.json`)
  const run = spawnSync(
    process.execPath,
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
    {
      cwd: fixture,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        NO_COLOR: '1',
        FORCE_COLOR: '0',
        NODE_OPTIONS: '',
        PATIENTLY_FLAKE_REPORT: report,
        ...env,
      },
    },
  )
  return {
    status: run.status,
    output: `${run.stdout}\n${run.stderr}`,
    json: JSON.parse(readFileSync(report, 'utf8')) as unknown,
  }
}

afterAll(() => {
  rmSync(out, { recursive: true, force: true })
})

const all = ['forgotten.test.mjs', 'slow.test.mjs', 'timeout.test.mjs']

describe('a run of the fixture project', () => {
  let run: Run
  beforeAll(async () => {
    await installTheSource()
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

  test('the threshold is set by PATIENTLY_FLAKE_THRESHOLD', () => {
    const strict = nodeTest('strict', { PATIENTLY_FLAKE_THRESHOLD: '0.9' }, 'slow.test.mjs')
    expect(strict.status).toBe(0)
    expect(strict.output).toContain('patiently: no wait used more than 90% of its deadline.')
    expect(strict.json).toEqual({ threshold: 0.9, waits: [] })
  }, 60_000)
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
