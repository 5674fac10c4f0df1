import { during, until } from '../core/dsl.js'
import type { Probe } from '../core/probe.js'
import type { AttemptReport } from '../core/spec.js'
import type { Wait } from '../core/wait.js'
import type { Command, Timing } from './args.js'

const FLAGS: Record<string, string> = {
  atMost: '--at-most',
  atLeast: '--at-least',
  holdsFor: '--holds-for',
  pollDelay: '--poll-delay',
  inARow: '--in-a-row',
}

/**
 * The wait for one target, on the library's own builder, so the CLI has no loop of its own. A
 * problem the builder finds between flags (`--at-least` above `--at-most`) is a TypeError that
 * names the flags, not the builder's methods.
 */
export function buildWait(
  command: Command,
  probe: Probe<unknown>,
  timing: Timing,
  signal: AbortSignal,
  observe: (report: AttemptReport) => void,
): Wait<unknown> | Wait<void> {
  try {
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
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    throw new TypeError(
      error.message
        .replace(/\b(atMost|atLeast|holdsFor|pollDelay|inARow)\b/g, (name) => FLAGS[name] ?? name)
        .replace('the window', 'the --for window'),
    )
  }
}
