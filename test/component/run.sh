#!/usr/bin/env bash
# The component wast suites (test/component/run.mjs) with the pinned jco from package-lock.json,
# installed on first use by ensure-jco.sh. Exit status 77 (skipped) when node/npm or the test
# data are missing, 1 on a regression against baseline.txt.
# Usage: test/component/run.sh WASM2NATIVE [--testdata DIR] [run.mjs options]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
w2n="$1"
shift
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "node/npm not installed: component wast suites skipped"
  exit 77
fi
"$here/ensure-jco.sh"
exec node "$here/run.mjs" --wasm2native "$w2n" "$@"
