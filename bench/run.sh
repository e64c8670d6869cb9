#!/usr/bin/env bash
# The one command of the benchmark harness (see bench/README.md):
#   bash bench/run.sh [harness options, e.g. --rounds 7 --only kernels --filter matmul]
# Installs what it needs from Debian (and node, if absent), builds wasm2native into build/
# (or uses $W2N), then builds, verifies and times every benchmark and writes bench/out/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

bash "$root/scripts/install-deps.sh"
packages=(gcc wabt python3 python3-matplotlib nodejs)
missing=()
for p in "${packages[@]}"; do
  # node may come from elsewhere (nodesource): only install Debian's when there is none
  if [ "$p" = nodejs ] && command -v node >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ -z "${W2N:-}" ]; then
  bash "$root/scripts/build.sh" wasm2native
  W2N="${W2N_BUILD_DIR:-$root/build}/wasm2native"
fi
# Debian's python3 (it has matplotlib), not whatever python3 comes first on PATH.
exec /usr/bin/python3 "$root/bench/harness/main.py" --w2n "$W2N" "$@"
