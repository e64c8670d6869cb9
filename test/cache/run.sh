#!/usr/bin/env bash
# The build cache (--cache-dir DIR, WASM2NATIVE_CACHE_DIR; compiler/driver/cache.h), on small
# components of the unit fixtures (one with one core module, one with three):
#   - a cold build stores one entry per core module; a second build hits every one of them
#     (--time-report's "cache: N hits, M misses" line) and writes the same bytes as the cold build
#     and as a build without a cache (so outputs stay deterministic);
#   - another component carrying the same core module (the first with a custom section added)
#     reuses the entry, and its executable equals its own build without a cache;
#   - what changes code changes the key: -O0 and --target aarch64-linux miss; libraries
#     (--emit=lib) have entries of their own;
#   - the environment variable does what the flag does;
#   - 6 builds of 3 components at once into one new directory: every output equals its build
#     without a cache, every entry reads back whole, no temporary file is left;
#   - a truncated or garbage entry is a miss (the compile succeeds, the output is the same, the
#     entry is written again); a directory that cannot be written is one warning line and a
#     successful compile.
# Usage: run.sh <wasm2native>
set -uo pipefail
w2n="$(realpath "${1:?usage: run.sh <wasm2native>}")"
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/../unit/fixtures/components"
scratch="$(mktemp -d -t w2n-cache.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch" || exit 1

passed=0 failed=0
check() { # check NAME COMMAND...: the command's success is the verdict
  local name="$1"; shift
  if "$@"; then passed=$((passed + 1)); else echo "FAIL $name"; failed=$((failed + 1)); fi
}
entries() { find "$1" -type f ! -name '*.tmp.*' | wc -l; }
no_temporaries() { [ -z "$(find "$1" -name '*.tmp.*')" ]; }
note() { grep -h '^cache: ' "$1"; } # the --time-report line

cp "$fixtures/host-exit.wasm" one.wasm     # one core module
cp "$fixtures/tags.wasm" three.wasm         # three core modules
# one.wasm with a custom section at the end (id 0, size 6, name "x", 4 bytes): another component
# with the same core module.
{ cat one.wasm; printf '\x00\x06\x01x\x01\x02\x03\x04'; } >other.wasm
"$w2n" validate other.wasm >/dev/null 2>&1 || { echo "cache: other.wasm is not valid"; exit 1; }
for c in one three other; do
  "$w2n" $c.wasm -o $c.ref || { echo "cache: $c.wasm does not compile"; exit 1; }
done

# Cold, then warm.
"$w2n" three.wasm -o cold.out --cache-dir c1 --time-report 2>cold.txt
check "cold build: three misses" [ "$(note cold.txt)" = "cache: 0 hits, 3 misses" ]
check "cold build: an entry per core module" [ "$(entries c1)" = 3 ]
check "cold build: the same bytes as without a cache" cmp -s cold.out three.ref
"$w2n" three.wasm -o warm.out --cache-dir c1 --time-report 2>warm.txt
check "warm build: three hits" [ "$(note warm.txt)" = "cache: 3 hits, 0 misses" ]
check "warm build: the same bytes" cmp -s warm.out three.ref
./warm.out; status=$?
./three.ref; check "warm build: runs as the uncached one" [ $? = $status ]

# Another component with the same core module.
"$w2n" one.wasm -o one.out --cache-dir c2 --time-report 2>/dev/null
"$w2n" other.wasm -o other.out --cache-dir c2 --time-report 2>other.txt
check "another component: its module is a hit" [ "$(note other.txt)" = "cache: 1 hits, 0 misses" ]
check "another component: the same bytes as its own build" cmp -s other.out other.ref
./other.out; status=$?
check "another component: exits as the component says (1)" [ $status = 1 ]

