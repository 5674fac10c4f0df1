const MAX_TEXT = 600
const MAX_ITEMS = 10
const MAX_DEPTH = 4
const MAX_STRING = 200
const MAX_BYTES = 16

/**
 * One line for an error: `Name: message` for Error objects, the formatted value for anything
 * else that was thrown.
 */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message}`
  } catch {
    // A getter or proxy trap that throws must not turn a failed wait into a crash.
    return '[an Error that could not be read]'
  }
  return `${stringify(error)} (thrown, not an Error)`
}

/**
 * Formats any value for a message, safely: cycles, deep nesting, long arrays and strings, errors,
 * symbols, bigints, functions, maps, sets and dates all come out readable and short.
 */
export function stringify(value: unknown): string {
  const text = show(value, 0, [])
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} characters)` : text
}

function show(value: unknown, depth: number, seen: unknown[]): string {
  try {
    return showUnsafe(value, depth, seen)
  } catch {
    // Proxies and exotic objects can throw from any inspection; the message must still be built.
    return '[unreadable]'
  }
}

function showUnsafe(value: unknown, depth: number, seen: unknown[]): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(
        value.length > MAX_STRING
          ? `${value.slice(0, MAX_STRING)}… (${value.length} characters)`
          : value,
      )
    case 'bigint':
      return `${value}n`
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`
    case 'symbol':
      return value.toString()
    case 'object':
      break
    default:
      return String(value)
  }
  if (value === null) return 'null'
  if (seen.includes(value)) return '[Circular]'
  if (value instanceof Error) return describeError(value)
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()
  if (value instanceof RegExp) return String(value)
  if (ArrayBuffer.isView(value)) return bytes(value)
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[Array]' : '[Object]'
  const inner = [...seen, value]
  const list = (items: string[], size: number, open: string, close: string): string => {
    if (size > MAX_ITEMS) items.push(`… ${size - MAX_ITEMS} more`)
    return items.length === 0 ? `${open}${close}` : `${open} ${items.join(', ')} ${close}`
  }
  const each = <T>(items: Iterable<T>, format: (item: T) => string): string[] => {
    const out: string[] = []
    for (const item of items) {
      if (out.length === MAX_ITEMS) break
      out.push(format(item))
    }
    return out
  }
  const inner1 = (item: unknown): string => show(item, depth + 1, inner)
  if (Array.isArray(value)) return `[${list(each(value, inner1), value.length, '', '').trim()}]`
  if (value instanceof Map) {
    const pairs = each(value, ([k, v]) => `${inner1(k)} => ${inner1(v)}`)
    return `Map(${value.size}) ${list(pairs, value.size, '{', '}')}`
  }
  if (value instanceof Set)
    return `Set(${value.size}) ${list(each(value, inner1), value.size, '{', '}')}`
  const keys = Object.keys(value)
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null
  const name =
    proto && proto !== Object.prototype && proto.constructor?.name
      ? `${proto.constructor.name} `
      : ''
  const field = (key: string): string => {
    try {
      return inner1((value as Record<string, unknown>)[key])
    } catch {
      return '[getter threw]'
    }
  }
  const fields = each(keys, (key) => `${key}: ${field(key)}`)
  return name + list(fields, keys.length, '{', '}')
}

// Bytes as hex, like Node's inspect, not as an object of numbered keys.
function bytes(view: ArrayBufferView): string {
  const all = new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
  const shown = Array.from(all.subarray(0, MAX_BYTES), (b) => b.toString(16).padStart(2, '0'))
  const more = all.length > MAX_BYTES ? ` … ${all.length - MAX_BYTES} more` : ''
  return `<${view.constructor.name} ${shown.join(' ')}${more} (${all.length} bytes)>`
}

/**
 * A function's source as its author wrote it, on one line and at most 80 characters, in
 * backticks: how a probe without a description is named in messages. A test runner's transform
 * is undone: vitest turns `stop('x')` into `(0,__vite_ssr_import_1__.stop)('x')` and `api.get()`
 * into `__vite_ssr_import_0__.api.get()`; bundlers leave `(0, module.fn)(…)` calls the same way.
 */
export function sourceOf(fn: unknown): string {
  let source: string
  try {
    source = Function.prototype.toString.call(fn)
  } catch {
    return '`[a function whose source cannot be read]`'
  }
  const readable = source
    .replace(/\s+/g, ' ')
    .replace(/\(0\s*,\s*(?:[\w$]+\.)*([\w$]+)\)/g, '$1')
    .replace(/\b__vite_ssr_import_\d+__\./g, '')
  return `\`${readable.length > 80 ? `${readable.slice(0, 77)}...` : readable}\``
}

/**
 * A bad value as a "got …" clause shows it: a string in quotes, anything else formatted, at most
 * 80 characters either way.
 */
export function got(value: unknown): string {
  const text = typeof value === 'string' ? `'${value}'` : stringify(value)
  return text.length > 80 ? `${text.slice(0, 79)}…` : text
}

/** `1 request`, `2 requests`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** A value formatted for a one-line summary, cut at `length` characters. */
export function short(value: unknown, length = 100): string {
  const text = stringify(value)
  return text.length > length ? `${text.slice(0, length - 1)}…` : text
}
