// docs/failures.md shows patiently's messages for three failures beside those of its peers. The
// page's patiently blocks are produced here, by running the failures, and checked word for word:
// `UPDATE_FAILURES=1 npx vitest run test/docs/failures.test.ts` writes them into the page.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { during, until, type WaitError } from '../../src/index.js'
import { startHttpSink, type HttpSink } from '../../src/http/index.js'
import { FakeClock, settle } from '../core/fake-clock.js'

const page = join(import.meta.dirname, '..', '..', 'docs', 'failures.md')
const produced = new Map<string, string>()

let sink: HttpSink
beforeAll(async () => {
  sink = await startHttpSink()
})
beforeEach(() => sink.clear())
afterAll(async () => {
  await sink.close()
  if (process.env['UPDATE_FAILURES']) {
    let text = readFileSync(page, 'utf8')
    for (const [name, message] of produced) text = replaceBlock(text, name, message)
    writeFileSync(page, text)
  }
})

const post = (path: string, body: unknown): Promise<Response> =>
  fetch(`${sink.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

// The text of the fenced block after the page's marker for `name`, and where it lies.
function locate(text: string, name: string): { start: number; end: number } | undefined {
  const marker = new RegExp(`<!-- patiently: ${name} -->\\n\\n?\`\`\`text\\n`).exec(text)
  if (!marker) return undefined
  const start = marker.index + marker[0].length
  return { start, end: text.indexOf('\n```', start - 1) }
}

function block(text: string, name: string): string | undefined {
  const where = locate(text, name)
  return where && text.slice(where.start, Math.max(where.start, where.end))
}

function replaceBlock(text: string, name: string, message: string): string {
  const where = locate(text, name)
  if (!where) throw new Error(`docs/failures.md has no block for ${name}`)
  const end = Math.max(where.start - 1, where.end)
  return `${text.slice(0, where.start)}${message}${text.slice(end)}`
}

async function failure(wait: PromiseLike<unknown>, clock: FakeClock): Promise<WaitError> {
  const settled = await settle(wait, clock)
  if (settled.ok) throw new Error('expected the wait to fail')
  return settled.error as WaitError
}

function check(name: string, error: WaitError): void {
  // The first frame of the stack: the line that made the wait, as it reads in a terminal.
  const site = error.stack?.split('\n').find((line) => /^\s+at /.test(line)) ?? ''
  const text = `WaitError: ${error.message}\n${site.replace(`${process.cwd()}/`, '')}`
  produced.set(name, text)
  if (!process.env['UPDATE_FAILURES']) expect(block(readFileSync(page, 'utf8'), name)).toBe(text)
}

test('an assertion probe that times out', async () => {
  const clock = new FakeClock()
  const orders = new Map([['o-1', { id: 'o-1', status: 'pending', total: 100 }]])
  const api = { order: (id: string) => Promise.resolve(orders.get(id)) }
  const error = await failure(
    until(async () => {
      expect((await api.order('o-1'))?.status).toBe('paid')
    })
      .as('order o-1 to be paid')
      .every(100)
      .atMost('1s')
      .clock(clock),
    clock,
  )
  check('assertion', error)
})

test('a never window that sees the thing happen', async () => {
  const clock = new FakeClock()
  await post('/charges', { orderId: 'o-1', amount: 100 })
  const window = during('2s')
    .never(sink.received({ path: '/charges', body: { orderId: 'o-1' } }).count(2))
    .as('a second charge for o-1')
    .every(100)
    .clock(clock)
  // One driver of the fake time at a time: the window's first attempts, then the second charge
  // (recorded, and waking the wait, before the sink answers it), then the rest.
  const outcome = window.then(
    () => undefined,
    (error: unknown) => error,
  )
  await clock.advance(300)
  await post('/charges', { orderId: 'o-1', amount: 100 })
  await clock.runAll()
  const error = await outcome
  if (error === undefined) throw new Error('expected the window to fail')
  check('never', error as WaitError)
})

test('an HTTP sink wait with near misses', async () => {
  const clock = new FakeClock()
  await post('/callbacks', { requestId: 'r-7', status: 'failed' })
  await post('/callback', { requestId: 'r-7', status: 'done' })
  await fetch(`${sink.url}/callbacks?requestId=r-7`)
  const error = await failure(
    until(
      sink.received({
        method: 'POST',
        path: '/callbacks',
        body: { requestId: 'r-7', status: 'done' },
      }),
    )
      .atMost('2s')
      .every(100)
      .clock(clock),
    clock,
  )
  check('near-misses', error)
})
