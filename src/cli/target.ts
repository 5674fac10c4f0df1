import type { Condition } from '../core/probe.js'

/** One target of a command line, made into a condition on the engine. */
export interface Target {
  /** As written on the command line. */
  readonly text: string
  /** Passes when the target passes its checks; describes itself for messages. */
  readonly condition: Condition<unknown>
  /** What the target got, as JSON-ready data, from the value it passed with. */
  data(value: unknown): unknown
  /** Whether what it got is printed on stdout (receive and sqs), not only in `--output json`. */
  readonly prints: boolean
  /** Releases what the target holds: a listening sink, an SQS client. */
  close(): Promise<void>
}

/** A target that holds nothing and prints nothing. */
export function plain(text: string, condition: Condition<unknown>): Target {
  return { text, condition, data: (value) => value, prints: false, close: async () => {} }
}
