import console from 'node:console'
import process from 'node:process'
import { clearTimeout, setTimeout } from 'node:timers'
import { spawn } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { URL, fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'
import { buildArgs } from './build.mjs'
import { render } from './report.mjs'
import { scenarios, wakeScenarios } from './scenarios/index.mjs'
import { combineScale } from './scenarios/scale.mjs'
import { settings } from './settings.mjs'

// npm run bench [-- --quick]: builds the library, runs every scenario for patiently and each
// peer (each pair in a fresh process), runs vitest's tools inside vitest, runs the adapter
// benchmarks when they exist, then writes raw JSON to bench/results/ and the Markdown report.
// `-- --only scale,polling` runs only those scenarios and no adapter, and leaves the report in
// bench/results/ rather than docs/: for comparing changes, several runs in one sitting.
const quick = process.argv.includes('--quick')
const onlyAt = process.argv.indexOf('--only')
const only = onlyAt === -1 ? undefined : (process.argv[onlyAt + 1] ?? '').split(',')
const root = fileURLToPath(new URL('..', import.meta.url))
const resultsDir = join(root, 'bench', 'results')
const caseDir = join(resultsDir, 'vitest-cases')
const vitestOut = join(resultsDir, 'vitest-out')
const flag = quick ? ['--quick'] : []
const nodeTools = [
  'patiently',
  'patiently (event)',
  'p-wait-for',
  'wait-for-expect',
  'async-wait-until',
  'hand-written loop',
]
const vitestTools = ['vi.waitFor', 'vi.waitUntil', 'expect.poll']
const external = ['http-sink', 'sqs']
const caseTimeoutMs = quick ? 60_000 : 600_000
// How many times each tool runs a scenario, each run in a fresh process, and how the runs make one
// result. Only the scale scenario is repeated: one run of it says little (see combineScale).
const runsOf = (scenario) => (scenario === 'scale' ? settings(quick).scale.runs : 1)
const combine = (runs) =>
  runs.length === 1 ? runs[0] : (runs.find((run) => run.error) ?? combineScale(runs))

/** Runs a command; resolves with its exit code and output, killing it if it runs too long. */
function exec(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, ...options })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? caseTimeoutMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code: code ?? signal, stdout, stderr })
    })
  })
}

const lastLine = (text) => text.trim().split('\n').at(-1) ?? ''
const tail = (text) => text.trim().split('\n').slice(-5).join('\n')

// See build.mjs for where, and why there.
async function build() {
  const out = await exec('npx', buildArgs, { timeoutMs: 180_000 })
  if (out.code !== 0) throw new Error(`the build failed:\n${tail(out.stderr + out.stdout)}`)
  return 'tsup, src/index.ts as ESM'
}

async function runNode(scenario, tool) {
  const out = await exec(process.execPath, [
    '--expose-gc',
    '--no-warnings',
    'bench/host.mjs',
    scenario,
    tool,
    ...flag,
  ])
  if (out.code !== 0) return { error: `exit ${out.code}: ${tail(out.stderr)}` }
  return JSON.parse(lastLine(out.stdout)).result
}

async function runVitest(scenarioNames) {
  rmSync(caseDir, { recursive: true, force: true })
  rmSync(vitestOut, { recursive: true, force: true })
  mkdirSync(caseDir, { recursive: true })
  mkdirSync(vitestOut, { recursive: true })
  for (const scenario of scenarioNames) {
    const repeats = runsOf(scenario)
    for (const tool of vitestTools) {
      for (let run = 1; run <= repeats; run++) {
        writeFileSync(
          join(caseDir, `${scenario}--${tool}--${run}.bench-case.mjs`),
          `import { runCase } from '../../vitest-case.mjs'\n\nrunCase(${JSON.stringify(scenario)}, ${JSON.stringify(tool)}, ${run})\n`,
        )
      }
    }
  }
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs')
  const out = await exec(
    process.execPath,
    [vitest, 'run', '--config', 'bench/vitest.bench.config.mjs'],
    {
      env: { ...process.env, BENCH_OUT: vitestOut, BENCH_QUICK: quick ? '1' : '0' },
      timeoutMs: quick ? 120_000 : 1_800_000,
    },
  )
  const found = {}
  for (const scenario of scenarioNames) {
    const repeats = runsOf(scenario)
    for (const tool of vitestTools) {
      const runs = []
      for (let run = 1; run <= repeats; run++) {
        const file = join(vitestOut, `${scenario}--${tool}--${run}.json`)
        runs.push(
          existsSync(file)
            ? JSON.parse(readFileSync(file, 'utf8')).result
            : { error: `no result (vitest exit ${out.code}): ${tail(out.stdout + out.stderr)}` },
        )
      }
      found[scenario] ??= {}
      found[scenario][tool] = combine(runs)
    }
  }
  return found
}

