#!/usr/bin/env bash
# Components as native libraries (--emit=lib and --emit=shared) with their generated C headers,
# per target (AArch64 hosts are built with Debian's aarch64-linux-gnu-gcc and run under qemu):
#   - examples/calculator called by a C host linked with the static library and with the
#     shared one, and (on the build machine's arch) by Python through ctypes: every call's result
#     must equal what node prints for the same component transpiled by jco (ref.mjs);
#   - the header compiles as C and as C++ (its layout assertions hold), and a library exports
#     nothing but its API;
#   - host isolation (isolation.c over probe.wat): traps as errors, poisoned instances,
#     independent instances, the host's own SIGSEGV handler, 20000 instances made and freed
#     (100 under qemu); 4 threads x 4 instances in parallel (threads.c), with traps on the way;
#   - calls from a host import back into a library instance (reentry.c): into another instance,
#     into the calling one (traps: no re-entry), and the host's calls after them;
#   - a component using GC on 4 threads x 2 instances (gc_threads.c): exact results while every
#     instance's heap collects, and freed instances give their heaps back;
#   - imports the host supplies (greeter/): a C host's functions called by the component, equal
#     to jco with the same functions in JavaScript; a failing import traps with its message, a
#     missing one is an error at instantiation;
#   - WASI capabilities (wasilib/): a component using WASI (through jco's preview1 reactor
#     adapter) sees only what its instance's w2n_config grants: nothing by default, exactly the
#     directories (under their guest names), environment, arguments and stdio granted, never
#     a path outside a directory; two instances do not see each other's; a missing directory is
#     an error from instantiate; freed instances leave no fd open;
#   - resources the host implements (store/): a C host's blobs made, used, given and dropped
#     by the component, equal to jco with the same blobs as a JavaScript class; checked by
#     reasoning beyond that: every blob released exactly once (also when an instance is freed),
#     traps on a dropped handle, on an invalid value from the host and on a failing destructor,
#     a missing destructor an error at instantiation;
#   - two libraries (the calculator and the greeter) in one host, static and shared;
#   - no leaks: valgrind over the C hosts (x86-64), the calculator's over 1,000,000 calls (its
#     10 calls 100,000 times: add, multiply, sqrt with ok and err results; about 20 s);
#   - bad uses: a core module, --header without a library, --dir with a library, an unwritable
#     header path: one line, status 1, nothing written.
# Exit status 77 (skipped) when node, npm or clang-19 are missing.
# Usage: run.sh <wasm2native> <arch>
set -uo pipefail
w2n="$(realpath "${1:?usage: run.sh <wasm2native> <arch>}")"
arch="${2:?usage: run.sh <wasm2native> <arch>}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
for tool in node npm clang-19; do
  command -v "$tool" >/dev/null || { echo "$tool not installed: skipped"; exit 77; }
done
work="$(mktemp -d -t w2n-library.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

native=$([ "$arch" = "$(uname -m)" ] && echo 1 || echo 0)
if [ "$native" = 1 ]; then
  cc=(gcc) cxx=(g++) run=()
else
  cc=("$arch-linux-gnu-gcc") cxx=("$arch-linux-gnu-g++") run=(qemu-"$arch"-static -L /usr/"$arch"-linux-gnu)
  command -v "${cc[0]}" >/dev/null || { echo "FAIL: ${cc[0]} not installed (scripts/install-deps.sh)"; exit 1; }
fi

passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
expect_same() { # NAME WANT-FILE GOT-FILE
  if cmp -s "$2" "$3"; then pass; else fail "$1"; diff "$2" "$3" | head -10; fi
}

# ---- The calculator: static and shared, C and Python, against jco on node. ----
"$root/examples/calculator/build.sh" "$work" >/dev/null || { echo "calculator build failed"; exit 1; }
jco="$root/test/component/node_modules/.bin/jco"
"$jco" transpile calculator.wasm -o js >/dev/null || { echo "jco transpile failed"; exit 1; }
calls="$root/test/component-invoke/calls.txt"
node "$here/ref.mjs" js <"$calls" >want.txt || { echo "ref.mjs failed"; exit 1; }
[ -s want.txt ] || { echo "ref.mjs printed nothing"; exit 1; }

mkdir -p static shared
"$w2n" calculator.wasm --target "$arch-linux" --emit=lib -o static/libcalc.a || fail "--emit=lib"
"$w2n" calculator.wasm --target "$arch-linux" --emit=shared -o shared/libcalc.so || fail "--emit=shared"
[ -f static/calc.h ] && [ -f shared/calc.h ] && pass || fail "the header beside each library"
"${cc[@]}" -O2 -Wall -Werror -Istatic "$here/calc_host.c" static/libcalc.a -o host-static &&
  pass || fail "C host links with the static library"
