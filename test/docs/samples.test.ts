// Every TypeScript sample in the README and docs/ is compiled against the real API, and the ones
// marked ```ts run are run, so the docs cannot rot. Samples may use names they do not declare
// (api, id, sink …): those are the reader's own objects, so "cannot find name" is not an error,
// nor is a missing module other than patiently's; anything else the compiler says is.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { afterAll, describe, expect, test } from 'vitest'
import { samples } from './samples.js'

const root = join(import.meta.dirname, '..', '..')
const all = samples(root)
// Cannot find name (and its variants), and the implicit anys that follow from such names.
const UNDECLARED_NAME = new Set([2304, 2552, 2580, 2581, 2582, 2593, 18004, 7006, 7031])

const fileOf = (index: number): string => join(root, '.tmp', 'samples', `sample-${index}.ts`)

test('the docs have TypeScript samples', () => {
  expect(all.length).toBeGreaterThan(15)
})

test('every sample compiles against the real API', () => {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p))
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
  const options = { ...parsed.options, noUnusedLocals: false, noEmit: true }
  const names = all.map((_, i) => fileOf(i))
  // Each sample is its own module, so top-level await and repeated names are fine.
  const source = new Map(all.map((s, i) => [names[i], `${s.code}\nexport {}\n`]))
  const host = ts.createCompilerHost(options)
  const read = host.readFile.bind(host)
  host.readFile = (file) => source.get(file) ?? read(file)
  const exists = host.fileExists.bind(host)
  host.fileExists = (file) => source.has(file) || exists(file)
  const program = ts.createProgram(names, options, host)
  const problems: string[] = []
  for (const [i, name] of names.entries()) {
    const file = program.getSourceFile(name)
    for (const d of [
      ...program.getSyntacticDiagnostics(file),
      ...program.getSemanticDiagnostics(file),
    ]) {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n')
      if (UNDECLARED_NAME.has(d.code)) continue
      // Other tools a sample shows (Playwright) need not be installed here; patiently must resolve.
      if (d.code === 2307 && !text.includes("'patiently")) continue
      const line =
        d.start === undefined || !file ? 0 : file.getLineAndCharacterOfPosition(d.start).line
      problems.push(`${all[i]?.where} (+${line + 1}): ${text}`)
    }
  }
  expect(problems).toEqual([])
}, 60_000)

describe('samples marked `ts run` run', () => {
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
