import { round } from './stats.mjs'

// Renders the raw results as docs/benchmarks.md: one section per scenario, then the targets,
// each checked against the best peer measured in the same run.

const isPeer = (tool) => !tool.startsWith('patiently')
const num = (value) => (value === null || value === undefined ? '—' : String(round(value)))
const yesNo = (value) => (value ? 'yes' : 'no')

function table(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n')
}

/** The rows that ran, and a note for each that failed. */
function split(byTool) {
  const ok = Object.entries(byTool ?? {}).filter(([, r]) => !r.error)
  const failed = Object.entries(byTool ?? {})
    .filter(([, r]) => r.error)
    .map(([tool, r]) => `- **${tool}** did not run: \`${r.error.split('\n')[0]}\``)
  return { ok, notes: failed.length ? `\n\n${failed.join('\n')}` : '' }
}

const best = (entries, pick) =>
  entries
    .filter(([tool]) => isPeer(tool))
    .map(([tool, r]) => [tool, pick(r)])
    .filter(([, v]) => v !== null && v !== undefined)
    .sort((a, b) => a[1] - b[1])[0]

// "No worse than the best peer" allows 10% (and a small absolute slack) for run-to-run noise.
const noWorse = (ours, theirs, slack) => ours <= Math.max(theirs * 1.1, theirs + slack)

function detection(results, targets) {
  const { ok, notes } = split(results.detection)
  const rows = ok.map(([tool, r]) => [
    tool,
    num(r.medianMs),
    num(r.p99Ms),
    num(r.maxMs),
    `${r.failures} / ${r.trials}`,
  ])
  const byTool = Object.fromEntries(ok)
  const peer99 = best(ok, (r) => r.p99Ms)
  const peerMedian = best(ok, (r) => r.medianMs)
  const event = byTool['patiently (event)']
  const polled = byTool.patiently
  if (event && peer99) {
    const ratio = peer99[1] / event.p99Ms
    targets.push([
      'Event-driven detection p99 at least 5× lower than the best polling peer',
      `${num(event.p99Ms)} ms vs ${num(peer99[1])} ms (${peer99[0]}): ${num(ratio)}×`,
      ratio >= 5,
    ])
  }
  if (polled && peer99 && peerMedian) {
    targets.push([
      'Polled detection no worse than the best peer (median and p99)',
      `median ${num(polled.medianMs)} ms vs ${num(peerMedian[1])} ms (${peerMedian[0]}); p99 ${num(polled.p99Ms)} ms vs ${num(peer99[1])} ms (${peer99[0]})`,
      noWorse(polled.medianMs, peerMedian[1], 0.5) && noWorse(polled.p99Ms, peer99[1], 0.5),
    ])
  }
  return `## 1. Detection latency

A flag flips at seeded random moments between 0 and 200 ms (the same moments for every tool); the
time from the flip to the wait resolving, polling every 10 ms. The \`patiently (event)\` row is a
\`condition(probe, { subscribe })\` whose subscription is woken at the flip, as the adapters do;
no peer can be woken, so they all poll.

${table(['tool', 'median (ms)', 'p99 (ms)', 'max (ms)', 'failed'], rows)}${notes}`
}

const cell = (c) =>
  c.never === c.trials
    ? `never (${c.never}/${c.trials})`
    : `${num(c.medianOvershootMs)} (max ${num(c.maxOvershootMs)})${c.never ? `, never ${c.never}/${c.trials}` : ''}${c.resolved ? `, resolved ${c.resolved}` : ''}`

