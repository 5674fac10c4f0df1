import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { WaitError } from '../../src/index.js'
import { condition, during, until } from '../../src/index.js'
import { FakeClock, settle, type Settled } from './fake-clock.js'

// At least 1 ms: on virtual time, a schedule of zero delays would poll forever at the same instant.
const delays = fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 5 })
const limits = fc.integer({ min: 0, max: 1000 })

/** A list schedule, as `every([...])` uses it: the last delay repeats. */
const scheduleOf =
  (list: readonly number[]) =>
  (attempts: number): number =>
    list[Math.min(attempts, list.length) - 1] ?? 0

/**
 * When an always-failing instant probe is called: after the poll delay, then after each delay of
 * the schedule capped at the time left, and once more when the deadline is reached (unless the
 * attempt before already ran at the deadline, as with a limit of 0).
 */
function expectedTimes(list: readonly number[], limit: number, pollDelay: number): number[] {
  const schedule = scheduleOf(list)
  let t = pollDelay > 0 ? Math.min(pollDelay, limit) : 0
  let timeUp = pollDelay > 0 && t >= limit
  const times: number[] = []
  for (;;) {
    times.push(t)
    if (timeUp || t >= limit) return times
    t += Math.min(schedule(times.length), limit - t)
    if (t >= limit) timeUp = true
  }
}

function attemptsOf(settled: Settled<unknown>): number {
  if (settled.ok) throw new Error('expected the wait to fail')
  return (settled.error as WaitError).attempts
}

const runs = { numRuns: 150 }

