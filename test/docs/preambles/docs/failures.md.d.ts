// What the failure comparison page's samples assume: the reader's order API, the sink the
// service under test calls, and vitest's expect.

declare const api: { order(id: string): Promise<{ readonly status: string } | undefined> }
declare const sink: import('patiently/http').HttpSink
declare const expect: typeof import('vitest').expect