function deadline(results, targets) {
  const { ok, notes } = split(results.deadline)
  const names = ok[0] ? Object.keys(ok[0][1]) : []
  const rows = ok.map(([tool, r]) => [
    tool,
    ...names.map((n) => cell(r[n])),
    names
      .map((n) => (r[n].attemptsAfterSettle === null ? '—' : r[n].attemptsAfterSettle))
      .join(' / '),
  ])
  const ours = Object.fromEntries(ok).patiently
  if (ours) {
    const worst = Math.max(...names.map((n) => ours[n].maxOvershootMs ?? Infinity))
    targets.push([
      'Deadline: rejection within 5 ms of `atMost` in all three cases (worst trial)',
      names.map((n) => `${n} ${num(ours[n].maxOvershootMs)} ms`).join('; '),
      worst <= 5,
    ])
    const after = names.reduce((sum, n) => sum + (ours[n].attemptsAfterSettle ?? 0), 0)
    targets.push(['Deadline: zero attempts after settling', `${after}`, after === 0])
  }
  return `## 2. Deadline

How long past a 200 ms deadline each tool rejects, polling every 10 ms: for a probe that always
returns false, a slow probe (30 ms per attempt), and a probe whose promise never settles. Cells are
the median overshoot in ms over the trials (worst in brackets); "never" means it had not settled
1 s past the deadline. The last column counts attempts started after the wait settled (in the
300 ms that follow), per case.

${table(['tool', ...names.map((n) => `${n} (ms past)`), 'attempts after settling'], rows)}${notes}`
}

function overhead(results, targets) {
  const { ok, notes } = split(results.overhead)
  const rows = ok.map(([tool, r]) => [
    tool,
    num(r.attemptsPerSec),
    num(r.cpuUsPerAttempt),
    `${num(r.cpuShare * 100)}%`,
    num(r.timerLateMedianMs),
    num(r.timerLateP99Ms),
    num(r.timerLateMaxMs),
  ])
  const byTool = Object.fromEntries(ok)
  const ours = byTool.patiently
  const fastest = ok
    .filter(([tool]) => isPeer(tool))
    .sort((a, b) => b[1].attemptsPerSec - a[1].attemptsPerSec)[0]
  if (ours && fastest) {
    const ratio = ours.attemptsPerSec / fastest[1].attemptsPerSec
    targets.push([
      'Interval 0: at least 10× the attempts per second of the timer-based peers',
      `${num(ours.attemptsPerSec)}/s vs ${num(fastest[1].attemptsPerSec)}/s (${fastest[0]}): ${num(ratio)}×`,
      ratio >= 10,
    ])
    targets.push([
      'Interval 0: the unrelated 10 ms timer no more than 5 ms late (p99)',
      `p99 ${num(ours.timerLateP99Ms)} ms, max ${num(ours.timerLateMaxMs)} ms`,
      ours.timerLateP99Ms <= 5,
    ])
  }
  return `## 3. Overhead at interval 0

An always-false probe polled with interval 0 until the tool gives up (timeout ${results.overhead?.patiently?.elapsedMs > 500 ? '1 s' : 'shortened in quick mode'}), while an
unrelated 10 ms timer measures how late the event loop lets it fire (event-loop starvation).

${table(['tool', 'attempts/s', 'CPU µs/attempt', 'CPU busy', 'timer late median (ms)', 'p99 (ms)', 'max (ms)'], rows)}${notes}`
}

function polling(results, targets, s) {
  const { ok, notes } = split(results.polling)
  const rows = ok.map(([tool, r]) => [
    tool,
    String(r.attempts),
    num(r.cpuUsPerAttempt),
    `${num(r.cpuShare * 100)}%`,
  ])
  const byTool = Object.fromEntries(ok)
  const ours = byTool.patiently
  const loop = byTool['hand-written loop']
  if (ours && loop) {
    targets.push([
      'Interval 10 ms: CPU per attempt no worse than the hand-written loop',
      `${num(ours.cpuUsPerAttempt)} µs vs ${num(loop.cpuUsPerAttempt)} µs`,
      noWorse(ours.cpuUsPerAttempt, loop.cpuUsPerAttempt, 0.25),
    ])
  }
  return `## 4. Overhead at interval 10 ms

${s.polling.waits.toLocaleString('en')} waits on an always-false probe side by side, each polling every 10 ms until its
${s.polling.ms} ms timeout: the CPU each attempt costs (timers, promises, bookkeeping and the garbage
collection they cause) at the interval tests use, when the CPU is not the limit.

${table(['tool', 'attempts', 'CPU µs/attempt', 'CPU busy'], rows)}${notes}`
}

