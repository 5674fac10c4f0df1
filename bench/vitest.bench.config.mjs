import { URL, fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Runs the case files `run.mjs` writes for vitest's own waiting tools (vi.waitFor, vi.waitUntil,
// expect.poll need its runtime). One file per scenario and tool, each in a fresh forked process
// with --expose-gc, one at a time so no two cases share the CPU.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['bench/results/vitest-cases/*.bench-case.mjs'],
    pool: 'forks',
    isolate: true,
    fileParallelism: false,
    maxWorkers: 1,
    execArgv: ['--expose-gc', '--no-warnings'],
    testTimeout: 600_000,
    reporters: ['dot'],
  },
})
