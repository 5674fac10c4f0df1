import console from 'node:console'
import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import process from 'node:process'
import { setTimeout as sleep } from 'node:timers/promises'
import { getLocal } from 'mockttp'
import { until } from '../dist/index.js'
import { startHttpSink } from '../dist/http/index.js'

// node bench/http-sink.mjs [--quick]: the HTTP sink against mockttp, in one process, on 127.0.0.1.
// 1. Throughput: POST requests from 16 keep-alive connections; requests per second until every
//    response is in (each tool records a request before it answers), checked against the journal.
// 2. Arrival to resolve: a wait is started, then after a random 0–20 ms one matching request is
//    sent; the time from the client finishing the request to the waiting `until` resolving.
//    patiently's sink wakes the wait on arrival; mockttp has no wait, so its journal
//    (getSeenRequests) is polled every 10 ms, the way its users do.
// The last stdout line is the JSON result.
const quick = process.argv.includes('--quick')
const LOAD = quick ? 1000 : 5000
const WARMUP = 200
const CONCURRENCY = 16
const SAMPLES = quick ? 40 : 200

function post(agent, url, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode, sentAt }))
      },
    )
    let sentAt = 0
    req.on('finish', () => (sentAt = performance.now()))
    req.on('error', reject)
    req.end(JSON.stringify(body))
  })
}

async function throughput(url, count) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  let next = 0
  const worker = async () => {
    while (next < count) {
      const n = next++
      const { status } = await post(agent, `${url}/load`, { n })
      if (status !== 200) throw new Error(`unexpected status ${status}`)
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  const elapsed = performance.now() - started
  agent.destroy()
  return (count / elapsed) * 1000
}

async function latencies(url, waitFor) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const out = []
  for (let i = 0; i < SAMPLES; i++) {
    const path = `/cb/${i}`
    const waiting = waitFor(path)
    await sleep(Math.random() * 20)
    const sent = post(agent, `${url}${path}`, { i })
    await waiting
    const resolvedAt = performance.now()
    const { sentAt } = await sent
    out.push(resolvedAt - sentAt)
  }
  agent.destroy()
  return out
}

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
}

const round = (n) => Math.round(n * 100) / 100

async function benchPatiently() {
  const sink = await startHttpSink({ maxRequests: LOAD + WARMUP })
  try {
    await throughput(sink.url, WARMUP)
    sink.clear()
    const rps = await throughput(sink.url, LOAD)
    if (sink.received().found().length !== LOAD)
      throw new Error(`patiently recorded ${sink.received().found().length} of ${LOAD}`)
    sink.clear()
    const lat = await latencies(sink.url, (path) =>
      until(sink.received({ method: 'POST', path })).atMost('5s'),
    )
    return { rps, lat }
  } finally {
    await sink.close()
  }
}

async function benchMockttp() {
  const server = getLocal()
  await server.start({ startPort: 20000, endPort: 40000 })
  try {
    const url = server.url
    await server.forPost('/load').thenReply(200)
    await throughput(url, WARMUP)
    await server.reset()
    const loadEndpoint = await server.forPost('/load').thenReply(200)
    const rps = await throughput(url, LOAD)
    const seen = (await loadEndpoint.getSeenRequests()).length
    if (seen !== LOAD) throw new Error(`mockttp recorded ${seen} of ${LOAD}`)
    await server.reset()
    const lat = await latencies(url, async (path) => {
      const endpoint = await server.forPost(path).thenReply(200)
      return until(async () => (await endpoint.getSeenRequests()).length > 0)
        .every(10)
        .atMost('5s')
    })
    return { rps, lat }
  } finally {
    await server.stop()
  }
}

const rows = []
for (const [tool, run] of [
  ['patiently', benchPatiently],
  ['mockttp (poll getSeenRequests every 10 ms)', benchMockttp],
]) {
  const { rps, lat } = await run()
  const row = {
    tool,
    requestsPerSecond: Math.round(rps),
    arrivalToResolveMedianMs: round(quantile(lat, 0.5)),
    arrivalToResolveP99Ms: round(quantile(lat, 0.99)),
  }
  console.log(
    `${tool}: ${row.requestsPerSecond} requests/s; arrival to resolve median ${row.arrivalToResolveMedianMs} ms, p99 ${row.arrivalToResolveP99Ms} ms (${lat.length} samples)`,
  )
  rows.push(row)
}
console.log(JSON.stringify({ scenario: 'http-sink', rows }))
