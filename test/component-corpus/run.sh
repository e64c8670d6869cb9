#!/usr/bin/env bash
# The corpus of real components (run.mjs has the details): every one jco accepts, wasm2native
# must accept. Builds everything at test time; nothing is downloaded but the npm packages of
# test/component/package-lock.json (installed there on first use).
# Exit status 77 (skipped) when node/npm/clang-19 are missing.
# Usage: test/component-corpus/run.sh WASM2NATIVE [run.mjs options]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
w2n="$1"
shift
for tool in node npm clang-19; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool not installed: component corpus skipped"
    exit 77
  fi
done
"$here/../component/ensure-jco.sh"
exec node "$here/run.mjs" --wasm2native "$w2n" "$@"
