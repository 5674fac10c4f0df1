/**
 * Adds `text` to the error a failed mocha test ends with, message and stack alike (mocha's
 * reporters print the stack from its message on): it is printed with the failure, at the end of
 * the run, in serial and `--parallel` runs alike.
 */
export function addToError(test: { readonly err?: unknown }, text: string): void {
  const { err } = test
  if (!(err instanceof Error)) {
    console.error(text)
    return
  }
  const { message } = err
  const added = `${message}\n\n${text}`
  const stack = err.stack ?? ''
  const at = stack.indexOf(message)
  err.stack =
    at < 0
      ? `${stack}\n\n${text}`
      : `${stack.slice(0, at)}${added}${stack.slice(at + message.length)}`
  err.message = added
}
