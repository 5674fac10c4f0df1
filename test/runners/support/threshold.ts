import { expect, test } from 'vitest'
import type { Runner } from './run.js'

/** The same test in every runner's suite: its fixture's slow test `file`, run with a threshold. */
export function testTheThreshold(run: Runner, file: string): void {
  test('the threshold is set by PATIENTLY_FLAKE_THRESHOLD', () => {
    const strict = run('strict', { PATIENTLY_FLAKE_THRESHOLD: '0.9' }, file)
    expect(strict.status).toBe(0)
    expect(strict.output).toContain('patiently: no wait used more than 90% of its deadline.')
    expect(strict.json).toEqual({ threshold: 0.9, waits: [] })
  }, 60_000)
}
