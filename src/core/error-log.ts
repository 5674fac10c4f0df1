import { describeError } from './format.js'

const KEEP = 10
const NONE: ReadonlyMap<string, number> = new Map()

/** The errors a wait saw: first and last, and how often each distinct one occurred. */
export class ErrorLog {
  /** How many errors in all. */
  count = 0
  first: unknown
  last: unknown
  #distinct: Map<string, number> | undefined

  /** Distinct errors by their text, with counts; at most ten are kept. */
  get distinct(): ReadonlyMap<string, number> {
    return this.#distinct ?? NONE
  }

  add(error: unknown): void {
    if (this.count++ === 0) this.first = error
    this.last = error
    const key = describeError(error)
    const distinct = (this.#distinct ??= new Map<string, number>())
    const seen = distinct.get(key)
    if (seen !== undefined) distinct.set(key, seen + 1)
    else if (distinct.size < KEEP) distinct.set(key, 1)
  }
}