describe('engine properties on a virtual clock', () => {
  test('an always-failing probe is called exactly on the schedule, and the wait ends at the deadline', async () => {
    await fc.assert(
      fc.asyncProperty(
        delays,
        limits,
        fc.integer({ min: 0, max: 1000 }),
        async (list, limit, rawPollDelay) => {
          const pollDelay = rawPollDelay % (limit + 1)
          const clock = new FakeClock()
          const times: number[] = []
          const settled = await settle(
            until(() => times.push(clock.now()) < 0)
              .clock(clock)
              .every(list)
              .atMost(limit)
              .pollDelay(pollDelay),
            clock,
          )
          expect(times).toEqual(expectedTimes(list, limit, pollDelay))
          expect(settled.at).toBe(limit)
          expect(attemptsOf(settled)).toBe(times.length)
          expect(clock.pending).toBe(0)
        },
      ),
      runs,
    )
  })

  test('slow and hung probes never make the wait settle after the deadline, nor run after it settles', async () => {
    await fc.assert(
      fc.asyncProperty(
        delays,
        limits,
        fc.array(fc.option(fc.integer({ min: 0, max: 400 }), { freq: 4 }), { maxLength: 8 }),
        async (list, limit, durations) => {
          const clock = new FakeClock()
          let calls = 0
          let late = 0
          let settledAt: number | undefined
          const probe = ({ attempt }: { attempt: number }): Promise<boolean> => {
            calls++
            if (settledAt !== undefined) late++
            // undefined: this attempt hangs; past the list: every attempt takes 50 ms
            const ms = attempt <= durations.length ? durations[attempt - 1] : 50
            return new Promise((resolve) => {
              if (ms !== null && ms !== undefined) clock.setTimeout(() => resolve(false), ms)
            })
          }
          const settled = await settle(
            until(probe)
              .clock(clock)
              .every(list)
              .atMost(limit)
              .then(undefined, (error: unknown) => {
                settledAt = clock.now()
                throw error
              }),
            clock,
          )
          expect(settled.at).toBe(limit)
          expect(attemptsOf(settled)).toBe(calls)
          expect(late).toBe(0)
          expect(clock.pending).toBe(0)
        },
      ),
      runs,
    )
  })

  test('a probe that starts passing at time t resolves iff t is within the deadline', async () => {
    await fc.assert(
      fc.asyncProperty(
        delays,
        limits,
        fc.integer({ min: 0, max: 1500 }),
        async (list, limit, from) => {
          const clock = new FakeClock()
          const settled = await settle(
            until(() => clock.now() >= from)
              .clock(clock)
              .every(list)
              .atMost(limit),
            clock,
          )
          expect(settled.ok).toBe(from <= limit)
          expect(settled.at).toBeLessThanOrEqual(limit)
          if (settled.ok) expect(settled.at).toBeGreaterThanOrEqual(from)
        },
      ),
      runs,
    )
  })

  test.each(['never', 'always'] as const)(
    '%s fails at the first violation, and passes when none comes within the window',
    async (mode) => {
      await fc.assert(
        fc.asyncProperty(
          delays,
          limits,
          fc.integer({ min: 1, max: 12 }),
          async (list, limit, violation) => {
            const clock = new FakeClock()
            let calls = 0
            const made = during(limit)
            const wait = (mode === 'never' ? made.never : made.always)(({ attempt }) => {
              calls++
              const violated = attempt >= violation
              return mode === 'never' ? violated : !violated
            })
            const settled = await settle(wait.clock(clock).every(list), clock)
            const times = expectedTimes(list, limit, 0)
            if (violation <= times.length) {
              expect(settled.ok).toBe(false)
              expect((settled as { error: WaitError }).error).toMatchObject({
                reason: 'violated',
                attempts: violation,
              })
              expect(settled.at).toBe(times[violation - 1])
            } else {
              expect(settled).toMatchObject({ ok: true, at: limit })
            }
            expect(calls).toBe(Math.min(violation, times.length))
          },
        ),
        runs,
      )
    },
  )

  test('wake-ups and aborts at any moment: no attempt after settling, nothing left pending', async () => {
    await fc.assert(
      fc.asyncProperty(
        delays,
        limits,
        fc.integer({ min: 0, max: 1500 }),
        fc.array(fc.integer({ min: 0, max: 1200 }), { maxLength: 6 }),
        fc.option(fc.integer({ min: 0, max: 1200 }), { freq: 2 }),
        fc.integer({ min: 0, max: 300 }),
        async (list, limit, from, wakes, abortAt, rawPollDelay) => {
          const pollDelay = rawPollDelay % (limit + 1)
          const clock = new FakeClock()
          const controller = new AbortController()
          let settledAt: number | undefined
          let late = 0
          const calls: number[] = []
          let wake = (): void => undefined
          const probe = condition(
            () => {
              if (settledAt !== undefined) late++
              calls.push(clock.now())
              return clock.now() >= from
            },
            { subscribe: (w) => ((wake = w), () => (wake = () => undefined)) },
          )
          for (const at of wakes) clock.setTimeout(() => wake(), at)
          const reason = new Error('aborted by the test')
          if (abortAt !== null) clock.setTimeout(() => controller.abort(reason), abortAt)
          const settled = await settle(
            until(probe)
              .clock(clock)
              .every(list)
              .atMost(limit)
              .pollDelay(pollDelay)
              .signal(controller.signal)
              .then(
                (value) => ((settledAt = clock.now()), value),
                (error: unknown) => {
                  settledAt = clock.now()
                  throw error
                },
              ),
            clock,
          )
          expect(late).toBe(0)
          expect(settled.at).toBeLessThanOrEqual(limit)
          expect(calls.every((t) => t >= Math.min(pollDelay, limit))).toBe(true)
          if (settled.ok) expect(settled.at).toBeGreaterThanOrEqual(from)
          else if (abortAt !== null && settled.error === reason) expect(settled.at).toBe(abortAt)
          else expect(settled.at).toBe(limit)
        },
      ),
      runs,
    )
  })
})

