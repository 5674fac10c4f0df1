// Every TypeScript sample in the README and docs/ is compiled strictly against the real API, and
// the ones marked ```ts run are run, so the docs cannot rot. The reader's own objects a page's
// samples assume (api, id, sink …) are declared, with real types, in the page's preamble:
// test/docs/preambles/<page>.d.ts. Nothing else is tolerated.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { SampleChecker, type Page } from './compile.js'
import { pages, samples, samplesOf } from './samples.js'

const root = join(import.meta.dirname, '..', '..')
const preambles = join(import.meta.dirname, 'preambles')
const all = samples(root)
const checker = new SampleChecker(root)

function load(page: string): Page {
  const path = join(preambles, `${page}.d.ts`)
  return {
    page,
    preamble: existsSync(path) ? { path, text: readFileSync(path, 'utf8') } : undefined,
    samples: samplesOf(page, readFileSync(join(root, page), 'utf8')),
  }
}

/** A page that exists only for the test below, with its preamble in memory. */
function made(code: string, preamble?: string): Page {
  const page = 'docs/made-up.md'
  const path = join(root, '.tmp', 'preambles', `${page}.d.ts`)
  return {
    page,
    preamble: preamble === undefined ? undefined : { path, text: preamble },
    samples: samplesOf(page, `# Made up\n\n\`\`\`ts\n${code}\n\`\`\`\n`),
  }
}

test('the docs have TypeScript samples', () => {
  expect(all.length).toBeGreaterThan(15)
})

describe('every sample compiles against the real API, with nothing but its preamble assumed', () => {
  for (const page of pages(root)) {
    test(
      page,
      () => {
        expect(checker.check(load(page))).toEqual([])
      },
      60_000,
    )
  }

  test('every preamble belongs to a page', () => {
    const files = readdirSync(preambles, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.d.ts'),
    )
    expect(
      files.map((f) => f.slice(0, -'.d.ts'.length)).filter((p) => !pages(root).includes(p)),
    ).toEqual([])
  })
})

describe('the check tolerates nothing', () => {
  const sink = "declare const sink: import('patiently/http').HttpSink\n"

  test('a method the API does not have fails', () => {
    const page = made(
      "import { during } from 'patiently'\n\nawait during('1s').never(() => sink.count('/x') > 1)",
      sink,
    )
    expect(checker.check(page)).toEqual([
      "docs/made-up.md:6: Property 'count' does not exist on type 'HttpSink'.",
    ])
  }, 60_000)

  test('a name the preamble does not declare fails', () => {
    const page = made("import { until } from 'patiently'\n\nawait until(() => api.ready())")
    expect(checker.check(page)).toEqual(["docs/made-up.md:6: Cannot find name 'api'."])
  }, 60_000)

  test("a preamble may not declare patiently's own names, nor use any", () => {
    const page = made(
      'await until(() => api.ready())',
      'declare function until(probe: () => boolean): Promise<true>\ndeclare const api: any\n',
    )
    expect(checker.check(page)).toEqual([
      '.tmp/preambles/docs/made-up.md.d.ts:2: `any`: give the real type',
      '.tmp/preambles/docs/made-up.md.d.ts:1: declares `until`, which patiently exports: import it in the sample',
    ])
  }, 60_000)

  test('a preamble may not declare a patiently module, nor a name no sample uses', () => {
    const page = made(
      "import { until } from 'patiently'\n\nawait until(() => true)",
      `${sink}declare module 'patiently/http' {\n  interface HttpSink {\n    count(path: string): number\n  }\n}\n`,
    )
    expect(checker.check(page)).toEqual([
      ".tmp/preambles/docs/made-up.md.d.ts:2: declares the module 'patiently/http', which is the library's own",
      '.tmp/preambles/docs/made-up.md.d.ts:1: declares `sink`, which no sample uses',
    ])
  }, 60_000)
})

describe('samples marked `ts run` run', () => {
  const fileOf = (index: number): string => join(root, '.tmp', 'samples', `sample-${index}.ts`)
  afterAll(() => rmSync(join(root, '.tmp', 'samples'), { recursive: true, force: true }))
  for (const [i, sample] of all.entries()) {
    if (!sample.runs) continue
    test(sample.where, async () => {
      mkdirSync(join(root, '.tmp', 'samples'), { recursive: true })
      writeFileSync(fileOf(i), sample.code)
      await expect(import(fileOf(i))).resolves.toBeDefined()
    })
  }
})
