// docs/architecture.md is checked against the code: every source file it names exists, so the
// page cannot go on describing a layout that has moved.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const page = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8')

/** Every .ts file under src/, as a path from the root. */
function sources(dir = 'src'): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

test('every path the architecture page names exists', () => {
  const paths = [
    ...page.matchAll(/\b((?:src|test|bench|scripts|docs)\/[\w./-]+\.(?:ts|mjs|md))\b/g),
  ].map((m) => m[1] ?? '')
  expect(paths.length).toBeGreaterThan(10)
  expect(paths.filter((path) => !existsSync(join(root, path)))).toEqual([])
})

test('every bare file name it gives is a file under src/', () => {
  const names = new Set(sources().map((path) => path.slice(path.lastIndexOf('/') + 1)))
  const bare = [...page.matchAll(/(?<![\w/.-])([\w-]+\.ts)\b/g)].map((m) => m[1] ?? '')
  expect(bare.length).toBeGreaterThan(5)
  expect(bare.filter((name) => !names.has(name))).toEqual([])
})
