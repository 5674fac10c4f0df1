// Serves the repository on 127.0.0.1 and loads test/runtimes/browser.html in headless Chromium,
// which runs the built core in a real browser. Prints what the page printed; exits non-zero
// unless every check passed.
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'

const root = join(import.meta.dirname, '..', '..')
const types = {
  '.html': 'text/html',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.map': 'application/json',
}
const server = createServer(async (req, res) => {
  const path = normalize(
    join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)),
  )
  if (!path.startsWith(root)) return res.writeHead(403).end()
  try {
    const body = await readFile(path)
    res
      .writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' })
      .end(body)
  } catch {
    res.writeHead(404).end()
  }
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const { port } = server.address()
const browser = process.env.CHROMIUM ?? '/usr/bin/chromium'
const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  `--user-data-dir=${join(root, '.tmp', 'chromium')}`,
  '--virtual-time-budget=20000',
  '--dump-dom',
  `http://127.0.0.1:${port}/test/runtimes/browser.html`,
]
execFile(browser, args, { timeout: 60_000 }, (error, stdout) => {
  server.close()
  const text = /<pre id="out">([\s\S]*?)<\/pre>/.exec(stdout)?.[1] ?? ''
  console.log(text.trim() || '(the page printed nothing)')
  if (error && !text) console.error(error.message)
  process.exitCode = /\d+ passed, 0 failed/.test(text) ? 0 : 1
})
