// Enforces the core's size budget: dist/index.js bundled and minified as a user's bundler
// would, then gzipped. Fails when it grows past the budget.
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'

// The goal is 4 kB; the budget holds the line where the core stands now (see docs/architecture.md).
const BUDGET = 13.6 * 1024
const result = await build({
  entryPoints: ['dist/index.js'],
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  platform: 'neutral',
})
const bytes = gzipSync(result.outputFiles[0].contents).length
const line = `core (patiently): ${(bytes / 1024).toFixed(2)} kB min+gzip, budget ${(BUDGET / 1024).toFixed(2)} kB`
if (bytes > BUDGET) {
  console.error(`${line}: over budget`)
  process.exit(1)
}
console.log(line)
