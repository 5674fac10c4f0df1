import console from 'node:console'
import process from 'node:process'
import { spawnSync } from 'node:child_process'
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers'
import { performance } from 'node:perf_hooks'
import { URL, fileURLToPath } from 'node:url'
import { scale } from './scenarios/scale.mjs'
import { settings } from './settings.mjs'
import { median } from './stats.mjs'
import { buildArgs } from './build.mjs'

// npm run bench:floor [-- runs]: the scale scenario's peak heap for the least a wait can be, built
// up a part at a time, next to patiently and the hand-written loop: each run in a fresh process,
// the variants taking turns, medians and ranges in a Markdown table. The least wait is a plain
// promise polled from one timer shared by every wait: nothing allocated per poll, no timer per
// wait, the clock never read. The parts added are those patiently's contract needs: a lazy
// Promise subclass made by a builder (awaited, so `await` adds its promise and job), the call
// site, and a read of the clock after every attempt (or, as an alternative, once a tick for all
// waits). The first row polls as vi.waitUntil does (two timers a wait), for comparison. See
// bench/analysis.md, "Fourth round".

// The clock as the shared timer's tick last read it, for waits that read it once a tick.
const tick = { now: Number.NaN }

/**
 * One wait's poll: its probe, how it settles, and its deadline in ticks of the shared timer.
 * `clock` is when it reads the clock: never, after every `attempt`, or once a `tick` for all.
 */
class Poller {
  at = Number.NaN

  constructor(probe, ticks, clock, resolve, reject) {
    this.probe = probe
    this.ticks = ticks
    this.start = clock ? performance.now() : 0
    this.clock = clock
    this.resolve = resolve
    this.reject = reject
  }

  /** One attempt; true once the wait has settled. */
  attempt() {
    // The time of each attempt, as the hard deadline and a failure's timings need it; read once a
    // tick, it is the tick's for every wait, whatever the probes before it took.
    if (this.clock === 'attempt') this.at = performance.now() - this.start
    else if (this.clock === 'tick') this.at = tick.now - this.start
    if (this.probe()) {
      this.resolve(true)
      return true
    }
    if (--this.ticks > 0) return false
    this.reject(new Error('timed out'))
    return true
  }
}

// The waits each shared timer polls, by interval: one timer for all, cleared with the last wait.
const polled = new Map()

/** Polls `probe` every `interval` ms from the timer shared by every wait with that interval. */
function poll(probe, { interval, timeout, clock }, resolve, reject) {
  const poller = new Poller(probe, Math.ceil(timeout / interval), clock, resolve, reject)
  tick.now = poller.start
  if (poller.attempt()) return
  let waits = polled.get(interval)
  if (!waits) {
    const fresh = (waits = new Set())
    polled.set(interval, fresh)
    const timer = setInterval(() => {
      tick.now = performance.now()
      for (const wait of fresh) if (wait.attempt()) fresh.delete(wait)
      if (fresh.size > 0) return
      clearInterval(timer)
      polled.delete(interval)
    }, interval)
  }
  waits.add(poller)
}

/** Polls as vi.waitUntil does: a `setInterval` and a `setTimeout` for each wait. */
function pollAlone(probe, { interval, timeout }, resolve, reject) {
  let every
  let deadline
  const check = () => {
    if (!probe()) return false
    clearTimeout(deadline)
    clearInterval(every)
    resolve(true)
    return true
  }
  if (check()) return
  deadline = setTimeout(() => {
    clearInterval(every)
    reject(new Error('timed out'))
  }, timeout)
  every = setInterval(check, interval)
}

/** Where the wait was made: three frames, on a plain object, as patiently captures them. */
function callSite(above) {
  const site = {}
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 3
  Error.captureStackTrace(site, above)
  Error.stackTraceLimit = limit
  return site
}

// The resolving functions of the promise a Lazy is making, taken by one executor for all.
const taken = { resolve: undefined, reject: undefined }
function take(resolve, reject) {
  taken.resolve = resolve
  taken.reject = reject
}

