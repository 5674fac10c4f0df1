import { toMs } from '../core/duration.js'
import { got } from '../core/format.js'
import { invalid, toCount } from '../core/validate.js'

/** A flag's value as milliseconds: `250ms`, `3s`, `1m`, or a bare number of milliseconds. */
export function duration(text: string, flag: string): number {
  return toMs(/^\d+(\.\d+)?$/.test(text) ? Number(text) : text, flag)
}

/** A flag's value as a whole number from `min` to `max`. */
export function whole(text: string, flag: string, min: number = 1, max: number = Infinity): number {
  // Digits only: `1e3`, `0x10` and ` 5` are numbers to Number(), not counts a person types.
  return toCount(/^\d+$/.test(text) ? Number(text) : NaN, flag, min, max, got(text))
}

/** A flag's value as JSON, for a deep-partial pattern. */
export function json(text: string, flag: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return invalid(flag, `JSON, such as '{"ready":true}'`, text)
  }
}

/** A text check: `/regex/flags` tests the text, anything else must appear in it. */
export interface TextCheck {
  test(text: string): boolean
  /** As the user wrote it: `/ready/i` or `"ready"`. */
  readonly shown: string
}

/** A flag's value as a {@link TextCheck}. */
export function textCheck(text: string, flag: string): TextCheck {
  const literal = /^\/(.*)\/([dgimsuvy]*)$/s.exec(text)
  if (!literal) return { test: (t) => t.includes(text), shown: JSON.stringify(text) }
  let pattern: RegExp
  try {
    pattern = new RegExp(literal[1] ?? '', (literal[2] ?? '').replace(/[gy]/g, ''))
  } catch (error) {
    return invalid(flag, `a valid regular expression (${(error as Error).message})`, text)
  }
  return { test: (t) => pattern.test(t), shown: text }
}

/** A `name: value` pair, with the name in lower case; the value is empty when none is given. */
export function headerPair(text: string, flag: string, valueRequired: boolean): [string, string] {
  const colon = text.indexOf(':')
  const name = (colon < 0 ? text : text.slice(0, colon)).trim().toLowerCase()
  const value = colon < 0 ? '' : text.slice(colon + 1).trim()
  if (!/^[!#$%&'*+.^_`|~\w-]+$/.test(name) || (valueRequired && colon < 0)) {
    invalid(flag, `a header such as 'content-type: application/json'`, text)
  }
  return [name, value]
}

/** Accepted HTTP statuses, from `200`, `200,204`, `200-299` or `2xx`. */
export interface StatusCheck {
  test(status: number): boolean
  readonly shown: string
}

/** A flag's value as a {@link StatusCheck}. */
export function statusCheck(text: string, flag: string): StatusCheck {
  const ranges = text.split(',').map((part): [number, number] => {
    const p = part.trim()
    const single = /^([1-5]\d\d)$/.exec(p)
    if (single) return [Number(single[1]), Number(single[1])]
    const span = /^([1-5]\d\d)-([1-5]\d\d)$/.exec(p)
    if (span && Number(span[1]) <= Number(span[2])) return [Number(span[1]), Number(span[2])]
    const klass = /^([1-5])xx$/i.exec(p)
    if (klass) return [Number(klass[1]) * 100, Number(klass[1]) * 100 + 99]
    return invalid(
      flag,
      'a status such as 200, a list such as 200,204, or a range such as 200-299 or 2xx',
      text,
    )
  })
  return { test: (s) => ranges.some(([low, high]) => s >= low && s <= high), shown: text }
}
