// What the migration samples assume: the reader's API client and server, vitest's expect, and
// the tools migrated from, as the reader's test already imports them.

declare const api: { readonly calls: readonly string[] }
declare const server: { isReady(): boolean }
declare const expect: typeof import('vitest').expect
declare const waitForExpect: typeof import('wait-for-expect').default
declare const pWaitFor: typeof import('p-wait-for').default
