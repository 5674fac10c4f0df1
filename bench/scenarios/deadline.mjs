import { clearTimeout, setTimeout } from 'node:timers'
import { median, now, percentile, sleep } from '../stats.mjs'

/** Settles with 'never' if `promise` has not settled within `ms`, and leaves no timer behind. */
function within(promise, ms) {
  let timer
  const cap = new Promise((resolve) => {
    timer = setTimeout(() => resolve('never'), ms)
  })
  return Promise.race([promise, cap]).finally(() => clearTimeout(timer))
}

const cases = (s, count) => ({
  'always false': () => {
    count()
    return false
  },
  'slow probe': async () => {
    count()
    await sleep(s.deadline.slowProbeMs)
    return false
  },
  'never settles': () => {
    count()
    return new Promise(() => {})
  },
})

/**
 * Deadline: how long past `atMost` each tool rejects, for an always-false probe, a slow probe and
 * a probe whose promise never settles; and how many attempts start after the wait settled.
 * A tool that has not settled `neverCapMs` past the deadline is counted as never rejecting.
 *
 * @example
 * const rows = await deadline(tools['p-wait-for'], settings(false))
 * rows['never settles'].never // 5 of 5 trials never rejected
 */
export async function deadline(tool, s) {
  const { atMost, trials, neverCapMs, watchMs } = s.deadline
  const out = {}
  for (const name of Object.keys(cases(s, () => {}))) {
    const overshoots = []
    let never = 0
    let resolved = 0
    let attemptsAfter = 0
    for (let i = 0; i < trials; i++) {
      let attempts = 0
      const probe = cases(s, () => attempts++)[name]
      const start = now()
      let settledAt = 0
      const settled = tool.wait(probe, { interval: s.interval, timeout: atMost }).then(
        () => 'resolved',
        () => 'rejected',
      )
      const outcome = await within(
        settled.then((o) => {
          settledAt = now()
          return o
        }),
        atMost + neverCapMs,
      )
      if (outcome === 'never') {
        never++
        continue
      }
      if (outcome === 'resolved') resolved++
      overshoots.push(settledAt - start - atMost)
      const atSettle = attempts
      await sleep(watchMs)
      attemptsAfter += attempts - atSettle
    }
    out[name] = {
      trials,
      never,
      resolved,
      medianOvershootMs: median(overshoots),
      maxOvershootMs: percentile(overshoots, 1),
      attemptsAfterSettle: never === trials ? null : attemptsAfter,
    }
  }
  return out
}
