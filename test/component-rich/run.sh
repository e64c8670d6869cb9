#!/usr/bin/env bash
# The rich world (rich.wit: every WIT type, a resource whose destructor calls an import, more
# than 16 parameters), per target, against jco on node:
#   - three guests from one C source (rich.c, canonical ABI by hand), one per string encoding of
#     the component: utf8, utf16 and latin1+utf16 (`jco embed --string-encoding`);
#   - each compiled twice by wasm2native: a WAVE executable that runs the calls, and a static
#     library whose generated rich.h a C host (host.c, host_calls.c) calls them through;
#   - the import (host.dropped, which the destructor calls) is answered by node (host.mjs), by
#     the C host (host_dropped) and, for the WAVE executable, by host-plug.c plugged in;
#   - the calls are host_calls.c's (`host --calls`); the expected output is what node prints for
#     the utf8 and the utf16 guests transpiled by jco (ref.mjs; both must agree). jco cannot
#     transpile latin1+utf16: that guest computes the same functions of code points, so it is
#     held to the same output;
#   - what jco gets wrong (a bool byte other than 1, flag bits beyond the last flag: both valid
#     per the spec) is checked against results reasoned from the spec (`host --spec-expected`);
#   - the C API refuses bad arguments, drops a handle the host owns (the destructor runs) and
#     keeps working (`host --api`, expected lines below);
#   - the header compiles as C11 and C++17; valgrind finds no leak in the C host (x86-64).
# Every line of every output is one check. AArch64 hosts are built with Debian's
# aarch64-linux-gnu-gcc and run under qemu. Exit status 77 (skipped) when node, npm or clang-19
# are missing.
# Usage: run.sh <wasm2native> <arch>
set -uo pipefail
w2n="$(realpath "${1:?usage: run.sh <wasm2native> <arch>}")"
arch="${2:?usage: run.sh <wasm2native> <arch>}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
for tool in node npm clang-19; do
  command -v "$tool" >/dev/null || { echo "$tool not installed: skipped"; exit 77; }
done
"$root/test/component/ensure-jco.sh"
jco="$root/test/component/node_modules/.bin/jco"
work="$(mktemp -d -t w2n-rich.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

native=$([ "$arch" = "$(uname -m)" ] && echo 1 || echo 0)
if [ "$native" = 1 ]; then
  cc=(gcc) cxx=(g++) run=()
else
  cc=("$arch-linux-gnu-gcc") cxx=("$arch-linux-gnu-g++")
  run=(qemu-"$arch"-static -L /usr/"$arch"-linux-gnu)
  command -v "${cc[0]}" >/dev/null ||
    { echo "FAIL: ${cc[0]} not installed (scripts/install-deps.sh)"; exit 1; }
fi

passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
die() { echo "$1"; echo "component-rich ($arch): $passed passed, $((failed + 1)) failed"; exit 1; }
# Compares two outputs line by line (CALLS names each line); one check per line.
compare() { # NAME WANT GOT CALLS
  local i=0 want got call
  exec 3<"$2" 4<"$3" 5<"$4"
  while IFS= read -r want <&3; do
    i=$((i + 1))
    IFS= read -r got <&4 || got="<no line>"
    IFS= read -r call <&5 || call="?"
    if [ "$want" = "$got" ]; then pass
    else
      fail "$1, call $i: ${call:0:100}"
      echo "  want: ${want:0:200}"
      echo "  got:  ${got:0:200}"
    fi
  done
  if IFS= read -r got <&4; then fail "$1: more lines than expected: ${got:0:100}"; fi
  exec 3<&- 4<&- 5<&-
}

# ---- The host interface as a component, for the WAVE executables (--plug) ----
# jco 1.35's embed ignores -n (it passes worldName where wasm-tools reads world), so the plug
# gets a WIT of its own: rich.wit with world rich replaced by one that exports host.
{
  sed '/^world rich {/,/^}/d' "$here/rich.wit"
  printf 'world host-plug {\n  export host;\n}\n'
} >host-plug.wit
clang-19 --target=wasm32 -O2 -Wall -Werror -nostdlib -Wl,--no-entry -Wl,--export-memory \
  "$here/host-plug.c" -o host-plug.core.wasm || die "clang-19 failed (host-plug)"
node --import "$root/test/component-virt/jco-preopens.mjs" "$jco" embed --wit "$work/host-plug.wit" \
  "$work/host-plug.core.wasm" -o "$work/host-plug.embedded.wasm" >/dev/null ||
  die "jco embed failed (host-plug)"
"$jco" new host-plug.embedded.wasm -o host-plug.wasm >/dev/null || die "jco new failed (host-plug)"

