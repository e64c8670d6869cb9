#!/usr/bin/env bash
# WASI calls the test suite leaves open (calls.c; calls.expected written by reasoning), on each
# target with both resolvers. Built with --dir box --env A=1 --env B --env A=2 and run with B and
# C in the host environment: the guest must see exactly B (the host's value) and A=2.
# Usage: run.sh <wasm2native> [arch...]
set -uo pipefail
w2n="$(realpath "${1:?usage: run.sh <wasm2native> [arch...]}")"
shift
arches=("$@")
[ ${#arches[@]} -gt 0 ] || arches=(x86_64 aarch64)
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
clang-19 --target=wasm32-wasi -O2 "$here/calls.c" -o "$work/calls.wasm" || { echo "cannot build calls.c"; exit 1; }
for arch in "${arches[@]}"; do
  exe="$work/calls-$arch"
  if ! "$w2n" "$work/calls.wasm" --target "$arch-linux" --dir box --env A=1 --env B --env A=2 -o "$exe"; then
    echo "FAIL calls ($arch): wasm2native failed"; failed=$((failed + 1)); continue
  fi
  run=()
  [ "$arch" = "$(uname -m)" ] || run=(qemu-"$arch"-static)
  for mode in openat2 walk; do
    t="$work/run-$arch-$mode"
    mkdir -p "$t/box"
    extra=()
    [ "$mode" = walk ] && extra=(W2N_WASI_NO_OPENAT2=1)
    (cd "$t" && env -i B=from-host C=not-granted "${extra[@]}" timeout 60 "${run[@]}" "$exe" \
      >"$work/out" 2>"$work/err" </dev/null)
    status=$?
    if [ "$status" != 0 ]; then
      echo "FAIL calls ($arch, $mode): exit status $status"; head -5 "$work/err"; failed=$((failed + 1))
    elif ! diff -u "$here/calls.expected" "$work/out" >"$work/diff"; then
      echo "FAIL calls ($arch, $mode): output differs"; head -30 "$work/diff"; failed=$((failed + 1))
    else
      echo "PASS calls ($arch, $mode)"; passed=$((passed + 1))
    fi
  done
done
echo "calls: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
