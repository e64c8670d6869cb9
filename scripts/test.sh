#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: installs packages, builds with Ninja, and runs
# every test tier through CTest (unit, runtime, compile-and-run, and the core spec suite on x86-64
# and on AArch64 under qemu, each against its checked-in baseline).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure -j "$(nproc)" "$@"
