// Runs the built core (dist/index.js) on whatever runtime executes this file: Node, Bun, Deno or
// a browser page. It uses only the core's public API and standard globals. Prints one line per
// check and throws on the first one that fails.
import { during, until, WaitError, condition } from '../../dist/index.js'

const checks = []
const check = (name, fn) => checks.push([name, fn])
const assert = (ok, message) => {
  if (!ok) throw new Error(message)
}

check('until resolves with the first passing value', async () => {
  let n = 0
  assert((await until(() => ++n >= 3 && n).every(5)) === 3, 'expected 3')
})
check('a hung probe is cut at the deadline', async () => {
  const start = performance.now()
  const r = await until(() => new Promise(() => {}))
    .atMost(100)
    .result()
  const took = performance.now() - start
  assert(
    !r.passed && r.error instanceof WaitError && r.error.reason === 'timeout',
    'expected a timeout',
  )
  assert(took < 1000, `took ${took} ms`)
})
check('a TypeError is retried', async () => {
  let orders = []
  setTimeout(() => (orders = [{ id: 7 }]), 20)
  assert((await until(() => orders[0].id).every(5)) === 7, 'expected 7')
})
check('never and always', async () => {
  await during(50)
    .never(() => false)
    .every(5)
  await during(50)
    .always(() => true)
    .every(5)
  const r = await during(200)
    .never(() => true)
    .result()
  assert(!r.passed && r.error.reason === 'violated', 'expected a violation')
})
check('abort rejects with the reason', async () => {
  const controller = new AbortController()
  setTimeout(() => controller.abort(new Error('enough')), 20)
  const outcome = await until(() => false)
    .signal(controller.signal)
    .then(
      () => 'resolved',
      (e) => e.message,
    )
  assert(outcome === 'enough', `got ${outcome}`)
})
check('a condition wakes the wait', async () => {
  let ready = false
  let wake = () => {}
  const ready$ = condition(() => ready, { subscribe: (w) => ((wake = w), () => {}) })
  setTimeout(() => {
    ready = true
    wake()
  }, 20)
  await until(ready$).every(10_000).atMost(2000)
})

for (const [name, fn] of checks) {
  await fn()
  console.log(`ok - ${name}`)
}
console.log(`${checks.length} passed, 0 failed`)
