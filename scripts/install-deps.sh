#!/usr/bin/env bash
# Installs everything wasm2native needs to build and test, from Debian 12's archive only.
# Idempotent: skips apt when every package is already installed.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ llvm-19-dev liblld-19-dev libcli11-dev libfmt-dev catch2
  zlib1g-dev libzstd-dev libedit-dev libxml2-dev libcurl4-openssl-dev libffi-dev
  # the runtime is compiled per target with clang-19; fixtures come from clang-19 --target=wasm32-wasi
  clang-19 lld-19 llvm-19 wasi-libc libclang-rt-19-dev-wasm32
  # tests: the spec suite is converted with wast2json; AArch64 executables run under qemu
  wabt qemu-user-static file
  # the WASI test-suite runner and the real-program tests (Debian source packages, Asyncify)
  python3 binaryen dpkg-dev
  # component tests: jco (pinned in test/component/package-lock.json, installed by its run.sh)
  nodejs
  # library tests: C hosts for AArch64 (run under qemu), and valgrind for leak checks
  gcc gcc-aarch64-linux-gnu libc6-dev-arm64-cross valgrind
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
