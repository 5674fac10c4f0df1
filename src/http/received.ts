import type { Journal } from '../shared/journal.js'
import { received, type Received } from '../shared/received.js'
import { summarize, type Matcher } from './match.js'
import type { RecordedRequest } from './request.js'

/**
 * The sink's `received` condition: the shared builder over the sink's journal and one match.
 */
export function receivedRequests(
  journal: Journal<RecordedRequest>,
  matcher: Matcher,
): Received<RecordedRequest> {
  return received({
    noun: 'request',
    what: matcher.describe(),
    journal: () => journal,
    test: (request) => matcher.test(request),
    score: (request) => matcher.score(request),
    summarize,
    name: (request) => `${request.method} ${request.url}`,
    explain: (request) => matcher.explain(request),
    subscribe: (wake) => journal.onChange(wake),
  })
}
