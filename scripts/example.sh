#!/usr/bin/env bash
# Installs what is needed, builds wasm2native, and compiles examples/<name> (default: hello) from
# C to a WASI 0.2 command component (clang-19 for the core module, then the pinned jco of
# test/component with its preview1 adapter), then to a native executable with wasm2native, and
# runs it with the given arguments (default: a b).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
name="${1:-hello}"
shift || true
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" wasm2native
"$root/test/component/ensure-jco.sh"
out="$root/build/examples"
mkdir -p "$out"
clang-19 --target=wasm32-wasi -O2 "$root/examples/$name/$name.c" -o "$out/$name.core.wasm"
"$root/test/component/node_modules/.bin/jco" new "$out/$name.core.wasm" --wasi-command \
  -o "$out/$name.wasm"
"$root/build/wasm2native" "$out/$name.wasm" -o "$out/$name"
[ $# -gt 0 ] || set -- a b
echo "+ $out/$name $*"
"$out/$name" "$@"
