#!/usr/bin/env bash
# Real programs from Debian: Lua 5.4 and zlib's minigzip, from the pinned source packages in
# ../shared/testdata/debian-src (checked against their SHA256SUMS), built natively with
# clang-19 and for wasm32-wasi, then compiled with wasm2native for each target. Lua runs the
# scripts in test/real/lua/ (strings, tables, math, coroutines, errors, file I/O in the granted
# directory "work"); minigzip compresses and decompresses files through stdin/stdout and in the
# granted directory. Every output must equal the native build's byte for byte.
#
# Lua's errors and coroutines need setjmp/longjmp, which Debian's wasi-libc lacks: the wasm
# build gets them from test/real/sjlj (Binaryen's Asyncify), so it stays a plain WASI module.
#
# Usage: run.sh <wasm2native> <work-dir> <testdata> [arch...]   (sources and builds go to <work-dir>)
set -uo pipefail
usage="usage: run.sh <wasm2native> <work-dir> <testdata> [arch...]"
w2n="$(realpath "${1:?$usage}")"
work="${2:?$usage}"
testdata="$(realpath "${3:?$usage}")"
shift 3
lua_dsc=lua5.4_5.4.4-3+deb12u1.dsc
zlib_dsc=zlib_1.2.13.dfsg-1.dsc
arches=("$@")
[ ${#arches[@]} -gt 0 ] || arches=(x86_64 aarch64)
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$work" && work="$(realpath "$work")"

passed=0 failed=0
fail() { echo "FAIL $1${2:+: $2}"; failed=$((failed + 1)); }
pass() { echo "PASS $1"; passed=$((passed + 1)); }
die() { echo "real programs: $*"; echo "real programs: 0 passed, 1 failed"; exit 1; }

# ---- Tools and sources. ----
# The tools come from scripts/install-deps.sh; the sources are the pinned copies in
# <testdata>/debian-src (never apt-get source: the archive may no longer serve a version).
need=()
for p in clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 binaryen dpkg-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
[ ${#need[@]} -eq 0 ] || die "missing packages: ${need[*]} (run scripts/install-deps.sh)"
debsrc="$testdata/debian-src"
[ -f "$debsrc/SHA256SUMS" ] || { echo "real programs: no pinned sources in $debsrc: skipped"; exit 77; }
(cd "$debsrc" && sha256sum --quiet -c SHA256SUMS) || die "checksums of $debsrc do not match"
src="$work/src"
if ! [ -f "$src/.extracted-$lua_dsc-$zlib_dsc" ]; then
  rm -rf "$src" && mkdir -p "$src"
  for dsc in "$lua_dsc" "$zlib_dsc"; do
    # --no-check: the .dsc signatures need keyrings; the SHA256SUMS above pin every file instead.
    (cd "$src" && dpkg-source --no-check -x "$debsrc/$dsc" >>"$work/dpkg-source.log" 2>&1) ||
      die "dpkg-source -x $dsc failed (see $work/dpkg-source.log)"
  done
  touch "$src/.extracted-$lua_dsc-$zlib_dsc"
fi
lua_src="$(ls -d "$src"/lua5.4-*/src | head -1)"
zlib_src="$(ls -d "$src"/zlib-*/ | grep -v '\.orig' | head -1)"
echo "sources: $(basename "$(dirname "$lua_src")"), $(basename "$zlib_src")"

# ---- Builds: native (the reference) and wasm32-wasi. ----
b="$work/build"
rm -rf "$b" && mkdir -p "$b/native" "$b/wasm"
# Debian's luaconf.h includes a header its build generates; the same for both builds.
echo '#define DEB_HOST_MULTIARCH "test"' >"$b/lua5.4-deb-multiarch.h"
lua_c=$(ls "$lua_src"/*.c | grep -v '/luac\.c$')
zlib_names="adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback inffast inflate
  inftrees trees uncompr zutil"
zlib_c=$(for n in $zlib_names; do echo "$zlib_src/$n.c"; done)
common=(-O2 -w -std=gnu99 -I"$b")
zflags=(-O2 -w -D_LARGEFILE64_SOURCE=1 -DHAVE_HIDDEN -I"$zlib_src")
wasi=(clang-19 --target=wasm32-wasi)

# (the linker warns that tmpnam is dangerous: kept in a log)
clang-19 "${common[@]}" $lua_c -lm -o "$b/native/lua" 2>"$b/native/link.log" || die "native Lua build failed"
clang-19 "${zflags[@]}" $zlib_c "$zlib_src/test/minigzip.c" -o "$b/native/minigzip" ||
  die "native zlib build failed"

objs=()
for f in $lua_c; do
  n=$(basename "$f" .c)
  extra=()
  [ "$n" = lua ] && extra=(-Dmain=w2n_sjlj_main) # sjlj.c's main runs it
  "${wasi[@]}" "${common[@]}" -I"$here/sjlj" -D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS \
    -DL_tmpnam=32 "${extra[@]}" -c "$f" -o "$b/wasm/$n.o" || die "wasm build of $n.c failed"
  objs+=("$b/wasm/$n.o")
done
"${wasi[@]}" -O2 -I"$here/sjlj" -c "$here/sjlj/sjlj.c" -o "$b/wasm/sjlj.o" || die "sjlj.c"
"${wasi[@]}" -O2 -c "$here/lua/wasi_stubs.c" -o "$b/wasm/wasi_stubs.o" || die "wasi_stubs.c"
"${wasi[@]}" "${objs[@]}" "$b/wasm/sjlj.o" "$b/wasm/wasi_stubs.o" -lwasi-emulated-signal \
  -lwasi-emulated-process-clocks -o "$b/wasm/lua-plain.wasm" || die "wasm Lua link failed"
# The whole program is instrumented except the setjmp runtime; WASI calls never unwind.
wasm-opt --asyncify --pass-arg=asyncify-ignore-imports -O2 "$b/wasm/lua-plain.wasm" \
  -o "$b/wasm/lua.wasm" || die "wasm-opt --asyncify failed"
"${wasi[@]}" "${zflags[@]}" $zlib_c "$zlib_src/test/minigzip.c" -o "$b/wasm/minigzip.wasm" ||
  die "wasm zlib build failed"

# ---- Test inputs and native outputs. ----
inputs="$b/inputs"
mkdir -p "$inputs"
cat "$lua_src"/*.c >"$inputs/text.txt"
cat "$debsrc"/lua5.4_*.orig.tar.* >"$inputs/binary.tar"
seq 1 300000 >"$inputs/numbers.txt"
: >"$inputs/empty"
gz_cases=("text.txt:-6" "binary.tar:-9" "numbers.txt:-1" "empty:-6")

# Runs one build of Lua and minigzip in a fresh directory laid out alike for both builds; $1 is a
# label, $2 the directory holding lua and minigzip, then the command prefix (qemu or nothing).
run_programs() {
  local label="$1" bin="$2" out="$b/out-$1"
  shift 2
  local run=("$@")
  rm -rf "$out" && mkdir -p "$out"
  for script in "$here"/lua/*.lua; do
    local s
    s=$(basename "$script" .lua)
    local d="$out/lua-$s"
    mkdir -p "$d/scripts" "$d/work"
    cp "$here"/lua/*.lua "$d/scripts/"
    cp "$bin/lua" "$d/lua"
    (cd "$d" && TZ=UTC timeout 120 "${run[@]}" ./lua "scripts/$s.lua" >"$out/$s.lua.out" 2>&1
     echo "exit $?" >>"$out/$s.lua.out")
  done
  local g="$out/gzip"
  mkdir -p "$g/work"
  cp "$bin/minigzip" "$g/minigzip"
  for c in "${gz_cases[@]}"; do
    local f="${c%%:*}" level="${c##*:}"
    (cd "$g" && timeout 120 "${run[@]}" ./minigzip "$level" <"$inputs/$f" >"$out/$f.gz")
  done
  # File mode inside the granted directory: compress in place (the original is removed).
  cp "$inputs/text.txt" "$g/work/text.txt"
  (cd "$g" && timeout 120 "${run[@]}" ./minigzip work/text.txt && cp work/text.txt.gz "$out/file.gz" &&
    timeout 120 "${run[@]}" ./minigzip -d work/text.txt.gz && cp work/text.txt "$out/file.txt")
  ls "$g/work" >"$out/file-listing"
}

run_programs native "$b/native"

# ---- Each target. ----
for arch in "${arches[@]}"; do
  bin="$b/$arch"
  mkdir -p "$bin"
  if ! "$w2n" "$b/wasm/lua.wasm" --target "$arch-linux" --dir scripts --dir work -o "$bin/lua"; then
    fail "wasm2native lua.wasm ($arch)"; continue
  fi
  if ! "$w2n" "$b/wasm/minigzip.wasm" --target "$arch-linux" --dir work -o "$bin/minigzip"; then
    fail "wasm2native minigzip.wasm ($arch)"; continue
  fi
  run=()
  [ "$arch" = "$(uname -m)" ] || run=(qemu-"$arch"-static)
  run_programs "$arch" "$bin" "${run[@]}"
  for script in "$here"/lua/*.lua; do
    s=$(basename "$script" .lua)
    if cmp -s "$b/out-native/$s.lua.out" "$b/out-$arch/$s.lua.out"; then pass "lua $s ($arch)"
    else fail "lua $s ($arch)"; diff "$b/out-native/$s.lua.out" "$b/out-$arch/$s.lua.out" | head -10; fi
  done
  for c in "${gz_cases[@]}"; do
    f="${c%%:*}"
    if ! cmp -s "$b/out-native/$f.gz" "$b/out-$arch/$f.gz"; then
      fail "minigzip ${c##*:} $f ($arch)" "compressed bytes differ from the native build"; continue
    fi
    # Round trips across builds: each decompresses what the other compressed.
    mine=$( (cd "$b/out-$arch/gzip" && "${run[@]}" "$bin/minigzip" -d <"$b/out-native/$f.gz") | cmp -s - "$inputs/$f" && echo ok)
    theirs=$("$b/native/minigzip" -d <"$b/out-$arch/$f.gz" | cmp -s - "$inputs/$f" && echo ok)
    if [ "$mine" = ok ] && [ "$theirs" = ok ]; then pass "minigzip ${c##*:} $f round trip ($arch)"
    else fail "minigzip ${c##*:} $f round trip ($arch)"; fi
  done
  if cmp -s "$b/out-native/file.gz" "$b/out-$arch/file.gz" && cmp -s "$inputs/text.txt" "$b/out-$arch/file.txt" &&
     cmp -s "$b/out-native/file-listing" "$b/out-$arch/file-listing"; then
    pass "minigzip in the granted directory ($arch)"
  else
    fail "minigzip in the granted directory ($arch)"
  fi
done

echo "real programs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
