import { describeError } from '../core/format.js'
import { parse, type Invocation } from './args.js'
import { runAfter } from './after.js'
import { buildWait } from './build.js'
import { loadModules, openTarget } from './open.js'
import type { Outcome } from './outcome.js'
import { reporter, type Io, type Verbosity } from './report.js'
import type { Target } from './target.js'
import { USAGE } from './usage.js'

/** Exit codes: passed, timed out or violated, bad usage, interrupted. */
export const EXIT = { passed: 0, failed: 1, usage: 2, interrupted: 130 } as const

/**
 * Runs `patiently wait|never|always ...` and resolves with the exit code. Aborting `interrupt`
 * (Ctrl-C) stops every wait, ends every command and closes every sink before it resolves 130.
 *
 * @example
 * ```ts
 * const code = await runCli(['wait', 'tcp:localhost:5432', '--at-most', '10s'], io, signal)
 * ```
 */
export async function runCli(
  argv: readonly string[],
  io: Io,
  interrupt: AbortSignal,
): Promise<number> {
  let invocation: Invocation
  try {
    const parsed = parse(argv)
    if (parsed.help) {
      io.out(`${USAGE}\n`)
      return EXIT.passed
    }
    invocation = parsed
    // Whatever only the builder checks is found before anything starts listening; the wait is
    // lazy, so this one never runs.
    void buildWait(
      invocation.command,
      () => true,
      invocation.timing,
      interrupt,
      () => {},
    )
  } catch (error) {
    return usage(io, error)
  }
  const verbosity: Verbosity =
    invocation.output === 'json'
      ? 'silent'
      : invocation.quiet
        ? 'quiet'
        : io.live
          ? 'live'
          : 'lines'
  const note = (line: string): void => {
    if (verbosity === 'lines' || verbosity === 'live') io.err(`${line}\n`)
  }
  const targets: Target[] = []
  try {
    await loadModules(invocation.specs)
    for (const spec of invocation.specs) targets.push(await openTarget(spec, invocation, note))
  } catch (error) {
    await closeAll(targets)
    if (error instanceof TypeError) return usage(io, error)
    io.err(`patiently: ${describeError(error)}\n`)
    return EXIT.failed
  }
  const outcomes = await waitAll(invocation, targets, io, verbosity, interrupt)
  await closeAll(targets)
  if (interrupt.aborted) return EXIT.interrupted
  const passed = outcomes.every((o) => o.state === 'passed')
  if (invocation.output === 'json') {
    io.out(`${JSON.stringify(asJson(invocation, targets, outcomes), null, 2)}\n`)
  } else {
    targets.forEach((target, i) => {
      const outcome = outcomes[i]
      if (target.prints && outcome?.state === 'passed' && outcome.data !== undefined)
        io.out(`${JSON.stringify(outcome.data)}\n`)
    })
  }
  if (!passed) return EXIT.failed
  if (invocation.after.length > 0) return runAfter(invocation.after, io, interrupt)
  return EXIT.passed
}

function usage(io: Io, error: unknown): number {
  if (!(error instanceof TypeError) && !(error instanceof RangeError)) throw error
  io.err(`patiently: ${error.message}\nRun \`patiently --help\` for usage.\n`)
  return EXIT.usage
}

async function waitAll(
  invocation: Invocation,
  targets: readonly Target[],
  io: Io,
  verbosity: Verbosity,
  interrupt: AbortSignal,
): Promise<Outcome[]> {
  const report = reporter(invocation.command, invocation.targets, io, verbosity)
  // The first target to fail stops the others: the answer is known.
  const rest = new AbortController()
  const signal = AbortSignal.any([interrupt, rest.signal])
  const outcomes = await Promise.all(
    targets.map(async (target, index): Promise<Outcome> => {
      const started = Date.now()
      let attempts = 0
      const wait = buildWait(
        invocation.command,
        target.condition,
        invocation.timing,
        signal,
        (attempt) => {
          attempts = attempt.attempt
          report.attempt(index, attempt)
        },
      )
      let outcome: Outcome
      try {
        const result = await wait.result()
        outcome = result.passed
          ? {
              state: 'passed',
              elapsedMs: Math.round(result.elapsedMs),
              attempts: result.attempts,
              // A window passes with nothing to show: only wait has what a target got.
              data: invocation.command === 'wait' ? target.data(result.value) : undefined,
            }
          : {
              state: 'failed',
              elapsedMs: Math.round(result.elapsedMs),
              attempts: result.attempts,
              message: result.error.message,
            }
        if (!result.passed) rest.abort()
      } catch (error) {
        if (!signal.aborted) throw error
        const why = interrupt.aborted ? 'interrupted' : 'another target failed'
        outcome = { state: 'cancelled', elapsedMs: Math.round(Date.now() - started), attempts, why }
      }
      report.settled(index, outcome)
      return outcome
    }),
  )
  report.close()
  return outcomes
}

async function closeAll(targets: readonly Target[]): Promise<void> {
  await Promise.allSettled(targets.map((target) => target.close()))
}

function asJson(
  invocation: Invocation,
  targets: readonly Target[],
  outcomes: readonly Outcome[],
): Record<string, unknown> {
  return {
    command: invocation.command,
    passed: outcomes.every((o) => o.state === 'passed'),
    targets: outcomes.map((outcome, i) => ({ target: targets[i]?.text, ...outcome })),
  }
}
