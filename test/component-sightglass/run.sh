#!/usr/bin/env bash
# The Sightglass component benchmarks (../shared/testdata/sightglass) as tests: each is compiled
# for the target with its directory preopened, run there (AArch64 under qemu-aarch64-static), and
# its stdout must equal <name>.stdout.expected. kotlin-richards (Kotlin/Wasm) exercises WasmGC,
# typed function references and exception handling.
# Usage: test/component-sightglass/run.sh WASM2NATIVE ARCH TESTDATA
set -euo pipefail
w2n="$1"
arch="$2"
benchmarks="$3/sightglass/benchmarks"
if [ ! -d "$benchmarks" ]; then
  echo "sightglass test data not found: skipped"
  exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run=()
[ "$arch" = aarch64 ] && run=(qemu-aarch64-static)
failed=0

for name in cm-online-stats kotlin-richards; do
  dir="$benchmarks/$name"
  if ! "$w2n" "$dir/$name.wasm" --target "$arch-linux" --dir .::. -o "$work/$name" 2>"$work/err"; then
    echo "FAIL $name: compile: $(head -1 "$work/err")"
    failed=1
    continue
  fi
  status=0
  (cd "$dir" && W2N_BENCH_OUT=/dev/null "${run[@]}" "$work/$name" >"$work/$name.out" 2>"$work/$name.err") || status=$?
  if [ "$status" -ne 0 ]; then
    echo "FAIL $name: exit status $status: $(head -1 "$work/$name.err")"
    failed=1
  elif ! cmp -s "$work/$name.out" "$dir/$name.stdout.expected"; then
    echo "FAIL $name: stdout differs from $name.stdout.expected"
    failed=1
  else
    echo "PASS $name"
  fi
done

exit $failed
