import nodeAssert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect as jestExpect } from 'expect'
import { describe, expect, test } from 'vitest'
import { condition, during, patiently, stop, until, WaitError } from '../../src/index.js'
import { FakeClock, settle } from './fake-clock.js'

/** Runs the wait on `clock` to its end and returns the WaitError it rejected with. */
async function failure(wait: PromiseLike<unknown>, clock: FakeClock): Promise<WaitError> {
  const settled = await settle(wait, clock)
  if (settled.ok)
    throw new Error(`expected the wait to fail, it passed with ${String(settled.value)}`)
  expect(settled.error).toBeInstanceOf(WaitError)
  return settled.error as WaitError
}

/** The line of the caller, as the stack shows it. */
function thisLine(): number {
  const frame = new Error().stack?.split('\n')[2] ?? ''
  return Number(/:(\d+):\d+\)?$/.exec(frame)?.[1])
}

/** Where `error` was made, as its own stack says: `test/core/error.test.ts:57:23`. */
function madeAt(error: unknown): string {
  const top = (error as Error).stack?.split('\n').find((line) => /^\s+at /.test(line)) ?? ''
  const path = /\(?([^\s()]+):(\d+):(\d+)\)?$/.exec(top)
  return path ? `${path[1]?.replace(`${process.cwd()}/`, '')}:${path[2]}:${path[3]}` : ''
}

function firstFrame(error: Error): string {
  return error.stack?.split('\n').find((line) => /^\s+at /.test(line)) ?? ''
}

