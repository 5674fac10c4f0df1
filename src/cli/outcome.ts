import { formatMs } from '../core/duration.js'
import { plural } from '../core/format.js'
import type { Command } from './args.js'

/** How one target's wait ended. */
export type Outcome =
  | {
      readonly state: 'passed'
      readonly elapsedMs: number
      readonly attempts: number
      readonly data: unknown
    }
  | {
      readonly state: 'failed'
      readonly elapsedMs: number
      readonly attempts: number
      readonly message: string
    }
  | {
      readonly state: 'cancelled'
      readonly elapsedMs: number
      readonly attempts: number
      readonly why: string
    }

/** The line (or, for a failure, the library's message) printed for a target once it settles. */
export function summary(command: Command, target: string, outcome: Outcome): string {
  const took = formatMs(outcome.elapsedMs)
  const count = plural(outcome.attempts, 'attempt')
  switch (outcome.state) {
    case 'passed':
      if (command === 'never') return `✓ ${target} did not pass in ${took} (${count})`
      if (command === 'always') return `✓ ${target} passed throughout ${took} (${count})`
      return `✓ ${target} passed after ${took} (${count})`
    case 'failed':
      return `✗ ${outcome.message}`
    case 'cancelled':
      return `- ${target} stopped after ${took} (${count}): ${outcome.why}`
  }
}
