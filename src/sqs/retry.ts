import pRetry from 'p-retry'
import { isAwsError } from './aws.js'
import { NO_QUEUE, NO_TOPIC } from './missing.js'

// AWS answers these for a moment after a change it has accepted (a queue just created, a topic
// not yet visible everywhere), or to slow a caller down; the call succeeds if made again.
const SETTLING = [
  ...NO_QUEUE,
  ...NO_TOPIC,
  'QueueDeletedRecently',
  'Throttling',
  'ThrottlingException',
  'RequestThrottled',
  'TooManyRequestsException',
]

/**
 * Runs `call` again, with exponential backoff, while AWS answers with an error that goes away on
 * its own. `QueueDeletedRecently` lasts 60 s on AWS, so the retries may take up to 70 s in all.
 */
export function settle<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  return pRetry(call, {
    retries: 12,
    minTimeout: 200,
    maxTimeout: 10_000,
    maxRetryTime: 70_000,
    signal,
    shouldRetry: ({ error }) => isAwsError(error, ...SETTLING),
  })
}
