// Lowering of whole modules, checked on the LLVM IR: symbol names from the name section,
// function attributes and signatures, canonical signature symbols and trampolines, stack checks,
// calls, and the generated program/script mains. Every module here must also pass
// llvm::verifyModule (Lowered::ok).
#include "compiler/lowering/table_facts.h"
#include "test/unit/lowering_test_support.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"

#include <catch2/catch.hpp>

using namespace w2n;
using namespace w2n::test;

namespace {

bool calls(const llvm::Function *f, const std::string &callee) {
  for (const llvm::Instruction &i : llvm::instructions(f))
    if (auto *call = llvm::dyn_cast<llvm::CallInst>(&i))
      if (call->getCalledFunction() && call->getCalledFunction()->getName() == callee) return true;
  return false;
}

#define SKIP_WITHOUT_WAT2WASM()                                                                    \
  if (!haveWat2wasm()) {                                                                           \
    WARN("wat2wasm not found; skipped");                                                           \
    return;                                                                                        \
  }

} // namespace

TEST_CASE("lowering: function symbols come from the name section", "[lowering]") {
  SKIP_WITHOUT_WAT2WASM();
  auto l = lowerWat(R"(
    (module
      (func $my-func)
      (func $a_b)
      (func $a-b)
      (func)
      (func $f3))
  )");
  REQUIRE(l->ok);
  // Sanitized ('-' is not kept), made unique, and the unnamed function 3 keeps "f3" while the
  // function named "f3" (index 4) gets a suffix.
  for (const char *name :
       {"w2n_m0_my_func", "w2n_m0_a_b", "w2n_m0_a_b.1", "w2n_m0_f3", "w2n_m0_f3.1"}) {
    INFO(name);
    llvm::Function *f = l->function(name);
    REQUIRE(f);
    CHECK(f->hasInternalLinkage());
    CHECK(f->getFnAttribute("frame-pointer").getValueAsString() == "all");
    CHECK(f->hasFnAttribute(llvm::Attribute::NoUnwind));
  }
  // Backtraces show the raw names.
  std::string ir = l->text();
  CHECK(ir.find("c\"my-func\\00\"") != std::string::npos);
  CHECK(ir.find("c\"a-b\\00\"") != std::string::npos);
}

TEST_CASE("lowering: signatures, multi-value results and calls", "[lowering]") {
  SKIP_WITHOUT_WAT2WASM();
  auto l = lowerWat(R"(
    (module
      (import "env" "h" (func $h (param f32)))
      (func $two (param i32 f64) (result i32 i64)
        (local.get 0) (i64.const 7))
      (func $caller (result i64)
        (call $h (f32.const 1))
        (call $two (i32.const 1) (f64.const 2))
        (drop) (drop) (i64.const 3)))
  )");
  REQUIRE(l->ok);
  llvm::Function *two = l->function("w2n_m0_two");
  REQUIRE(two);
  llvm::FunctionType *type = two->getFunctionType();
  REQUIRE(type->getNumParams() == 3);
  CHECK(type->getParamType(0)->isPointerTy()); // vmctx first
  CHECK(type->getParamType(1)->isIntegerTy(32));
  CHECK(type->getParamType(2)->isDoubleTy());
  auto *ret = llvm::dyn_cast<llvm::StructType>(type->getReturnType());
  REQUIRE(ret);
  CHECK(ret->getNumElements() == 2);
  CHECK(ret->getElementType(1)->isIntegerTy(64));

  // Every Wasm call is notail, so LLVM cannot turn recursion into loops that never exhaust the
  // stack; the import goes through its funcref (an indirect call).
  llvm::Function *caller = l->function("w2n_m0_caller");
  REQUIRE(caller);
  int direct = 0, indirect = 0;
  for (llvm::Instruction &i : llvm::instructions(caller))
    if (auto *call = llvm::dyn_cast<llvm::CallInst>(&i)) {
      if (call->getIntrinsicID() != llvm::Intrinsic::not_intrinsic) continue;
      if (call->getCalledFunction() && call->getCalledFunction()->getName() == "__w2n_trap")
        continue;
      CHECK(call->isNoTailCall());
      (call->getCalledFunction() ? direct : indirect)++;
    }
  CHECK(direct == 1);
  CHECK(indirect == 1);
}

