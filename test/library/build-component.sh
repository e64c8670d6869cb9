#!/usr/bin/env bash
# Builds a component of the library tests from one C file for wasm32 (the canonical ABI by hand,
# no libc) and its WIT world: clang-19, then the pinned jco's embed and new.
# Usage: build-component.sh SOURCE.c WIT WORLD OUT.wasm [jco new options, e.g. --wasi-reactor]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
src="$1" wit="$2" world="$3" out="$4"
shift 4
"$root/test/component/ensure-jco.sh"
jco="$root/test/component/node_modules/.bin/jco"
base="${out%.wasm}"
clang-19 --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export-memory -Wl,--allow-undefined \
  "$src" -o "$base.core.wasm"
node --import "$root/test/component-virt/jco-preopens.mjs" "$jco" embed --wit "$wit" -n "$world" \
  "$base.core.wasm" -o "$base.embedded.wasm" >/dev/null
"$jco" new "$base.embedded.wasm" "$@" -o "$out"
