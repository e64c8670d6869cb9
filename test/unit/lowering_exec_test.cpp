// Lowered code run in-process with LLVM's ORC JIT on the host, through the same path the runtime
// uses: the instantiate function, the module descriptor's exports and the array-call trampolines.
// A small fake runtime below stands in for runtime-lib (traps longjmp back to the test).
// Expected values are worked out from the Wasm spec's definitions, noted beside each case.
#include "test/unit/lowering_test_support.h"
#include "w2n/abi.h"

#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/Support/TargetSelect.h"

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <csetjmp>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <sys/mman.h>

using namespace w2n;
using namespace w2n::test;

// ---- A fake runtime: just enough of abi.h for these tests ----
namespace {
std::jmp_buf gTrapEnv;
} // namespace

extern "C" {
uintptr_t fakeStackLimit = 0;

[[noreturn]] void fakeTrap(uint32_t code) { std::longjmp(gTrapEnv, int(code) + 1); }

void *fakeAlloc(size_t size) {
  void *p = std::aligned_alloc(16, (size + 15) / 16 * 16);
  std::memset(p, 0, size);
  return p;
}

w2n_memory *fakeMemoryNew(uint64_t min, uint64_t max, uint32_t hasMax) {
  auto *m = static_cast<w2n_memory *>(fakeAlloc(sizeof(w2n_memory)));
  void *base = mmap(nullptr, W2N_MEMORY_RESERVATION, PROT_NONE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  REQUIRE(base != MAP_FAILED);
  mprotect(base, min * W2N_PAGE_SIZE, PROT_READ | PROT_WRITE);
  m->base = static_cast<uint8_t *>(base);
  m->size = min * W2N_PAGE_SIZE;
  m->max_pages = hasMax ? max : 65536;
  m->reserved = W2N_MEMORY_RESERVATION;
  m->has_max = hasMax;
  return m;
}

uint32_t fakeMemoryGrow(w2n_memory *m, uint32_t delta) {
  uint64_t old = m->size / W2N_PAGE_SIZE;
  if (old + delta > m->max_pages) return UINT32_MAX;
  mprotect(m->base, (old + delta) * W2N_PAGE_SIZE, PROT_READ | PROT_WRITE);
  m->size = (old + delta) * W2N_PAGE_SIZE;
  return uint32_t(old);
}

void fakeMemoryInit(w2n_memory *m, uint32_t dst, const uint8_t *seg, uint32_t segLen, uint32_t src,
                    uint32_t len) {
  if (uint64_t(src) + len > segLen || uint64_t(dst) + len > m->size) fakeTrap(W2N_TRAP_MEMORY_OOB);
  std::memmove(m->base + dst, seg + src, len);
}

w2n_table *fakeTableNew(uint32_t min, uint32_t max, uint32_t hasMax, uint32_t elemType,
                        void *init) {
  auto *t = static_cast<w2n_table *>(fakeAlloc(sizeof(w2n_table)));
  t->elems = static_cast<void **>(fakeAlloc(8 * (min + 1)));
  for (uint32_t i = 0; i < min; ++i)
    t->elems[i] = init;
  t->size = t->capacity = min;
  t->max = max;
  t->has_max = hasMax;
  t->elem_type = elemType;
  return t;
}

uint32_t fakeTableGrow(w2n_table *t, void *init, uint32_t delta) {
  uint32_t old = t->size;
  if (uint64_t(old) + delta > (t->has_max ? t->max : UINT32_MAX)) return UINT32_MAX;
  auto **elems = static_cast<void **>(fakeAlloc(8 * (uint64_t(old) + delta + 1)));
  std::memcpy(elems, t->elems, 8 * uint64_t(old));
  for (uint32_t i = old; i < old + delta; ++i)
    elems[i] = init;
  t->elems = elems;
  t->size = t->capacity = old + delta;
  return old;
}

void fakeTableInit(w2n_table *t, uint32_t dst, void *const *seg, uint32_t segLen, uint32_t src,
                   uint32_t len) {
  if (uint64_t(src) + len > segLen || uint64_t(dst) + len > t->size) fakeTrap(W2N_TRAP_TABLE_OOB);
  std::memmove(t->elems + dst, seg + src, len * sizeof(void *));
}
}

namespace {

// setjmp lives in these small frames of their own so no caller variable can be clobbered.
int callCatchingTraps(const w2n_funcref *fn, w2n_val *io) {
  if (int trapped = setjmp(gTrapEnv)) return trapped;
  fn->array_call(fn, io);
  return 0;
}
void *instantiateCatchingTraps(const w2n_module_desc *desc) {
  if (setjmp(gTrapEnv)) return nullptr;
  return desc->instantiate(nullptr);
}

// Runs exports of one module. `call` returns the results, or nothing after a trap (trapCode()).
class JitInstance {
public:
  explicit JitInstance(const std::string &wat) {
    static bool initialized = [] {
      llvm::InitializeNativeTarget();
      llvm::InitializeNativeTargetAsmPrinter();
      return true;
    }();
    (void)initialized;
    lowered_ = lowerWat(wat, hostArch());
    INFO(lowered_->verifyErrors);
    REQUIRE(lowered_->ok);
    // Lowering marks symbols dso_local for static executables; JIT code may land far from the
    // test binary's fake runtime, so let the JIT reach it through stubs.
    for (llvm::GlobalValue &g : lowered_->ir->global_values())
      if (g.isDeclaration()) g.setDSOLocal(false);
    auto jit = llvm::orc::LLJITBuilder().create();
    REQUIRE(bool(jit));
    jit_ = std::move(*jit);
    llvm::orc::SymbolMap symbols;
    auto add = [&](const char *name, auto *address) {
      symbols[jit_->mangleAndIntern(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                                              llvm::JITSymbolFlags::Exported};
    };
    add("__w2n_trap", &fakeTrap);
    add("__w2n_stack_limit", &fakeStackLimit);
    add("__w2n_alloc", &fakeAlloc);
    add("__w2n_memory_new", &fakeMemoryNew);
    add("__w2n_memory_grow", &fakeMemoryGrow);
    add("__w2n_memory_init", &fakeMemoryInit);
    add("__w2n_table_new", &fakeTableNew);
    add("__w2n_table_init", &fakeTableInit);
    add("__w2n_table_grow", &fakeTableGrow);
    add("memmove", &std::memmove);
    add("memset", &std::memset);
    add("memcpy", &std::memcpy);
    REQUIRE(!jit_->getMainJITDylib().define(llvm::orc::absoluteSymbols(symbols)));
    REQUIRE(!jit_->addIRModule(
        llvm::orc::ThreadSafeModule(std::move(lowered_->ir), std::move(lowered_->ctx))));
    auto desc = jit_->lookup("w2n_m0_module");
    REQUIRE(bool(desc));
    desc_ = desc->toPtr<const w2n_module_desc *>();
    vmctx_ = instantiateCatchingTraps(desc_);
    REQUIRE(vmctx_);
  }

  std::optional<std::vector<w2n_val>> call(const std::string &name, std::vector<w2n_val> args,
                                           size_t results = 1) {
    const w2n_export_desc *exp = nullptr;
    for (uint32_t i = 0; i < desc_->num_exports; ++i)
      if (std::string(desc_->exports[i].name, desc_->exports[i].name_len) == name)
        exp = &desc_->exports[i];
    REQUIRE(exp);
    REQUIRE(exp->indirect == 0);
    auto *fn = reinterpret_cast<const w2n_funcref *>(static_cast<char *>(vmctx_) + exp->offset);
    std::vector<w2n_val> io(std::max(args.size(), results) + 1);
    std::copy(args.begin(), args.end(), io.begin());
    if (int trapped = callCatchingTraps(fn, io.data())) {
      trap_ = uint32_t(trapped - 1);
      return std::nullopt;
    }
    io.resize(results);
    return io;
  }
  uint32_t trapCode() const { return trap_; }

private:
  std::unique_ptr<Lowered> lowered_;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  const w2n_module_desc *desc_ = nullptr;
  void *vmctx_ = nullptr;
  uint32_t trap_ = UINT32_MAX;
};

w2n_val i32(uint32_t v) { return {v, 0}; }
w2n_val i64(uint64_t v) { return {v, 0}; }
w2n_val f32(float v) { return {std::bit_cast<uint32_t>(v), 0}; }
w2n_val f64(double v) { return {std::bit_cast<uint64_t>(v), 0}; }
w2n_val v128(uint64_t lo, uint64_t hi) { return {lo, hi}; }
w2n_val f32bits(uint32_t bits) { return {bits, 0}; }

#define SKIP_WITHOUT_WAT2WASM()                                                                    \
  if (!haveWat2wasm()) {                                                                           \
    WARN("wat2wasm not found; skipped");                                                           \
    return;                                                                                        \
  }

// The low 32 bits of the first result, or the trap code after a trap.
#define CHECK_I32(inst, name, args, expected)                                                      \
  do {                                                                                             \
    auto r = (inst).call(name, args);                                                              \
    REQUIRE(r);                                                                                    \
    CHECK(uint32_t((*r)[0].lo) == uint32_t(expected));                                             \
  } while (0)
#define CHECK_TRAP(inst, name, args, code)                                                         \
  do {                                                                                             \
    CHECK(!(inst).call(name, args));                                                               \
    CHECK((inst).trapCode() == uint32_t(code));                                                    \
  } while (0)

} // namespace

TEST_CASE("lowering exec: integer division and remainder", "[lowering][exec]") {
  SKIP_WITHOUT_WAT2WASM();
  JitInstance m(R"(
    (module
      (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
      (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
      (func (export "div_u") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
      (func (export "rem_s64") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
      (func (export "div_s64") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1))))
  )");
  using V = std::vector<w2n_val>;
  CHECK_I32(m, "div_s", (V{i32(uint32_t(-7)), i32(2)}), uint32_t(-3)); // truncates towards zero
  CHECK_I32(m, "rem_s", (V{i32(uint32_t(-7)), i32(2)}), uint32_t(-1)); // sign of the dividend
  CHECK_TRAP(m, "div_s", (V{i32(0x80000000u), i32(uint32_t(-1))}), W2N_TRAP_INT_OVERFLOW);
  CHECK_I32(m, "rem_s", (V{i32(0x80000000u), i32(uint32_t(-1))}), 0); // spec: rem_s(MIN,-1) = 0
  CHECK_TRAP(m, "div_u", (V{i32(1), i32(0)}), W2N_TRAP_INT_DIV_ZERO);
  CHECK_TRAP(m, "rem_s", (V{i32(1), i32(0)}), W2N_TRAP_INT_DIV_ZERO);
  auto r = m.call("rem_s64", V{i64(0x8000000000000000ull), i64(~0ull)});
  REQUIRE(r);
  CHECK((*r)[0].lo == 0);
  CHECK_TRAP(m, "div_s64", (V{i64(0x8000000000000000ull), i64(~0ull)}), W2N_TRAP_INT_OVERFLOW);
}

TEST_CASE("lowering exec: trapping float-to-int conversions at the range edges",
          "[lowering][exec]") {
  SKIP_WITHOUT_WAT2WASM();
  JitInstance m(R"(
    (module
      (func (export "s32_f32") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
      (func (export "s32_f64") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
      (func (export "u32_f64") (param f64) (result i32) (i32.trunc_f64_u (local.get 0)))
      (func (export "u64_f64") (param f64) (result i64) (i64.trunc_f64_u (local.get 0)))
      (func (export "sat_s32_f32") (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0))))
  )");
  using V = std::vector<w2n_val>;
  // The largest f32 below 2^31 is 2^31 - 128; 2^31 itself is out of range; -2^31 is in range
  // and the next f32 below it (-2^31 - 256) is not.
  CHECK_I32(m, "s32_f32", V{f32(2147483520.0f)}, 2147483520u);
  CHECK_TRAP(m, "s32_f32", V{f32(2147483648.0f)}, W2N_TRAP_INT_OVERFLOW);
  CHECK_I32(m, "s32_f32", V{f32(-2147483648.0f)}, 0x80000000u);
  CHECK_TRAP(m, "s32_f32", V{f32(-2147483904.0f)}, W2N_TRAP_INT_OVERFLOW);
  CHECK_TRAP(m, "s32_f32", V{f32(NAN)}, W2N_TRAP_BAD_CONVERSION);
  // f64 has room below -2^31: anything above -2^31 - 1 truncates into range.
  CHECK_I32(m, "s32_f64", V{f64(-2147483648.9)}, 0x80000000u);
  CHECK_TRAP(m, "s32_f64", V{f64(-2147483649.0)}, W2N_TRAP_INT_OVERFLOW);
  CHECK_I32(m, "s32_f64", V{f64(2147483647.9)}, 2147483647u);
  // Unsigned: (-1, 2^32) truncates into range.
  CHECK_I32(m, "u32_f64", V{f64(-0.9)}, 0);
  CHECK_TRAP(m, "u32_f64", V{f64(-1.0)}, W2N_TRAP_INT_OVERFLOW);
  CHECK_I32(m, "u32_f64", V{f64(4294967295.9)}, 4294967295u);
  CHECK_TRAP(m, "u32_f64", V{f64(4294967296.0)}, W2N_TRAP_INT_OVERFLOW);
  auto r = m.call("u64_f64", V{f64(18446744073709549568.0)}); // largest double below 2^64
  REQUIRE(r);
  CHECK((*r)[0].lo == 18446744073709549568ull);
  CHECK_TRAP(m, "u64_f64", V{f64(18446744073709551616.0)}, W2N_TRAP_INT_OVERFLOW);
  // Saturating: NaN gives 0, out of range clamps.
  CHECK_I32(m, "sat_s32_f32", V{f32(NAN)}, 0);
  CHECK_I32(m, "sat_s32_f32", V{f32(-1e10f)}, 0x80000000u);
  CHECK_I32(m, "sat_s32_f32", V{f32(1e10f)}, 0x7fffffffu);
}

TEST_CASE("lowering exec: float min/max, nearest and NaN results", "[lowering][exec]") {
  SKIP_WITHOUT_WAT2WASM();
  JitInstance m(R"(
    (module
      (func (export "min") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
      (func (export "max") (param f32 f32) (result f32) (f32.max (local.get 0) (local.get 1)))
      (func (export "nearest") (param f32) (result f32) (f32.nearest (local.get 0)))
      (func (export "mul1") (param f32) (result f32) (f32.mul (local.get 0) (f32.const 1)))
      (func (export "neg") (param f32) (result f32) (f32.neg (local.get 0))))
  )");
  using V = std::vector<w2n_val>;
  auto bits = [&](const char *name, V args) {
    auto r = m.call(name, args);
    REQUIRE(r);
    return uint32_t((*r)[0].lo);
  };
  const uint32_t negZero = 0x80000000u, posZero = 0, sNaN = 0x7fa00000u, quietBit = 0x00400000u;
  CHECK(bits("min", {f32bits(posZero), f32bits(negZero)}) == negZero); // -0 < +0
  CHECK(bits("min", {f32bits(negZero), f32bits(posZero)}) == negZero);
  CHECK(bits("max", {f32bits(negZero), f32bits(posZero)}) == posZero);
  CHECK(bits("max", {f32bits(posZero), f32bits(negZero)}) == posZero);
  CHECK(bits("min", {f32(1), f32(2)}) == std::bit_cast<uint32_t>(1.0f));
  CHECK(bits("max", {f32(1), f32(2)}) == std::bit_cast<uint32_t>(2.0f));
  // NaN operands give an arithmetic (quiet) NaN, also from a signaling one.
  for (const char *op : {"min", "max"}) {
    INFO(op);
    uint32_t r = bits(op, {f32bits(sNaN), f32(1)});
    CHECK(std::isnan(std::bit_cast<float>(r)));
    CHECK((r & quietBit) != 0);
    r = bits(op, {f32(1), f32bits(sNaN)});
    CHECK((r & quietBit) != 0);
  }
  // x * 1 is not x for a signaling NaN.
  CHECK((bits("mul1", {f32bits(sNaN)}) & quietBit) != 0);
  // neg only flips the sign bit, even of a NaN.
  CHECK(bits("neg", {f32bits(sNaN)}) == (sNaN | 0x80000000u));
  // Round half to even.
  CHECK(bits("nearest", {f32(2.5f)}) == std::bit_cast<uint32_t>(2.0f));
  CHECK(bits("nearest", {f32(3.5f)}) == std::bit_cast<uint32_t>(4.0f));
  CHECK(bits("nearest", {f32(-0.5f)}) == negZero);
}

TEST_CASE("lowering exec: shifts, rotates and bit counts", "[lowering][exec]") {
  SKIP_WITHOUT_WAT2WASM();
  JitInstance m(R"(
    (module
      (func (export "shl") (param i32 i32) (result i32) (i32.shl (local.get 0) (local.get 1)))
      (func (export "shr_s") (param i32 i32) (result i32) (i32.shr_s (local.get 0) (local.get 1)))
      (func (export "rotl") (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1)))
      (func (export "rotr") (param i32 i32) (result i32) (i32.rotr (local.get 0) (local.get 1)))
      (func (export "clz") (param i32) (result i32) (i32.clz (local.get 0)))
      (func (export "ctz") (param i32) (result i32) (i32.ctz (local.get 0)))
      (func (export "ext8") (param i32) (result i32) (i32.extend8_s (local.get 0))))
  )");
  using V = std::vector<w2n_val>;
  CHECK_I32(m, "shl", (V{i32(1), i32(33)}), 2); // counts are taken modulo 32
  CHECK_I32(m, "shr_s", (V{i32(0x80000000u), i32(63)}), 0xffffffffu);
  CHECK_I32(m, "rotl", (V{i32(0x80000001u), i32(1)}), 3);
  CHECK_I32(m, "rotr", (V{i32(3), i32(33)}), 0x80000001u);
  CHECK_I32(m, "clz", V{i32(0)}, 32);
  CHECK_I32(m, "ctz", V{i32(0)}, 32);
  CHECK_I32(m, "ext8", V{i32(0x1280)}, 0xffffff80u);
}

TEST_CASE("lowering exec: SIMD operators with edge cases", "[lowering][exec]") {
  SKIP_WITHOUT_WAT2WASM();
  JitInstance m(R"(
    (module
      (func (export "swizzle") (param v128 v128) (result v128)
        (i8x16.swizzle (local.get 0) (local.get 1)))
      (func (export "q15") (param v128 v128) (result v128)
        (i16x8.q15mulr_sat_s (local.get 0) (local.get 1)))
      (func (export "narrow") (param v128 v128) (result v128)
        (i8x16.narrow_i16x8_s (local.get 0) (local.get 1)))
      (func (export "trunc_u") (param v128) (result v128) (i32x4.trunc_sat_f32x4_u (local.get 0)))
      (func (export "trunc_s") (param v128) (result v128) (i32x4.trunc_sat_f32x4_s (local.get 0)))
      (func (export "min") (param v128 v128) (result v128) (f32x4.min (local.get 0) (local.get 1)))
      (func (export "bitmask") (param v128) (result i32) (i8x16.bitmask (local.get 0))))
  )");
  using V = std::vector<w2n_val>;
  auto vec = [&](const char *name, V args) {
    auto r = m.call(name, args);
    REQUIRE(r);
    return (*r)[0];
  };
  auto f32x4 = [](float a, float b, float c, float d) {
    return v128(uint64_t(std::bit_cast<uint32_t>(a)) | uint64_t(std::bit_cast<uint32_t>(b)) << 32,
                uint64_t(std::bit_cast<uint32_t>(c)) | uint64_t(std::bit_cast<uint32_t>(d)) << 32);
  };
  // Table bytes 0x10..0x1f; indices 0, 15, 16, 255 in lanes 0..3, the rest 1: lanes with an
  // index >= 16 become 0.
  w2n_val table = v128(0x1716151413121110ull, 0x1f1e1d1c1b1a1918ull);
  w2n_val idx = v128(0x01010101ff100f00ull, 0x0101010101010101ull);
  w2n_val s = vec("swizzle", {table, idx});
  CHECK(s.lo == 0x1111111100001f10ull);
  CHECK(s.hi == 0x1111111111111111ull);
  // (-32768 * -32768 + 0x4000) >> 15 = 32768 saturates to 32767; 16384 * 16384 -> 8192.
  w2n_val q = vec("q15", {v128(0x4000'8000ull, 0), v128(0x4000'8000ull, 0)});
  CHECK((q.lo & 0xffffffff) == 0x2000'7fffull);
  // i16 lanes 300, -300, 5 -> 127, -128, 5 (saturated).
  w2n_val n = vec("narrow", {v128(0x0005'fed4'012cull, 0), v128(0, 0)});
  CHECK((n.lo & 0xffffff) == 0x05'80'7full);
  // NaN -> 0, negative -> 0, 2^32 and above -> UINT32_MAX, 3e9 stays (above INT32_MAX).
  w2n_val u = vec("trunc_u", {f32x4(NAN, -5.0f, 5e9f, 3e9f)});
  CHECK(u.lo == 0x00000000'00000000ull);
  CHECK(u.hi == 0xb2d05e00'ffffffffull);
  w2n_val t = vec("trunc_s", {f32x4(NAN, -5e9f, 5e9f, -7.9f)});
  CHECK(t.lo == 0x80000000'00000000ull);
  CHECK(t.hi == 0xfffffff9'7fffffffull);
  w2n_val mn = vec("min", {f32x4(0.0f, -0.0f, 1.0f, 2.0f), f32x4(-0.0f, 0.0f, 2.0f, 1.0f)});
  CHECK(mn.lo == 0x80000000'80000000ull);
  CHECK(mn.hi == 0x3f800000'3f800000ull);
  CHECK_I32(m, "bitmask", (V{v128(0x80'00'00'00'00'00'00'ffull, 0x80ull << 56)}), 0x8081);
}

TEST_CASE("lowering exec: call_indirect checks, multi-value and instantiation",
          "[lowering][exec]") {
  SKIP_WITHOUT_WAT2WASM();
  JitInstance m(R"(
    (module
      (type $ii (func (param i32) (result i32)))
      (table 4 funcref)
      (elem (i32.const 0) $inc $other)
      (memory 1)
      (data (i32.const 16) "\2a\00\00\00")
      (global $g (mut i32) (i32.const 100))
      (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func $other (param i64) (result i64) (local.get 0))
      (func (export "ci") (param i32 i32) (result i32)
        (call_indirect (type $ii) (local.get 0) (local.get 1)))
      (func (export "pair") (param i32) (result i32 i64 f32)
        (local.get 0) (i64.const -1) (f32.const 0.5))
      (func (export "state") (result i32)
        (global.set $g (i32.add (global.get $g) (i32.load (i32.const 16))))
        (global.get $g))
      (func (export "fill") (param i32 i32)
        (memory.fill (local.get 0) (i32.const 7) (local.get 1))))
  )");
  using V = std::vector<w2n_val>;
  CHECK_I32(m, "ci", (V{i32(41), i32(0)}), 42);
  CHECK_TRAP(m, "ci", (V{i32(1), i32(1)}), W2N_TRAP_INDIRECT_CALL_TYPE);
  CHECK_TRAP(m, "ci", (V{i32(1), i32(2)}), W2N_TRAP_UNINITIALIZED_ELEMENT);
  CHECK_TRAP(m, "ci", (V{i32(1), i32(4)}), W2N_TRAP_UNDEFINED_ELEMENT);
  auto r = m.call("pair", V{i32(9)}, 3);
  REQUIRE(r);
  CHECK(uint32_t((*r)[0].lo) == 9);
  CHECK((*r)[1].lo == ~0ull);
  CHECK(uint32_t((*r)[2].lo) == std::bit_cast<uint32_t>(0.5f));
  CHECK_I32(m, "state", V{}, 142); // the data segment was written at instantiation
  CHECK_I32(m, "state", V{}, 184);
  // A fill reaching past the end traps before writing anything.
  CHECK_TRAP(m, "fill", (V{i32(16), i32(65536)}), W2N_TRAP_MEMORY_OOB);
  CHECK_I32(m, "state", V{}, 226);
  CHECK(m.call("fill", V{i32(65535), i32(1)}, 0));
  CHECK(m.call("fill", V{i32(65536), i32(0)}, 0));
}

TEST_CASE("lowering exec: call_indirect through a table that grows", "[lowering][exec]") {
  SKIP_WITHOUT_WAT2WASM();
  // table.grow makes the table's size dynamic: indices past the old size become null entries
  // (uninitialized element), then a table.set fills one.
  JitInstance m(R"(
    (module
      (type $v (func (result i32)))
      (table $t 1 funcref)
      (elem (i32.const 0) $seven)
      (elem declare func $eight)
      (func $seven (result i32) (i32.const 7))
      (func $eight (result i32) (i32.const 8))
      (func (export "call") (param i32) (result i32) (call_indirect (type $v) (local.get 0)))
      (func (export "grow") (result i32) (table.grow $t (ref.null func) (i32.const 2)))
      (func (export "set") (table.set $t (i32.const 2) (ref.func $eight)))
      (func (export "size") (result i32) (table.size $t)))
  )");
  using V = std::vector<w2n_val>;
  CHECK_I32(m, "call", V{i32(0)}, 7);
  CHECK_TRAP(m, "call", V{i32(1)}, W2N_TRAP_UNDEFINED_ELEMENT);
  CHECK_I32(m, "size", V{}, 1);
  CHECK_I32(m, "grow", V{}, 1);
  CHECK_I32(m, "size", V{}, 3);
  CHECK_TRAP(m, "call", V{i32(2)}, W2N_TRAP_UNINITIALIZED_ELEMENT);
  CHECK(m.call("set", V{}, 0));
  CHECK_I32(m, "call", V{i32(2)}, 8);
  CHECK_TRAP(m, "call", V{i32(3)}, W2N_TRAP_UNDEFINED_ELEMENT);
}