"${cc[@]}" -O2 -Wall -Werror -Ishared "$here/calc_host.c" -Lshared -lcalc -Wl,-rpath,'$ORIGIN/shared' \
  -o host-shared && pass || fail "C host links with the shared library"
"${run[@]}" ./host-static <"$calls" >got-static.txt 2>&1
expect_same "C host, static library" want.txt got-static.txt
"${run[@]}" ./host-shared <"$calls" >got-shared.txt 2>&1
expect_same "C host, shared library" want.txt got-shared.txt
if [ "$native" = 1 ]; then
  python3 "$here/calc_host.py" shared/libcalc.so <"$calls" >got-python.txt 2>&1
  expect_same "Python host (ctypes), shared library" want.txt got-python.txt
  if command -v valgrind >/dev/null; then
    valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9 \
      ./host-static 100000 <"$calls" >/dev/null 2>valgrind.txt && pass ||
      { fail "valgrind: no leaks or errors over 1,000,000 calls of the C host"; head -20 valgrind.txt; }
  fi
fi

# The header is C and C++ (its W2N_LAYOUT assertions compile), and only the API is exported.
echo '#include "calc.h"' >header.c
"${cc[@]}" -std=c11 -Wall -Werror -Istatic -c header.c -o /dev/null && pass || fail "header as C11"
cp header.c header.cpp
"${cxx[@]}" -std=c++17 -Wall -Werror -Istatic -c header.cpp -o /dev/null && pass || fail "header as C++17"
exported=$(llvm-nm-19 -D --defined-only shared/libcalc.so | awk '{print $3}' | sort | tr '\n' ' ')
want_exported="calc_instance_free calc_instantiate example_calculator_math_add example_calculator_math_multiply example_calculator_math_sqrt example_calculator_math_sqrt_free w2n_error_free w2n_error_message w2n_error_new "
[ "$exported" = "$want_exported" ] && pass || { fail "the shared library exports its API only"; echo "  $exported"; }
# The static library's one object defines nothing global but the same API (the rest is local:
# two libraries in one host must not bind to each other's internals, whose names are alike).
defined=$(llvm-nm-19 --defined-only --extern-only static/libcalc.a | awk 'NF == 3 {print $3}' | sort | tr '\n' ' ')
[ "$defined" = "$want_exported" ] && pass || { fail "the static library defines its API only"; echo "  $defined"; }

# ---- Host isolation. ----
"$jco" parse "$here/probe.wat" -o probe.wasm || { echo "jco parse failed"; exit 1; }
for kind in lib shared; do
  mkdir -p "probe-$kind"
  out="probe-$kind/libprobe.a"
  [ $kind = shared ] && out="probe-$kind/libprobe.so"
  "$w2n" probe.wasm --target "$arch-linux" --emit=$kind -o "$out" || { fail "probe --emit=$kind"; continue; }
  if "${cc[@]}" -O2 -Wall -Werror -I"probe-$kind" "$here/isolation.c" -L"probe-$kind" -lprobe \
      -Wl,-rpath,'$ORIGIN/'"probe-$kind" -o "iso-$kind"; then
    many=20000
    [ "$native" = 1 ] || many=100
    "${run[@]}" "./iso-$kind" $many >"iso-$kind.txt" 2>&1
    status=$?
    if [ $status = 0 ] && ! grep -q FAIL "iso-$kind.txt"; then pass
    else fail "isolation ($kind, status $status)"; grep -v '^PASS' "iso-$kind.txt" | head -10; fi
  else
    fail "isolation host builds ($kind)"
  fi
  if "${cc[@]}" -O2 -Wall -Werror -pthread -I"probe-$kind" "$here/threads.c" -L"probe-$kind" -lprobe \
      -Wl,-rpath,'$ORIGIN/'"probe-$kind" -o "threads-$kind"; then
    "${run[@]}" "./threads-$kind" >"threads-$kind.txt" 2>&1
    status=$?
    if [ $status = 0 ] && grep -q '^PASS' "threads-$kind.txt"; then pass
    else fail "threads ($kind, status $status)"; head -5 "threads-$kind.txt"; fi
  else
    fail "threads host builds ($kind)"
  fi
done

