/** Where `until()`, `never()` or `always()` was called: an error made there. See {@link callSite}. */
export interface CallSite {
  readonly stack?: string
}

// The line that made the wait and two callers above it (a helper, and the test that called it).
// Each frame is held until the wait is gone: the test runner's own frames further up are not
// worth it.
const FRAMES = 3
// patiently's own frames at the top of a call site's stack: `callSite`, and the function the user
// called, which calls it directly.
const OWN = 2

// A line of a stack that names a frame: `    at f (file:1:2)` in V8, `f@file:1:2` elsewhere.
const isFrame = (line: string): boolean => /^\s+at /.test(line) || line.includes('@')

/**
 * Where the caller's caller is: an Error, whose stack is only put in words if it is read. Called
 * directly by `until`, `never` and `always`. A plain `Error`, not `Error.captureStackTrace` on an
 * object of its own, which could leave patiently's frames out: on Node 20, V8 moves that object's
 * properties into a dictionary, and a call site with two frames held 408 B instead of 358 B with
 * patiently's two frames kept (they are left out when the stack is read).
 *
 * @example
 * ```ts
 * const site = callSite() // in `until`
 * userFrames(site) // ['    at test (orders.test.ts:14:7)', …]
 * ```
 */
export function callSite(): CallSite {
  // V8's extension of Error (Bun's too); the core is typed without Node's.
  const v8 = Error as { stackTraceLimit?: unknown }
  // A limit the user lowered is theirs, and so is one removed; only a higher one is lowered.
  const limit = v8.stackTraceLimit
  const frames = typeof limit === 'number' ? Math.min(limit, FRAMES) + OWN : limit
  if (frames !== limit) v8.stackTraceLimit = frames
  try {
    // Made in a try, so that an engine with tail calls cannot leave this function's frame out.
    return new Error()
  } finally {
    if (frames !== limit) v8.stackTraceLimit = limit
  }
}

/**
 * The frames of the user's code in a call site's stack, a line each: patiently's own are left out.
 *
 * @example
 * ```ts
 * userFrames(spec.site).join('\n') // '    at test (orders.test.ts:14:7)\n    at …'
 * ```
 */
export function userFrames(site: CallSite): string[] {
  return (site.stack?.split('\n') ?? []).filter(isFrame).slice(OWN)
}
