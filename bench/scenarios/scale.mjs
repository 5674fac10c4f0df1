import { clearInterval, setInterval, setTimeout } from 'node:timers'
import { getHeapStatistics } from 'node:v8'
import { median, now, sleep } from '../stats.mjs'

const heap = () => getHeapStatistics().used_heap_size

function collect() {
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc')
  globalThis.gc()
  globalThis.gc()
}

/** Starts `n` waits on one flag that flips at `resolveAtMs`; resolves when all have settled. */
async function batch(tool, s, n, resolveAtMs, sample) {
  let flag = false
  const wakes = new Set()
  const subscribe = (wake) => {
    wakes.add(wake)
    return () => wakes.delete(wake)
  }
  const start = now()
  setTimeout(() => {
    flag = true
    for (const wake of wakes) wake()
  }, resolveAtMs)
  let last = 0
  let failures = 0
  const done = () => {
    last = now()
  }
  const failed = () => {
    failures++
    last = now()
  }
  const options = {
    interval: s.interval,
    timeout: s.timeout,
    ...(tool.events ? { subscribe } : {}),
  }
  const waits = []
  for (let i = 0; i < n; i++) waits.push(tool.wait(() => flag, options).then(done, failed))
  sample()
  await Promise.all(waits)
  return { lateMs: last - (start + resolveAtMs), failures }
}

/**
 * Scale: many concurrent waits on one flag that flips at `resolveAtMs`, in a fresh process:
 * how late the last one resolves past the flip, the peak heap while they run, and the heap still
 * held after they all settled and a full GC.
 *
 * @example
 * const { lateMs, peakHeapMb, retainedHeapMb } = await scale(tools.patiently, settings(false))
 */
export async function scale(tool, s) {
  const { waits, resolveAtMs, warmup } = s.scale
  await batch(tool, s, warmup, 20, () => {})
  await sleep(0)
  collect()
  const base = heap()
  let peak = base
  const sample = () => {
    peak = Math.max(peak, heap())
  }
  const sampler = setInterval(sample, 5)
  const { lateMs, failures } = await batch(tool, s, waits, resolveAtMs, sample)
  sample()
  clearInterval(sampler)
  await sleep(0)
  collect()
  const mb = (bytes) => bytes / 1024 / 1024
  return {
    waits,
    failures,
    lateMs,
    peakHeapMb: mb(peak - base),
    retainedHeapMb: mb(heap() - base),
  }
}

/**
 * Several runs of the scale scenario for one tool as one result: the median of each measure, the
 * failures and waits of all the runs, and every run as it was. One run's lateness moves by tens
 * of milliseconds with where the flip falls among the polls and what V8 does at that moment.
 *
 * @example
 * const { lateMs, runs } = combineScale([first, second, third])
 */
export function combineScale(runs) {
  const middle = (key) => median(runs.map((run) => run[key]))
  return {
    waits: runs.reduce((sum, run) => sum + run.waits, 0),
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
    lateMs: middle('lateMs'),
    peakHeapMb: middle('peakHeapMb'),
    retainedHeapMb: middle('retainedHeapMb'),
    runs,
  }
}
