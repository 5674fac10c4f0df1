import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** A fenced TypeScript block from the README or docs/. */
export interface Sample {
  /** `docs/dsl.md:42`: where the block starts. */
  readonly where: string
  readonly code: string
  /** The fence says `ts run`: the block is self-contained and the suite runs it. */
  readonly runs: boolean
}

/** Every ```ts block of README.md, examples/README.md and docs/*.md. */
export function samples(root: string): Sample[] {
  const files = [
    'README.md',
    'examples/README.md',
    ...readdirSync(join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ]
  const found: Sample[] = []
  for (const file of files) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n')
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
          where: `${file}:${start + 1}`,
          code: lines.slice(start + 1, i).join('\n'),
          runs,
        })
        start = -1
      }
    }
  }
  return found
}
