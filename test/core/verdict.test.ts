// The verdicts, as a table: for each mode and rule, what an attempt's result at a given moment
// means for the wait. No clock, no timers: the engine's decisions on their own.
import { describe, expect, test } from 'vitest'
import { stop, WaitSignal } from '../../src/index.js'
import type { EngineSpec } from '../../src/core/spec.js'
import {
  timeIsUp,
  verdict,
  type Moment,
  type Result,
  type Rules,
  type Settle,
  type Tally,
} from '../../src/core/verdict.js'

// The rules as one flat list, as the tables below give them.
type Rule = Omit<Rules, 'options'> & Rules['options']

const rules = (patch: Partial<Rule> = {}): Rules => {
  const { mode = 'until', limitMs = 1000, schedule = () => 100, ...options } = patch
  return {
    mode,
    limitMs,
    schedule,
    options: { atLeastMs: 0, holdMs: 0, inARow: 1, maxAttempts: undefined, ...options },
  }
}

// A tally before the first attempt, as a runner starts.
const newTally = (): Tally => ({
  completed: 0,
  streak: 0,
  streakStart: undefined,
  lastPassMs: undefined,
  lastFailMs: undefined,
})

const at = (patch: Partial<Moment> = {}): Moment => ({
  attempts: 1,
  atMs: 0,
  last: false,
  woken: false,
  ...patch,
})

const PASS: Result = { kind: 'pass', value: 'v' }
const FAIL: Result = { kind: 'fail', value: false }
const THREW: Result = { kind: 'fail', error: new Error('not yet') }

type Row = [string, Partial<Rule>, Result, Partial<Moment>, Settle | number]

describe('one attempt, from a fresh tally', () => {
  const rows: Row[] = [
    ['until: a pass passes', {}, PASS, {}, { passed: true }],
    ['until: a failure sleeps on the schedule', {}, FAIL, {}, 100],
    ['until: a throw sleeps on the schedule', {}, THREW, {}, 100],
    ['until: the sleep is cut to the time left', {}, FAIL, { atMs: 950 }, 50],
    [
      'until: a failure at the deadline times out',
      {},
      FAIL,
      { last: true },
      { passed: false, reason: 'timeout' },
    ],
    [
      'until: a failure ending past the deadline times out',
      {},
      FAIL,
      { atMs: 1200 },
      { passed: false, reason: 'timeout' },
    ],
    ['until: a pass at the deadline still passes', {}, PASS, { last: true }, { passed: true }],
    [
      'until: a pass before atLeast is too early',
      { atLeastMs: 500 },
      PASS,
      { atMs: 499 },
      { passed: false, reason: 'too-early' },
    ],
    ['until: a pass at atLeast passes', { atLeastMs: 500 }, PASS, { atMs: 500 }, { passed: true }],
    [
      'until: the last allowed attempt failing ends it',
      { maxAttempts: 3 },
      FAIL,
      { attempts: 3 },
      { passed: false, reason: 'attempts' },
    ],
    ['until: inARow(2) needs another pass, at once on schedule', { inARow: 2 }, PASS, {}, 100],
    ['until: holdsFor sleeps at most until the hold is over', { holdMs: 30 }, PASS, {}, 30],
    ['until: a wake-up makes the next delay zero', {}, FAIL, { woken: true }, 0],
    [
      'until: a retryAfter delay is kept, even when woken',
      {},
      { kind: 'fail', error: 'x', delayMs: 700 },
      { woken: true },
      700,
    ],
    [
      'until: stop() fails, even with pass: true',
      {},
      { kind: 'end', signal: stop('gone', { pass: true }), failFast: false },
      {},
      { passed: false, reason: 'stopped', detail: 'gone' },
    ],
    [
      'until: the fail-fast guard fails',
      {},
      { kind: 'end', signal: new WaitSignal('stop', 'cancelled', {}), failFast: true },
      {},
      { passed: false, reason: 'fail-fast', detail: 'cancelled' },
    ],
    [
      'until: a fatal error fails',
      {},
      { kind: 'fatal', error: new ReferenceError('x'), fatal: 'mistake' },
      {},
      { passed: false, reason: 'error', fatal: 'mistake' },
    ],
    [
      'never: a pass is a violation',
      { mode: 'never' },
      PASS,
      {},
      { passed: false, reason: 'violated' },
    ],
    ['never: a failure sleeps', { mode: 'never' }, FAIL, {}, 100],
    [
      'never: a failure at the end passes',
      { mode: 'never' },
      FAIL,
      { last: true },
      { passed: true },
    ],
    [
      'never: stop({ pass: true }) passes early',
      { mode: 'never' },
      { kind: 'end', signal: stop('enough', { pass: true }), failFast: false },
      {},
      { passed: true, detail: 'enough' },
    ],
    [
      'never: an unclear throw fails',
      { mode: 'never' },
      { kind: 'fatal', error: new Error('down'), fatal: 'unclear' },
      {},
      { passed: false, reason: 'error', fatal: 'unclear' },
    ],
    [
      'always: a failure is a violation',
      { mode: 'always' },
      FAIL,
      {},
      { passed: false, reason: 'violated' },
    ],
    [
      'always: a throw is a violation',
      { mode: 'always' },
      THREW,
      {},
      { passed: false, reason: 'violated' },
    ],
    ['always: a pass sleeps', { mode: 'always' }, PASS, {}, 100],
    [
      'always: a pass at the end passes',
      { mode: 'always' },
      PASS,
      { last: true },
      { passed: true },
    ],
    ['always: maxAttempts does not apply', { mode: 'always', maxAttempts: 1 }, PASS, {}, 100],
  ]
  test.each(rows)('%s', (_, rule, result, moment, expected) => {
    expect(verdict(rules(rule), newTally(), result, at(moment))).toEqual(expected)
  })
})

