#!/usr/bin/env bash
# WASI 0.2 command components through wasm2native, checked against jco (run.py has the details).
# Uses the pinned jco of test/component (installed there with `npm install` on first use).
# Exit status 77 (skipped) when node/npm/clang-19 are missing, 1 on a regression against
# baseline-ARCH.txt.
# Usage: test/component-run/run.sh WASM2NATIVE ARCH [--work DIR] [CASE...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for tool in node npm clang-19 python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool not installed: component run tests skipped"
    exit 77
  fi
done
"$here/../component/ensure-jco.sh"
exec python3 "$here/run.py" "$@"
