import { stringify } from './format.js'
import { read } from './thrown.js'

// What a failed assertion carries, read without trusting it: the two sides it compared, and the
// line of the user's code it failed at. Every read is guarded (a Proxy thrown as an error).

/** The two sides of an assertion failure. */
export interface Comparison {
  readonly expected: unknown
  readonly actual: unknown
}

function has(value: unknown, key: string): boolean {
  try {
    return value !== null && typeof value === 'object' && key in value
  } catch {
    return false
  }
}

/**
 * The two sides an assertion compared: node:assert, chai and vitest put `actual` and `expected`
 * on the error; jest's, vitest's and Playwright's `expect` put them in its `matcherResult`.
 */
export function comparisonOf(error: unknown): Comparison | undefined {
  for (const holder of [error, read(error, 'matcherResult')]) {
    if (has(holder, 'actual') && has(holder, 'expected')) {
      return { expected: read(holder, 'expected'), actual: read(holder, 'actual') }
    }
  }
  return undefined
}

const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/

function cwd(): string | undefined {
  try {
    const process = (globalThis as { process?: { cwd?: () => string } }).process
    return process?.cwd?.()
  } catch {
    return undefined
  }
}

// Where patiently's own files are: the folder of this one (its parent when it is src/core), so
// that frames of the library itself, built or from source, are told apart from the user's.
const OWN = ((): string | undefined => {
  const frame = FRAME.exec(new Error().stack?.split('\n').find((line) => FRAME.test(line)) ?? '')
  const path = frame?.[1]?.replace(/^file:\/\//, '')
  if (!path) return undefined
  const folder = path.slice(0, path.lastIndexOf('/'))
  return folder.endsWith('/core') ? folder.slice(0, -'/core'.length) : folder
})()

/**
 * The first frame of `error`'s stack in the user's own code (not in node_modules, not in Node's
 * or patiently's own files), as `path:line:column`, relative to the working directory when under
 * it. `undefined` when there is none.
 */
export function failedAt(error: unknown): string | undefined {
  const stack = read(error, 'stack')
  if (typeof stack !== 'string') return undefined
  const here = cwd()
  for (const line of stack.split('\n')) {
    const frame = FRAME.exec(line)
    if (!frame) continue
    let path = (frame[1] ?? '').replace(/^file:\/\//, '')
    if (/node_modules|^node:|^internal\//.test(path)) continue
    if (OWN && path.startsWith(`${OWN}/`)) continue
    if (here && path.startsWith(`${here}/`)) path = path.slice(here.length + 1)
    return `${path}:${frame[2] ?? ''}:${frame[3] ?? ''}`
  }
  return undefined
}

const MAX_LINES = 24

const ONE_LINE = 60

/**
 * A value over several lines, as a diff compares it: a string by its own lines; an object or an
 * array one entry a line, unless it is short enough for one.
 */
function linesOf(value: unknown): string[] {
  return typeof value === 'string' ? value.split('\n') : nested(value, '', 0)
}

function nested(value: unknown, indent: string, depth: number): string[] {
  const flat = stringify(value)
  if (value === null || typeof value !== 'object' || depth >= 3 || flat.length <= ONE_LINE) {
    return [`${indent}${flat}`]
  }
  if (value instanceof Date || value instanceof RegExp || value instanceof Error) {
    return [`${indent}${flat}`]
  }
  const inner = `${indent}  `
  const array = Array.isArray(value)
  const entries: [string, unknown][] = array
    ? value.map((item, i) => [String(i), item])
    : Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]])
  const lines = [`${indent}${array ? '[' : '{'}`]
  for (const [key, item] of entries) {
    const [first = '', ...rest] = nested(item, inner, depth + 1)
    lines.push(`${inner}${array ? '' : `${key}: `}${first.trimStart()}`, ...rest)
  }
  lines.push(`${indent}${array ? ']' : '}'}`)
  return lines
}

/** A line diff of `expected` against `actual`: `- ` only expected, `+ ` only actual, `  ` both. */
function diff(expected: string[], actual: string[]): string[] {
  const n = expected.length
  const m = actual.length
  // Longest common subsequence, from the ends, so the walk below goes forwards.
  const table = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = table[i] as number[]
      row[j] =
        expected[i] === actual[j]
          ? ((table[i + 1] as number[])[j + 1] ?? 0) + 1
          : Math.max((table[i + 1] as number[])[j] ?? 0, row[j + 1] ?? 0)
    }
  }
  const out: string[] = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] === actual[j]) {
      out.push(`  ${expected[i] ?? ''}`)
      i++
      j++
    } else if (
      i < n &&
      (j >= m || ((table[i + 1] as number[])[j] ?? 0) >= ((table[i] as number[])[j + 1] ?? 0))
    ) {
      out.push(`- ${expected[i] ?? ''}`)
      i++
    } else {
      out.push(`+ ${actual[j] ?? ''}`)
      j++
    }
  }
  return out
}

function multiline(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\n')
  return (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Date) &&
    !(value instanceof RegExp)
  )
}

/**
 * The comparison as message lines: `expected:` and `actual:` side by side, or a line diff when
 * either side is an object or a string of more than one line. At most 24 lines.
 */
export function describeComparison(comparison: Comparison): string[] {
  const { expected, actual } = comparison
  try {
    if (!multiline(expected) && !multiline(actual)) {
      return [`expected: ${stringify(expected)}`, `actual:   ${stringify(actual)}`]
    }
    const lines = ['- expected', '+ actual', ...diff(linesOf(expected), linesOf(actual))]
    if (lines.length <= MAX_LINES) return lines
    return [...lines.slice(0, MAX_LINES - 1), `… ${lines.length - MAX_LINES + 1} more lines`]
  } catch {
    return ['(the compared values could not be read)']
  }
}