describe('failure messages, word for word', () => {
  test('timeout with the last value', async () => {
    const clock = new FakeClock()
    const error = await failure(
      until(() => false)
        .as('the order')
        .clock(clock)
        .every(100)
        .atMost(1000),
      clock,
    )
    expect(error.message).toBe(
      'Timed out after 1 s waiting for the order (atMost 1 s, 11 attempts).\n  last value:  false',
    )
    expect(error).toMatchObject({
      name: 'WaitError',
      mode: 'until',
      reason: 'timeout',
      description: 'the order',
      elapsedMs: 1000,
      attempts: 11,
      lastValue: false,
      hasLastValue: true,
      lastPassMs: undefined,
    })
    expect('cause' in error).toBe(false)
  })

  test('timeout with the last error, repeated; cause is that error', async () => {
    const clock = new FakeClock()
    const thrown: Error[] = []
    const error = await failure(
      until(() => {
        const error = new TypeError('order 7 not found')
        thrown.push(error)
        throw error
      })
        .as('order 7')
        .clock(clock)
        .every(100)
        .atMost(300),
      clock,
    )
    expect(error.message).toBe(
      'Timed out after 300 ms waiting for order 7 (atMost 300 ms, 4 attempts).\n' +
        '  last error:  TypeError: order 7 not found\n' +
        `    failed at ${madeAt(error.lastError)}\n` +
        '  (the same error 4 times)',
    )
    expect(thrown).toHaveLength(4)
    expect(error.cause).toBe(thrown[3])
    expect(error.lastError).toBe(thrown[3])
    expect(error.firstError).toBe(thrown[0])
    expect(error.hasLastValue).toBe(false)
  })

  test('timeout with distinct errors and their counts, of any thrown type', async () => {
    const clock = new FakeClock()
    const kinds: unknown[] = [new RangeError('r'), 'text', undefined, { code: 5 }]
    const error = await failure(
      until(({ attempt }) => {
        throw kinds[(attempt - 1) % kinds.length]
      })
        .as('the queue')
        .clock(clock)
        .every(100)
        .atMost(900),
      clock,
    )
    expect(error.message).toBe(
      [
        'Timed out after 900 ms waiting for the queue (atMost 900 ms, 10 attempts).',
        '  last error:  "text" (thrown, not an Error)',
        '  errors seen (10 in all):',
        '    3× RangeError: r',
        '    3× "text" (thrown, not an Error)',
        '    2× undefined (thrown, not an Error)',
        '    2× { code: 5 } (thrown, not an Error)',
      ].join('\n'),
    )
    expect(error.cause).toBe('text')
  })

  test('timeout after passing once: when it passed and when it failed again', async () => {
    const clock = new FakeClock()
    const error = await failure(
      until(({ attempt }) => (attempt === 3 ? 'ready' : false))
        .as('the job')
        .clock(clock)
        .every(100)
        .atMost(1000)
        .inARow(2),
      clock,
    )
    expect(error.message).toBe(
      [
        'Timed out after 1 s waiting for the job, passing 2 times in a row (atMost 1 s, 11 attempts).',
        '  last value:  false',
        '  it passed at 200 ms, then failed again at 300 ms',
      ].join('\n'),
    )
    expect(error.lastPassMs).toBe(200)
  })

  test('timeout while holding, after a hung last attempt', async () => {
    const clock = new FakeClock()
    const error = await failure(
      until(({ attempt }) => (attempt < 3 ? 'up' : new Promise<never>(() => {})))
        .as('the service')
        .clock(clock)
        .every(100)
        .atMost(500)
        .holdsFor(400),
      clock,
    )
    expect(error.message).toBe(
      [
        'Timed out after 500 ms waiting for the service and holding for 400 ms (atMost 500 ms, 3 attempts).',
        '  last value:  "up"',
        '  the last attempt was still running when the time ran out, and was abandoned',
        '  it passed at 100 ms',
      ].join('\n'),
    )
  })

  test('too-early', async () => {
    const clock = new FakeClock()
    const error = await failure(
      until(() => clock.now() >= 200)
        .as('the rate limit to lift')
        .clock(clock)
        .every(100)
        .atLeast(500)
        .atMost(1000),
      clock,
    )
    expect(error.message).toBe(
      'the rate limit to lift: passed after 200 ms, earlier than atLeast 500 ms allows (3 attempts).\n' +
        '  last value:  true',
    )
    expect(error.reason).toBe('too-early')
  })

  test('attempts', async () => {
    const clock = new FakeClock()
    const error = await failure(
      until(() => false)
        .as('the order')
        .clock(clock)
        .every(100)
        .maxAttempts(3),
      clock,
    )
    expect(error.message).toBe(
      'Gave up waiting for the order after 3 attempts (maxAttempts 3) in 200 ms.\n  last value:  false',
    )
    expect(error.reason).toBe('attempts')
  })

  test('violated, for never', async () => {
    const clock = new FakeClock()
    const error = await failure(
      during(1000)
        .never(() => (clock.now() >= 300 ? { charges: 2 } : false))
        .as('a second charge')
        .clock(clock)
        .every(100),
      clock,
    )
    expect(error.message).toBe(
      'Expected a second charge never to happen within 1 s, but it did after 300 ms (attempt 4).\n' +
        '  value:       { charges: 2 }',
    )
    expect(error).toMatchObject({ mode: 'never', reason: 'violated', lastPassMs: 300 })
  })

  test('violated, for always', async () => {
    const clock = new FakeClock()
    const cause = new Error('cache evicted')
    const error = await failure(
      during('2s')
        .always(() => {
          if (clock.now() >= 1500) throw cause
          return true
        })
        .as('one cached entry')
        .clock(clock)
        .every(500),
      clock,
    )
    expect(error.message).toBe(
      'Expected one cached entry to hold for all of 2 s, but it failed after 1.5 s (attempt 4).\n' +
        '  value:       true\n' +
        '  last error:  Error: cache evicted\n' +
        `    failed at ${madeAt(cause)}`,
    )
    expect(error.cause).toBe(cause)
  })

  test('stopped, with the stop cause as cause', async () => {
    const clock = new FakeClock()
    const cause = new Error('status: cancelled')
    const error = await failure(
      until(({ attempt }) => {
        if (attempt === 2) throw stop('the order was cancelled', { cause })
        return false
      })
        .as('the order to be paid')
        .clock(clock)
        .every(100),
      clock,
    )
    expect(error.message).toBe(
      'Stopped waiting for the order to be paid after 100 ms (2 attempts): the order was cancelled\n' +
        '  last value:  false\n' +
        '  last error:  Error: status: cancelled\n' +
        `    failed at ${madeAt(cause)}`,
    )
    expect(error.reason).toBe('stopped')
    expect(error.cause).toBe(cause)
  })

  test('fail-fast', async () => {
    const clock = new FakeClock()
    const error = await failure(
      until(() => false)
        .as('the order')
        .clock(clock)
        .every(100)
        .failFast(() => clock.now() >= 300, 'the service is down'),
      clock,
    )
    expect(error.message).toBe(
      'Failed fast waiting for the order after 300 ms (4 attempts): the service is down\n' +
        '  last value:  false',
    )
    expect(error.reason).toBe('fail-fast')
  })

  test('error, for a thrown error retryOn does not accept', async () => {
    const clock = new FakeClock()
    const bad = new RangeError('bad index')
    const error = await failure(
      until(() => {
        throw bad
      })
        .as('the list')
        .clock(clock)
        .retryOn(TypeError),
      clock,
    )
    expect(error.message).toBe(
      'Stopped waiting for the list after 0 ms (1 attempt): the probe threw RangeError: bad index, which retryOn does not accept.',
    )
    expect(error.reason).toBe('error')
    expect(error.cause).toBe(bad)
  })

  test('error, for a never window whose probe throws something other than an assertion failure', async () => {
    const clock = new FakeClock()
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:5432')
    const error = await failure(
      during('2s')
        .never(({ attempt }) => {
          if (attempt === 3) throw refused
          return false
        })
        .as('a second charge')
        .clock(clock)
        .every(100),
      clock,
    )
    expect(error.message).toBe(
      'Stopped waiting for a second charge after 200 ms (3 attempts): cannot tell whether it happened: the probe threw Error: connect ECONNREFUSED 127.0.0.1:5432\n' +
        '  last value:  false\n' +
        '  in a never window only an assertion failure (or an error that retryOn accepts) means "it did not happen"; any other error ends the window',
    )
    expect(error).toMatchObject({ reason: 'error', mode: 'never', attempts: 3 })
    expect(error.cause).toBe(refused)
  })

  test('error, for a ReferenceError: a mistake in the test', async () => {
    const clock = new FakeClock()
    const typo = new ReferenceError('ordrs is not defined')
    const error = await failure(
      until(() => {
        throw typo
      })
        .as('the order')
        .clock(clock),
      clock,
    )
    expect(error.message).toBe(
      'Stopped waiting for the order after 0 ms (1 attempt): the probe threw ReferenceError: ordrs is not defined, a mistake in the test rather than a "not yet".\n' +
        '  fix the test, or add .retryOn(ReferenceError) if the name exists only once something has happened',
    )
    expect(error.cause).toBe(typo)
  })

  test('error, after other errors: they are listed with their counts', async () => {
    const clock = new FakeClock()
    const error = await failure(
      until(({ attempt }) => {
        throw attempt < 3 ? new Error('busy') : new ReferenceError('x is not defined')
      })
        .as('x')
        .clock(clock)
        .every(10),
      clock,
    )
    expect(error.message).toBe(
      'Stopped waiting for x after 20 ms (3 attempts): the probe threw ReferenceError: x is not defined, a mistake in the test rather than a "not yet".\n' +
        '  fix the test, or add .retryOn(ReferenceError) if the name exists only once something has happened\n' +
        '  last error:  ReferenceError: x is not defined\n' +
        `    failed at ${madeAt(error.lastError)}\n` +
        '  errors seen (3 in all):\n' +
        '    2× Error: busy\n' +
        '    1× ReferenceError: x is not defined',
    )
  })

  test('inconclusive, when no attempt finishes within the window', async () => {
    const clock = new FakeClock()
    const error = await failure(
      during(500)
        .never(() => new Promise<never>(() => {}))
        .as('a duplicate')
        .clock(clock),
      clock,
    )
    expect(error.message).toBe(
      'No attempt of a duplicate finished within the 500 ms window (1 attempt cut short at its end).\n' +
        '  the last attempt was still running when the time ran out, and was abandoned',
    )
    expect(error).toMatchObject({ reason: 'inconclusive', elapsedMs: 500 })
  })
})

