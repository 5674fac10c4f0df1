// The AWS error name (`QueueDoesNotExist`, `PurgeQueueInProgress`, ...), if it has one.
function errorName(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined
  const { name, Code } = error as { name?: unknown; Code?: unknown }
  if (typeof Code === 'string') return Code
  return typeof name === 'string' ? name : undefined
}

/**
 * Whether `error` is one of the named AWS errors, by its short or its legacy query-protocol name.
 */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  const name = errorName(error)
  return (
    name !== undefined && names.some((n) => name === n || name === `AWS.SimpleQueueService.${n}`)
  )
}

/**
 * The last segment of an ARN or queue URL: the queue or topic name.
 */
export function lastSegment(reference: string): string {
  return reference.split(/[:/]/).pop() ?? reference
}

/**
 * Whether a queue or topic name is a FIFO one.
 */
export const isFifo = (name: string): boolean => name.endsWith('.fifo')
