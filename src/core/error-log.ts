import { describeError } from './format.js'

const KEEP = 10

/** The errors a wait saw: first and last, and how often each distinct one occurred. */
export class ErrorLog {
  /** How many errors in all. */
  count = 0
  first: unknown
  last: unknown
  /** Distinct errors by their text, with counts; at most ten are kept. */
  readonly distinct: Map<string, number> = new Map()

  add(error: unknown): void {
    if (this.count++ === 0) this.first = error
    this.last = error
    const key = describeError(error)
    const seen = this.distinct.get(key)
    if (seen !== undefined) this.distinct.set(key, seen + 1)
    else if (this.distinct.size < KEEP) this.distinct.set(key, 1)
  }
}
