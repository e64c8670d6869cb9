#!/usr/bin/env bash
# Installs the npm packages pinned in test/component/package-lock.json (jco and the component
# builders) once, for every script that needs them. --no-save: npm 11 would otherwise add other
# platforms' optional packages to the lock file; what it installs is what the lock file pins.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -d "$here/node_modules/@bytecodealliance/jco" ]; then
  (cd "$here" && npm install --no-save --no-audit --no-fund --loglevel=error)
fi