describe('across attempts: the tally', () => {
  function run(rule: Partial<Rule>, steps: [Result, number][]): (Settle | number)[] {
    const tally: Tally = newTally()
    return steps.map(([result, now], i) =>
      verdict(rules(rule), tally, result, at({ attempts: i + 1, atMs: now })),
    )
  }

  test('inARow counts passes in a row; a failure starts the count again', () => {
    expect(
      run({ inARow: 2 }, [
        [PASS, 0],
        [FAIL, 100],
        [PASS, 200],
        [PASS, 300],
      ]),
    ).toEqual([100, 100, 100, { passed: true }])
  })

  test('holdsFor is measured from the first pass of the streak', () => {
    expect(
      run({ holdMs: 250 }, [
        [PASS, 0],
        [PASS, 100],
        [PASS, 200],
        [PASS, 250],
      ]),
    ).toEqual([100, 100, 50, { passed: true }])
  })

  test('failures before any pass store no time: there was no pass for them to end', () => {
    const tally = newTally()
    verdict(rules(), tally, FAIL, at({ atMs: 0 }))
    verdict(rules(), tally, FAIL, at({ atMs: 100, attempts: 2 }))
    expect(tally).toMatchObject({ completed: 2, lastPassMs: undefined, lastFailMs: undefined })
  })

  test('it remembers when it last passed and when it failed again', () => {
    const tally = newTally()
    const r = rules({ inARow: 3 })
    verdict(r, tally, FAIL, at({ atMs: 0 }))
    verdict(r, tally, PASS, at({ atMs: 100, attempts: 2 }))
    verdict(r, tally, FAIL, at({ atMs: 200, attempts: 3 }))
    verdict(r, tally, FAIL, at({ atMs: 300, attempts: 4 }))
    expect(tally).toEqual({
      completed: 4,
      streak: 0,
      streakStart: 100,
      lastPassMs: 100,
      lastFailMs: 200,
    })
  })

  test('a schedule that returns something other than a non-negative number is refused', () => {
    expect(() =>
      verdict(rules({ schedule: () => -1 }), newTally(), FAIL, at({ attempts: 2 })),
    ).toThrow(
      new TypeError(
        'Expected the `every` schedule to return a non-negative delay, got -1 after attempt 2',
      ),
    )
    expect(() => verdict(rules({ schedule: () => NaN }), newTally(), FAIL, at())).toThrow(TypeError)
  })
})

describe('the end of the time', () => {
  const modes: [EngineSpec['mode'], number, Settle][] = [
    ['until', 3, { passed: false, reason: 'timeout' }],
    ['never', 3, { passed: true }],
    ['always', 3, { passed: true }],
    ['never', 0, { passed: false, reason: 'inconclusive' }],
    ['always', 0, { passed: false, reason: 'inconclusive' }],
  ]
  test.each(modes)('%s after %s completed attempts', (mode, completed, expected) => {
    expect(timeIsUp(rules({ mode }), { ...newTally(), completed })).toEqual(expected)
  })
})
