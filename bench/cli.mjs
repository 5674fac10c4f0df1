import console from 'node:console'
import process from 'node:process'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import { createServer as createTcpServer } from 'node:net'
import { cpus, loadavg } from 'node:os'
import { resolve } from 'node:path'
import { URL, fileURLToPath } from 'node:url'
import { median, now, percentile, round, seeded, sleep } from './stats.mjs'

// node bench/cli.mjs [--runs 20] [--seed 7] [--cli dist/cli/main.js]: the patiently CLI against
// wait-on, from the built package (npm run build first). "Ready to exit" starts when a server that comes up at a seeded
// random moment is listening, and ends when the waiting process has exited 0; "start-up" is
// spawn to exit against a server that is already up (one check, then exit).
const arg = (name, fallback) => {
  const at = process.argv.indexOf(name)
  return at < 0 ? fallback : process.argv[at + 1]
}
const runs = Number(arg('--runs', 20))
const seed = Number(arg('--seed', 7))
const root = fileURLToPath(new URL('..', import.meta.url))
const patiently = resolve(root, arg('--cli', 'dist/cli/main.js'))
const waitOn = fileURLToPath(new URL('../node_modules/wait-on/bin/wait-on', import.meta.url))
if (!existsSync(patiently)) {
  console.error(
    `bench/cli.mjs runs the built CLI, and ${patiently} is missing: run \`npm run build\` first`,
  )
  process.exit(1)
}

const tools = [
  { name: 'patiently (default: every 100 ms)', args: (url) => [patiently, 'wait', url] },
  { name: 'patiently --every 250ms', args: (url) => [patiently, 'wait', url, '--every', '250ms'] },
  {
    name: 'wait-on (default: interval 250 ms)',
    args: (url) => [waitOn, url.replace('http:', 'http-get:')],
  },
  {
    name: 'wait-on --interval 100',
    args: (url) => [waitOn, url.replace('http:', 'http-get:'), '--interval', '100'],
  },
]

function freePort() {
  return new Promise((resolve) => {
    const server = createTcpServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

function listen(port) {
  const server = createServer((_req, res) => res.end('ok'))
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)))
}

function close(server) {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(resolve))
}

/** Spawns `node args`; resolves with the exit code and the moment of exit. */
function run(args) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'ignore' })
  const exited = new Promise((resolve) =>
    child.once('exit', (code) => resolve({ code, at: now() })),
  )
  const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000)
  return exited.finally(() => clearTimeout(timeout))
}

/** Ready-to-exit latency, in ms, over seeded start moments from 200 to 1200 ms after the spawn. */
async function latency(tool) {
  const random = seeded(seed)
  const samples = []
  for (let i = 0; i < runs; i++) {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}/health`
    const exited = run(tool.args(url))
    await sleep(200 + random() * 1000)
    const server = await listen(port)
    const ready = now()
    const { code, at } = await exited
    await close(server)
    if (code !== 0) throw new Error(`${tool.name} exited ${code}`)
    samples.push(at - ready)
  }
  return samples
}

/** Spawn-to-exit time against a server that is already up. */
async function startup(tool) {
  const port = await freePort()
  const server = await listen(port)
  const samples = []
  for (let i = 0; i < runs; i++) {
    const started = now()
    const { code, at } = await run(tool.args(`http://127.0.0.1:${port}/health`))
    if (code !== 0) throw new Error(`${tool.name} exited ${code}`)
    samples.push(at - started)
  }
  await close(server)
  return samples
}

const row = (name, samples) =>
  `| ${name} | ${round(median(samples))} | ${round(percentile(samples, 0.9))} | ${round(Math.min(...samples))} | ${round(Math.max(...samples))} |`

console.log(
  `Node ${process.version}, ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; ${runs} runs each, seed ${seed}\n`,
)
console.log(
  'Ready to exit 0 (ms)\n\n| tool | median | p90 | min | max |\n| --- | --- | --- | --- | --- |',
)
for (const tool of tools) console.log(row(tool.name, await latency(tool)))
console.log(
  '\nStart-up: spawn to exit 0 against a server already up (ms)\n\n| tool | median | p90 | min | max |\n| --- | --- | --- | --- | --- |',
)
for (const tool of [tools[0], tools[2]])
  console.log(row(tool.name.replace(/ \(.*\)/, ''), await startup(tool)))
