import { it } from 'mocha'
import { until } from 'patiently'

/** Time that moves only from one timer to the next: the wait passes at 800 ms on every run. */
function virtualClock() {
  let now = 0
  const timers = new Set()
  const fireNext = () => {
    let next
    for (const timer of timers) if (!next || timer.at < next.at) next = timer
    if (!next) return
    timers.delete(next)
    now = next.at
    next.callback()
  }
  return {
    now: () => now,
    setTimeout: (callback, ms) => {
      const timer = { at: now + ms, callback }
      timers.add(timer)
      setImmediate(fireNext)
      return () => timers.delete(timer)
    },
  }
}

it('a wait that used 80% of its deadline', async () => {
  const clock = virtualClock()
  await until(() => clock.now() >= 800)
    .every(100)
    .atMost('1s')
    .clock(clock)
    .as('the invoice to be sent')
})

it('a wait that used little of its deadline', async () => {
  const clock = virtualClock()
  await until(() => clock.now() >= 100)
    .every(100)
    .atMost('1s')
    .clock(clock)
    .as('the receipt to be sent')
})
