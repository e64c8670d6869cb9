#!/usr/bin/env bash
# Composition at compile time (`wasm2native ROOT.wasm --plug PLUG.wasm...`), checked per target
# against the same components composed the way `wac plug` composes them (compose.mjs: an outer
# component, as text for `jco parse`) and run by jco on node:
#   - app.c (a wasi-libc command importing test:plug/text, text.wit) plugged with greeter.c (which
#     exports it): strings, lists of u32 and of strings, a record with an option cross between the
#     two memories (100 KB strings and 400 KB lists among them); stdout, stderr, status equal;
#   - a chain: app plugged with shout.c (a reactor that imports text, exports it again and logs
#     through WASI) and greeter: app's import goes to the first plug, shout's to the next;
#   - a root that is not a command: shout plugged with greeter is a WAVE program (calls.txt);
#   - a plug of a semver-compatible version (0.1.3 for the import's 0.1.0) is used;
#   - plugs that do not fit, one line each, status 1, nothing written: an export missing from the
#     interface, a parameter's type and a record's field type different (same core signature, so
#     only the component types tell), an unused plug (also one of an incompatible version), plugs
#     in a cycle, a plug's own import that nobody provides (reported in the plug's file), a core
#     module as plug or as root.
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
"$root/test/component/ensure-jco.sh"
jco="$root/test/component/node_modules/.bin/jco"
work="$(mktemp -d -t w2n-plug.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
run=()
[ "$arch" = "$(uname -m)" ] || run=(qemu-"$arch"-static)

passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
expect_text() { # NAME WANT GOT
  if [ "$2" = "$3" ]; then pass; else fail "$1"; diff <(echo "$2") <(echo "$3") | head -10; fi
}
die() { echo "$1"; echo "component-plug: $passed passed, $((failed + 1)) failed"; exit 1; }

# ---- Build: one WIT directory per component (text.wit and its world), clang-19, jco. ----
# component NAME WORLD VERSION KIND CFLAGS [SED]: KIND is plain (no libc), command or reactor.
component() {
  local name=$1 world=$2 version=$3 kind=$4 cflags=$5 edit=${6:-}
  mkdir -p "wit-$name"
  sed "s/@0\.1\.0;/@$version;/; $edit" "$here/text.wit" >"wit-$name/text.wit"
  { echo "package test:plug@$version;"; awk "/^world $world /,/^}/" "$here/worlds.wit"; } \
    >"wit-$name/world.wit"
  local src="$here/$world.c" adapter=()
  case "$kind" in
  plain) clang-19 --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export-memory \
    -DVERSION="\"$version\"" $cflags "$src" -o "$name.core.wasm" ;;
  command) clang-19 --target=wasm32-wasi -O2 -nostartfiles "$src" -o "$name.core.wasm"
    adapter=(--wasi-command) ;;
  reactor) clang-19 --target=wasm32-wasi -mexec-model=reactor -O2 "$src" -o "$name.core.wasm"
    adapter=(--wasi-reactor) ;;
  esac || return 1
  # jco embed runs as a component under preview2-shim, which starts with no preopened directory.
  node --import "$root/test/component-virt/jco-preopens.mjs" "$jco" embed --wit "$work/wit-$name" \
    "$work/$name.core.wasm" -o "$work/$name.embedded.wasm" >/dev/null &&
    "$jco" new "$name.embedded.wasm" "${adapter[@]}" -o "$name.wasm" >/dev/null
}
component greeter greeter 0.1.0 plain "" || die "building greeter failed"
component app app 0.1.0 command "" || die "building app failed"
component shout shout 0.1.0 reactor "" || die "building shout failed"
component missing greeter 0.1.0 plain -DNO_SUMMARIZE '/summarize:/d' || die "building missing failed"
component u64 greeter 0.1.0 plain "" 's/sum: func(xs: list<u32>)/sum: func(xs: list<u64>)/' ||
  die "building u64 failed"
