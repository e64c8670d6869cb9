#!/usr/bin/env bash
# Hostile inputs (test/hostile/gen.py: a few hundred bytes asking for 2^22 instances, deep type
# nesting, 20,000 functions, a million locals, 100,000 nested blocks, 10,000 data segments)
# compiled under a 4 GB address-space limit: each must either compile (and the program then
# runs and exits 0) or fail with exactly one error line and exit status 1 — never a signal.
# The expected verdicts are not pinned (a limit may rise, a compile may get cheaper): what is
# asserted is that nothing crashes, runs out of memory or prints more than one line.
# Usage: run.sh <wasm2native>
set -uo pipefail
w2n="$(realpath "${1:?usage: run.sh <wasm2native>}")"
here="$(cd "$(dirname "$0")" && pwd)"
scratch="$(mktemp -d -t w2n-hostile.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
python3 "$here/gen.py" "$scratch" || { echo "hostile: gen.py failed"; exit 1; }

# The nest again with the instance limit raised past 2^22: the definition budget stops it.
cp "$scratch/nest22.wasm" "$scratch/nest22-raised.wasm"

passed=0 failed=0
for input in "$scratch"/*.wasm; do
  name=$(basename "$input" .wasm)
  flags=()
  [ "$name" = nest22-raised ] && flags=(--max-instances 10000000)
  (ulimit -v 4000000; timeout 600 "$w2n" "$input" "${flags[@]}" -o "$scratch/$name" 2>"$scratch/$name.err")
  status=$?
  lines=$(wc -l <"$scratch/$name.err")
  if [ $status = 0 ]; then
    if (cd "$scratch" && timeout 60 "./$name"); then
      echo "PASS $name: compiled and ran"; passed=$((passed + 1))
    else
      echo "FAIL $name: compiled, but the program failed"; failed=$((failed + 1))
    fi
  elif [ $status = 1 ] && [ "$lines" = 1 ]; then
    echo "PASS $name: $(cat "$scratch/$name.err")"; passed=$((passed + 1))
  else
    echo "FAIL $name: exit status $status, $lines error lines:"; head -5 "$scratch/$name.err"
    failed=$((failed + 1))
  fi
done
echo "hostile inputs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
