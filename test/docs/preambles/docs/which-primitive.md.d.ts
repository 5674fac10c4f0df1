// What the "which primitive" samples assume: an HTTP sink the test started, the request id of
// the call under test, and a URL to poll.

declare const sink: import('patiently/http').HttpSink
declare const requestId: string
declare const url: string