# ---- Calls into a library from inside a call (reentry.c over reentry.wat): from a host import
# into another instance, into the calling one (a trap), and the fast calls after them. ----
"$jco" parse "$here/reentry.wat" -o reentry.wasm || { echo "jco parse failed"; exit 1; }
mkdir -p reentry
if "$w2n" reentry.wasm --target "$arch-linux" --emit=lib -o reentry/libreentry.a &&
    "${cc[@]}" -O2 -Wall -Werror -Ireentry "$here/reentry.c" reentry/libreentry.a -o reentry/host; then
  "${run[@]}" ./reentry/host >reentry/out.txt 2>&1
  status=$?
  if [ $status = 0 ] && [ "$(grep -c '^PASS' reentry/out.txt)" = 11 ]; then pass
  else fail "reentry (status $status)"; grep -v '^PASS' reentry/out.txt | head -10; fi
else
  fail "reentry builds"
fi

# ---- A component using GC on several threads (gc_threads.c over gcheap.wat): a heap per
# instance, collections in parallel, heaps released with their instances. ----
"$jco" parse "$here/gcheap.wat" -o gcheap.wasm || { echo "jco parse failed"; exit 1; }
mkdir -p gcheap
if "$w2n" gcheap.wasm --target "$arch-linux" --emit=lib -o gcheap/libgcheap.a &&
    "${cc[@]}" -O2 -Wall -Werror -pthread -Igcheap "$here/gc_threads.c" gcheap/libgcheap.a \
      -o gcheap/host; then
  gc_rounds=40
  [ "$native" = 1 ] || gc_rounds=8
  "${run[@]}" ./gcheap/host $gc_rounds >gcheap/out.txt 2>&1
  status=$?
  if [ $status = 0 ] && [ "$(grep -c '^PASS' gcheap/out.txt)" = 2 ]; then pass
  else fail "GC on several threads (status $status)"; grep -v '^PASS' gcheap/out.txt | head -5; fi
else
  fail "GC on several threads builds"
fi

# ---- Imports the host supplies (greeter/): a C host's functions, against the same component
# transpiled by jco with the same host functions in JavaScript. ----
"$here/greeter/build.sh" "$work/greeter" >/dev/null || { echo "greeter build failed"; exit 1; }
cp "$here/greeter/host.mjs" "$work/greeter/host.mjs"
"$jco" transpile greeter/greeter.wasm -o greeter/js --map example:greeter/host=../host.mjs >/dev/null ||
  { echo "jco transpile (greeter) failed"; exit 1; }
node "$here/greeter/ref.mjs" greeter/js >greeter/want.txt || { echo "greeter/ref.mjs failed"; exit 1; }
for kind in lib shared; do
  d="greeter/$kind" && mkdir -p "$d"
  out="$d/libgreeter.a"
  [ $kind = shared ] && out="$d/libgreeter.so"
  "$w2n" greeter/greeter.wasm --target "$arch-linux" --emit=$kind -o "$out" || { fail "greeter --emit=$kind"; continue; }
  if "${cc[@]}" -O2 -Wall -Werror -I"$d" "$here/greeter/host.c" -L"$d" -lgreeter \
      -Wl,-rpath,'$ORIGIN' -o "$d/host"; then
    "${run[@]}" "$d/host" >"$d/got.txt" 2>"$d/err.txt"
    status=$?
    expect_same "host-supplied imports ($kind)" greeter/want.txt "$d/got.txt"
    [ $status = 0 ] && pass || { fail "greeter host checks ($kind)"; cat "$d/err.txt"; }
  else
    fail "greeter host builds ($kind)"
  fi
done

# ---- Resources the host implements (store/): a C host's blobs, against the same component
# transpiled by jco with the blobs as a JavaScript class; host.c checks the rest by reasoning. ----
"$here/store/build.sh" "$work/store" >/dev/null || { echo "store build failed"; exit 1; }
cp "$here/store/host.mjs" "$work/store/host.mjs"
"$jco" transpile store/store.wasm -o store/js --map example:store/store=../host.mjs >/dev/null ||
  { echo "jco transpile (store) failed"; exit 1; }
node "$here/store/ref.mjs" store/js >store/want.txt || { echo "store/ref.mjs failed"; exit 1; }
for kind in lib shared; do
  d="store/$kind" && mkdir -p "$d"
  out="$d/libstore.a"
  [ $kind = shared ] && out="$d/libstore.so"
  "$w2n" store/store.wasm --target "$arch-linux" --emit=$kind -o "$out" || { fail "store --emit=$kind"; continue; }
  if "${cc[@]}" -O2 -Wall -Werror -I"$d" "$here/store/host.c" -L"$d" -lstore \
      -Wl,-rpath,'$ORIGIN' -o "$d/host"; then
    "${run[@]}" "$d/host" >"$d/got.txt" 2>"$d/err.txt"
    status=$?
    expect_same "resources the host implements ($kind)" store/want.txt "$d/got.txt"
    [ $status = 0 ] && pass || { fail "store host checks ($kind)"; cat "$d/err.txt"; }
  else
    fail "store host builds ($kind)"
  fi
