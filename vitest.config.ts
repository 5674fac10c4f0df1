import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (path: string): string => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

export default defineConfig({
  resolve: {
    // Examples and docs import the package by name, as users do; tests run it from source.
    alias: [
      { find: /^patiently$/, replacement: src('index.ts') },
      { find: /^patiently\/http$/, replacement: src('http/index.ts') },
      { find: /^patiently\/sqs$/, replacement: src('sqs/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
})
