// What the DSL page's samples assume: the reader's services, their clients and an event source.

interface Charge {
  readonly id: string
  readonly amount: number
}

interface OrderEvent {
  readonly type: 'created' | 'paid' | 'shipped'
}

declare const baseUrl: string
declare const id: string
declare const orderId: string
interface Order {
  readonly id: string
  readonly status: 'pending' | 'paid'
  readonly lines: readonly { readonly sku: string }[]
}

interface User {
  readonly name: string
}

declare const api: {
  charges(orderId: string): Promise<Charge[]>
  order(orderId: string): Promise<Order>
}
declare const users: readonly User[]
declare const queue: { depth(): number }
declare const job: { status(): Promise<'queued' | 'running' | 'done'> }
declare function health(): Promise<boolean>
declare const rateLimiter: { allows(): boolean }
declare const cache: { size(): number }
declare const events: readonly OrderEvent[]
declare const emitter: import('node:events').EventEmitter
declare const bigJob: { done(): Promise<boolean> }
declare function probe(): Promise<boolean>
