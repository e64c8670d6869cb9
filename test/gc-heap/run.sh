#!/usr/bin/env bash
# The GC heap reclaims garbage: collect.wat churns through 4 GiB of small arrays and 4 GiB of
# large ones while it keeps two 200,000-node lists (one reachable from a global, one from a local
# only) and a large array, and exits 0 when their sum is still right afterwards. On x86-64 it runs under a 1 GB address-space limit (ulimit -v),
# which it cannot survive unless garbage is collected; AArch64 runs under qemu without the limit
# (qemu reserves guest address space) and checks the result only.
# Uses the pinned jco of test/component to assemble the text. Exit status 77 without node/npm.
# Usage: test/gc-heap/run.sh WASM2NATIVE ARCH
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
w2n="$1"
arch="$2"
for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool not installed: GC heap test skipped"
    exit 77
  fi
done
"$here/../component/ensure-jco.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/../component/node_modules/.bin/jco" parse "$here/collect.wat" -o "$work/collect.wasm"
"$w2n" --features gc --target "$arch-linux" "$work/collect.wasm" -o "$work/collect"
status=0
if [ "$arch" = aarch64 ]; then
  qemu-aarch64-static "$work/collect" || status=$?
else
  (ulimit -v 1000000 && "$work/collect") || status=$?
fi
if [ "$status" -ne 0 ]; then
  echo "FAIL collect.wat: exit status $status"
  exit 1
fi
echo "PASS collect.wat"
