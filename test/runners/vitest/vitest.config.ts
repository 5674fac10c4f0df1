import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { FlakeReporter } from '../../../src/vitest/reporter.js'

const src = (path: string): string =>
  fileURLToPath(new URL(`../../../src/${path}`, import.meta.url))

// A project as a user sets it up, with the package's name pointing at the source.
export default defineConfig({
  resolve: {
    alias: [{ find: /^patiently$/, replacement: src('index.ts') }],
  },
  test: {
    include: ['*.spec.ts'],
    // Users write 'patiently/vitest'; setup files are found from the root, not through aliases.
    setupFiles: [src('vitest/index.ts')],
    reporters: ['default', new FlakeReporter()],
  },
})
