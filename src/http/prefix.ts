import { invalid } from '../core/validate.js'

/**
 * Checks an admin path prefix such as `'/__patiently'`: one or more segments of letters, digits
 * and `_ . ~ -`, and no `.` or `..` segment, which a request path never keeps (clients and the
 * sink resolve them away), so a prefix holding one could never be reached. `or` names what else
 * the option takes, for the message.
 */
export function checkPrefix(value: unknown, option: string, or: string = ''): string {
  if (typeof value !== 'string' || !/^\/[\w.~-]+(\/[\w.~-]+)*$/.test(value)) {
    invalid(option, `${or}a path prefix such as '/__patiently'`, value)
  }
  if (value.split('/').some((segment) => segment === '.' || segment === '..')) {
    invalid(
      option,
      "a path prefix without '.' or '..' segments (request paths never keep them, so the admin API could never be reached)",
      value,
    )
  }
  return value
}
