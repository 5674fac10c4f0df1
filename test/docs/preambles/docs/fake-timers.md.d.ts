// What the fake-timer samples assume: the reader's code under test that runs on timers, and
// vitest's vi.

declare function startCache(options: { refreshEvery: number }): { version(): number }
declare const retries: { count(): number }
declare const order: { readonly status: 'pending' | 'paid' }
declare const vi: typeof import('vitest').vi
