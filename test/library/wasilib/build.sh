#!/usr/bin/env bash
# Builds wasilib.wasm from wasilib.c and wasilib.wit (../build-component.sh), with jco's WASI
# reactor adapter, which turns the module's preview1 imports into WASI 0.2 ones.
# Usage: build.sh OUT-DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
exec "$here/../build-component.sh" "$here/wasilib.c" "$here/wasilib.wit" wasilib "$out/wasilib.wasm" --wasi-reactor
