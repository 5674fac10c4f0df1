#!/usr/bin/env bash
# Runs the built core on the other runtimes it promises to support: Node 24, Bun and Deno, each
# installed from the npm registry into a temporary folder, and headless Chromium from Debian.
# Needs `npm run build` first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
npm install --no-save --no-audit --no-fund --silent --prefix "$tools" node@24 bun@1.3.5 deno@2.6.0
bin="$tools/node_modules/.bin"
cd "$root"
echo "== Node $(node --version)"; node test/runtimes/core-smoke.mjs
echo "== Node $("$bin/node" --version)"; "$bin/node" test/runtimes/core-smoke.mjs
echo "== Bun $("$bin/bun" --version)"; "$bin/bun" test/runtimes/core-smoke.mjs
echo "== $("$bin/deno" --version | head -n 1)"; DENO_NO_UPDATE_CHECK=1 "$bin/deno" run --no-prompt test/runtimes/core-smoke.mjs

if ! command -v chromium >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then
    echo "== installing Debian's chromium for the browser check"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "== skipping the browser check: no chromium here (CI installs it; apt-get install chromium)"
    exit 0
  fi
fi
echo "== $(chromium --version)"; CHROMIUM=$(command -v chromium) node test/runtimes/serve-browser.mjs
