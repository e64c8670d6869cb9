#!/usr/bin/env bash
# Where outputs go: for every --emit kind, of a core module and of a component, -o naming
#   - a new path or a regular file: written through a temporary file renamed into place, nothing
#     else left in the directory, an executable gets execute permission;
#   - a symbolic link: the link is replaced by the output (as ld and lld do), its target untouched;
#   - a character device made with mknod in a scratch directory, /dev/null itself and a FIFO with
#     a reader: written into (the node stays what it was; the FIFO's reader gets every byte);
#   - a socket, a directory, a missing directory, /proc/x: one line `cannot write 'PATH': ...`,
#     exit status 1, no temporary name in the message, nothing left behind;
#   - libraries (--emit=lib/shared): the library and its header beside it, the same rules, and
#     into a device or FIFO the library only, unless --header names a header;
#   - stderr: nothing from a compile that succeeds, unless --time-report (its table of phases)
#     or a terminal (a progress line during a compile longer than a second, which --quiet turns
#     off; checked under `script`, which gives the compile a terminal).
# Usage: run.sh <wasm2native>
set -uo pipefail
w2n="$(realpath "${1:?usage: run.sh <wasm2native>}")"
here="$(cd "$(dirname "$0")" && pwd)"
scratch="$(mktemp -d -t w2n-outputs.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch" || exit 1

passed=0 failed=0
check() { # check NAME COMMAND...: the command's success is the verdict
  local name="$1"; shift
  if "$@"; then passed=$((passed + 1)); else echo "FAIL $name"; failed=$((failed + 1)); fi
}
only_entries() { # only_entries DIR NAME...: DIR holds exactly these names
  local dir="$1"; shift
  [ "$(ls -A "$dir" | sort | tr '\n' ' ')" = "$(printf '%s\n' "$@" | sort | tr '\n' ' ')" ]
}

# Inputs: a core module (WASI preview1) and a command component.
cp "$here/../unit/fixtures/components/host-exit.wasm" component.wasm
printf '(module (memory (export "memory") 1) (func (export "_start")))\n' >core.wat
wat2wasm core.wat -o core.wasm || { echo "outputs: wat2wasm failed"; exit 1; }

# What each --emit kind's output starts with (ELF magic, or text of the kind).
starts_like() { # starts_like FILE KIND
  case "$2" in
  llvm-ar) [ "$(head -c 8 "$1")" = '!<arch>' ] || [ "$(head -c 7 "$1")" = '!<arch>' ] ;;
  exe | obj) [ "$(head -c 4 "$1" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] ;;
  asm) grep -q '\.text' "$1" ;;
  llvm) grep -q '^target triple' "$1" ;;
  esac
}

for input in core component; do
  for emit in exe obj asm llvm; do
    tag="$input --emit=$emit"
    d="$scratch/$input-$emit"
    mkdir -p "$d/out" && cd "$d" || exit 1

    # A new path, then a regular file replaced.
    check "$tag: new path" "$w2n" "$scratch/$input.wasm" --emit=$emit -o out/new
    check "$tag: output kind" starts_like out/new $emit
    if [ $emit = exe ]; then check "$tag: executable" test -x out/new; fi
    echo old >out/regular
    check "$tag: regular file replaced" "$w2n" "$scratch/$input.wasm" --emit=$emit -o out/regular
    check "$tag: regular file content" cmp -s out/new out/regular
    check "$tag: nothing else left" only_entries out new regular

    # A symbolic link is replaced; what it pointed to stays as it was.
    echo target >out/target && ln -s target out/link
    check "$tag: symlink" "$w2n" "$scratch/$input.wasm" --emit=$emit -o out/link
    check "$tag: symlink replaced by a file" test -f out/link -a ! -L out/link
    check "$tag: symlink target untouched" test "$(cat out/target)" = target

    # A character device of our own (the null device's numbers), then /dev/null itself.
    mknod out/null c 1 3
    check "$tag: device node" "$w2n" "$scratch/$input.wasm" --emit=$emit -o out/null
    check "$tag: device node still a device" test -c out/null
    check "$tag: /dev/null" "$w2n" "$scratch/$input.wasm" --emit=$emit -o /dev/null
    check "$tag: /dev/null still a device" test -c /dev/null
    rm -f out/null

    # A FIFO with a reader gets every byte.
    mkfifo out/fifo
    cat out/fifo >fifo-read &
    reader=$!
    check "$tag: fifo" "$w2n" "$scratch/$input.wasm" --emit=$emit -o out/fifo
    wait $reader
    check "$tag: fifo still a fifo" test -p out/fifo
    check "$tag: fifo reader got the output" cmp -s fifo-read out/new
    rm -f out/fifo fifo-read

    # Refused with one line and status 1, nothing left behind.
    python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' out/sock
    mkdir out/dir
    rm -f out/new out/regular out/link out/target
    for bad in out/sock out/dir out/missing/x /proc/x; do
      "$w2n" "$scratch/$input.wasm" --emit=$emit -o "$bad" 2>err.txt >/dev/null
      status=$?
      check "$tag: -o $bad status 1" test $status = 1
      check "$tag: -o $bad one line" test "$(wc -l <err.txt)" = 1
      check "$tag: -o $bad message" grep -q "^wasm2native: error: cannot write '$bad': " err.txt
      check "$tag: -o $bad no temporary name" test -z "$(grep -o 'w2n-tmp' err.txt)"
    done
    check "$tag: nothing left after refusals" only_entries out sock dir
    cd "$scratch" || exit 1
  done
