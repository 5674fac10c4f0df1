import { afterEach, describe, expect, test } from 'vitest'
import { callSite, userFrames, type CallSite } from '../../src/core/site.js'

// As `until` takes its call site: the function the user calls calls `callSite` itself.
function entry(): CallSite {
  return callSite()
}
const nested = (depth: number): CallSite => (depth === 0 ? entry() : nested(depth - 1))

describe('callSite', () => {
  const limit = Error.stackTraceLimit
  afterEach(() => {
    Error.stackTraceLimit = limit
  })

  test("the first frame is the user's call, not patiently's own", () => {
    function usersTest(): CallSite {
      return entry()
    }
    const frames = userFrames(usersTest())
    expect(frames[0]).toMatch(/^\s+at usersTest \(.*site\.test\.ts:\d+:\d+\)$/)
    expect(frames.join('\n')).not.toMatch(/\b(entry|callSite)\b/)
  })

  test('keeps at most three frames of the caller, and leaves a higher limit as it was', () => {
    Error.stackTraceLimit = 50
    expect(userFrames(nested(10))).toHaveLength(3)
    expect(Error.stackTraceLimit).toBe(50)
  })

  test('a limit the user lowered is kept', () => {
    Error.stackTraceLimit = 1
    const frames = userFrames(nested(5))
    expect(frames).toHaveLength(1)
    expect(frames[0]).toMatch(/at nested /)
    expect(Error.stackTraceLimit).toBe(1)
  })

  test('with no limit at all, there are no frames and no limit is set', () => {
    Error.stackTraceLimit = undefined as unknown as number
    expect(userFrames(nested(2))).toEqual([])
    expect(Error.stackTraceLimit).toBeUndefined()
  })
})
