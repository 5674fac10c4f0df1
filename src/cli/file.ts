import { readFile } from 'node:fs/promises'
import { condition } from '../core/probe.js'
import type { Checks } from './args.js'
import { attemptSignal } from './attempt.js'
import { contentChecks } from './content.js'
import { plain, type Target } from './target.js'

/** A `file:path` target: passes when the file exists and its content passes the checks. */
export function fileTarget(text: string, checks: Checks): Target {
  const path = text.slice('file:'.length)
  const content = contentChecks(checks, 'content', true)
  const what = [`file ${path}`, ...content.wants].join(' ')
  const probe = async ({
    signal,
  }: {
    signal: AbortSignal
  }): Promise<{ path: string; content: unknown }> => {
    const attempt = attemptSignal(signal)
    try {
      return {
        path,
        content: content.check(await readFile(path, { encoding: 'utf8', signal: attempt.signal })),
      }
    } finally {
      attempt.release()
    }
  }
  return plain(text, condition(probe, { describe: () => what }))
}
