// The demo's output is its report; the AWS SDK's notice about Node 20 support is not part of it.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'

import { randomUUID } from 'node:crypto'
import { formatMs } from 'patiently'
import { startHttpSink } from 'patiently/http'
import { sqsBus } from 'patiently/sqs'
import { createCustomerResources } from './customer-service/resources.js'
import { startCustomerService } from './customer-service/service.js'
import { customerScenarios } from './demo/customer-scenarios.js'
import { deliberateFailure } from './demo/deliberate-failure.js'
import { jobScenarios } from './demo/job-scenarios.js'
import { Report } from './demo/report.js'
import { startJobService } from './job-service/service.js'
import { startEmulator } from './shared/emulator.js'

const LIMIT_MS = 55_000
const started = performance.now()
const watchdog = setTimeout(() => {
  console.error(`\nThe demo did not finish within ${formatMs(LIMIT_MS)}.`)
  process.exit(1)
}, LIMIT_MS)
watchdog.unref()

console.log('patiently demo: two small services, tested with until() and during()')
console.log('on an in-process SQS/SNS emulator and HTTP sink; nothing to configure.')
console.log('Each attempt of a wait: ✓ passed, ✗ did not, ~ cut short at the deadline.')

const report = new Report()
const aws = await startEmulator()
const sink = await startHttpSink()
const bus = sqsBus({ sqs: aws.sqs, sns: aws.sns })
const queues = await createCustomerResources(aws, { maxReceiveCount: 3 })
const published = `customer-events-${randomUUID().slice(0, 8)}`
await bus.subscribe(queues.topicArn, published)
const customers = await startCustomerService({ sqs: aws.sqs, sns: aws.sns, ...queues })
const jobs = await startJobService({ workMs: 20, retryDelayMs: 50 })

const scenario = async (title: string, run: () => Promise<void>): Promise<void> => {
  report.section(title)
  await run().catch((error: unknown) => report.crashed(title, error))
}

try {
  await scenario('Customer service (POST /customer, SNS, SQS consumer, DLQ)', () =>
    customerScenarios(report, { url: customers.url, bus, queues, published }),
  )
  await scenario('Job service (HTTP callbacks)', () =>
    jobScenarios(report, { url: jobs.url, sink }),
  )
  await scenario('A wait that fails on purpose, to show the error you would get', () =>
    deliberateFailure(report, { url: customers.url, bus, queues }),
  )
} finally {
  await bus.close()
  await Promise.all([customers.close(), jobs.close()])
  await sink.close()
  await aws.stop()
}

console.log(`\n${report.summary(performance.now() - started)}`)
process.exitCode = report.failures > 0 ? 1 : 0