component field greeter 0.1.0 plain "" 's/total: u64/total: u32/' || die "building field failed"
component v013 greeter 0.1.3 plain "" || die "building v013 failed"
component v020 greeter 0.2.0 plain "" || die "building v020 failed"

# ---- The references: composed as text, transpiled by jco, run on node. ----
shim="$root/test/component/node_modules/@bytecodealliance/jco/node_modules/@bytecodealliance/preview2-shim"
[ -d "$shim" ] || shim="$root/test/component/node_modules/@bytecodealliance/preview2-shim"
for c in app greeter shout; do "$jco" print "$c.wasm" -o "$c.wat" || die "jco print $c failed"; done
reference() { # NAME ROOT.wat PLUG.wat...: composes NAME.wasm and transpiles it into js-NAME
  local name=$1
  shift
  node "$here/compose.mjs" "$name.wat" "$@" && "$jco" parse "$name.wat" -o "$name.wasm" &&
    "$jco" transpile "$name.wasm" -o "js-$name" --name "$name" --no-typescript -q || return 1
  echo '{"type": "module"}' >"js-$name/package.json"
  mkdir -p "js-$name/node_modules/@bytecodealliance"
  ln -sfn "$(realpath "$shim")" "js-$name/node_modules/@bytecodealliance/preview2-shim"
}
echo '{"args": ["app"], "env": {}, "preopens": {}}' >config.json
run_reference() { # NAME: runs the transpiled command into ref-NAME.{out,err,status}
  node "$root/test/component-run/driver.mjs" "js-$1/$1.js" config.json >"ref-$1.out" \
    2>"ref-$1.err" </dev/null
  echo $? >"ref-$1.status"
}
reference pair app.wat greeter.wat || die "composing app + greeter failed"
reference chain app.wat shout.wat greeter.wat || die "composing app + shout + greeter failed"
reference lib shout.wat greeter.wat || die "composing shout + greeter failed"
run_reference pair
run_reference chain
node "$here/ref-invoke.mjs" js-lib/lib.js "$here/calls.txt" >ref-lib.out 2>ref-lib.err ||
  die "ref-invoke.mjs failed"

# ---- Compositions that fit: the same output as the reference. ----
same_run() { # NAME REFERENCE COMPILE-ARGS...: compiles, runs with no arguments, compares
  local name=$1 ref=$2
  shift 2
  if ! "$w2n" "$@" --target "$arch-linux" -o "$name"; then
    fail "$name: compile"
    return
  fi
  env -i "${run[@]}" "./$name" >"$name.out" 2>"$name.err" </dev/null
  expect_text "$name: status" "$(cat "ref-$ref.status")" "$?"
  expect_text "$name: stdout" "$(cat "ref-$ref.out")" "$(cat "$name.out")"
  expect_text "$name: stderr" "$(cat "ref-$ref.err")" "$(cat "$name.err")"
}
same_run pair pair app.wasm --plug greeter.wasm
same_run chain chain app.wasm --plug shout.wasm --plug greeter.wasm
same_run semver pair app.wasm --plug v013.wasm
# The reference composition itself compiles to the same program.
same_run composed chain chain.wasm
grep -q '^greet("World") = "HELLO, WORLD!"$' chain.out || fail "chain: shout's greeting"

# Not a command: a WAVE program; its calls go through shout (stderr) to greeter.
if "$w2n" shout.wasm --plug greeter.wasm --target "$arch-linux" -o lib; then
  mapfile -t calls <"$here/calls.txt"
  "${run[@]}" ./lib "${calls[@]}" >lib.out 2>lib.err
  expect_text "lib: status" 0 "$?"
  expect_text "lib: results" "$(cat ref-lib.out)" "$(cat lib.out)"
  expect_text "lib: stderr" "$(cat ref-lib.err)" "$(cat lib.err)"
  # The root's exports only (greeter's are not the program's), sorted, records spelled out.
  expect_text "lib --list" "test:plug/text@0.1.0#greet: func(name: string) -> string