function scale(results, targets, s) {
  const { ok, notes } = split(results.scale)
  // A repeated measure: the median of the runs, then their range.
  const spread = (r, key) => {
    const values = (r.runs ?? []).map((run) => run[key])
    if (values.length < 2) return num(r[key])
    return `${num(r[key])} (${num(Math.min(...values))}–${num(Math.max(...values))})`
  }
  const rows = ok.map(([tool, r]) => [
    tool,
    spread(r, 'lateMs'),
    spread(r, 'peakHeapMb'),
    spread(r, 'retainedHeapMb'),
    `${r.failures} / ${r.waits}`,
  ])
  const ours = Object.fromEntries(ok).patiently
  const late = best(ok, (r) => r.lateMs)
  const peak = best(ok, (r) => r.peakHeapMb)
  const kept = best(ok, (r) => r.retainedHeapMb)
  if (ours && late && peak && kept) {
    targets.push([
      'Scale: lateness no worse than the best peer',
      `${num(ours.lateMs)} ms vs ${num(late[1])} ms (${late[0]})`,
      noWorse(ours.lateMs, late[1], 2),
    ])
    targets.push([
      'Scale: peak heap no worse than the best peer',
      `${num(ours.peakHeapMb)} MB vs ${num(peak[1])} MB (${peak[0]})`,
      noWorse(ours.peakHeapMb, peak[1], 0.5),
    ])
    targets.push([
      'Scale: retained heap after GC under 0.25 MB',
      `${num(ours.retainedHeapMb)} MB (best peer ${num(kept[1])} MB, ${kept[0]})`,
      ours.retainedHeapMb < 0.25,
    ])
  }
  return `## 5. Scale

${s.scale.waits.toLocaleString('en')} concurrent waits (interval 10 ms, timeout 2 s) on one flag that flips at
${s.scale.resolveAtMs} ms, each tool in a fresh \`node --expose-gc\` process after a small warm-up: how late the
last wait resolves past the flip, the peak heap above the pre-run baseline (sampled every 5 ms and
once all waits are started), and the heap still held after all settled and a full GC. ${s.scale.runs > 1 ? `Each tool ran it ${s.scale.runs} times, taking turns with the others: the cells are the median of the runs, with their range in brackets, and the targets use the medians. One run's lateness moves by tens of milliseconds with where the flip falls among the polls and what V8 does at that moment.` : ''}

${table(['tool', 'last resolve past ideal (ms)', 'peak heap (MB)', 'retained after GC (MB)', 'failed'], rows)}${notes}`
}

function leaks(results, targets) {
  const { ok, notes } = split(results.leaks)
  const names = ok[0] ? Object.keys(ok[0][1].cases) : []
  const rows = ok.map(([tool, r]) => [
    tool,
    ...names.map((n) => `${r.cases[n].timers} / ${r.cases[n].listeners}`),
    yesNo(names.some((n) => r.cases[n].listenerWarnings > 0)),
    r.sharedSignal ? yesNo(r.sharedSignal.maxListenersWarning) : 'no signal option',
  ])
  const byTool = Object.fromEntries(ok)
  for (const tool of ['patiently', 'patiently (event)']) {
    const ours = byTool[tool]
    if (!ours) continue
    const total = names.reduce((sum, n) => sum + ours.cases[n].timers + ours.cases[n].listeners, 0)
    targets.push([
      `Leaks (${tool}): zero timers and listeners left in every case`,
      `${total}`,
      total === 0,
    ])
  }
  if (byTool.patiently?.sharedSignal) {
    targets.push([
      'Leaks: no MaxListenersExceeded warning with 11 waits on one AbortSignal',
      yesNo(byTool.patiently.sharedSignal.maxListenersWarning) + ' warning',
      !byTool.patiently.sharedSignal.maxListenersWarning,
    ])
  }
  return `## 6. Leaks

Timers (including immediates) and listeners (on the AbortSignal the tool was given, and wake-up
subscriptions) still pending one event-loop turn after a wait succeeded (3rd attempt), timed out
(100 ms), or ended on a probe that always throws; the smallest count over the repetitions. Then
whether Node warned of a listener leak (MaxListenersExceededWarning) during a single wait, and with
11 concurrent waits on one AbortSignal.

${table(['tool', ...names.map((n) => `${n}: timers / listeners`), 'warning in one wait', 'warning, 11 waits on one signal'], rows)}${notes}`
}

function adapter(title, what, result) {
  if (!result || result.status === 'missing') {
    return `## ${title}\n\n${what}\n\nNot measured in this run: the benchmark script does not exist yet.`
  }
  if (result.status !== 'ok') {
    return `## ${title}\n\n${what}\n\nNot measured in this run: the benchmark script failed (\`${result.error.split('\n')[0]}\`).`
  }
  const rows = result.rows ?? []
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((k) => k !== 'tool')
  return `## ${title}

${what} Scenario: ${result.scenario}.

${table(
  ['tool', ...keys],
  rows.map((row) => [
    row.tool,
    ...keys.map((k) => (typeof row[k] === 'number' ? num(row[k]) : String(row[k] ?? '—'))),
  ]),
)}`
}

