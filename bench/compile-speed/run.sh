#!/usr/bin/env bash
# The compile-speed benchmark (issue 20; see README.md): wasm2native's compile time and peak
# memory at -O0 and -O2 per input, cold and with a warm build cache, and the size of what it
# writes, against the input's size. Inputs: the Sightglass modules and components in
# ../shared/testdata/sightglass, and JavaScript components built here from
# test/component-corpus with componentize-js (SpiderMonkey, ~12 MB: lib.js) and componentize-qjs
# (QuickJS, ~1.6 MB: lib-iface.js, whose world it builds as a valid component), both from the
# pinned npm lock file. Waits for a quiet machine, then measure.py
# times each compile as a whole process (/usr/bin/time) and writes OUT/compile-speed.md,
# .json and .png (time against size).
# Usage: run.sh [--w2n PATH] [--out DIR] [--quick] [measure.py options]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
w2n="${W2N:-${W2N_BUILD_DIR:-$root/build}/wasm2native}"
out="$root/bench/out"
rest=()
while (($#)); do
  case "$1" in
  --w2n) w2n="$2"; shift 2 ;;
  --out) out="$2"; shift 2 ;;
  *) rest+=("$1"); shift ;;
  esac
done
[ -x "$w2n" ] || { echo "compile-speed: no wasm2native at $w2n (build it, or pass --w2n)" >&2; exit 1; }
w2n="$(realpath "$w2n")"
testdata="${W2N_TESTDATA:-$root/../shared/testdata}"
[ -d "$testdata/sightglass" ] || { echo "compile-speed: no $testdata/sightglass" >&2; exit 1; }
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "compile-speed: $tool not installed" >&2; exit 1; }
done
# Debian's matplotlib draws the plot (bench/run.sh installs it too).
if ! /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
    --no-install-recommends python3-matplotlib
fi
mkdir -p "$out"
work="$out/compile-speed"
mkdir -p "$work"

# The JavaScript components (kept between runs: building them takes a minute or two).
"$root/test/component/ensure-jco.sh"
corpus="$root/test/component-corpus"
mkdir -p "$work/wit" && cp "$corpus/js.wit" "$work/wit/js.wit"
if [ ! -s "$work/spidermonkey-lib.wasm" ]; then
  node --preserve-symlinks --preserve-symlinks-main "$corpus/componentize-js.mjs" \
    "$work/sm-modules" "$corpus/lib.js" "$work/wit" lib "$work/spidermonkey-lib.wasm"
fi
if [ ! -s "$work/quickjs-lib.wasm" ]; then
  (cd "$root/test/component" && node --input-type=module -e "
    import fs from 'node:fs';
    const { componentize } = await import('./node_modules/componentize-qjs/index.js');
    const { component } = await componentize({ witPath: '$work/wit', world: 'lib-iface',
      jsSource: fs.readFileSync('$corpus/lib-iface.js', 'utf8'), sync: true });
    fs.writeFileSync('$work/quickjs-lib.wasm', component);")
fi

exec /usr/bin/python3 "$here/measure.py" --w2n "$w2n" --work "$work" --out "$out" \
  --sightglass "$testdata/sightglass/benchmarks" "${rest[@]}"
