#!/usr/bin/env bash
# Installs what is needed, builds wasm2native, compiles examples/<name> (default: hello) from C to
# a WASI core module with clang-19, then to a native executable with wasm2native, and runs it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
name="${1:-hello}"
shift || true
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" wasm2native
out="$root/build/examples"
mkdir -p "$out"
clang-19 --target=wasm32-wasi -O2 "$root/examples/$name/$name.c" -o "$out/$name.wasm"
"$root/build/wasm2native" "$out/$name.wasm" -o "$out/$name"
[ $# -gt 0 ] || set -- a b
echo "+ $out/$name $*"
"$out/$name" "$@"
