// Publish-to-resolve latency on SQS/SNS: the time from `publish` to a waiting wait resolving,
// for patiently's `until(bus.received(...))` (a background long poll that wakes the wait) and
// for the usual hand-written loop (short-poll ReceiveMessage, then sleep 100 ms).
// Runs against the built library and fauxqs in this process.
// Usage: node bench/sqs.mjs [--quick]   (build first: npx tsup)
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { SNSClient } from '@aws-sdk/client-sns'
import { startFauxqs } from 'fauxqs'
import { stdout, argv } from 'node:process'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { until } from '../dist/index.js'
import { sqsBus } from '../dist/sqs/index.js'

const quick = argv.includes('--quick')
const TRIALS = quick ? 5 : 60
const POLL_MS = 100

const server = await startFauxqs({ port: 0, logger: false, host: '127.0.0.1' })
const config = {
  endpoint: `http://127.0.0.1:${server.port}`,
  region: 'us-east-1',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
}
const sqs = new SQSClient(config)
const sns = new SNSClient(config)
const bus = sqsBus({ sqs, sns })

// Each trial has a topic and a queue of its own, so no trial sees another's messages or long polls.
let made = 0
async function route() {
  made++
  const topic = `bench-topic-${made}`
  const queue = `bench-queue-${made}`
  await bus.subscribe(topic, queue)
  return { topic, queue, queueUrl: await bus.queueUrl(queue) }
}

// The wait is already running when the event is published, as in a test; the publish lands at a
// random point of the poll loop's 100 ms cycle.
const head = () => sleep(Math.random() * POLL_MS)

async function patiently(trial) {
  const { topic, queue } = await route()
  const waiting = until(bus.received(queue, { trial }))
    .atMost('10s')
    .then(() => performance.now())
  await head()
  const start = performance.now()
  await bus.publish(topic, { trial })
  return (await waiting) - start
}

async function pollLoop(trial) {
  const { topic, queueUrl } = await route()
  let start = 0
  const found = (async () => {
    for (;;) {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
        }),
      )
      const messages = out.Messages ?? []
      if (messages.length > 0) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        )
        const bodies = messages.map((m) => JSON.parse(JSON.parse(m.Body).Message))
        if (bodies.some((b) => b.trial === trial)) return performance.now()
      }
      await sleep(POLL_MS)
    }
  })()
  await head()
  start = performance.now()
  await bus.publish(topic, { trial })
  return (await found) - start
}

function percentile(sorted, p) {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, index)]
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b)
  const round = (ms) => Math.round(ms * 10) / 10
  return { medianMs: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)) }
}

const samples = { patiently: [], poll: [] }
try {
  // Warm-up: the first requests pay for connections and lazy imports.
  await patiently(-1)
  await pollLoop(-2)
  // Interleaved, so both see the same machine.
  for (let trial = 0; trial < TRIALS; trial++) {
    samples.patiently.push(await patiently(trial))
    samples.poll.push(await pollLoop(trial))
  }
} finally {
  await bus.close()
  sqs.destroy()
  sns.destroy()
  await server.stop()
}

stdout.write(
  `${JSON.stringify({
    scenario: 'sqs',
    trials: TRIALS,
    rows: [
      { tool: 'patiently received()', ...summary(samples.patiently) },
      { tool: `receive + poll every ${POLL_MS} ms`, ...summary(samples.poll) },
    ],
  })}\n`,
)