done
echo '#include "store.h"' >store/header.cpp
"${cxx[@]}" -std=c++17 -Wall -Werror -Istore/lib -c store/header.cpp -o /dev/null && pass ||
  fail "store header as C++17"
if [ "$native" = 1 ] && command -v valgrind >/dev/null; then
  valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9 \
    store/lib/host >/dev/null 2>store/valgrind.txt && pass ||
    { fail "valgrind: the store host has no leaks or errors"; head -20 store/valgrind.txt; }
fi

# ---- Two libraries in one host (two_libraries.c): the calculator and the greeter, both static
# and both shared, each with its own code and runtime though their internal names are alike. ----
for kind in lib shared; do
  [ $kind = lib ] && calc_dir=static || calc_dir=shared
  if "${cc[@]}" -O2 -Wall -Werror -I"$calc_dir" -Igreeter/$kind "$here/two_libraries.c" \
      -L"$calc_dir" -Lgreeter/$kind -lcalc -lgreeter -Wl,-rpath,"$work/$calc_dir:$work/greeter/$kind" \
      -lm -o "two-$kind"; then
    "${run[@]}" "./two-$kind" >"two-$kind.txt" 2>&1 && pass ||
      { fail "two libraries in one host ($kind)"; cat "two-$kind.txt"; }
  else
    fail "two libraries in one host link ($kind)"
  fi
done

# ---- WASI capabilities granted through w2n_config (wasilib/): nothing by default, exactly the
# grants otherwise, per instance; bad grants fail instantiation; no fd outlives its instance.
# host.c checks each case against values reasoned from WASI (see its comments). ----
"$here/wasilib/build.sh" "$work/wasilib" >/dev/null || { echo "wasilib build failed"; exit 1; }
for kind in lib shared; do
  d="wasilib/$kind" && mkdir -p "$d/scratch"
  out="$d/libwasilib.a"
  [ $kind = shared ] && out="$d/libwasilib.so"
  "$w2n" wasilib/wasilib.wasm --target "$arch-linux" --emit=$kind -o "$out" || { fail "wasilib --emit=$kind"; continue; }
  if "${cc[@]}" -O2 -Wall -Werror -I"$d" "$here/wasilib/host.c" -L"$d" -lwasilib \
      -Wl,-rpath,'$ORIGIN' -o "$d/host"; then
    "${run[@]}" "$d/host" "$d/scratch" >"$d/got.txt" 2>"$d/err.txt"
    status=$?
    if [ $status = 0 ] && grep -q '^PASS' "$d/got.txt"; then pass
    else fail "WASI capabilities ($kind, status $status)"; head -20 "$d/err.txt"; fi
  else
    fail "wasilib host builds ($kind)"
  fi
done
if [ "$native" = 1 ] && command -v valgrind >/dev/null; then
  mkdir -p wasilib/vg
  valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9 \
    wasilib/lib/host wasilib/vg >/dev/null 2>wasilib/valgrind.txt && pass ||
    { fail "valgrind: the WASI host has no leaks or errors"; grep -v 'syscall: 437\|handler\.\|MISSING_SYSCALL\|bug_reports\|consider this a bug' wasilib/valgrind.txt | head -20; }
fi

# ---- Bad uses: one line, status 1, nothing written. ----
bad() { # NAME WANT-SUBSTRING ARGS...
  local name="$1" want="$2"
  shift 2
  rm -rf bad && mkdir bad
  "$w2n" "$@" >bad.out 2>bad.err
  local status=$?
  if [ $status = 1 ] && [ "$(wc -l <bad.err)" = 1 ] && grep -q -- "$want" bad.err &&
     [ -z "$(ls -A bad)" ]; then pass
  else fail "$name (status $status)"; cat bad.err; ls bad; fi
}
printf '(module)' >empty.wat && wat2wasm empty.wat -o core.wasm
bad "a core module as a library" "take a component" core.wasm --emit=lib -o bad/libx.a
bad "--header without a library" "--header goes with" calculator.wasm --header bad/x.h -o bad/x
bad "--dir with a library" "are for executables" calculator.wasm --emit=lib --dir . -o bad/libx.a
bad "an unwritable header" "cannot write 'bad/no/x.h'" calculator.wasm --emit=lib --header bad/no/x.h -o bad/libx.a

echo "library ($arch): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
