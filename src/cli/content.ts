import { stringify } from '../core/format.js'
import { matches } from '../core/pattern.js'
import type { Checks } from './args.js'

/** The `--json` and `--body` checks on a body, a file's content or a command's output. */
export interface ContentChecks {
  /** The checks in words, for the description: `with a body matching /ready/`. */
  readonly wants: readonly string[]
  /** Returns the content, parsed as JSON when it is; throws an Error that says what failed. */
  check(text: string): unknown
}

const SHOWN = 200

/** The content checks of `checks` that apply, for content called `what` in messages. */
export function contentChecks(
  checks: Checks,
  what: 'body' | 'content' | 'stdout',
  withJson: boolean,
): ContentChecks {
  const json = withJson ? checks.json : undefined
  const { body } = checks
  const wants: string[] = []
  if (json) wants.push(`with a JSON ${what} matching ${json.shown}`)
  if (body)
    wants.push(
      `with a ${what} ${body.shown.startsWith('/') ? 'matching' : 'containing'} ${body.shown}`,
    )
  return {
    wants,
    check: (text) => {
      const parsed = parse(text)
      if (json) {
        if (parsed === undefined) throw new Error(`the ${what} is not JSON: ${short(text)}`)
        if (!matches(parsed.value, json.pattern)) {
          throw new Error(
            `the ${what} ${stringify(parsed.value)} does not match --json ${json.shown}`,
          )
        }
      }
      if (body && !body.test(text)) {
        throw new Error(
          `the ${what} ${short(text)} does not ${body.shown.startsWith('/') ? 'match' : 'contain'} ${body.shown}`,
        )
      }
      return parsed === undefined ? text : parsed.value
    },
  }
}

function parse(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown }
  } catch {
    return undefined
  }
}

function short(text: string): string {
  return JSON.stringify(text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text)
}
