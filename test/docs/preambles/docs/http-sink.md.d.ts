// What the HTTP sink page's samples assume: the sink the page's setup started, the reader's
// service under test and its job client, a signature check, and vitest's expect.

declare const sink: import('patiently/http').HttpSink
declare const api: { submit(job: { callbackUrl: string }): Promise<void> }
declare const jobs: { submit(job: { callbackUrl: string; text: string }): Promise<string> }
declare const requestId: string
declare function verify(body: Buffer, signature: string | string[] | undefined): boolean
declare const expect: typeof import('vitest').expect
