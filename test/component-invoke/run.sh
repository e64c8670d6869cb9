#!/usr/bin/env bash
# Components that are not commands become programs that invoke their exports with WAVE values
# (runtime-lib/src/component_invoke.c). Checked per target:
#   - examples/calculator: the calls in calls.txt, given as arguments and on stdin, print what
#     the same component transpiled by jco prints when node calls it (ref.mjs); --list prints the
#     WIT signatures (expected text below, read off calculator.wit);
#   - counter.wat (a resource with a constructor, methods and a static function; a trapping
#     export): handles kept in variables, expected values by reasoning written beside them, and a
#     trap ends the program with `wasm trap: unreachable` and status 134;
#   - calls that do not parse or fit: one error line, status 1;
#   - --trap-unknown-imports (unknown.wat): unknown imports trap when called, and only then.
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
work="$(mktemp -d -t w2n-invoke.XXXXXX)"
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

# ---- The calculator, against jco. ----
"$root/examples/calculator/build.sh" "$work" >/dev/null || { echo "calculator build failed"; exit 1; }
jco="$root/test/component/node_modules/.bin/jco"
"$jco" transpile calculator.wasm -o js >/dev/null || { echo "jco transpile failed"; exit 1; }
node "$here/ref.mjs" js "$here/calls.txt" >want.txt || { echo "ref.mjs failed"; exit 1; }
"$w2n" calculator.wasm --target "$arch-linux" -o calc || { echo "compile failed"; exit 1; }
mapfile -t calls <"$here/calls.txt"
"${run[@]}" ./calc "${calls[@]}" >args.txt 2>args.err
expect_text "calculator, calls as arguments (status $?)" "$(cat want.txt)" "$(cat args.txt)"
"${run[@]}" ./calc <"$here/calls.txt" >stdin.txt 2>stdin.err
expect_text "calculator, calls on stdin (status $?)" "$(cat want.txt)" "$(cat stdin.txt)"
expect_text "calculator --list" "example:calculator/math#add: func(a: f64, b: f64) -> f64
example:calculator/math#multiply: func(a: f64, b: f64) -> f64
example:calculator/math#sqrt: func(n: f64) -> result<f64, string>" "$("${run[@]}" ./calc --list)"

# ---- Errors: one line on stderr, status 1; nothing on stdout for the bad call. ----
bad_call() { # CALL WANT-STDERR
  local got status
  got=$("${run[@]}" ./calc "$1" 2>&1 >/dev/null)
  status=$?
  expect_text "bad call $1: status" 1 "$status"
  expect_text "bad call $1: message" "$2" "$got"
}
bad_call 'add(1)' "error: call 1, column 6: too few arguments: the function is func(a: f64, b: f64) -> f64"
bad_call 'add(1, "x")' "error: call 1, column 8: expected a number"
bad_call 'add(1, 2, 3)' "error: call 1, column 9: too many arguments: the function is func(a: f64, b: f64) -> f64"
bad_call 'nosuch()' "error: call 1: no exported function is called nosuch"
bad_call 'add(1, 2' "error: call 1, column 9: expected ')'"
bad_call 'add 1 2' "error: call 1, column 5: expected a call: NAME(ARG, ...)"
bad_call 'sqrt(01)' "error: call 1, column 6: expected a number"
# With stdin, a bad line is reported and the others are still answered.
printf 'add(1, 2)\nadd(\nsqrt(4)\n' | "${run[@]}" ./calc >mixed.txt 2>mixed.err
expect_text "stdin with a bad line: status" 1 "$?"
expect_text "stdin with a bad line: answers" "3
ok(2)" "$(cat mixed.txt)"
expect_text "stdin with a bad line: error" "error: line 2, column 5: expected a number" "$(cat mixed.err)"

# ---- Resources and traps (counter.wat). ----
"$jco" parse "$here/counter.wat" -o counter.wasm || { echo "jco parse failed"; exit 1; }
"$w2n" counter.wasm --target "$arch-linux" -o counter || { echo "compile failed"; exit 1; }
# c = new(3) is slot 1 holding 3; d = new(10) slot 2; add(c, 4) makes c 7; total() counts 2.
out=$("${run[@]}" ./counter 'c = counter.new(3)' 'd = api.counter.new(10)' 'counter.add(c, 4)' \
  'counter.get(c)' 'test:counter/api#[method]counter.get(d)' 'counter.total()' 2>&1)
expect_text "counter: handles in variables" "#1
#2
()
7
10
2" "$out"
expect_text "counter --list" "$(printf '%s\n' \
  'test:counter/api#[constructor]counter: func(start: u32) -> own<counter>' \
  'test:counter/api#[method]counter.get: func(self: borrow<counter>) -> u32' \
  'test:counter/api#[method]counter.add: func(self: borrow<counter>, n: u32)' \
  'test:counter/api#[static]counter.total: func() -> u32' \
  'boom: func()' | sort)" "$("${run[@]}" ./counter --list | sort)"
"${run[@]}" ./counter 'counter.get(nobody)' >/dev/null 2>err.txt
expect_text "counter: unknown variable status" 1 "$?"
expect_text "counter: unknown variable" "error: call 1, column 13: expected a variable that holds a handle" "$(cat err.txt)"
"${run[@]}" ./counter 'counter.total()' 'boom()' 'counter.total()' >out.txt 2>err.txt
status=$?
expect_text "trap: status" 134 "$status"
expect_text "trap: the calls before it answered" "0" "$(cat out.txt)"
expect_text "trap: message" "wasm trap: unreachable" "$(head -1 err.txt)"

# ---- --trap-unknown-imports (unknown.wat): imports the host lacks (an interface it does not
# have; wasi:cli at 0.3.0) refuse the compile without the flag; with it the program runs, an
# export that never calls them answers, and calling one traps (status 134) naming it. ----
"$jco" parse "$here/unknown.wat" -o unknown.wasm || { echo "jco parse failed"; exit 1; }
got=$("$w2n" unknown.wasm --target "$arch-linux" -o unknown-refused 2>&1)
expect_text "unknown imports refuse the compile: status" 1 "$?"
expect_text "unknown imports refuse the compile: message" "unknown.wasm:0x1e: error: import \`test:missing/api\` was not found: the WASI 0.2 host does not provide test:missing/api
unknown.wasm:0x52: error: import \`wasi:cli/environment@0.3.0\` was not found: the host implements wasi:cli/environment at version 0.2.x only" "$got"
if "$w2n" unknown.wasm --target "$arch-linux" --trap-unknown-imports -o unknown; then
  expect_text "an export that calls no unknown import" 7 "$("${run[@]}" ./unknown 'ok()')"
  for call in "bad:test:missing/api function 'ping'" "old:wasi:cli/environment@0.3.0 function 'initial-cwd'"; do
    got=$("${run[@]}" ./unknown "${call%%:*}()" 'ok()' 2>&1)
    expect_text "${call%%:*}() traps: status" 134 "$?"
    expect_text "${call%%:*}() traps: message" "wasm trap: unknown import ${call#*:} called (compiled with --trap-unknown-imports)" "$(echo "$got" | head -1)"
  done
else
  fail "compile with --trap-unknown-imports"
fi
got=$("$w2n" unknown.wasm --trap-unknown-imports --emit=lib -o libunknown.a 2>&1)
expect_text "--trap-unknown-imports with a library: status" 1 "$?"
expect_text "--trap-unknown-imports with a library: message" "wasm2native: error: --trap-unknown-imports is for executables: a library's host supplies the imports that WASI does not" "$got"

echo "component-invoke ($arch): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
