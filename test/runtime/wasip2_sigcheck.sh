#!/usr/bin/env bash
# Checks every core signature in wasi-shim/wasip2_funcs.def against the canonical ABI as
# wasm-tools computes it: a core module importing each function with the .def's letters is
# embedded with a world importing all WASI 0.2 interfaces (the WIT that the pinned jco ships,
# version 0.2.12) and turned into a component with `jco new`, which rejects any import whose
# core type is not the lowering of its WIT type. With a wasm2native given, the component is
# also compiled (every import bound to the host table) and run.
# (Not a run.sh test: it needs node and jco. exit-with-code is @unstable and `bench` is not
# WASI, so those two are left out.)
# Usage: test/runtime/wasip2_sigcheck.sh [wasm2native]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
comp="$root/test/component"
jco="$comp/node_modules/.bin/jco"
[ -x "$jco" ] || { echo "jco not installed (npm install in test/component): skipped"; exit 77; }
shim="$comp/node_modules/@bytecodealliance/jco-transpile/node_modules/@bytecodealliance/preview2-shim/dist/nodejs/filesystem.js"
[ -f "$shim" ] || shim="$comp/node_modules/@bytecodealliance/preview2-shim/lib/nodejs/filesystem.js"
builtin="$comp/node_modules/@bytecodealliance/jco/lib/wit/builtin/0.2.12"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/wit/deps"
for p in wasi-clocks wasi-random wasi-cli wasi-filesystem wasi-io wasi-sockets; do
  mkdir -p "$work/wit/deps/$p" && cp "$builtin/$p/package.wit" "$work/wit/deps/$p/"
done
python3 - "$root/wasi-shim/wasip2_funcs.def" "$work" <<'PY'
import re, sys
d = open(sys.argv[1]).read()
work = sys.argv[2]
L = {'i': 'i32', 'I': 'i64', 'f': 'f32', 'F': 'f64'}
out, ifaces = ['(module'], set()
for m in re.finditer(r'W2N_P2_FUNC\("([^"]*)", "([^"]*)", (\w+), "(\w*)", "(\w*)"\)', d):
    i, f, sym, p, r = m.groups()
    if i == 'bench' or f == 'exit-with-code':
        continue
    ifaces.add(i)
    ps = ''.join(' (param %s)' % L[c] for c in p)
    rs = ''.join(' (result %s)' % L[c] for c in r)
    out.append('  (import "%s@0.2.12" "%s" (func%s%s))' % (i, f, ps, rs))
out += ['  (memory (export "memory") 1)',
        '  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)',
        '  (func (export "wasi:cli/run@0.2.12#run") (result i32) i32.const 0)', ')']
open(work + '/core.wat', 'w').write('\n'.join(out) + '\n')
w = ['package w2n:check;', 'world all {'] + ['  import %s@0.2.12;' % i for i in sorted(ifaces)]
w += ['  export wasi:cli/run@0.2.12;', '}']
open(work + '/wit/world.wit', 'w').write('\n'.join(w) + '\n')
print(len(out) - 5, 'functions')
PY
printf "import { _setPreopens } from '%s';\n_setPreopens({'/': '/'});\n" "$shim" >"$work/pre.mjs"
"$jco" parse "$work/core.wat" -o "$work/core.wasm"
(cd "$comp" && node --import "$work/pre.mjs" node_modules/.bin/jco embed --wit "$work/wit" -n all \
  "$work/core.wasm" -o "$work/embedded.wasm")
"$jco" new "$work/embedded.wasm" -o "$work/all.wasm"
echo "signatures: all match the canonical ABI"
if [ $# -ge 1 ]; then
  "$1" "$work/all.wasm" -o "$work/all"
  "$work/all"
  echo "compiled and ran"
fi