TEST_CASE("lowering: canonical signature symbols and trampolines", "[lowering]") {
  SKIP_WITHOUT_WAT2WASM();
  auto l = lowerWat(R"(
    (module
      (type $t (func (param i32 i64) (result f32)))
      (table 1 funcref)
      (func $f (export "f") (param i32 i64) (result f32) (f32.const 0))
      (func (param i32) (result f32)
        (call_indirect (type $t) (i32.const 1) (i64.const 2) (local.get 0))))
  )");
  REQUIRE(l->ok);
  llvm::GlobalVariable *sig = l->ir->getNamedGlobal("__w2n_sig_iI_f");
  REQUIRE(sig);
  CHECK(sig->getLinkage() == llvm::GlobalValue::LinkOnceODRLinkage);
  CHECK(!sig->hasGlobalUnnamedAddr()); // the address is the type id
  REQUIRE(sig->getComdat());
  CHECK(sig->getComdat()->getName() == "__w2n_sig_iI_f");
  auto *bytes = llvm::cast<llvm::ConstantDataArray>(sig->getInitializer());
  CHECK(bytes->getAsString() == llvm::StringRef("iI_f\0", 5));

  llvm::Function *tramp = l->function("__w2n_tramp_iI_f");
  REQUIRE(tramp);
  CHECK(tramp->getLinkage() == llvm::GlobalValue::LinkOnceODRLinkage);
  REQUIRE(tramp->getComdat());
  CHECK(tramp->getComdat()->getName() == "__w2n_tramp_iI_f");
  CHECK(tramp->arg_size() == 2);
}

TEST_CASE("lowering: stack checks only in functions that call", "[lowering]") {
  SKIP_WITHOUT_WAT2WASM();
  const char *wat = R"(
    (module
      (func $leaf (result i32) (i32.const 1))
      (func $rec (param i32) (result i32)
        (if (result i32) (local.get 0)
          (then (call $rec (i32.sub (local.get 0) (i32.const 1))))
          (else (call $leaf)))))
  )";
  auto l = lowerWat(wat);
  REQUIRE(l->ok);
  CHECK(!calls(l->function("w2n_m0_leaf"), "llvm.frameaddress.p0"));
  CHECK(calls(l->function("w2n_m0_rec"), "llvm.frameaddress.p0"));
  CHECK(l->text("w2n_m0_rec").find("@__w2n_stack_limit") != std::string::npos);
  CHECK(l->text("w2n_m0_rec").find("@__w2n_trap(i32 9)") != std::string::npos);

  LowerOptions noChecks;
  noChecks.stackChecks = false;
  auto n = lowerWat(wat, Arch::X86_64, noChecks);
  REQUIRE(n->ok);
  CHECK(!calls(n->function("w2n_m0_rec"), "llvm.frameaddress.p0"));
}

TEST_CASE("lowering: control flow with multi-value blocks verifies", "[lowering]") {
  SKIP_WITHOUT_WAT2WASM();
  for (Arch arch : {Arch::X86_64, Arch::AArch64}) {
    auto l = lowerWat(R"(
      (module
        (func (export "f") (param i32) (result i32 i64)
          (i32.const 1) (i64.const 2)
          (block $out (param i32 i64) (result i32 i64)
            (loop $l (param i32 i64) (result i32 i64)
              (br_table $out $l $out (local.get 0))))
          )
        (func (export "g") (param i32) (result i32)
          (i32.const 5)
          (if (param i32) (result i32) (local.get 0) (then (i32.const 1) (i32.add)))
          (block (result i32) (unreachable))
          (drop))
        (func (export "h") (param i32) (result f64)
          (block $a (result f64)
            (block $b (result f64)
              (f64.const 1) (br_if $a (local.get 0)) (drop)
              (f64.const 2) (return)))))
    )",
                      arch);
    INFO(l->verifyErrors);
    CHECK(l->ok);
  }
}