/**
 * The Markdown report for one run.
 *
 * @example
 * writeFileSync('docs/benchmarks.md', render(report, readFileSync('bench/analysis.md', 'utf8')))
 */
export function render(report, analysis = '') {
  const { meta, results, adapters } = report
  const targets = []
  const sections = [
    detection(results, targets),
    deadline(results, targets),
    overhead(results, targets),
    polling(results, targets, meta.settings),
    scale(results, targets, meta.settings),
    leaks(results, targets),
    adapter(
      '7. HTTP sink',
      'Requests recorded per second and arrival-to-resolve latency under load, against mockttp.',
      adapters['http-sink'],
    ),
    adapter(
      '8. SQS',
      'Publish-to-resolve latency, against receive-and-poll every 100 ms.',
      adapters.sqs,
    ),
  ]
  const missed = targets.filter(([, , met]) => !met)
  return `# Benchmarks

patiently against the tools people use to wait in JavaScript tests: p-wait-for, wait-for-expect,
async-wait-until, vitest's \`vi.waitFor\`, \`vi.waitUntil\` and \`expect.poll\` (run inside a
vitest process, since they need its runtime), and the hand-written loop
(\`while (!(await cond())) await sleep(10)\`, with a deadline check). Every tool gets the same
settings: interval 10 ms and timeout 2 s unless a scenario says otherwise. patiently is measured
from the built package (\`dist/index.js\`). Each scenario runs for each tool in a fresh process.

Run on ${meta.date.slice(0, 10)} with Node ${meta.node}, ${meta.cpu}, ${meta.platform}${meta.quick ? ' — **quick smoke run: sample sizes too small for these numbers to mean anything**' : ''}.
Load average (1/5/15 min) ${meta.loadAtStart} at the start, ${meta.loadAtEnd} at the end: the
machine may be shared, so compare rows within a table, not across runs.

Reproduce with \`npm run bench\` (about ${Math.max(1, Math.round(meta.durationS / 60))} min; \`npm run bench -- --quick\` is a smoke run for CI).
Raw results go to \`bench/results/\`.

## Targets

Each target is checked against the best peer in this run. "No worse" allows 10% or a small absolute margin for noise, whichever is larger: 0.5 ms for detection, 2 ms for scale lateness, 0.5 MB for peak heap, 0.25 MB for retained heap.

${table(
  ['target', 'measured', 'met'],
  targets.map(([what, measured, met]) => [what, measured, met ? 'yes' : '**no**']),
)}

${missed.length === 0 ? 'Every target was met in this run.' : `**Missed in this run:** ${missed.map(([what]) => what).join('; ')}. See "Where patiently is not ahead" below.`}

${sections.join('\n\n')}
${analysis ? `\n${analysis.trim()}\n` : ''}`
}
