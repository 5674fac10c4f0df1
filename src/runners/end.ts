// What every runner integration does as a test ends, whatever the runner does with the errors.
import type { Tracking } from '../core/tracking.js'
import { errorAt, forgottenMessage, runningMessage } from './words.js'

/**
 * The waits still running in `test`, as an error to show (`when` the test failed or ended) whose
 * stack is their call sites; they are then stopped, so that nothing of a test the runner ended
 * goes on polling. `undefined` when none was running.
 */
export function stopRunning(
  tracking: Tracking,
  test: string,
  when: string,
): ReturnType<typeof errorAt> | undefined {
  const running = tracking.running(test)
  if (running.length === 0) return undefined
  const error = errorAt(runningMessage(running, when), running)
  // The runner leaves the code of a test it ended running: its waits are stopped.
  tracking.stop(`its test ${when}`, test)
  return error
}

/** The error that fails `test` for the waits it made and never started; `undefined` if none. */
export function forgottenError(tracking: Tracking, test: string): Error | undefined {
  const waits = tracking.forgotten(test)
  return waits.length === 0 ? undefined : errorAt(forgottenMessage(waits), waits)
}