async function runExternal(name) {
  const script = join(root, 'bench', `${name}.mjs`)
  if (!existsSync(script)) return { status: 'missing' }
  const out = await exec(process.execPath, [script, ...flag])
  if (out.code !== 0) return { status: 'failed', error: `exit ${out.code}: ${tail(out.stderr)}` }
  try {
    return { status: 'ok', ...JSON.parse(lastLine(out.stdout)) }
  } catch {
    return { status: 'failed', error: `the last line was not JSON: ${lastLine(out.stdout)}` }
  }
}

// The adapter benchmarks import the built package (dist/), as a user would: a missing or stale
// build would fail them, or measure other code, only after every scenario has run.
function checkBuilt() {
  const entries = ['http', 'sqs'].map((name) => join(root, 'dist', name, 'index.js'))
  const missing = entries.filter((entry) => !existsSync(entry))
  const newest = (dir) =>
    readdirSync(dir, { recursive: true })
      .map((name) => statSync(join(dir, name)))
      .filter((stat) => stat.isFile())
      .reduce((latest, stat) => Math.max(latest, stat.mtimeMs), 0)
  const stale =
    missing.length === 0 &&
    Math.min(...entries.map((e) => statSync(e).mtimeMs)) < newest(join(root, 'src'))
  if (missing.length > 0 || stale) {
    console.error(
      `bench: the adapter benchmarks import dist/, which is ${missing.length > 0 ? 'not built' : 'older than src/'}: run \`npm run build\` first, or \`npm run bench -- --only <scenarios>\` to leave the adapters out`,
    )
    process.exit(1)
  }
}
if (!only) checkBuilt()

const started = Date.now()
const loadAtStart = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ')
const log = (line) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`)

log(
  quick
    ? 'quick smoke run: sample sizes are too small for the numbers to mean anything'
    : 'full run',
)
const builtWith = await build()
log(`built bench/results/dist/ with ${builtWith}`)

const results = {}
const names = Object.keys(scenarios).filter((name) => !only || only.includes(name))
for (const scenario of names) {
  const tools = nodeTools.filter(
    (tool) => tool !== 'patiently (event)' || wakeScenarios.includes(scenario),
  )
  const runs = Object.fromEntries(tools.map((tool) => [tool, []]))
  const repeats = runsOf(scenario)
  // Repeated runs go round the tools, so that a slow minute of the machine falls on all of them.
  for (let run = 1; run <= repeats; run++) {
    for (const tool of tools) {
      const result = await runNode(scenario, tool)
      runs[tool].push(result)
      const which = repeats > 1 ? ` (run ${run})` : ''
      log(`${scenario} / ${tool}${which}${result.error ? ' FAILED' : ''}`)
    }
  }
  results[scenario] = Object.fromEntries(tools.map((tool) => [tool, combine(runs[tool])]))
}
log('vitest tools (inside vitest)')
const fromVitest = await runVitest(names)
for (const scenario of names) Object.assign(results[scenario], fromVitest[scenario])

const adapters = {}
for (const name of only ? [] : external) {
  adapters[name] = await runExternal(name)
  log(`${name}: ${adapters[name].status}`)
}

const cpu = cpus()
const load = loadavg().map((l) => l.toFixed(2))
const report = {
  meta: {
    date: new Date().toISOString(),
    node: process.version,
    cpu: `${cpu[0]?.model.trim() ?? 'unknown'} (${cpu.length} cores)`,
    platform: `${process.platform} ${process.arch}`,
    loadAtStart,
    loadAtEnd: load.join(' '),
    quick,
    ...(only ? { only } : {}),
    build: builtWith,
    durationS: Math.round((Date.now() - started) / 1000),
    settings: settings(quick),
  },
  results,
  adapters,
}
mkdirSync(resultsDir, { recursive: true })
const stamp = report.meta.date.replace(/[:.]/g, '-')
writeFileSync(
  join(resultsDir, `${quick ? 'quick' : only ? 'only' : 'full'}-${stamp}.json`),
  JSON.stringify(report, null, 2),
)
const analysisFile = join(root, 'bench', 'analysis.md')
const markdown = render(report, existsSync(analysisFile) ? readFileSync(analysisFile, 'utf8') : '')
const target =
  quick || only
    ? join(resultsDir, `benchmarks-${quick ? 'quick' : 'only'}.md`)
    : join(root, 'docs', 'benchmarks.md')
// Formatted as the repository's Prettier check expects, so a fresh report passes `npm run lint`.
writeFileSync(
  target,
  await format(markdown, { ...(await resolveConfig(target)), filepath: target }),
)
log(`wrote ${target.slice(root.length)} and the raw JSON in bench/results/`)

const failed = Object.entries(results).flatMap(([scenario, byTool]) =>
  Object.entries(byTool)
    .filter(([, r]) => r.error)
    .map(([tool, r]) => `${scenario} / ${tool}: ${r.error}`),
)
for (const line of failed) console.error(line)
process.exitCode = failed.length === 0 ? 0 : 1
