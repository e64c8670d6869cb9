#!/usr/bin/env bash
# Builds store.wasm from store.c and store.wit (clang-19, the pinned jco).
# Usage: build.sh OUT-DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
"$root/test/component/ensure-jco.sh"
jco="$root/test/component/node_modules/.bin/jco"
clang-19 --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export-memory -Wl,--allow-undefined \
  "$here/store.c" -o "$out/store.core.wasm"
node --import "$root/test/component-virt/jco-preopens.mjs" "$jco" embed --wit "$here/store.wit" \
  -n store-user "$out/store.core.wasm" -o "$out/store.embedded.wasm" >/dev/null
"$jco" new "$out/store.embedded.wasm" -o "$out/store.wasm"
