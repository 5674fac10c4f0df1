import type { RecordedRequest } from './request.js'

/**
 * The sink's record of requests, oldest first, bounded: past `max` entries the oldest are
 * dropped and counted. Listeners hear of every change, so waits wake at once.
 */
export class Journal {
  readonly #max: number
  #entries: RecordedRequest[] = []
  #dropped = 0
  #nextId = 1
  #version = 0
  readonly #listeners = new Set<() => void>()

  constructor(max: number) {
    this.#max = max
  }

  /** The id for the next request, handed out when it starts arriving. */
  nextId(): number {
    return this.#nextId++
  }

  add(request: RecordedRequest): void {
    this.#entries.push(request)
    if (this.#entries.length > this.#max) {
      this.#dropped += this.#entries.length - this.#max
      this.#entries.splice(0, this.#entries.length - this.#max)
    }
    this.#changed()
  }

  /** The live list; callers only read it. */
  get entries(): readonly RecordedRequest[] {
    return this.#entries
  }

  get dropped(): number {
    return this.#dropped
  }

  /** Goes up with every change, so what was derived from the entries can be kept until then. */
  get version(): number {
    return this.#version
  }

  clear(): void {
    this.#entries = []
    this.#dropped = 0
    this.#changed()
  }

  /** Calls `listener` after every change; returns a function that stops it. */
  onChange(listener: () => void): () => void {
    const own = (): void => listener()
    this.#listeners.add(own)
    return () => this.#listeners.delete(own)
  }

  #changed(): void {
    this.#version++
    for (const listener of this.#listeners) listener()
  }
}
