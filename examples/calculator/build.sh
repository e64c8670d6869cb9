#!/usr/bin/env bash
# Builds calculator.wasm (the component) from calculator.c and calculator.wit with clang-19 and
# the pinned jco of test/component. Usage: examples/calculator/build.sh [OUT-DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$(mkdir -p "${1:-.}" && cd "${1:-.}" && pwd)"
"$root/test/component/ensure-jco.sh"
jco="$root/test/component/node_modules/.bin/jco"
clang-19 --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export-memory \
  "$here/calculator.c" -o "$out/calculator.core.wasm"
# jco embed runs as a component under preview2-shim, which starts with no preopened directory.
node --import "$root/test/component-virt/jco-preopens.mjs" "$jco" embed --wit "$here/calculator.wit" \
  -n calculator "$out/calculator.core.wasm" -o "$out/calculator.embedded.wasm" >/dev/null
"$jco" new "$out/calculator.embedded.wasm" -o "$out/calculator.wasm"
echo "$out/calculator.wasm"