/** What one attempt of a hostile probe does. */
type Step =
  | { readonly kind: 'return'; readonly value: unknown }
  | { readonly kind: 'throw'; readonly value: unknown }
  | {
      readonly kind: 'twice'
      readonly first: boolean
      readonly second: boolean
      readonly ms: number
    }
  | { readonly kind: 'then-throws' | 'getter-throws' | 'proxy' | 'throw-proxy' }
  | { readonly kind: 'later'; readonly value: unknown; readonly ms: number }
  | { readonly kind: 'hang' }

const anyValue = fc.oneof(
  fc.anything(),
  fc.constant(false),
  fc.constant(new Error('plain')),
  fc.constant(Object.assign(new Error('x'), { name: 'AssertionError' })),
  fc.constant(new ReferenceError('y is not defined')),
)
const steps: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('return' as const), value: anyValue }),
  fc.record({ kind: fc.constant('throw' as const), value: anyValue }),
  fc.record({
    kind: fc.constant('twice' as const),
    first: fc.boolean(),
    second: fc.boolean(),
    ms: fc.integer({ min: 0, max: 200 }),
  }),
  fc.record({
    kind: fc.constantFrom('then-throws' as const, 'getter-throws' as const),
  }),
  fc.record({ kind: fc.constantFrom('proxy' as const, 'throw-proxy' as const) }),
  fc.record({
    kind: fc.constant('later' as const),
    value: anyValue,
    ms: fc.integer({ min: 0, max: 300 }),
  }),
  fc.constant({ kind: 'hang' as const }),
)

function trap(): never {
  throw new Error('trap')
}

describe('engine invariants for any value a probe hands over', () => {
  test('one attempt at a time, settled by the deadline, no attempt after, result() never rejects', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('until', 'never', 'always'),
        delays,
        fc.integer({ min: 0, max: 800 }),
        fc.array(steps, { minLength: 1, maxLength: 12 }),
        async (mode, list, limit, plan) => {
          const clock = new FakeClock()
          let inFlight = 0
          let overlapping = 0
          let late = 0
          let settledAt: number | undefined
          const probe = ({ attempt }: { attempt: number }): unknown => {
            if (settledAt !== undefined) late++
            if (inFlight > 0) overlapping++
            const step = plan[(attempt - 1) % plan.length] as Step
            const answered = (): void => void (inFlight = 0)
            switch (step.kind) {
              case 'return':
                return step.value
              case 'throw':
                throw step.value
              case 'proxy':
                return new Proxy({}, { get: trap, has: trap, getPrototypeOf: trap })
              case 'throw-proxy':
                throw new Proxy({}, { get: trap, has: trap, getPrototypeOf: trap }) as unknown
              case 'then-throws':
                return { then: trap }
              case 'getter-throws':
                return Object.defineProperty({}, 'then', { get: trap })
              case 'hang':
                inFlight = 1
                return new Promise(() => undefined)
              case 'later':
                inFlight = 1
                return new Promise((resolve) =>
                  clock.setTimeout(() => (answered(), resolve(step.value)), step.ms),
                )
              case 'twice':
                inFlight = 1
                return {
                  then(ok: (v: unknown) => void, fail: (e: unknown) => void) {
                    clock.setTimeout(() => {
                      answered()
                      void (step.first ? ok(false) : fail(new Error('first')))
                      void (step.second ? ok(true) : fail(new Error('second')))
                    }, step.ms)
                  },
                }
            }
          }
          const made =
            mode === 'until'
              ? until(probe).atMost(limit)
              : mode === 'never'
                ? during(limit).never(probe)
                : during(limit).always(probe)
          const result = await settle(
            made
              .clock(clock)
              .every(list)
              .result()
              .then((r) => {
                settledAt = clock.now()
                // A cut attempt will never answer: the next wait's count starts afresh.
                inFlight = 0
                return r
              }),
            clock,
          )
          expect(result.ok).toBe(true)
          expect(result.at).toBeLessThanOrEqual(limit)
          expect(overlapping).toBe(0)
          expect(late).toBe(0)
        },
      ),
      runs,
    )
  })
})
