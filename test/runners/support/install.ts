import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { build } from 'esbuild'
import { root } from './run.js'

/**
 * Copies the fixture project test/runners/`project` to `copy`, with the package as the fixture
 * imports it, `patiently` in its node_modules: bundles of the source that share their chunks, as
 * the built package does, so the hooks and the tests share one core. `subpaths` maps each export
 * besides `.` to its source under src/. A copy, not the folder itself: ES modules find a bare
 * name only in a node_modules above them (NODE_PATH is not read), and a node_modules in the
 * fixture would be shared by every run in the working tree.
 */
export async function installTheSource(
  project: string,
  copy: string,
  subpaths: Record<string, string>,
): Promise<void> {
  cpSync(join(import.meta.dirname, '..', project), copy, {
    recursive: true,
    filter: (path) => basename(path) !== 'node_modules',
  })
  const pkg = join(copy, 'node_modules', 'patiently')
  mkdirSync(pkg, { recursive: true })
  const sources = { '.': 'index.ts', ...subpaths }
  const entry = (source: string): string => source.replace(/\.ts$/, '')
  await build({
    entryPoints: Object.fromEntries(
      Object.values(sources).map((source) => [entry(source), join(root, 'src', source)]),
    ),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    outdir: pkg,
  })
  const exports = Object.fromEntries(
    Object.entries(sources).map(([subpath, source]) => [subpath, `./${entry(source)}.js`]),
  )
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: 'patiently', type: 'module', exports }),
  )
}
