// What the recipes assume: the reader's services and clients, a mailbox the test reads,
// vitest's expect, and the part of Playwright's test API the Playwright recipe uses.

interface Mail {
  readonly subject: string
  readonly to: string
}

declare const api: string
declare const id: string
declare function submitJob(job: { callbackUrl: string }): Promise<{ requestId: string }>
declare const bus: import('patiently/sqs').SqsBus
declare const customerId: string
declare const customers: import('../../../../examples/customer-service/client.js').CustomerClient
declare const mailbox: readonly Mail[]
declare function startWorker(): Promise<void>
declare function queueDepth(): Promise<number>
declare const expect: typeof import('vitest').expect

// Playwright is not installed here. An unresolved module would make every name imported from it
// `any`, so the signatures the recipe uses are declared as @playwright/test 1.x has them.
declare module '@playwright/test' {
  interface Locator {
    click(): Promise<void>
  }
  interface Page {
    getByRole(role: 'button' | 'link' | 'heading', options?: { name?: string | RegExp }): Locator
  }
  export function test(title: string, body: (fixtures: { page: Page }) => Promise<void>): void
  export const expect: typeof import('vitest').expect
}
