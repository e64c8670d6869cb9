#!/usr/bin/env bash
# A command with a virtualised filesystem, made the way wasi-virt makes one: virt.c (a component
# exporting wasi:filesystem over a tree compiled into it and wasi:io/streams and wasi:cli/stdio of
# its own, built with clang-19, `jco embed` and `jco new`) composed (compose.mjs) with app.c (a
# stock wasi-libc command from `jco new --wasi-command`), so the result imports no filesystem. wasm2native must validate and compile it,
# and its run must print what `jco transpile` + preview2-shim print (stdout, stderr, status), with
# the virtual files' bytes among them.
# Exit status 77 (skipped) when node/npm/clang-19 are missing.
# Usage: test/component-virt/run.sh WASM2NATIVE [--target aarch64-linux] [--work DIR] [--build-only]
# (--build-only: stop once virt.wasm and composed.wasm are built in the work directory)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
w2n="$(realpath "$1")"
shift
target="" work="" build_only=""
while [ $# -gt 0 ]; do
  case "$1" in
  --target) target="$2"; shift 2 ;;
  --work) work="$2"; shift 2 ;;
  --build-only) build_only=1; shift ;;
  *) echo "unknown option $1"; exit 2 ;;
  esac
done
for tool in node npm clang-19; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool not installed: virtualised component test skipped"
    exit 77
  fi
done
"$here/../component/ensure-jco.sh"
jco="$(realpath "$here/../component/node_modules/.bin/jco")"
builtin="$here/../component/node_modules/@bytecodealliance/jco/lib/wit/builtin/0.2.12"
if [ -z "$work" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work" && cd "$work"

# The virtualiser: its world with the WASI packages jco ships and host.wit.
mkdir -p wit/deps/host
cp "$here/virt.wit" wit/
cp "$here/host.wit" wit/deps/host/
for p in io clocks filesystem cli sockets random; do
  mkdir -p "wit/deps/$p" && cp "$builtin/wasi-$p/package.wit" "wit/deps/$p/"
done
clang-19 --target=wasm32 -O2 -nostdlib -Wl,--no-entry "$here/virt.c" -o virt.core.wasm
node --import "$here/jco-preopens.mjs" "$jco" embed --wit "$work/wit" -n virt "$work/virt.core.wasm" \
  -o "$work/virt.embedded.wasm" >/dev/null
"$jco" new virt.embedded.wasm -o virt.wasm
# The command, and the composition.
clang-19 --target=wasm32-wasi -O2 "$here/app.c" -o app.core.wasm
"$jco" new app.core.wasm --wasi-command -o app.wasm
"$jco" print app.wasm -o app.wat
"$jco" print virt.wasm -o virt.wat
node "$here/compose.mjs" app.wat virt.wat composed.wat
"$jco" parse composed.wat -o composed.wasm
if "$jco" print composed.wasm | grep -q '^  (import "wasi:filesystem'; then
  echo "FAIL: the composed component still imports wasi:filesystem"
  exit 1
fi
[ -z "$build_only" ] || exit 0

pass=0 fail=0
check() { # what, command...
  local what="$1"
  shift
  if "$@"; then
    echo "PASS $what"
    pass=$((pass + 1))
  else
    echo "FAIL $what"
    fail=$((fail + 1))
  fi
}
check "validate virtualiser" "$w2n" validate virt.wasm
check "validate composition" "$w2n" validate composed.wasm
check "compile composition" "$w2n" composed.wasm ${target:+--target "$target"} -o composed

# Reference: jco's transpilation under preview2-shim, with no preopens and no environment.
"$jco" transpile composed.wasm -o ref-js --name composed --no-typescript -q
echo '{"type": "module"}' >ref-js/package.json
mkdir -p ref-js/node_modules/@bytecodealliance
shim="$here/../component/node_modules/@bytecodealliance/jco/node_modules/@bytecodealliance/preview2-shim"
[ -d "$shim" ] || shim="$here/../component/node_modules/@bytecodealliance/preview2-shim"
ln -sfn "$(realpath "$shim")" ref-js/node_modules/@bytecodealliance/preview2-shim
echo '{"args": ["composed"], "env": {}, "preopens": {}}' >config.json
set +e
node "$here/../component-run/driver.mjs" ref-js/composed.js config.json >ref.out 2>ref.err </dev/null
ref_status=$?
run=(./composed)
if [ -n "$target" ] && [ "${target%%-*}" != "$(uname -m)" ]; then run=("qemu-${target%%-*}-static" ./composed); fi
[ -x composed ] && env -i "${run[@]}" >got.out 2>got.err </dev/null
got_status=$?
set -e
check "exit status (reference $ref_status)" [ "$ref_status" = "$got_status" ]
check "stdout equals the reference's" cmp -s ref.out got.out
check "stderr equals the reference's" cmp -s ref.err got.err
check "the virtual files were read" grep -q "^/virt/hello.txt at 0: 34 bytes: hello from the virtual filesystem$" got.out
[ "$fail" = 0 ] || { diff ref.out got.out | head -20; head -5 got.err; }
echo "component-virt: $pass passed, $fail failed"
[ "$fail" = 0 ]
