// What the migration samples assume: the reader's API client, server and users, vitest's expect,
// and the tools migrated from, as the reader's test already imports them.

declare const api: { readonly calls: readonly string[] }
declare const server: { isReady(): boolean }
declare const users: readonly { readonly name: string; readonly active: boolean }[]
declare const expect: typeof import('vitest').expect
declare const waitForExpect: typeof import('wait-for-expect').default
declare const pWaitFor: typeof import('p-wait-for').default
declare const waitUntil: typeof import('async-wait-until').waitUntil
