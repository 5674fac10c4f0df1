import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

const cli = fileURLToPath(new URL('../../src/http/cli.ts', import.meta.url))

test('the patiently-sink command runs until SIGTERM, then exits cleanly', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve)
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)))
    })
    const url = /listening on (\S+)/.exec(line)?.[1] ?? ''
    expect((await fetch(`${url}/__patiently/health`)).status).toBe(200)
    await fetch(`${url}/callbacks`, { method: 'POST', body: 'hello' })
    const listed = (await (await fetch(`${url}/__patiently/requests`)).json()) as {
      requests: { body: unknown }[]
    }
    expect(listed.requests.map((r) => r.body)).toEqual(['hello'])
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  } finally {
    child.kill('SIGKILL')
  }
})

test('the patiently-sink command says it is deprecated, and exits with 2 on a bad argument', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', 'nope'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  expect(code).toBe(2)
  expect(stderr).toBe(
    'patiently-sink is deprecated and will be removed in the next release: use `patiently sink`, which takes the same options\n' +
      "patiently-sink: Expected `--port` to be a whole number, got 'nope'\n",
  )
})
