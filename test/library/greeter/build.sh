#!/usr/bin/env bash
# Builds greeter.wasm from greeter.c and greeter.wit (../build-component.sh).
# Usage: build.sh OUT-DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
exec "$here/../build-component.sh" "$here/greeter.c" "$here/greeter.wit" greeter "$out/greeter.wasm"