# ---- The guests ----
encodings=(utf8 utf16 latin1+utf16)
for enc in "${encodings[@]}"; do
  n=$([ "$enc" = utf8 ] && echo 0 || { [ "$enc" = utf16 ] && echo 1 || echo 2; })
  jenc=$([ "$enc" = latin1+utf16 ] && echo compact-utf16 || echo "$enc")
  name=rich-${enc/+/-}
  clang-19 --target=wasm32 -O2 -Wall -Werror -nostdlib -Wl,--no-entry -Wl,--export-memory \
    -DENC=$n "$here/rich.c" -o "$name.core.wasm" || die "clang-19 failed ($enc)"
  # jco embed runs as a component under preview2-shim, which starts with no preopened directory.
  node --import "$root/test/component-virt/jco-preopens.mjs" "$jco" embed --wit "$here/rich.wit" \
    --string-encoding "$jenc" "$work/$name.core.wasm" -o "$work/$name.embedded.wasm" \
    >/dev/null || die "jco embed failed ($enc)"
  "$jco" new "$name.embedded.wasm" -o "$name.wasm" >/dev/null || die "jco new failed ($enc)"
  "$w2n" "$name.wasm" --plug host-plug.wasm --target "$arch-linux" -o "$name" ||
    die "wasm2native failed ($enc)"
  mkdir -p "lib-$name"
  "$w2n" "$name.wasm" --target "$arch-linux" --emit=lib -o "lib-$name/librich.a" ||
    die "wasm2native --emit=lib failed ($enc)"
  "${cc[@]}" -O2 -Wall -Wextra -Werror -I"lib-$name" "$here/host.c" "$here/host_calls.c" \
    "lib-$name/librich.a" -lm -o "host-$name" || die "C host build failed ($enc)"
done

# ---- The reference: jco on node ----
"${run[@]}" ./host-rich-utf8 --calls >calls.txt || die "host --calls failed"
cp "$here/host.mjs" host.mjs
for enc in utf8 utf16; do
  "$jco" transpile "rich-$enc.wasm" -o "js-$enc" --map test:rich/host@0.1.0=../host.mjs \
    >/dev/null || die "jco transpile failed ($enc)"
  node "$here/ref.mjs" "$here/rich.wit" "js-$enc/rich-$enc.js" <calls.txt >"want-$enc.txt" ||
    die "ref.mjs failed ($enc)"
done
[ "$(wc -l <want-utf8.txt)" = "$(wc -l <calls.txt)" ] ||
  die "node answered $(wc -l <want-utf8.txt) of $(wc -l <calls.txt) calls"
compare "node: utf16 guest as utf8 guest" want-utf8.txt want-utf16.txt calls.txt

# ---- Each guest: the C host and the WAVE executable against node and the spec ----
"${run[@]}" ./host-rich-utf8 --spec-calls >spec-calls.txt
"${run[@]}" ./host-rich-utf8 --spec-expected >spec-want.txt
cat >api-want.txt <<'EOF'
invalid argument: a string that is not valid UTF-8
invalid argument: a string that is not valid UTF-8
invalid argument: a char that is not a Unicode scalar value
invalid argument: a char that is not a Unicode scalar value
invalid argument: flags with bits beyond the last flag
invalid argument: a case index beyond the type's cases
(nan, nan, nan, nan)
["api=1 (drop 1)"]
"still works"
EOF
for enc in "${encodings[@]}"; do
  name=rich-${enc/+/-}
  "${run[@]}" "./host-$name" >"c-$name.txt" 2>&1
  compare "C host, $enc guest" want-utf8.txt "c-$name.txt" calls.txt
  "${run[@]}" "./$name" <calls.txt >"w-$name.txt" 2>&1
  compare "WAVE executable, $enc guest" want-utf8.txt "w-$name.txt" calls.txt
  "${run[@]}" "./host-$name" --spec >"cs-$name.txt" 2>&1
  compare "C host, $enc guest, spec" spec-want.txt "cs-$name.txt" spec-calls.txt
  "${run[@]}" "./$name" <spec-calls.txt >"ws-$name.txt" 2>&1
  compare "WAVE executable, $enc guest, spec" spec-want.txt "ws-$name.txt" spec-calls.txt
  "${run[@]}" "./host-$name" --api >"ca-$name.txt" 2>&1
  compare "C host, $enc guest, API" api-want.txt "ca-$name.txt" api-want.txt
done

# ---- The header as C and C++; no leaks ----
echo '#include "rich.h"' >header.c
"${cc[@]}" -std=c11 -Wall -Wextra -Werror -Ilib-rich-utf8 -c header.c -o /dev/null && pass ||
  fail "rich.h as C11"
cp header.c header.cpp
"${cxx[@]}" -std=c++17 -Wall -Wextra -Werror -Ilib-rich-utf8 -c header.cpp -o /dev/null && pass ||
  fail "rich.h as C++17"
if [ "$native" = 1 ] && command -v valgrind >/dev/null; then
  for mode in "" --spec --api; do
    valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9 \
      ./host-rich-utf16 $mode >/dev/null 2>valgrind.txt && pass ||
      { fail "valgrind: no leaks or errors in the C host ${mode:-(calls)}"; head -20 valgrind.txt; }
  done
fi

echo "component-rich ($arch): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
