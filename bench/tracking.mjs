import console from 'node:console'
import process from 'node:process'
import { until } from '../src/index.ts'
import { track, untrack } from '../src/core/tracking.ts'

// node --expose-gc --import tsx bench/tracking.mjs: what wait tracking costs. The per-wait time
// of making and awaiting a wait that passes at once, without tracking and with it, in alternate
// rounds; then the heap still held after 10,000 tracked waits, settled or never started.
const ROUNDS = 7
const WAITS = 20_000
const gc = globalThis.gc
if (!gc) throw new Error('Run with node --expose-gc --import tsx bench/tracking.mjs')

async function perWait() {
  const start = process.hrtime.bigint()
  for (let i = 0; i < WAITS; i++) await until(() => i)
  return Number(process.hrtime.bigint() - start) / WAITS / 1000
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const times = { off: [], on: [] }
await perWait()
for (let round = 0; round < ROUNDS; round++) {
  untrack()
  times.off.push(await perWait())
  track()
  times.on.push(await perWait())
}
untrack()

async function retained(make) {
  gc()
  await new Promise((resolve) => setImmediate(resolve))
  gc()
  const before = process.memoryUsage().heapUsed
  const tracking = track()
  await make()
  await new Promise((resolve) => setImmediate(resolve))
  gc()
  await new Promise((resolve) => setImmediate(resolve))
  gc()
  const after = process.memoryUsage().heapUsed
  const counts = tracking.counts()
  untrack()
  return { mb: (after - before) / 1024 / 1024, counts }
}

const settled = await retained(async () => {
  for (let i = 0; i < 10_000; i++) await until(() => ({ payload: 'x'.repeat(1000), i }))
})
const forgotten = await retained(async () => {
  for (let i = 0; i < 10_000; i++) void until(() => ({ payload: 'x'.repeat(1000), i }))
})

const round = (n) => Math.round(n * 100) / 100
console.log(`node ${process.version}, ${ROUNDS} rounds of ${WAITS} waits, median µs per wait`)
console.log(`without tracking: ${round(median(times.off))} µs`)
console.log(`with tracking:    ${round(median(times.on))} µs`)
console.log(`retained after 10,000 settled waits: ${round(settled.mb)} MB`, settled.counts)
console.log(
  `retained after 10,000 waits never started: ${round(forgotten.mb)} MB`,
  forgotten.counts,
)
