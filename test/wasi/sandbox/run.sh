#!/usr/bin/env bash
# Sandbox tests: a guest granted one directory (--dir box::/sandbox) tries to get out of it
# (escape.c: "..", absolute paths, absolute and escaping symlinks, symlink loops and chains,
# renames and links across the boundary, creating through dangling links, a directory that was
# not granted) and must get the WASI error every time (escape.expected, written by reasoning:
# PERM 63 for every escape the host sees (what Wasmtime returns: cap-std reports escapes as
# PermissionDenied; an fopen of a path under no preopen never reaches the host: wasi-libc itself
# answers NOTCAPABLE 76), LOOP 32 for loops and for 41 links, BADF 8 / NOTDIR 54 for
# descriptors that are not directories), and nothing outside the box may change. Each target runs both resolvers: openat2 RESOLVE_BENEATH
# and the O_NOFOLLOW walk (forced with W2N_WASI_NO_OPENAT2=1; qemu-user 7.2 has no openat2).
# Usage: run.sh <wasm2native> [arch...]
set -uo pipefail
w2n="$(realpath "${1:?usage: run.sh <wasm2native> [arch...]}")"
shift
arches=("$@")
[ ${#arches[@]} -gt 0 ] || arches=(x86_64 aarch64)
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

passed=0 failed=0
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
pass() { echo "PASS $1"; passed=$((passed + 1)); }

clang-19 --target=wasm32-wasi -O2 "$here/escape.c" -o "$work/escape.wasm" || { echo "cannot build escape.c"; exit 1; }

# The host tree: box/ is granted; outside.txt and other/ are not.
make_tree() {
  local t="$1"
  rm -rf "$t" && mkdir -p "$t/box/sub" "$t/other"
  echo "outside secret" >"$t/outside.txt"
  echo "other secret" >"$t/other/secret.txt"
  echo "inside" >"$t/box/inside.txt"
  ln -s /etc/passwd "$t/box/link_abs"
  ln -s ../outside.txt "$t/box/link_up"
  ln -s ../../outside.txt "$t/box/sub/link_up2"
  ln -s .. "$t/box/link_dir_up"
  ln -s loop_b "$t/box/loop_a"
  ln -s loop_a "$t/box/loop_b"
  ln -s self "$t/box/self"
  ln -s sub/../inside.txt "$t/box/link_ok"
  ln -s ../created.txt "$t/box/dangling_up"
  ln -s "$t/created-abs.txt" "$t/box/dangling_abs"
  # chain40 is the first of 40 links to inside.txt, chain41 the first of 41
  local prev=inside.txt
  for i in $(seq 1 39); do ln -s "$prev" "$t/box/c$i"; prev="c$i"; done
  ln -s "$prev" "$t/box/chain40"
  prev=inside.txt
  for i in $(seq 1 40); do ln -s "$prev" "$t/box/d$i"; prev="d$i"; done
  ln -s "$prev" "$t/box/chain41"
}

# Nothing outside box/ may have changed or appeared.
check_outside() {
  local t="$1"
  [ "$(cat "$t/outside.txt")" = "outside secret" ] || return 1
  [ "$(cat "$t/other/secret.txt")" = "other secret" ] || return 1
  [ "$(ls -A "$t" | tr '\n' ' ')" = "box other outside.txt " ] || return 1
  [ "$(ls -A "$t/other")" = "secret.txt" ] || return 1
  [ -f "$t/box/inside.txt" ] && [ ! -e "$t/box/stolen.txt" ] && [ ! -e "$t/box/newlink" ]
}

for arch in "${arches[@]}"; do
  exe="$work/escape-$arch"
  if ! "$w2n" "$work/escape.wasm" --target "$arch-linux" --dir box::/sandbox -o "$exe"; then
    fail "$arch" "wasm2native failed"; continue
  fi
  run=()
  [ "$arch" = "$(uname -m)" ] || run=(qemu-"$arch"-static)
  for mode in openat2 walk; do
    t="$work/tree-$arch-$mode"
    make_tree "$t"
    env=()
    [ "$mode" = walk ] && env=(W2N_WASI_NO_OPENAT2=1)
    (cd "$t" && env "${env[@]}" timeout 60 "${run[@]}" "$exe" >"$work/out" 2>"$work/err")
    status=$?
    if [ "$status" != 0 ]; then
      fail "escape ($arch, $mode)" "exit status $status"; head -5 "$work/err"
    elif ! diff -u "$here/escape.expected" "$work/out" >"$work/diff"; then
      fail "escape ($arch, $mode)" "output differs"; head -40 "$work/diff"
    else
      pass "escape ($arch, $mode)"
    fi
    if check_outside "$t"; then pass "outside untouched ($arch, $mode)"
    else fail "outside untouched ($arch, $mode)" "files outside the sandbox changed"; ls -laR "$t" | head -30; fi
  done
done

echo "sandbox: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