describe('descriptions', () => {
  test("a condition's own description, else the probe's source, cut at 80 characters", async () => {
    const clock = new FakeClock()
    const described = condition(() => false, { describe: () => 'the paid event' })
    const short = await failure(until(described).clock(clock).atMost(0), clock)
    expect(short.message).toMatch(/^Timed out after 0 ms waiting for the paid event \(/)
    const source = await failure(
      until(() => false)
        .clock(clock)
        .atMost(0),
      clock,
    )
    expect(source.description).toBe('`() => false`')
    const long = await failure(
      until(() => 'a very long probe body that goes on and on and on and on and on' === String(0))
        .clock(clock)
        .atMost(0),
      clock,
    )
    expect(long.description).toBe(
      '`() => "a very long probe body that goes on and on and on and on and on" === S...`',
    )
    const aliased = await failure(until(described).as('the alias').clock(clock).atMost(0), clock)
    expect(aliased.description).toBe('the alias')
  })

  test('a condition without a description is named by the probe it was given', async () => {
    const clock = new FakeClock()
    const probe = (): boolean => 'inbox'.length === 0
    const subscribed = condition(probe, { subscribe: () => () => undefined })
    const error = await failure(until(subscribed).clock(clock).atMost(0), clock)
    expect(error.description).toBe('`() => "inbox".length === 0`')
  })

  test('a description that throws, or is not a string, leaves the source to name the probe', async () => {
    const clock = new FakeClock()
    const throwing = condition(() => false, {
      describe: () => {
        throw new Error('no words')
      },
    })
    const error = await failure(until(throwing).clock(clock).atMost(0), clock)
    expect(error.description).toBe('`() => false`')
  })
})

describe('the stack points at the line that made the wait', () => {
  test('until()', async () => {
    const clock = new FakeClock()
    const made = { wait: until(() => false), line: thisLine() }
    const error = await failure(made.wait.clock(clock).atMost(0), clock)
    expect(error.stack?.startsWith(`WaitError: ${error.message}\n`)).toBe(true)
    expect(firstFrame(error)).toContain(`test/core/error.test.ts:${made.line}:`)
  })

  test('during().never() and during().always()', async () => {
    const clock = new FakeClock()
    const never = { wait: during(0).never(() => true), line: thisLine() }
    const always = { wait: during(0).always(() => false), line: thisLine() }
    const n = await failure(never.wait.clock(clock), clock)
    const a = await failure(always.wait.clock(clock), clock)
    expect(firstFrame(n)).toContain(`test/core/error.test.ts:${never.line}:`)
    expect(firstFrame(a)).toContain(`test/core/error.test.ts:${always.line}:`)
  })

  test("a helper's caller is kept too: the line that made the wait and the lines above it", async () => {
    const clock = new FakeClock()
    const paid = () => until(() => false) // the helper's wait
    const made = paid() // the helper's caller
    const error = await failure(made.clock(clock).atMost(0), clock)
    const source = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n')
    const lineOf = (marker: string): number => source.findIndex((line) => line.includes(marker)) + 1
    const frames = error.stack?.split('\n').filter((line) => /^\s+at /.test(line)) ?? []
    expect(frames[0]).toContain(`test/core/error.test.ts:${lineOf("// the helper's wait")}:`)
    expect(frames[1]).toContain(`test/core/error.test.ts:${lineOf("// the helper's caller")}:`)
  })

  test('until() from a scope', async () => {
    const clock = new FakeClock()
    const scoped = patiently.with({ clock, atMost: 0 })
    const made = { wait: scoped.until(() => false), line: thisLine() }
    const error = await failure(made.wait, clock)
    expect(firstFrame(error)).toContain(`test/core/error.test.ts:${made.line}:`)
    expect(error.stack).not.toContain('src/core')
  })
})

describe('a probe described by its source', () => {
  test('reads as written, without the test runner rewriting its imports', async () => {
    const r = await until(() => {
      throw stop('cancelled')
    }).result()
    expect(!r.passed && r.error.message).toBe(
      'Stopped waiting for `() => { throw stop("cancelled"); }` after 0 ms (1 attempt): cancelled',
    )
  })
})

describe("a condition's own account of what it saw", () => {
  test('replaces the bare `false` of a not-yet, on its own line, and is on the error', async () => {
    const clock = new FakeClock()
    const inbox = condition(() => false, {
      describe: () => 'a callback for r-7',
      seen: () => '4 requests arrived, none matched',
    })
    const error = await failure(until(inbox).clock(clock).every(100).atMost(200), clock)
    expect(error.message).toBe(
      'Timed out after 200 ms waiting for a callback for r-7 (atMost 200 ms, 3 attempts).\n' +
        '  still:       4 requests arrived, none matched',
    )
    expect(error.seen).toBe('4 requests arrived, none matched')
  })

  test('one that throws or says nothing is left out', async () => {
    const clock = new FakeClock()
    const quiet = condition(() => false, {
      describe: () => 'x',
      seen: () => {
        throw new Error('no words')
      },
    })
    const error = await failure(until(quiet).clock(clock).atMost(0), clock)
    expect(error.message).toBe(
      'Timed out after 0 ms waiting for x (atMost 0 ms, 1 attempt).\n  last value:  false',
    )
    expect(error.seen).toBeUndefined()
  })
})

describe('assertion probes, word for word', () => {
  const paid = async (assertion: () => void): Promise<WaitError> => {
    const clock = new FakeClock()
    return failure(until(assertion).as('order is paid').clock(clock).every(100).atMost(200), clock)
  }

  test('node:assert: its first line, the two sides, where it failed, the count on its own line', async () => {
    const error = await paid(() => nodeAssert.equal('pending', 'paid'))
    expect(error.message).toBe(
      'Timed out after 200 ms waiting for order is paid (atMost 200 ms, 3 attempts).\n' +
        '  last error:  AssertionError: Expected values to be strictly equal:\n' +
        '    expected: "paid"\n' +
        '    actual:   "pending"\n' +
        `    failed at ${madeAt(error.lastError)}\n` +
        '  (the same error 3 times)',
    )
    expect(error).toMatchObject({ compared: true, expected: 'paid', actual: 'pending' })
    expect(error.failedAt).toBe(madeAt(error.lastError))
  })

  test("vitest's expect", async () => {
    const error = await paid(() => expect('pending').toBe('paid'))
    expect(error.message).toBe(
      'Timed out after 200 ms waiting for order is paid (atMost 200 ms, 3 attempts).\n' +
        "  last error:  AssertionError: expected 'pending' to be 'paid' // Object.is equality\n" +
        '    expected: "paid"\n' +
        '    actual:   "pending"\n' +
        `    failed at ${madeAt(error.lastError)}\n` +
        '  (the same error 3 times)',
    )
  })

  test("jest's expect, outside jest, with a diff of objects", async () => {
    const error = await paid(() =>
      jestExpect({
        status: 'pending',
        lines: [{ sku: 'A-1', qty: 1 }],
        customer: 'Ada Lovelace',
      }).toEqual({
        status: 'paid',
        lines: [{ sku: 'A-1', qty: 1 }],
        customer: 'Ada Lovelace',
      }),
    )
    expect(error.message).toBe(
      'Timed out after 200 ms waiting for order is paid (atMost 200 ms, 3 attempts).\n' +
        '  last error:  Error: expect(received).toEqual(expected) // deep equality\n' +
        '    - expected\n' +
        '    + actual\n' +
        '      {\n' +
        '    -   status: "paid"\n' +
        '    +   status: "pending"\n' +
        '        lines: [{ sku: "A-1", qty: 1 }]\n' +
        '        customer: "Ada Lovelace"\n' +
        '      }\n' +
        `    failed at ${madeAt(error.lastError)}\n` +
        '  (the same error 3 times)',
    )
    expect(error.actual).toEqual({
      status: 'pending',
      lines: [{ sku: 'A-1', qty: 1 }],
      customer: 'Ada Lovelace',
    })
  })

  test('a message of several lines without two sides is kept whole, indented under its heading', async () => {
    const error = await paid(() => {
      throw new Error('3 checks failed:\n- status\n- total')
    })
    expect(error.message).toBe(
      'Timed out after 200 ms waiting for order is paid (atMost 200 ms, 3 attempts).\n' +
        '  last error:  Error: 3 checks failed:\n' +
        '    - status\n' +
        '    - total\n' +
        `    failed at ${madeAt(error.lastError)}\n` +
        '  (the same error 3 times)',
    )
    expect(error.compared).toBe(false)
  })
})

describe('value and check: the mismatches', () => {
  test('at most five, the rest counted', async () => {
    const clock = new FakeClock()
    const value = { a: 0, b: 0, c: 0, d: 0, e: 0, f: 0, g: 0 }
    const error = await failure(
      until(() => value, { a: 1, b: 1, c: 1, d: 1, e: 1, f: 1, g: 1 })
        .as('all ones')
        .clock(clock)
        .atMost(0),
      clock,
    )
    expect(error.message).toBe(
      'Timed out after 0 ms waiting for all ones (atMost 0 ms, 1 attempt).\n' +
        '  last value:  { a: 0, b: 0, c: 0, d: 0, e: 0, f: 0, g: 0 }\n' +
        '  mismatches:  a: expected 1, got 0\n' +
        '               b: expected 1, got 0\n' +
        '               c: expected 1, got 0\n' +
        '               d: expected 1, got 0\n' +
        '               e: expected 1, got 0\n' +
        '               … and 2 more',
    )
    expect(error.mismatches.map((m) => m.path)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g'])
  })
})

describe('hints, only where the evidence is', () => {
  test('atMost(5) when the first attempt alone took longer: did you mean seconds?', async () => {
    const clock = new FakeClock()
    const slow = (): Promise<boolean> =>
      new Promise((resolve) => clock.setTimeout(() => resolve(true), 50))
    const error = await failure(until(slow).as('the report').clock(clock).atMost(5), clock)
    expect(error.message).toBe(
      'Timed out after 5 ms waiting for the report (atMost 5 ms, 1 attempt).\n' +
        '  the last attempt was still running when the time ran out, and was abandoned\n' +
        "  hint: the deadline is 5 ms, shorter than the first attempt took; a number is milliseconds: did you mean atMost('5s')?",
    )
  })

  test('no hint when attempts fit in the deadline', async () => {
    const clock = new FakeClock()
    const error = await failure(
      until(() => false)
        .clock(clock)
        .atMost(5),
      clock,
    )
    expect(error.message).not.toContain('hint')
  })
})

describe('messages stay bounded', () => {
  test('about 40 lines at most; the fields hold the rest', async () => {
    const clock = new FakeClock()
    const long = Array.from({ length: 80 }, (_, i) => `detail ${i}`).join('\n')
    const error = await failure(
      until(() => {
        throw new Error(long)
      })
        .as('x')
        .clock(clock)
        .atMost(0),
      clock,
    )
    const lines = error.message.split('\n')
    expect(lines).toHaveLength(40)
    expect(lines[39]).toBe("  … 43 more lines: the error's fields hold them all")
    expect((error.lastError as Error).message).toBe(long)
  })
})

describe("a condition's own way to show a value", () => {
  test('is used for the value line; the whole value stays on the error', async () => {
    const clock = new FakeClock()
    const request = {
      method: 'POST',
      path: '/charges',
      headers: { a: '1', b: '2' },
      body: { id: 'ch-1' },
    }
    const charged = condition(() => request, {
      describe: () => 'a charge',
      show: (r) => `${r.method} ${r.path} ${JSON.stringify(r.body)}`,
    })
    const error = await failure(during(100).never(charged).clock(clock), clock)
    expect(error.message).toBe(
      'Expected a charge never to happen within 100 ms, but it did after 0 ms (attempt 1).\n' +
        '  value:       POST /charges {"id":"ch-1"}',
    )
    expect(error.lastValue).toBe(request)
  })
})
