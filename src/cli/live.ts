import { formatMs } from '../core/duration.js'

/** What the live view shows of one target while it runs. */
export interface Progress {
  readonly target: string
  /** One mark per attempt: ✓ passed, ✗ failed, ~ cut short at the end. */
  readonly marks: string
  readonly elapsedMs: number
  /** The final line, once the target has settled. */
  readonly done: string | undefined
}

const MARKS = 24

/**
 * The live view's line for one target, at most `columns` wide so that no line wraps (the view
 * moves the cursor up by one line per target to redraw).
 */
export function liveLine(progress: Progress, columns: number): string {
  const line =
    progress.done?.split('\n')[0] ??
    `… ${progress.target}  ${progress.marks.slice(-MARKS)}  ${formatMs(progress.elapsedMs)}`
  const chars = [...line]
  return chars.length > columns ? `${chars.slice(0, Math.max(columns - 1, 0)).join('')}…` : line
}

/** Moves the cursor up over `lines` lines drawn before, to draw them again. */
export function redraw(lines: readonly string[], previous: number): string {
  const up = previous > 0 ? `\x1b[${previous}F` : ''
  return `${up}${lines.map((line) => `\x1b[2K${line}\n`).join('')}`
}
