#!/usr/bin/env bash
# The differential test of the runtime's decimal <-> float conversions against glibc: builds
# runtime-lib/src/decimal_float.c with the runtime's own flags (freestanding clang-19, as in
# runtime-lib/CMakeLists.txt) and links it into the hosted checker decimal_float_diff.c; then the
# same with gcc under AddressSanitizer and UndefinedBehaviorSanitizer (bounds of the fixed-size
# big integers) on a tenth of the count; and, where rustc is installed, the same count of cases
# checked against Rust's own Display and str::parse (rust_display.rs).
# Usage: run.sh [--count N] [--seed S] [--no-sanitize]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
count=100000 seed=$(date +%s) sanitize=1
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --no-sanitize) sanitize=0; shift ;;
    *) echo "usage: $0 [--count N] [--seed S] [--no-sanitize]" >&2; exit 2 ;;
  esac
done
rt="$root/runtime-lib"
inc=(-I"$rt/include" -I"$rt/src" -I"$rt/src/linux-$(uname -m)")
clang-19 -O2 -g0 -ffreestanding -nostdlib -fno-builtin -fno-stack-protector -fno-pic -fno-pie \
  -std=c11 -Wall -Wextra -Werror -Wno-unused-parameter "${inc[@]}" \
  -c "$rt/src/decimal_float.c" -o "$work/decimal_float.o"
clang-19 -O2 -std=c11 -Wall -Wextra -Werror -fno-pie -no-pie "${inc[@]}" \
  "$here/decimal_float_diff.c" "$work/decimal_float.o" -lm -o "$work/diff"
echo "== runtime build (clang-19, runtime flags)"
"$work/diff" --count "$count" --seed "$seed"
if [ "$sanitize" = 1 ]; then
  if gcc -O1 -g -std=c11 -Wall -Wextra -Werror -Wno-unknown-pragmas -fsanitize=address,undefined \
      -fno-sanitize-recover=all "${inc[@]}" "$here/decimal_float_diff.c" "$rt/src/decimal_float.c" \
      -lm -o "$work/diff-san" 2>"$work/san.err"; then
    echo "== sanitizer build (gcc, ASan + UBSan)"
    "$work/diff-san" --count $((count / 10)) --seed "$seed"
  else
    echo "== no sanitizer build (gcc -fsanitize failed: $(head -1 "$work/san.err"))"
  fi
fi
if command -v rustc >/dev/null; then
  rustc -O --edition 2021 -o "$work/rust_display" "$here/rust_display.rs"
  echo "== against Rust (rustc $(rustc --version | cut -d' ' -f2))"
  "$work/diff" --emit "$count" --seed "$seed" | "$work/rust_display"
else
  echo "== no rustc: the check against Rust skipped"
fi
