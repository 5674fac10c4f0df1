/**
 * The settings every tool runs with, identical across tools; `--quick` shrinks the sample sizes
 * for a smoke run, never the interval or the deadlines.
 *
 * @example
 * const s = settings(false)
 * s.detection.trials // 200
 */
export function settings(quick) {
  return {
    quick,
    interval: 10,
    timeout: 2000,
    seed: 20240601,
    detection: { trials: quick ? 6 : 200, maxFlipMs: 200 },
    deadline: {
      atMost: 200,
      slowProbeMs: 30,
      trials: quick ? 1 : 5,
      neverCapMs: quick ? 300 : 1000,
      watchMs: quick ? 100 : 300,
    },
    overhead: { ms: quick ? 200 : 1000, tickMs: 10 },
    polling: { waits: quick ? 100 : 1000, ms: quick ? 300 : 1000 },
    scale: {
      waits: quick ? 1000 : 10_000,
      resolveAtMs: quick ? 200 : 500,
      warmup: 200,
      runs: quick ? 1 : 5,
    },
    leaks: { timeout: 100, reps: quick ? 1 : 3, sharedSignalWaits: 11 },
  }
}