done

# Libraries (a component): the library and its header NAME.h beside it; into a device or FIFO
# the library only (no directory to put a header beside), unless --header names one.
for emit in lib shared; do
  tag="component --emit=$emit"
  d="$scratch/library-$emit"
  mkdir -p "$d/out" && cd "$d" || exit 1
  check "$tag: new path" "$w2n" "$scratch/component.wasm" --emit=$emit -o out/libnew
  check "$tag: header beside it" test -f out/new.h
  check "$tag: library kind" starts_like out/libnew $([ $emit = lib ] && echo llvm-ar || echo exe)
  echo old >out/libold
  check "$tag: regular file replaced" "$w2n" "$scratch/component.wasm" --emit=$emit -o out/libold
  check "$tag: regular file content" starts_like out/libold $([ $emit = lib ] && echo llvm-ar || echo exe)
  check "$tag: nothing else left" only_entries out libnew new.h libold old.h
  mknod out/null c 1 3
  check "$tag: device node" "$w2n" "$scratch/component.wasm" --emit=$emit -o out/null
  check "$tag: device node still a device" test -c out/null
  check "$tag: /dev/null" "$w2n" "$scratch/component.wasm" --emit=$emit -o /dev/null
  check "$tag: /dev/null still a device" test -c /dev/null
  check "$tag: no header beside a device" test ! -e /dev/null.h -a ! -e out/null.h
  check "$tag: header into a device" "$w2n" "$scratch/component.wasm" --emit=$emit -o out/libh --header /dev/null
  check "$tag: header into a device, still a device" test -c /dev/null
  rm -f out/null
  mkfifo out/fifo
  cat out/fifo >fifo-read &
  reader=$!
  check "$tag: fifo" "$w2n" "$scratch/component.wasm" --emit=$emit -o out/fifo
  wait $reader
  # The same library written to a file of the same name (the C names come from it).
  mkdir -p ref && "$w2n" "$scratch/component.wasm" --emit=$emit -o ref/fifo
  check "$tag: fifo reader got the library" cmp -s fifo-read ref/fifo
  check "$tag: nothing else left after devices" only_entries out libnew new.h libold old.h libh fifo
  rm -f out/fifo fifo-read
  "$w2n" "$scratch/component.wasm" --emit=$emit -o out/libx --header /proc/x.h 2>err.txt >/dev/null
  check "$tag: unwritable header, status 1" test $? = 1
  check "$tag: unwritable header, one line" grep -q "^wasm2native: error: cannot write '/proc/x.h': " err.txt
  check "$tag: unwritable header, no library" test ! -e out/libx
  cd "$scratch" || exit 1
done

# ---- What a compile prints on stderr. ----
"$w2n" core.wasm -o quiet.out 2>err.txt >out.txt
check "stderr: nothing when it succeeds" test ! -s err.txt -a ! -s out.txt
has_rows() { # has_rows FILE ROW...: FILE has a line starting with each ROW and a number
  local file="$1"; shift
  for row in "$@"; do grep -Eq "^ *$row +[0-9]+\.[0-9]{3} +[0-9]+ +[0-9]+\.[0-9]$" "$file" || return 1; done
}
"$w2n" core.wasm -o report.out --time-report 2>err.txt >out.txt
check "--time-report: status 0, nothing on stdout" test $? = 0 -a ! -s out.txt
check "--time-report: header" grep -Eq '^phase +seconds +runs +peak RSS MiB$' err.txt
check "--time-report: a core module's phases" has_rows err.txt read "decode and validate" \
  "build IR" optimize codegen "link and write" total
"$w2n" component.wasm -o report.out --time-report 2>err.txt >/dev/null
check "--time-report: a component's phases" has_rows err.txt "decode and validate" plan \
  "instantiation code" "core module" optimize "link and write" total
testdata="${W2N_TESTDATA:-$here/../../../shared/testdata}"
big="$testdata/sightglass/benchmarks/rust-html-rewriter/benchmark.wasm" # ~5 s at -O2
if [ -f "$big" ] && command -v script >/dev/null; then
  script -qec "'$w2n' '$big' -o big.out" /dev/null >tty.txt 2>&1
  check "progress: shown on a terminal" grep -q $'\rwasm2native: optimize' tty.txt
  check "progress: the compile still succeeds" test -x big.out
  rm -f big.out
  script -qec "'$w2n' '$big' -o big.out --quiet" /dev/null >tty.txt 2>&1
  check "progress: --quiet shows none" test ! -s tty.txt
else
  echo "outputs: $big or script(1) missing: progress not checked"; failed=$((failed + 1))
fi

echo "outputs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