/** A wait that starts on its first `then`; `with` makes a new one, as a builder's modifier does. */
class Lazy extends Promise {
  static get [Symbol.species]() {
    return Promise
  }

  #resolve
  #reject
  #options
  #site

  constructor(probe, options, site) {
    super(take)
    this.#resolve = taken.resolve
    this.#reject = taken.reject
    taken.resolve = taken.reject = undefined
    this.#options = { ...options, probe }
    this.#site = site
  }

  with(option, value) {
    return new Lazy(this.#options.probe, { ...this.#options, [option]: value }, this.#site)
  }

  then(onPassed, onFailed) {
    const options = this.#options
    if (options) {
      this.#options = undefined
      const site = this.#site
      const reject = (error) => this.#reject(site ? Object.assign(error, { site }) : error)
      poll(options.probe, options, this.#resolve, reject)
    }
    return super.then(onPassed, onFailed)
  }
}

const eager = (site, polls = poll) =>
  function wait(probe, options) {
    const at = site ? callSite(wait) : undefined
    const failed = (error) => (at ? Object.assign(error, { site: at }) : error)
    return new Promise((resolve, reject) =>
      polls(probe, options, resolve, (e) => reject(failed(e))),
    )
  }

const lazy = (site, clock) =>
  function wait(probe, { interval, timeout }) {
    const at = site ? callSite(wait) : undefined
    const made = new Lazy(probe, { interval: 50, timeout: 4000, clock }, at)
    return Promise.resolve(made.with('interval', interval).with('timeout', timeout))
  }

// Each of the rows from the second on adds its part to the one above it; patiently and the loop
// are the library and the peer.
const variants = {
  'polls as vi.waitUntil does (two timers a wait)': () => eager(false, pollAlone),
  'a plain promise, polled from one timer for all': () => eager(false),
  'the same, with the call site': () => eager(true),
  'a lazy Promise subclass, made by a builder, awaited': () => lazy(false, false),
  'the lazy subclass, with the call site': () => lazy(true, false),
  'and a read of the clock per attempt': () => lazy(true, 'attempt'),
  'or instead a read of the clock per tick, for all waits': () => lazy(true, 'tick'),
  // Imported only in the run that needs it: the parent builds what tools.mjs imports first.
  patiently: async () => (await import('./tools.mjs')).tools.patiently.wait,
  'hand-written loop': async () => (await import('./tools.mjs')).tools['hand-written loop'].wait,
}

const variantAt = process.argv.indexOf('--variant')
if (variantAt !== -1) {
  const wait = await variants[process.argv[variantAt + 1]]()
  const result = await scale({ wait }, settings(false))
  console.log(JSON.stringify(result))
  process.exit(0)
}

const runs = Number(process.argv[2] ?? 5)
const root = fileURLToPath(new URL('..', import.meta.url))
const built = spawnSync('npx', buildArgs, { cwd: root, encoding: 'utf8' })
if (built.status !== 0) throw new Error(`the build failed:\n${built.stderr}${built.stdout}`)
const self = fileURLToPath(import.meta.url)
const peaks = Object.fromEntries(Object.keys(variants).map((name) => [name, []]))
for (let run = 0; run < runs; run++) {
  for (const name of Object.keys(variants)) {
    const out = spawnSync(process.execPath, ['--expose-gc', self, '--variant', name], {
      encoding: 'utf8',
    })
    if (out.status !== 0) throw new Error(`${name}: exit ${out.status}\n${out.stderr}`)
    const result = JSON.parse(out.stdout.trim().split('\n').pop())
    if (result.failures > 0) throw new Error(`${name}: ${result.failures} waits failed`)
    peaks[name].push(result.peakHeapMb)
  }
}
const mb = (x) => x.toFixed(1)
console.log(`| wait | peak heap (MB), median of ${runs} (range) |\n| --- | --- |`)
for (const [name, all] of Object.entries(peaks)) {
  console.log(`| ${name} | ${mb(median(all))} (${mb(Math.min(...all))}–${mb(Math.max(...all))}) |`)
}
