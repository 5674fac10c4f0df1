import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** A fenced TypeScript block from the README or docs/. */
export interface Sample {
  /** `docs/dsl.md`: the page that holds the block. */
  readonly page: string
  /** `docs/dsl.md:42`: where the block starts. */
  readonly where: string
  /** The line of the page the block's code starts on (the line after its fence). */
  readonly line: number
  readonly code: string
  /** The fence says `ts run`: the block is self-contained and the suite runs it. */
  readonly runs: boolean
}

/** The pages whose samples are checked: README.md, examples/README.md and docs/*.md. */
export function pages(root: string): string[] {
  return [
    'README.md',
    'examples/README.md',
    ...readdirSync(join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ]
}

/** Every ```ts block of a page's text. */
export function samplesOf(page: string, text: string): Sample[] {
  const lines = text.split('\n')
  const found: Sample[] = []
  let start = -1
  let runs = false
  for (const [i, line] of lines.entries()) {
    const fence = /^```(\w+)?(.*)$/.exec(line)
    if (!fence) continue
    if (start < 0 && (fence[1] === 'ts' || fence[1] === 'typescript')) {
      start = i
      runs = /\brun\b/.test(fence[2] ?? '')
    } else if (start >= 0 && line === '```') {
      found.push({
        page,
        where: `${page}:${start + 1}`,
        line: start + 2,
        code: lines.slice(start + 1, i).join('\n'),
        runs,
      })
      start = -1
    }
  }
  return found
}

/** Every ```ts block of every page. */
export function samples(root: string): Sample[] {
  return pages(root).flatMap((page) => samplesOf(page, readFileSync(join(root, page), 'utf8')))
}
