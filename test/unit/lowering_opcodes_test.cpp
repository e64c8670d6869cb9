// Every operator without control flow (numeric, conversion, SIMD, load/store and lane forms),
// one function each, lowered for x86-64 and AArch64, verified, optimized and compiled to an
// object: the backends must select everything lowering emits, also for the baseline x86-64 CPU
// without SSSE3/SSE4.1.
#include "compiler/frontend/opcode_info.h"
#include "compiler/lowering/llvm_tuning.h"
#include "test/unit/lowering_test_support.h"

#include <catch2/catch.hpp>

#include <string>

using namespace w2n;
using namespace w2n::test;

namespace {

// A module with one exported function per operator, taking the operands as parameters.
std::string everyOperatorModule() {
  std::string wat = "(module (memory 1)\n";
  for (size_t i = 0; i < kNumOpcodes; ++i) {
    Opcode op = static_cast<Opcode>(i);
    const OpInfo &info = opInfo(op);
    if (info.kind == OpKind::Special) continue;
    std::string f = "(func (export \"";
    (f += std::to_string(i)) += "\")";
    for (unsigned p = 0; p < info.numIn; ++p)
      f += std::string(" (param ") + valTypeName(info.in[p]) + ")";
    if (info.out != ValType::Bottom) f += std::string(" (result ") + valTypeName(info.out) + ")";
    for (unsigned p = 0; p < info.numIn; ++p)
      (f += " local.get ") += std::to_string(p); // (not " x" + ...: GCC 12 -Wrestrict)
    f += std::string(" ") + opcodeName(op);
    if (info.kind == OpKind::Load || info.kind == OpKind::Store || info.kind == OpKind::LoadLane ||
        info.kind == OpKind::StoreLane)
      f += " offset=3";
    if (info.lanes) (f += " ") += std::to_string(info.lanes - 1);
    wat += f + ")\n";
  }
  return wat + ")\n";
}

void compileEverything(Arch arch, const std::string &cpu) {
  auto l = lowerWat(everyOperatorModule(), arch);
  INFO(l->diags.format("every-operator.wasm"));
  INFO(l->verifyErrors);
  REQUIRE(l->ok);
  // 437 instructions minus control, variables, constants, tables, bulk memory and the like.
  CHECK(l->wasm.funcs.size() > 380);
  auto tm = createTargetMachine(TargetOptions{arch, 2, cpu});
  REQUIRE(bool(tm));
  llvm::Error err = optimizeModule(*l->ir, **tm, 2);
  REQUIRE(!err);
  auto object = emitCode(*l->ir, **tm, EmitKind::Object);
  REQUIRE(bool(object));
  CHECK(!object->empty());
}

} // namespace

TEST_CASE("lowering: every operator lowers, verifies and compiles", "[lowering]") {
  if (!haveWat2wasm()) {
    WARN("wat2wasm not found; skipped");
    return;
  }
  SECTION("x86-64 default CPU") { compileEverything(Arch::X86_64, ""); }
  SECTION("x86-64 baseline CPU") { compileEverything(Arch::X86_64, "x86-64"); }
  SECTION("AArch64") { compileEverything(Arch::AArch64, ""); }
}

TEST_CASE("lowering: a Wasm array loop vectorizes with the LLVM tuning", "[lowering]") {
  if (!haveWat2wasm()) {
    WARN("wat2wasm not found; skipped");
    return;
  }
  // The shape clang gives `for (i = 0; i < 256; i++) a[i] = b[i] + c[i]` over globals at
  // wasm32 (sightglass gcc-loops example1): a negative induction variable added to each array's
  // address, so the 32-bit address arithmetic wraps.
  const char *wat = R"(
    (module (memory 2)
      (func (export "example1") (local $i i32)
        (local.set $i (i32.const -1024))
        (loop $l
          (i32.store (i32.add (local.get $i) (i32.const 78064))
            (i32.add (i32.load (i32.add (local.get $i) (i32.const 94448)))
                     (i32.load (i32.add (local.get $i) (i32.const 86256)))))
          (br_if $l (local.tee $i (i32.add (local.get $i) (i32.const 4)))))))
  )";
  applyWasmLLVMTuning();
  for (Arch arch : {Arch::X86_64, Arch::AArch64}) {
    auto l = lowerWat(wat, arch);
    REQUIRE(l->ok);
    REQUIRE(!optimizeModule(*l->ir, *l->tm, 2));
    CHECK(l->text().find("load <4 x i32>") != std::string::npos);
  }
}
