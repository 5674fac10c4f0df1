// Runs each peer's own test suite against a shim of its API written with patiently as
// docs/migration.md says (scripts/migration/shims/), and prints per peer how many tests pass and
// which fail. With --baseline it first runs the same suite, the same way, against the peer's own
// code, so a failure can be told from a fault of this harness.
//
// The peers' tests are not part of this repository: check them out, then give their folder.
//
//   mkdir -p /tmp/peers && cd /tmp/peers
//   git clone https://github.com/TheBrainFamily/wait-for-expect   # tested at d0bc9c6
//   git clone https://github.com/sindresorhus/p-wait-for          # tested at 50b9338 (6.0.0)
//   git clone https://github.com/devlato/async-wait-until         # tested at 3c0dcaa (2.0.30)
//   git clone --depth 1 https://github.com/vitest-dev/vitest      # tested at c3ba16b
//   cd - && node scripts/migration/run.mjs --peers /tmp/peers --baseline
//
// Options: --peers <dir> (or PATIENTLY_PEERS), --only <name,...>, --baseline, --work <dir> to
// reuse a work folder and its installed runners (default: a new folder in the system's temp).
// The runners (jest, ava, vitest) are installed from the npm registry into the work folder; ava
// runs p-wait-for's tests one at a time (--serial), so that its timing checks do not race each
// other on a busy machine.
import { build, transform } from 'esbuild'
import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'

const here = import.meta.dirname
const RUNNERS = {
  ava: '6.4.1',
  delay: '6.0.0',
  jest: '29.7.0',
  'jest-serializer-ansi': '1.0.3',
  'time-span': '5.1.0',
  vitest: '4.1.12',
}

// What each peer's suite needs: its test files (TypeScript ones become CommonJS for jest), other
// files to copy, the module its tests import (where the shim, or the peer's own code, goes), and
// the runner's configuration.
const PEERS = {
  'wait-for-expect': {
    runner: 'jest',
    tests: ['src/waitForExpect.spec.ts', 'src/withFakeTimers.spec.ts', 'src/toBeInRangeMatcher.ts'],
    copy: {
      'src/__snapshots__/waitForExpect.spec.ts.snap':
        'src/__snapshots__/waitForExpect.spec.js.snap',
    },
    module: 'src/index.js',
    own: 'src/index.ts',
    config: { snapshotSerializers: ['jest-serializer-ansi'], testRegex: '/src/.*\\.spec\\.js$' },
  },
  'p-wait-for': {
    runner: 'ava',
    tests: ['test.js'],
    copy: {},
    module: 'index.js',
    own: 'index.js',
  },
  'async-wait-until': {
    runner: 'jest',
    tests: ['src/tests/index.tests.ts', 'src/utils/create_tests.ts'],
    copy: {},
    module: 'src/index.js',
    own: 'src/index.ts',
    config: {
      clearMocks: true,
      resetMocks: true,
      resetModules: true,
      moduleDirectories: ['node_modules', 'src'],
      testRegex: '.*\\.tests\\.js$',
    },
  },
  vitest: {
    runner: 'vitest',
    tests: ['test/unit/test/wait.test.ts'],
    copy: {},
    module: 'shim.js',
    own: undefined,
  },
}

function install(root) {
  if (existsSync(join(root, 'node_modules', '.bin', 'vitest'))) return
  writeFileSync(join(root, 'package.json'), JSON.stringify({ private: true, type: 'module' }))
  const specs = Object.entries(RUNNERS).map(([pkg, version]) => `${pkg}@${version}`)
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', ...specs], {
    cwd: root,
    stdio: 'inherit',
  })
  if (npm.status !== 0) throw new Error('npm install of the runners failed')
}

function write(path, text) {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
}

// jest's peers were written for Babel or ts-jest, whose CommonJS `require('./index')` is the
// default export itself (babel-plugin-add-module-exports); the same here.
const defaultIsModule =
  "if (typeof module.exports.default === 'function') module.exports = Object.assign(module.exports.default, module.exports)"

