import { during, until } from 'patiently'
import type { HttpSink } from 'patiently/http'
import { jobClient } from '../job-service/client.js'
import type { Report } from './report.js'

/**
 * The job service's scenarios: the callback arrives once with the right request id, and is
 * retried after the receiver answers 503.
 *
 * @example
 * ```ts
 * await jobScenarios(report, { url: jobs.url, sink })
 * ```
 */
export async function jobScenarios(
  report: Report,
  setup: { readonly url: string; readonly sink: HttpSink },
): Promise<void> {
  const { sink } = setup
  const jobs = jobClient(setup.url)
  const callbackUrl = `${sink.url}/callbacks`

  const requestId = await jobs.submit({ callbackUrl, text: 'the quick brown fox' })
  await report.check(
    `callback for ${requestId.slice(0, 12)}… on the sink`,
    until(sink.received({ method: 'POST', path: '/callbacks', body: { requestId } })).atMost('5s'),
  )
  await report.check(
    'no second callback for it (500 ms)',
    during('500ms').never(sink.received({ body: { requestId } }).count(2)),
  )

  sink.when('POST /callbacks').once().reply({ status: 503 })
  const retried = await jobs.submit({ callbackUrl, text: 'retry me' })
  await report.check(
    'callback retried after the sink answered 503',
    until(sink.received({ body: { requestId: retried } }).count(2)).atMost('5s'),
  )
}
