import { during, until } from '../core/dsl.js'
import type { Probe } from '../core/probe.js'
import type { AttemptReport } from '../core/spec.js'
import type { Wait } from '../core/wait.js'
import type { Command, Timing } from './args.js'

/**
 * The wait for one target, on the library's own builder, so the CLI has no loop of its own. The
 * timing was checked when the command line was parsed, under the flags' names.
 */
export function buildWait(
  command: Command,
  probe: Probe<unknown>,
  timing: Timing,
  signal: AbortSignal,
  observe: (report: AttemptReport) => void,
): Wait<unknown> | Wait<void> {
  const shaped = <T>(start: Wait<T>): Wait<T> => {
    let wait = start.every(timing.every)
    if (timing.pollDelayMs !== undefined) wait = wait.pollDelay(timing.pollDelayMs)
    if (timing.holdMs !== undefined) wait = wait.holdsFor(timing.holdMs)
    if (timing.inARow !== undefined) wait = wait.inARow(timing.inARow)
    if (timing.atLeastMs !== undefined) wait = wait.atLeast(timing.atLeastMs)
    // Whatever a target throws (a refused connection, a wrong status) means it did not pass.
    return wait
      .retryOn(() => true)
      .signal(signal)
      .observe(observe)
  }
  return command === 'wait'
    ? shaped(until(probe).atMost(timing.limitMs))
    : shaped(during(timing.limitMs)[command](probe))
}
