#!/bin/sh
# Checks that w2n-spectest tells passing from failing commands: harness_selftest.wast marks each
# command PASS, FAIL or SKIP in a comment, and the harness must fail exactly the FAIL lines.
# Usage: test/spec/selftest/run_selftest.sh <w2n-spectest> [--target ARCH]
set -eu
spectest=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
wast=$here/harness_selftest.wast
out=$("$spectest" --verbose --run-timeout 3 "$@" "$wast" || true)
expected_fail=$(grep -n ';; FAIL' "$wast" | cut -d: -f1 | tr '\n' ' ')
actual_fail=$(printf '%s\n' "$out" | sed -n 's/^  harness_selftest\.wast:\([0-9]*\):.*/\1/p' | tr '\n' ' ')
pass=$(grep -c ';; PASS' "$wast")
fail=$(grep -c ';; FAIL' "$wast")
skip=$(grep -c ';; SKIP' "$wast")
total=$(printf '%s\n' "$out" | tail -n 1)
status=0
if [ "$total" != "$pass passed, $fail failed, $skip skipped" ]; then
  echo "selftest: totals '$total', expected '$pass passed, $fail failed, $skip skipped'"
  status=1
fi
if [ "$actual_fail" != "$expected_fail" ]; then
  echo "selftest: failing lines '$actual_fail', expected '$expected_fail'"
  status=1
fi
[ $status -eq 0 ] && echo "selftest: ok ($total)"
[ $status -eq 0 ] || printf '%s\n' "$out"
exit $status
