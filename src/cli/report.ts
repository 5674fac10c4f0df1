import type { AttemptReport } from '../core/spec.js'
import type { Command } from './args.js'
import { liveLine, redraw } from './live.js'
import { summary, type Outcome } from './outcome.js'

/** Where the CLI writes, and what kind of place stderr is. */
export interface Io {
  /** Standard output: data (what receive and sqs got, `--output json`). */
  readonly out: (text: string) => void
  /** Standard error: progress, summaries and failures, for people. */
  readonly err: (text: string) => void
  /** Whether stderr is a terminal, for the live view. */
  readonly live: boolean
  /** The terminal's width. */
  readonly columns: number
}

/** How much the CLI says on stderr. */
export type Verbosity = 'live' | 'lines' | 'quiet' | 'silent'

/** Follows every target's attempts and outcome, and says so on stderr. */
export interface Reporter {
  attempt(index: number, report: AttemptReport): void
  settled(index: number, outcome: Outcome): void
  /** Stops the live view and leaves the final lines in its place. */
  close(): void
}

const MARK = { pass: '✓', fail: '✗', cut: '~' } as const
const REDRAW_MS = 100

/** A reporter for `targets`, saying as much as `verbosity` allows. */
export function reporter(
  command: Command,
  targets: readonly string[],
  io: Io,
  verbosity: Verbosity,
): Reporter {
  const started = Date.now()
  const marks = targets.map(() => '')
  const done: (string | undefined)[] = targets.map(() => undefined)
  const say = (line: string): void => io.err(`${line}\n`)
  if (verbosity !== 'live') {
    return {
      attempt: () => {},
      settled: (index, outcome) => {
        const line = summary(command, targets[index] ?? '', outcome)
        if (verbosity === 'lines' || (verbosity === 'quiet' && outcome.state === 'failed'))
          say(line)
      },
      close: () => {},
    }
  }
  let drawn = 0
  const draw = (final: boolean): void => {
    const lines = targets.map((target, i) =>
      final
        ? (done[i] ?? target)
        : liveLine(
            { target, marks: marks[i] ?? '', elapsedMs: Date.now() - started, done: done[i] },
            io.columns,
          ),
    )
    io.err(redraw(final ? lines.flatMap((line) => line.split('\n')) : lines, drawn))
    drawn = lines.length
  }
  const timer = setInterval(() => draw(false), REDRAW_MS)
  timer.unref()
  draw(false)
  return {
    attempt: (index, report) => {
      marks[index] = (marks[index] ?? '') + MARK[report.outcome]
    },
    settled: (index, outcome) => {
      done[index] = summary(command, targets[index] ?? '', outcome)
      draw(false)
    },
    close: () => {
      clearInterval(timer)
      draw(true)
    },
  }
}
