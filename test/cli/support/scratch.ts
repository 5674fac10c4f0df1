import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { until } from '../../../src/index.js'

/**
 * Gives each test of the file a fresh temporary directory, removed after it. Call it once at the
 * top of a file; it returns the path of a file named `name` in the current test's directory.
 */
export function scratch(): (name: string) => string {
  let dir = ''
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'patiently-cli-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))
  return (name) => join(dir, name)
}

/** Resolves after `ms`: to act at a moment while the CLI runs, never to wait for an outcome. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Whether process `pid` has gone. */
export function gone(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return false
  } catch {
    return true
  }
}

/** The pid a command wrote to `file`, once it has written it; `what` names it for a failure. */
export function pidIn(file: string, what: string): Promise<number> {
  return until(() => Number(readFileSync(file, 'utf8')) || false)
    .atMost('15s')
    .as(what)
}
