// Loop versioning for wasm32 addresses (compiler/codegen/address_versioning.cpp): a loop whose
// addresses are 32-bit sequences gets a checked copy with 64-bit addresses, and the program still
// computes exactly what Wasm says when an address wraps around 2^32 (the sum below reads the
// same bytes through `base + i` with base = 0xfffffff0, where only 32-bit wrapping reaches them).
#include "compiler/codegen/codegen.h"
#include "test/unit/driver_test_support.h"
#include "test/unit/lowering_test_support.h"

#include "llvm/IR/Module.h"
#include "llvm/Support/Program.h"

#include <catch2/catch.hpp>

using namespace w2n;
using namespace w2n::test;

namespace {

// sum(base, from, to) adds the bytes at base + i for i in [from, to), the address computed with
// a 32-bit add. _start fills bytes 0..63 with their index, then compares the sum over 0..31
// read directly (base 0) and through wrapped addresses (base 0xfffffff0, i from 16 to 48), and
// exits 42 when both are 496. The arguments come from globals so nothing folds at compile time.
const char *kWrapProgram = R"(
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (global $zero (mut i32) (i32.const 0))
  (global $high (mut i32) (i32.const 0xfffffff0))
  (global $n (mut i32) (i32.const 32))
  (func $sum (param $base i32) (param $from i32) (param $to i32) (result i32)
    (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $from) (local.get $to)))
        (local.set $s (i32.add (local.get $s)
          (i32.load8_u (i32.add (local.get $base) (local.get $from)))))
        (local.set $from (i32.add (local.get $from) (i32.const 1)))
        (br $next)))
    (local.get $s))
  (func $fill (param $base i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (local.get $base) (local.get $i)) (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
  (func (export "_start")
    (local $a i32) (local $b i32)
    (call $fill (global.get $zero) (i32.mul (global.get $n) (i32.const 2)))
    (local.set $a (call $sum (global.get $zero) (global.get $zero) (global.get $n)))
    (local.set $b (call $sum (global.get $high) (i32.const 16)
                             (i32.add (global.get $n) (i32.const 16))))
    (call $exit (select (i32.const 42) (i32.const 1)
      (i32.and (i32.eq (local.get $a) (i32.const 496)) (i32.eq (local.get $b) (i32.const 496)))))))
)";

// fill3(base, n) stores i at base + i + 3 for i in [0, n): the loop's addresses start at
// `base + 3`, which the checked copy computes as zext(base) + 3 only when that 32-bit sum cannot
// wrap. With base = 0xfffffffd it does wrap: the stores must land at 0 .. n-1 (Wasm's 32-bit
// arithmetic), not 4 GiB up (a trap). _start exits 42 when bytes 0..31 hold 0..31 (sum 496).
const char *kOffsetWrapProgram = R"(
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (global $base (mut i32) (i32.const 0xfffffffd))
  (global $n (mut i32) (i32.const 32))
  (func $fill3 (param $base i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (i32.add (local.get $base) (local.get $i)) (i32.const 3))
                    (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
  (func (export "_start")
    (local $i i32) (local $s i32)
    (call $fill3 (global.get $base) (global.get $n))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (global.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $exit (select (i32.const 42) (i32.const 1) (i32.eq (local.get $s) (i32.const 496))))))
)";

bool hasBlockNamed(llvm::Function &f, llvm::StringRef part) {
  for (llvm::BasicBlock &bb : f)
    if (bb.getName().contains(part)) return true;
  return false;
}

} // namespace

TEST_CASE("address loops get a checked copy with 64-bit addresses", "[codegen]") {
  if (!haveWat2wasm()) {
    WARN("wat2wasm not found; skipped");
    return;
  }
  auto l = lowerWat(kWrapProgram);
  REQUIRE(l->ok);
  REQUIRE(!optimizeModule(*l->ir, *l->tm, 2));
  llvm::Function *sum = l->function("w2n_m0_sum");
  REQUIRE(sum);
  // LoopVersioning names the check block "<header>.lver.check" and the fallback "*.lver.orig".
  CHECK(hasBlockNamed(*sum, "lver.check"));
  CHECK(hasBlockNamed(*sum, "lver.orig"));
}

#ifdef W2N_WASM2NATIVE
TEST_CASE("wrapped addresses read the same bytes in versioned loops", "[codegen][exe]") {
  if (!haveWat2wasm() || hostArch() != Arch::X86_64) {
    WARN("needs wat2wasm and an x86-64 host; skipped");
    return;
  }
  auto bytes = assemble(kWrapProgram);
  REQUIRE(bytes);
  TempDir dir;
  std::string input = dir.file("wrap.wasm"), exe = dir.file("wrap");
  writeBytes(input, *bytes);
  llvm::StringRef compile[] = {W2N_WASM2NATIVE, input, "-O2", "-o", exe};
  REQUIRE(llvm::sys::ExecuteAndWait(W2N_WASM2NATIVE, compile) == 0);
  llvm::StringRef runArgs[] = {exe};
  CHECK(llvm::sys::ExecuteAndWait(exe, runArgs) == 42);
}

TEST_CASE("a start offset that wraps is checked before addresses share a 64-bit sequence",
          "[codegen][exe]") {
  if (!haveWat2wasm() || hostArch() != Arch::X86_64) {
    WARN("needs wat2wasm and an x86-64 host; skipped");
    return;
  }
  // The loop is versioned (so the offset check is what keeps it correct).
  auto l = lowerWat(kOffsetWrapProgram);
  REQUIRE(l->ok);
  REQUIRE(!optimizeModule(*l->ir, *l->tm, 2));
  llvm::Function *fill = l->function("w2n_m0_fill3");
  REQUIRE(fill);
  CHECK(hasBlockNamed(*fill, "lver.check"));
  auto bytes = assemble(kOffsetWrapProgram);
  REQUIRE(bytes);
  TempDir dir;
  std::string input = dir.file("wrap3.wasm"), exe = dir.file("wrap3");
  writeBytes(input, *bytes);
  llvm::StringRef compile[] = {W2N_WASM2NATIVE, input, "-O2", "-o", exe};
  REQUIRE(llvm::sys::ExecuteAndWait(W2N_WASM2NATIVE, compile) == 0);
  llvm::StringRef runArgs[] = {exe};
  CHECK(llvm::sys::ExecuteAndWait(exe, runArgs) == 42);
}
#endif
