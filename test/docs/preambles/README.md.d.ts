// What the README's samples assume: the reader's order API and the charges it made.

interface Order {
  readonly id: string
  readonly status: 'pending' | 'paid' | 'shipped'
}

declare const api: { order(id: string): Promise<Order> }
declare const charges: { count(orderId: string): number }
declare const id: string
declare const expect: typeof import('vitest').expect