async function prepare(peer, source, dir, shim) {
  const cjs = peer.runner === 'jest'
  for (const test of peer.tests) {
    let text = readFileSync(join(source, test), 'utf8')
    if (peer.runner === 'vitest' && shim) {
      // vitest's tests call vi.waitFor and vi.waitUntil: they call the shim's instead.
      text = `import { waitFor, waitUntil } from './${peer.module}'\n${text}`
        .replaceAll('vi.waitFor(', 'waitFor(')
        .replaceAll('vi.waitUntil(', 'waitUntil(')
    }
    if (cjs) {
      const out = await transform(text, { loader: 'ts', format: 'cjs', target: 'node20' })
      write(join(dir, test.replace(/\.ts$/, '.js')), out.code)
    } else {
      write(join(dir, peer.runner === 'vitest' ? 'wait.test.ts' : test), text)
    }
  }
  for (const [from, to] of Object.entries(peer.copy)) {
    mkdirSync(dirname(join(dir, to)), { recursive: true })
    copyFileSync(join(source, from), join(dir, to))
  }
  const entry = shim ?? (peer.own ? join(source, peer.own) : undefined)
  if (entry) {
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: cjs ? 'cjs' : 'esm',
      external: ['vitest'],
      footer: cjs ? { js: defaultIsModule } : {},
      outfile: join(dir, peer.module),
      logLevel: 'warning',
    })
  }
  const config = { testEnvironment: 'node', transform: {}, ...peer.config }
  const pkg = { private: true, type: cjs ? 'commonjs' : 'module' }
  if (cjs) pkg.jest = config
  if (peer.runner === 'ava') pkg.ava = { files: peer.tests }
  write(join(dir, 'package.json'), JSON.stringify(pkg, null, 2))
}

function run(peer, dir) {
  const bin = (name) => join(work, 'node_modules', '.bin', name)
  const report = join(dir, 'report.json')
  const env = { ...process.env, CI: 'true', FORCE_COLOR: '0' }
  const options = { cwd: dir, env, encoding: 'utf8', timeout: 10 * 60_000 }
  if (peer.runner === 'ava') {
    const out = spawnSync(bin('ava'), ['--tap', '--serial'], options)
    return [...out.stdout.matchAll(/^(not )?ok \d+ - (.*)$/gm)].map((m) => ({
      passed: !m[1],
      name: m[2],
    }))
  }
  const args =
    peer.runner === 'jest'
      ? ['--ci', '--json', `--outputFile=${report}`]
      : ['run', '--root', dir, '--reporter=json', `--outputFile=${report}`]
  const out = spawnSync(bin(peer.runner), args, options)
  if (!existsSync(report)) throw new Error(`${peer.runner} wrote no report:\n${out.stderr}`)
  const json = JSON.parse(readFileSync(report, 'utf8'))
  return json.testResults.flatMap((file) =>
    file.assertionResults.map((t) => ({ passed: t.status === 'passed', name: t.fullName })),
  )
}

const { values } = parseArgs({
  options: {
    peers: { type: 'string', default: process.env.PATIENTLY_PEERS },
    only: { type: 'string' },
    baseline: { type: 'boolean', default: false },
    work: { type: 'string' },
  },
})
if (!values.peers) {
  console.error("Give the folder of the peers' checkouts: --peers <dir> (see the top of this file)")
  process.exit(2)
}
const names = values.only ? values.only.split(',') : Object.keys(PEERS)
const work = values.work ?? mkdtempSync(join(tmpdir(), 'patiently-migration-'))
install(work)

for (const name of names) {
  const peer = PEERS[name]
  if (!peer) throw new Error(`Unknown peer ${name}; known: ${Object.keys(PEERS).join(', ')}`)
  const source = join(values.peers, name)
  const sides = values.baseline ? ['baseline', 'shim'] : ['shim']
  for (const side of sides) {
    const dir = join(work, `${name}-${side}`)
    await prepare(
      peer,
      source,
      dir,
      side === 'shim' ? join(here, 'shims', `${name}.ts`) : undefined,
    )
    const results = run(peer, dir)
    const passed = results.filter((r) => r.passed).length
    const against = side === 'shim' ? 'the shim' : `${name} itself`
    console.log(`${name} against ${against}: ${passed} of ${results.length} tests pass`)
    for (const r of results) if (!r.passed) console.log(`  fails: ${r.name}`)
  }
}
