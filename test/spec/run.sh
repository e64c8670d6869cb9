#!/bin/sh
# Runs the WebAssembly core spec suite through wasm2native for one target and checks it against
# the checked-in baseline (test/spec/baseline-<arch>.txt).
# Usage: test/spec/run.sh <build-dir> <x86_64|aarch64> [--testdata DIR] [w2n-spectest options...]
# The suite is <testdata>/spec-core, testdata being $W2N_TESTDATA or ../shared/testdata beside
# the checkout. Exit status 77 (CTest's "skipped") when the suite is absent.
set -eu
if [ $# -lt 2 ]; then
  echo "usage: $0 <build-dir> <x86_64|aarch64> [--testdata DIR] [w2n-spectest options...]" >&2
  exit 2
fi
build=$1
arch=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
testdata=${W2N_TESTDATA:-$here/../../../shared/testdata}
if [ "${1:-}" = "--testdata" ]; then
  testdata=$2
  shift 2
fi
suite=$testdata/spec-core
if [ ! -d "$suite" ]; then
  echo "spec suite skipped: $suite not found (set W2N_TESTDATA or pass --testdata DIR)"
  exit 77
fi
exec "$build/test/w2n-spectest" --target "$arch" --baseline "$here/baseline-$arch.txt" "$@" "$suite"