TEST_CASE("lowering: program main binds host functions", "[lowering]") {
  SKIP_WITHOUT_WAT2WASM();
  auto l = lowerWat(R"(
    (module
      (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
      (memory (export "memory") 1)
      (func (export "_start")))
  )");
  REQUIRE(l->ok);
  REQUIRE(emitProgramMain(l->wasm, *l->ir, LowerOptions{}, l->diags));
  CHECK(!llvm::verifyModule(*l->ir, &llvm::errs()));
  llvm::Function *main = l->function("__w2n_program_main");
  REQUIRE(main);
  CHECK(l->ir->getNamedGlobal("__w2n_host_wasi_snapshot_preview1__proc_exit"));
  // Registration, setup, the memory for WASI, then the start function and _start: a start
  // function may already call WASI.
  std::vector<std::string> order;
  for (llvm::Instruction &i : llvm::instructions(main))
    if (auto *call = llvm::dyn_cast<llvm::CallInst>(&i))
      order.push_back(call->getCalledFunction() ? call->getCalledFunction()->getName().str()
                                                : "(indirect)");
  CHECK(order == std::vector<std::string>{"w2n_register_module", "w2n_m0_instantiate_setup",
                                          "w2n_wasi_bind_memory", "w2n_m0_instantiate_start",
                                          "(indirect)"});
}

TEST_CASE("lowering: program main rejects imports it cannot bind", "[lowering]") {
  SKIP_WITHOUT_WAT2WASM();
  auto l = lowerWat(R"(
    (module
      (import "env" "mem" (memory 1))
      (import "env" "odd name" (func)))
  )");
  REQUIRE(l->ok);
  CHECK(!emitProgramMain(l->wasm, *l->ir, LowerOptions{}, l->diags));
  REQUIRE(l->diags.list().size() == 2);
  CHECK(l->diags.list()[0].message == "unsupported import env.mem");
  CHECK(l->diags.list()[1].message == "unsupported import env.odd name");
  CHECK(l->diags.list()[0].offset == l->wasm.imports[0].offset);
}

TEST_CASE("lowering: script main passes every descriptor", "[lowering]") {
  llvm::LLVMContext ctx;
  llvm::Module m("script", ctx);
  emitScriptMain(m, {"w2n_m0_module", "w2n_m1_module"});
  CHECK(!llvm::verifyModule(m, &llvm::errs()));
  llvm::Function *main = m.getFunction("__w2n_program_main");
  REQUIRE(main);
  CHECK(calls(main, "w2n_script_main"));
  std::string s;
  llvm::raw_string_ostream os(s);
  main->print(os);
  CHECK(s.find("i32 2)") != std::string::npos);
  CHECK(m.getNamedGlobal("w2n_m1_module"));
}

TEST_CASE("lowering: fixed-size tables", "[lowering]") {
  SKIP_WITHOUT_WAT2WASM();
  auto bytes = assemble(R"(
    (module
      (import "env" "t" (table 1 funcref))
      (table $fixed 2 funcref)
      (table $grows 2 funcref)
      (table $exported (export "t") 2 funcref)
      (func (drop (table.grow $grows (ref.null func) (i32.const 1)))))
  )");
  REQUIRE(bytes);
  Module m;
  Diagnostics diags;
  REQUIRE(readModule(bytes->data(), bytes->size(), m, diags));
  // Imported and exported tables can be grown by others; $grows by its own code.
  CHECK(fixedSizeTables(m, diags) == std::vector<bool>{false, true, false, false});
}
