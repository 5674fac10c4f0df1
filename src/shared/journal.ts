/**
 * How a journal knows an entry it already holds: SQS delivers a message at least once, and a
 * redelivery is the same message again, not a new one.
 */
export interface Again<T> {
  /** Entries with the same key are one entry. */
  key(entry: T): string
  /** What the kept entry becomes when it arrives again. */
  merge(kept: T, again: T): T
}

/**
 * What an adapter has recorded (the sink's requests, one queue's messages), oldest first, shared
 * by every wait on it. Bounded: past `limit` entries the oldest are dropped and counted in
 * `dropped`. Listeners hear of every change, so waits wake at once.
 */
export class Journal<T> {
  /** The most entries kept. */
  readonly limit: number
  readonly #again: Again<T> | undefined
  #entries: T[] = []
  #dropped = 0
  #version = 0
  readonly #listeners = new Set<() => void>()

  constructor(limit: number, again?: Again<T>) {
    this.limit = limit
    this.#again = again
  }

  /** The live list, oldest first; callers only read it. */
  get entries(): readonly T[] {
    return this.#entries
  }

  /** How many entries were dropped to keep within `limit`. */
  get dropped(): number {
    return this.#dropped
  }

  /** Goes up with every change, so what was derived from the entries can be kept until then. */
  get version(): number {
    return this.#version
  }

  /** Records entries; returns those that were new (not arrivals again of a kept one). */
  add(entries: readonly T[]): T[] {
    const fresh: T[] = []
    for (const entry of entries) {
      if (!this.#merged(entry)) {
        this.#entries.push(entry)
        fresh.push(entry)
      }
    }
    const excess = this.#entries.length - this.limit
    if (excess > 0) {
      this.#entries.splice(0, excess)
      this.#dropped += excess
    }
    if (entries.length > 0) this.#changed()
    return fresh
  }

  /** Forgets every entry (the drop counter too); waits watching it are woken. */
  clear(): void {
    this.#entries = []
    this.#dropped = 0
    this.#changed()
  }

  /** Calls `listener` after every change; returns a function that stops it. */
  onChange(listener: () => void): () => void {
    // A wrapper per call: the same function subscribed twice is two subscriptions.
    const own = (): void => listener()
    this.#listeners.add(own)
    return () => this.#listeners.delete(own)
  }

  #merged(entry: T): boolean {
    const again = this.#again
    if (!again) return false
    const key = again.key(entry)
    const index = this.#entries.findIndex((kept) => again.key(kept) === key)
    const kept = this.#entries[index]
    if (kept === undefined) return false
    this.#entries[index] = again.merge(kept, entry)
    return true
  }

  #changed(): void {
    this.#version++
    for (const listener of [...this.#listeners]) listener()
  }
}
