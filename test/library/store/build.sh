#!/usr/bin/env bash
# Builds store.wasm from store.c and store.wit (../build-component.sh).
# Usage: build.sh OUT-DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
exec "$here/../build-component.sh" "$here/store.c" "$here/store.wit" store-user "$out/store.wasm"
