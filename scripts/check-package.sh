#!/usr/bin/env bash
# Packs the library and checks the tarball as a user would get it: publint, arethetypeswrong,
# then a fresh consumer project that imports every subpath with ESM and CJS and typechecks a
# strict TypeScript file, on this machine's Node and on Node 24 from the npm registry.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "packed $(basename "$tarball")"

npx --no-install publint run "$tarball" --strict
# Every resolution, node10 (moduleResolution: node) included: typesVersions maps the subpaths there.
npx --no-install attw "$tarball"

consumer="$work/consumer"
mkdir -p "$consumer"
cp -r "$root/test/consumer/." "$consumer/"
cd "$consumer"
npm init -y >/dev/null
npm pkg set type=module
npm install --no-audit --no-fund --silent "$tarball" \
  "@aws-sdk/client-sqs@$(node -p "require('$root/node_modules/@aws-sdk/client-sqs/package.json').version")" \
  "@aws-sdk/client-sns@$(node -p "require('$root/node_modules/@aws-sdk/client-sns/package.json').version")" \
  "typescript@$(node -p "require('$root/node_modules/typescript/package.json').version")" \
  "@types/node@$(node -p "require('$root/node_modules/@types/node/package.json').version")"

run_consumer() {
  local node_bin=$1
  echo "consumer on $("$node_bin" --version)"
  "$node_bin" esm.mjs
  "$node_bin" cjs.cjs
}
run_consumer node
npx --no-install tsc -p tsconfig.json
echo "strict TypeScript consumer typechecks"

node24="$work/node24"
mkdir -p "$node24"
npm install --no-save --no-audit --no-fund --silent --prefix "$node24" node@24
run_consumer "$node24/node_modules/.bin/node"
