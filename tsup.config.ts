import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'http/index': 'src/http/index.ts',
    'http/cli': 'src/http/cli.ts',
    'cli/main': 'src/cli/main.ts',
    'sqs/index': 'src/sqs/index.ts',
    'vitest/index': 'src/vitest/index.ts',
    'vitest/reporter': 'src/vitest/reporter.ts',
    'jest/index': 'src/jest/index.ts',
    'jest/reporter': 'src/jest/reporter.ts',
    'node-test/index': 'src/node-test/index.ts',
    'node-test/reporter': 'src/node-test/reporter.ts',
    'mocha/index': 'src/mocha/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { isolatedDeclarations: false } },
  tsconfig: 'tsconfig.build.json',
  sourcemap: true,
  clean: true,
  target: 'es2022',
  splitting: true,
  treeshake: true,
  // The SQS adapter's retries use p-retry; bundled into it, so a user of the core installs nothing.
  noExternal: ['p-retry', 'is-network-error'],
  // The runner integrations run inside the user's runner: its own copy, never a bundled one.
  external: ['vitest', '@jest/globals'],
  // `node:test` exists only with its prefix: a bare `test` would be a package of that name.
  removeNodeProtocol: false,
})
