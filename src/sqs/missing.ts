import { isAwsError, lastSegment } from './aws.js'

/** The names AWS gives a queue that does not exist. */
export const NO_QUEUE: readonly string[] = ['QueueDoesNotExist', 'NonExistentQueue']
/** The names AWS gives a topic that does not exist. */
export const NO_TOPIC: readonly string[] = ['NotFound', 'NotFoundException']

/**
 * AWS's "does not exist" errors name neither the queue nor what to do: this one says both, with
 * AWS's error as its `cause`. Any other error comes back as it is.
 */
export function queueMissing(
  error: unknown,
  doing: string,
  queue: string,
  fix = `Create it first with bus.createQueue(${JSON.stringify(lastSegment(queue))})`,
): unknown {
  if (!isAwsError(error, ...NO_QUEUE)) return error
  return new Error(
    `${doing}: queue "${queue}" does not exist. ${fix}, or check the name and the SQS client's endpoint and region.`,
    { cause: error },
  )
}

/**
 * The same for a topic AWS says does not exist.
 */
export function topicMissing(error: unknown, doing: string, topic: string): unknown {
  if (!isAwsError(error, ...NO_TOPIC)) return error
  return new Error(
    `${doing}: topic "${topic}" does not exist. Create it first with bus.createTopic(${JSON.stringify(lastSegment(topic))}), or check the name and the SNS client's endpoint and region.`,
    { cause: error },
  )
}
