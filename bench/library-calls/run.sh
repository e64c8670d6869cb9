#!/usr/bin/env bash
# The library-call benchmark (issue 15, "Performance"; see README.md): builds the bench
# component (guest.c + calls.wit, clang-19 and the pinned jco), compiles it with wasm2native
# --emit=lib and links the C host (host.c) with it and with the native floor (native.c),
# transpiles it with jco for node (node.mjs), then waits for a quiet machine and times them
# side by side (measure.py), writing OUT/library-calls.md and OUT/library-calls.json.
# Usage: run.sh [--w2n PATH] [--out DIR] [measure.py options: --rounds N --passes N ...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
w2n="${W2N:-${W2N_BUILD_DIR:-$root/build}/wasm2native}"
out="$root/bench/out"
rest=()
while (($#)); do
  case "$1" in
  --w2n) w2n="$2"; shift 2 ;;
  --out) out="$2"; shift 2 ;;
  *) rest+=("$1"); shift ;;
  esac
done
[ -x "$w2n" ] || { echo "library-calls: no wasm2native at $w2n (build it, or pass --w2n)" >&2; exit 1; }
w2n="$(realpath "$w2n")"
for tool in node npm clang-19; do
  command -v "$tool" >/dev/null || { echo "library-calls: $tool not installed: skipped" >&2; exit 77; }
done
mkdir -p "$out"
work="$out/library-calls"
rm -rf "$work" && mkdir -p "$work"
cd "$work"

# The component: C for wasm32 (the canonical ABI by hand), jco embed + jco new.
"$root/test/component/ensure-jco.sh"
jco="$root/test/component/node_modules/.bin/jco"
clang-19 --target=wasm32 -O2 -mbulk-memory -nostdlib -Wl,--no-entry -Wl,--export-memory \
  -Wl,--allow-undefined \
  "$here/guest.c" -o calls.core.wasm
node --import "$root/test/component-virt/jco-preopens.mjs" "$jco" embed --wit "$here/calls.wit" \
  -n calls calls.core.wasm -o calls.embedded.wasm >/dev/null
"$jco" new calls.embedded.wasm -o calls.wasm

# The C host: the library through its generated header, and the native floor in its own
# translation unit (no LTO).
"$w2n" calls.wasm --emit=lib -o libcalls.a
clang-19 -O2 -Wall -Werror -I"$here" -c "$here/native.c" -o native.o
clang-19 -O2 -Wall -Werror -I. -I"$here" -c "$here/host.c" -o host.o
clang-19 host.o native.o libcalls.a -o host

# node: the component through jco transpile, its host interface in host.mjs.
cp "$here/host.mjs" host.mjs
"$jco" transpile calls.wasm -o js --quiet --map bench:calls/host=../host.mjs

exec /usr/bin/python3 "$here/measure.py" --work "$work" --out "$out" --w2n "$w2n" "${rest[@]}"
