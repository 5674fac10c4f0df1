// What the getting-started samples assume: the reader's order API, ledger and cache, and
// vitest's expect.

interface Order {
  readonly id: string
  readonly status: 'pending' | 'paid' | 'shipped'
}

declare const api: {
  submitOrder(id: string): Promise<void>
  order(id: string): Promise<Order>
}
declare const id: string
declare const ledger: { entries(orderId: string): readonly string[] }
declare const cache: { size(): number }
declare const expect: typeof import('vitest').expect
