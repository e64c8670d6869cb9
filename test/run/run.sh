#!/usr/bin/env bash
# Compile-and-run tests. programs/*.c: built natively (the reference) and to wasm32-wasi, then
# through wasm2native; stdout, stderr and exit status must match the native build. traps/*.c: the
# executable must print "wasm trap: <EXPECT>" first on stderr and exit with status 134.
# Usage: run.sh <wasm2native binary> <arch: x86_64|aarch64>
set -uo pipefail
w2n="$(realpath "$1")"
arch="${2:-x86_64}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run=()
[ "$arch" = "$(uname -m)" ] || run=(qemu-"$arch"-static)

declare -A ARGS=([args]="a b|hello world|" [exitcode]="3")
passed=0 failed=0
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

for src in "$here"/programs/*.c; do
  name=$(basename "$src" .c)
  IFS='|' read -r -a argv <<<"${ARGS[$name]:-}"
  clang-19 -O2 "$src" -lm -o "$work/$name.native" || { fail "$name" "native build"; continue; }
  clang-19 --target=wasm32-wasi -O2 "$src" -lm -o "$work/$name.wasm" || { fail "$name" "wasm build"; continue; }
  "$w2n" "$work/$name.wasm" --target "$arch-linux" -o "$work/$name" || { fail "$name" "wasm2native"; continue; }
  "$work/$name.native" "${argv[@]}" >"$work/exp.out" 2>"$work/exp.err"; exp=$?
  "${run[@]}" "$work/$name" "${argv[@]}" >"$work/got.out" 2>"$work/got.err"; got=$?
  if [ $exp -ne $got ]; then fail "$name" "exit status $got, expected $exp"
  elif ! cmp -s "$work/exp.out" "$work/got.out"; then fail "$name" "stdout differs"; diff "$work/exp.out" "$work/got.out" | head -5
  elif ! cmp -s "$work/exp.err" "$work/got.err"; then fail "$name" "stderr differs"; diff "$work/exp.err" "$work/got.err" | head -5
  else passed=$((passed + 1)); fi
done

for src in "$here"/traps/*.c; do
  name=$(basename "$src" .c)
  expect=$(sed -n 's|^/\* EXPECT: \(.*\) \*/$|\1|p' "$src")
  clang-19 --target=wasm32-wasi -O1 "$src" -o "$work/$name.wasm" || { fail "$name" "wasm build"; continue; }
  "$w2n" "$work/$name.wasm" --target "$arch-linux" -o "$work/$name" || { fail "$name" "wasm2native"; continue; }
  "${run[@]}" "$work/$name" >"$work/got.out" 2>"$work/got.err"; got=$?
  first=$(head -n 1 "$work/got.err")
  if [ $got -ne 134 ]; then fail "$name" "exit status $got, expected 134 (stderr: $first)"
  elif [ "$first" != "wasm trap: $expect" ]; then fail "$name" "stderr '$first', expected 'wasm trap: $expect'"
  else passed=$((passed + 1)); fi
done

echo "run ($arch): $passed passed, $failed failed"
[ $failed -eq 0 ]