# What changes the code changes the key.
"$w2n" three.wasm -o o0.out -O0 --cache-dir c1 --time-report 2>o0.txt
check "-O0: misses" [ "$(note o0.txt)" = "cache: 0 hits, 3 misses" ]
"$w2n" three.wasm -o arm.out --target aarch64-linux --cache-dir c1 --time-report 2>arm.txt
check "another target: misses" [ "$(note arm.txt)" = "cache: 0 hits, 3 misses" ]
"$w2n" three.wasm --target aarch64-linux -o arm.ref
check "another target: the same bytes as without a cache" cmp -s arm.out arm.ref
mkdir -p lib1 lib2
"$w2n" "$fixtures/plug-echo.wasm" --emit=lib -o lib1/libecho.a --cache-dir c3 --time-report 2>lib1.txt
"$w2n" "$fixtures/plug-echo.wasm" --emit=lib -o lib2/libecho.a --cache-dir c3 --time-report 2>lib2.txt
mkdir -p lib3 && "$w2n" "$fixtures/plug-echo.wasm" --emit=lib -o lib3/libecho.a
check "a library: a miss, then a hit" \
  [ "$(note lib1.txt)/$(note lib2.txt)" = "cache: 0 hits, 2 misses/cache: 2 hits, 0 misses" ]
check "a library: the same bytes as without a cache" cmp -s lib2/libecho.a lib3/libecho.a

# The environment variable.
WASM2NATIVE_CACHE_DIR=c1 "$w2n" three.wasm -o env.out --time-report 2>env.txt
check "WASM2NATIVE_CACHE_DIR: hits" [ "$(note env.txt)" = "cache: 3 hits, 0 misses" ]

# Builds at once, sharing a new directory.
pids=()
for round in 1 2; do
  for c in one three other; do
    "$w2n" $c.wasm -o par-$c-$round.out --cache-dir shared 2>par-$c-$round.err &
    pids+=($!)
  done
done
ok=1
for pid in "${pids[@]}"; do wait "$pid" || ok=0; done
check "parallel: every build succeeds" [ $ok = 1 ]
same=1
for round in 1 2; do
  for c in one three other; do cmp -s par-$c-$round.out $c.ref || same=0; done
done
check "parallel: every output equals its uncached build" [ $same = 1 ]
check "parallel: no temporary file left" no_temporaries shared
check "parallel: four entries (one's module is other's)" [ "$(entries shared)" = 4 ]
"$w2n" three.wasm -o after.out --cache-dir shared --time-report 2>after.txt
check "parallel: the entries read back whole" [ "$(note after.txt)" = "cache: 3 hits, 0 misses" ]

# Damaged entries are misses, written again (in a directory of this component's entries only).
"$w2n" three.wasm -o /dev/null --cache-dir c4
for entry in $(find c4 -type f | head -1); do
  truncate -s 100 "$entry"
done
"$w2n" three.wasm -o torn.out --cache-dir c4 --time-report 2>torn.txt
check "a truncated entry: a miss" [ "$(note torn.txt)" = "cache: 2 hits, 1 misses" ]
check "a truncated entry: the same bytes" cmp -s torn.out three.ref
"$w2n" three.wasm -o torn2.out --cache-dir c4 --time-report 2>torn2.txt
check "a truncated entry: written again" [ "$(note torn2.txt)" = "cache: 3 hits, 0 misses" ]
find c4 -type f | head -1 | while read -r entry; do printf 'garbage' >"$entry"; done
"$w2n" three.wasm -o junk.out --cache-dir c4 --time-report 2>junk.txt
check "a garbage entry: a miss" [ "$(note junk.txt)" = "cache: 2 hits, 1 misses" ]
check "a garbage entry: the same bytes" cmp -s junk.out three.ref

# A directory that cannot be used.
"$w2n" one.wasm -o nocache.out --cache-dir /proc/w2n-cache 2>nocache.txt
check "unusable directory: the compile succeeds" [ $? = 0 ]
check "unusable directory: one warning line" [ "$(wc -l <nocache.txt)" = 1 ]
check "unusable directory: says so" grep -q "^wasm2native: warning: the cache in '/proc/w2n-cache' is not used: " nocache.txt
check "unusable directory: the same bytes" cmp -s nocache.out one.ref

echo "cache: $passed passed, $failed failed"
[ $failed = 0 ]
