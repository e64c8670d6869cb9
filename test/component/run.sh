#!/usr/bin/env bash
# The component wast suites (test/component/run.mjs) with the pinned jco from package-lock.json:
# installs it with `npm install` on first use (npm 11's `npm ci` refuses lock files that leave out
# other platforms' optional packages; `npm install` follows the lock file and leaves it unchanged). Exit status 77 (skipped) when node/npm or the test data
# are missing, 1 on a regression against baseline.txt.
# Usage: test/component/run.sh WASM2NATIVE [--testdata DIR] [run.mjs options]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
w2n="$1"
shift
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "node/npm not installed: component wast suites skipped"
  exit 77
fi
if [ ! -d "$here/node_modules/@bytecodealliance/jco" ]; then
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error)
fi
exec node "$here/run.mjs" --wasm2native "$w2n" "$@"
