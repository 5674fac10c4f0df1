import { join } from 'node:path'

/**
 * The `npx` arguments that build the ESM entry users import into bench/results/dist/, where
 * tools.mjs imports it: a private folder, so another build of dist/ in the same checkout cannot
 * replace or delete it in the middle of a run. Type declarations, CJS and the adapter entries are
 * left to `npm run build`: no scenario uses them.
 *
 * @example
 * spawnSync('npx', buildArgs, { stdio: 'inherit' })
 */
export const buildArgs = [
  'tsup',
  '--no-config',
  'src/index.ts',
  '--format',
  'esm',
  '--target',
  'es2022',
  '--treeshake',
  '--out-dir',
  join('bench', 'results', 'dist'),
]
