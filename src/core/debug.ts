import { formatMs } from './duration.js'
import type { AttemptReport } from './spec.js'
import { describeError, stringify } from './format.js'

/** An observer that writes one line per attempt, for `.debug()` and `PATIENTLY_DEBUG=1`. */
export function logger(
  describe: () => string,
  log: (line: string) => void,
): (report: AttemptReport) => void {
  return (r) => {
    const what =
      r.outcome === 'cut'
        ? 'cut short'
        : 'error' in r
          ? `fail: ${describeError(r.error)}`
          : `${r.outcome}: ${stringify(r.value)}`
    const next = r.nextDelayMs === undefined ? '' : `; next in ${formatMs(r.nextDelayMs)}`
    log(
      `[patiently] ${describe()} #${r.attempt} at ${formatMs(r.elapsedMs)} (took ${formatMs(r.durationMs)}) ${what}${next}`,
    )
  }
}
