#!/usr/bin/env bash
# `wasm2native wit` checked against jco (run.mjs has the details): the WIT printed for every
# component of the test data and of our own fixtures must be accepted by jco and describe what
# `jco wit` describes. Nothing is downloaded but the npm packages of
# test/component/package-lock.json (installed there on first use).
# Exit status 77 (skipped) when node/npm/clang-19 are missing, 1 when a component fails.
# Usage: test/component-wit/run.sh WASM2NATIVE [--testdata DIR] [run.mjs options]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
w2n="$1"
shift
for tool in node npm clang-19; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool not installed: wit test skipped"
    exit 77
  fi
done
# --no-save: npm 11 would otherwise add other platforms' optional packages to the checked-in
# lock file (it installs exactly what the lock file pins either way).
"$here/../component/ensure-jco.sh"
# jco's tools panic on components they cannot decode (counted as refusals): their Rust
# backtraces on stderr are expected.
exec node "$here/run.mjs" --wasm2native "$w2n" "$@"
