#!/usr/bin/env bash
# Runtime tests: each test/runtime/<name>.c is a freestanding program that stands in for compiled
# Wasm code; it is linked against the runtime archive of each target (x86-64 runs natively,
# AArch64 under qemu-aarch64-static) and its exit status, stdout and stderr are compared with
# <name>.status (default 0), <name>.stdout (default "PASS") and <name>.stderr (default empty).
# <name>.stderr-prefix instead checks only how stderr begins (for addresses that vary).
# <name>.stdin feeds stdin; <name>.args holds the command-line arguments.
# Usage: run.sh <build-dir> [arch...]
set -uo pipefail
build="$(realpath "${1:?usage: run.sh <build-dir> [arch...]}")"
shift
arches=("$@")
[ ${#arches[@]} -gt 0 ] || arches=(x86_64 aarch64)
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

passed=0 failed=0
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

for arch in "${arches[@]}"; do
  archive="$build/libw2nrt-$arch.a"
  if [ ! -f "$archive" ]; then fail "$arch" "no $archive (build the w2n_runtimes target)"; continue; fi
  run=()
  [ "$arch" = "$(uname -m)" ] || run=(qemu-"$arch"-static)
  for src in "$here"/*.c; do
    name=$(basename "$src" .c)
    exe="$work/$name-$arch"
    if ! clang-19 --target="$arch-unknown-linux-gnu" -O2 -std=c11 -Wall -Wextra -Wno-unused-parameter -Werror \
        -ffreestanding -nostdlib -fno-builtin -static -fuse-ld=lld -fno-pic \
        -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer -fno-optimize-sibling-calls \
        -I"$root/runtime-lib/include" -I"$root/wasi-shim" "$src" "$archive" -o "$exe" \
        2>"$work/build.err"; then
      fail "$name ($arch)" "build failed"; head -20 "$work/build.err"; continue
    fi
    args=()
    [ -f "$here/$name.args" ] && read -r -a args <"$here/$name.args"
    stdin="/dev/null"
    [ -f "$here/$name.stdin" ] && stdin="$here/$name.stdin"
    timeout 60 "${run[@]}" "$exe" "${args[@]}" <"$stdin" >"$work/out" 2>"$work/err"
    status=$?
    want_status=0
    [ -f "$here/$name.status" ] && want_status=$(cat "$here/$name.status")
    if [ -f "$here/$name.stdout" ]; then cp "$here/$name.stdout" "$work/want.out"
    else echo PASS >"$work/want.out"; fi
    if [ -f "$here/$name.stderr" ]; then cp "$here/$name.stderr" "$work/want.err"
    else : >"$work/want.err"; fi
    if [ "$status" != "$want_status" ]; then
      fail "$name ($arch)" "exit status $status, expected $want_status"
      head -5 "$work/out" "$work/err"
    elif ! cmp -s "$work/want.out" "$work/out"; then
      fail "$name ($arch)" "stdout differs"; diff "$work/want.out" "$work/out" | head -20
    elif [ -f "$here/$name.stderr-prefix" ]; then
      prefix=$(cat "$here/$name.stderr-prefix")
      if [ "$(head -c ${#prefix} "$work/err")" != "$prefix" ]; then
        fail "$name ($arch)" "stderr does not start with '$prefix'"; head -3 "$work/err"
      else
        passed=$((passed + 1))
      fi
    elif ! cmp -s "$work/want.err" "$work/err"; then
      fail "$name ($arch)" "stderr differs"; diff "$work/want.err" "$work/err" | head -20
    else
      passed=$((passed + 1))
    fi
  done
done

echo "runtime: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
