#!/usr/bin/env bash
# Builds wasilib.wasm from wasilib.c and wasilib.wit (clang-19, the pinned jco and its WASI
# reactor adapter, which turns the module's preview1 imports into WASI 0.2 ones).
# Usage: build.sh OUT-DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
"$root/test/component/ensure-jco.sh"
jco="$root/test/component/node_modules/.bin/jco"
clang-19 --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export-memory \
  "$here/wasilib.c" -o "$out/wasilib.core.wasm"
node --import "$root/test/component-virt/jco-preopens.mjs" "$jco" embed --wit "$here/wasilib.wit" \
  -n wasilib "$out/wasilib.core.wasm" -o "$out/wasilib.embedded.wasm" >/dev/null
"$jco" new "$out/wasilib.embedded.wasm" --wasi-reactor -o "$out/wasilib.wasm"