test:plug/text@0.1.0#sum: func(xs: list<u32>) -> u64
test:plug/text@0.1.0#summarize: func(xs: list<u32>) -> record { count: u32, total: u64, largest: option<u32> }
test:plug/text@0.1.0#words: func(line: string) -> list<string>" "$("${run[@]}" ./lib --list)"
else
  fail "lib: compile"
fi

# ---- Compositions that do not fit: one line, status 1, no output file. ----
rejected() { # NAME WANT-LINE COMPILE-ARGS...   (offsets in the line written 0xN)
  local name=$1 want=$2 got status
  shift 2
  got=$("$w2n" "$@" --target "$arch-linux" -o "bad-$name" 2>&1 >/dev/null)
  status=$?
  expect_text "$name: status" 1 "$status"
  expect_text "$name: message" "$want" "$(echo "$got" | sed -E 's/:0x[0-9a-f]+:/:0xN:/')"
  [ ! -e "bad-$name" ] && pass || fail "$name: an output was written"
}
iface='test:plug/text@0.1.0'
rejected missing "app.wasm:0xN: error: import \`$iface\` does not fit plug missing.wasm: expected \`summarize: func(xs: list<u32>) -> summary\`, found no \`summarize\` in \`interface { record summary { count: u32, total: u64, largest: option<u32> } greet: func(name: string) -> string; sum: func(xs: list<u32>) -> u64; words: func(line: string) -> list<string>; }\`" \
  app.wasm --plug missing.wasm
rejected u64 "app.wasm:0xN: error: import \`$iface\` does not fit plug u64.wasm: expected \`sum: func(xs: list<u32>) -> u64\`, found \`sum: func(xs: list<u64>) -> u64\`" \
  app.wasm --plug u64.wasm
rejected field "app.wasm:0xN: error: import \`$iface\` does not fit plug field.wasm: expected \`record summary { count: u32, total: u64, largest: option<u32> }\`, found \`record summary { count: u32, total: u32, largest: option<u32> }\`" \
  app.wasm --plug field.wasm
# A plug in a chain that does not fit is reported at the import of the plug that has it.
rejected chain-misfit "shout.wasm:0xN: error: import \`$iface\` does not fit plug u64.wasm: expected \`sum: func(xs: list<u32>) -> u64\`, found \`sum: func(xs: list<u64>) -> u64\`" \
  app.wasm --plug shout.wasm --plug u64.wasm
# app takes text from the first plug that exports it: shout is left over.
rejected unused "wasm2native: error: plug shout.wasm is not used: neither app.wasm nor a plug it uses imports any of its exports ($iface)" \
  app.wasm --plug greeter.wasm --plug shout.wasm
rejected incompatible "wasm2native: error: plug v020.wasm is not used: neither app.wasm nor a plug it uses imports any of its exports (test:plug/text@0.2.0)" \
  app.wasm --plug greeter.wasm --plug v020.wasm
rejected cycle "wasm2native: error: the plugs import from each other in a cycle: shout.wasm (plug 1) imports \`$iface\` from shout.wasm (plug 2), shout.wasm (plug 2) imports \`$iface\` from shout.wasm (plug 1)" \
  app.wasm --plug shout.wasm --plug shout.wasm
rejected plug-import "shout.wasm:0xN: error: import \`$iface\` was not found: the WASI 0.2 host does not provide test:plug/text" \
  app.wasm --plug shout.wasm
rejected core-plug "wasm2native: error: plug greeter.core.wasm is not a component (a core module cannot be plugged)" \
  app.wasm --plug greeter.core.wasm
rejected core-root "wasm2native: error: --plug composes components, and greeter.core.wasm is a core module" \
  greeter.core.wasm --plug greeter.wasm

echo "component-plug: $passed passed, $failed failed"
[ "$failed" = 0 ]
