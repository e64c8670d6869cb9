// The layouts lowering must share with the runtime: the module descriptor's LLVM struct types
// against the C structs of runtime-lib/include/w2n/abi.h (offsets from the C compiler), and the
// vmctx layout documented in compiler/lowering/vmctx_layout.h worked out by hand.
#include "compiler/lowering/vmctx_layout.h"
#include "test/unit/lowering_test_support.h"
#include "w2n/abi.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"

#include <catch2/catch.hpp>

#include <cstddef>

using namespace w2n;
using namespace w2n::test;

namespace {

const char *kDescriptorModule = R"(
(module
  (import "env" "f" (func $f (param i32) (result i64)))
  (import "env" "t" (table 2 10 funcref))
  (import "env" "m" (memory 1 2))
  (import "env" "g" (global $g (mut f64)))
  (global $h (export "h") i32 (i32.const 5))
  (func $a (export "a") (result i32) (i32.const 1))
  (export "f" (func $f))
  (export "t" (table 0))
  (export "m" (memory 0))
  (export "g" (global $g)))
)";

// Offsets of the LLVM struct `type` under the module's data layout.
std::vector<uint64_t> offsets(const llvm::Module &m, llvm::Type *type) {
  auto *st = llvm::cast<llvm::StructType>(type);
  const llvm::StructLayout *sl = m.getDataLayout().getStructLayout(st);
  std::vector<uint64_t> out;
  for (unsigned i = 0; i < st->getNumElements(); ++i)
    out.push_back(sl->getElementOffset(i));
  out.push_back(sl->getSizeInBytes());
  return out;
}

llvm::Type *arrayElementType(llvm::Constant *field) {
  auto *g = llvm::cast<llvm::GlobalVariable>(field);
  return llvm::cast<llvm::ArrayType>(g->getValueType())->getElementType();
}

} // namespace

TEST_CASE("lowering: module descriptor layout matches abi.h", "[lowering]") {
  if (!haveWat2wasm()) {
    WARN("wat2wasm not found; skipped");
    return;
  }
  for (Arch arch : {Arch::X86_64, Arch::AArch64}) {
    auto l = lowerWat(kDescriptorModule, arch);
    REQUIRE(l->ok);
    llvm::GlobalVariable *desc = l->ir->getNamedGlobal("w2n_m0_module");
    REQUIRE(desc);
    CHECK(desc->hasExternalLinkage());
    CHECK(offsets(*l->ir, desc->getValueType()) ==
          std::vector<uint64_t>{
              offsetof(w2n_module_desc, name), offsetof(w2n_module_desc, num_imports),
              offsetof(w2n_module_desc, num_exports), offsetof(w2n_module_desc, imports),
              offsetof(w2n_module_desc, exports), offsetof(w2n_module_desc, instantiate),
              offsetof(w2n_module_desc, num_func_names), offsetof(w2n_module_desc, pad),
              offsetof(w2n_module_desc, func_names), sizeof(w2n_module_desc)});
    auto *init = llvm::cast<llvm::ConstantStruct>(desc->getInitializer());
    CHECK(llvm::cast<llvm::ConstantInt>(init->getOperand(1))->getZExtValue() == 4);
    CHECK(llvm::cast<llvm::ConstantInt>(init->getOperand(2))->getZExtValue() == 6);
    CHECK(init->getOperand(5) == l->function("w2n_m0_instantiate"));
    CHECK(offsets(*l->ir, arrayElementType(init->getOperand(3))) ==
          std::vector<uint64_t>{offsetof(w2n_import_desc, module), offsetof(w2n_import_desc, name),
                                offsetof(w2n_import_desc, module_len),
                                offsetof(w2n_import_desc, name_len),
                                offsetof(w2n_import_desc, kind), offsetof(w2n_import_desc, valtype),
                                offsetof(w2n_import_desc, mut), offsetof(w2n_import_desc, has_max),
                                offsetof(w2n_import_desc, pad), offsetof(w2n_import_desc, sig),
                                offsetof(w2n_import_desc, min), offsetof(w2n_import_desc, max),
                                sizeof(w2n_import_desc)});
    CHECK(offsets(*l->ir, arrayElementType(init->getOperand(4))) ==
          std::vector<uint64_t>{offsetof(w2n_export_desc, name),
                                offsetof(w2n_export_desc, name_len),
                                offsetof(w2n_export_desc, kind), offsetof(w2n_export_desc, valtype),
                                offsetof(w2n_export_desc, mut), offsetof(w2n_export_desc, indirect),
                                offsetof(w2n_export_desc, offset), offsetof(w2n_export_desc, pad),
                                sizeof(w2n_export_desc)});
    CHECK(offsets(*l->ir, arrayElementType(init->getOperand(8))) ==
          std::vector<uint64_t>{offsetof(w2n_func_name, code), offsetof(w2n_func_name, name),
                                sizeof(w2n_func_name)});
  }
}

TEST_CASE("lowering: export descriptors point into the vmctx", "[lowering]") {
  if (!haveWat2wasm()) {
    WARN("wat2wasm not found; skipped");
    return;
  }
  auto l = lowerWat(kDescriptorModule);
  REQUIRE(l->ok);
  VmctxLayout layout = computeVmctxLayout(l->wasm);
  auto *init =
      llvm::cast<llvm::ConstantStruct>(l->ir->getNamedGlobal("w2n_m0_module")->getInitializer());
  auto *exports = llvm::cast<llvm::ConstantArray>(
      llvm::cast<llvm::GlobalVariable>(init->getOperand(4))->getInitializer());
  auto field = [&](unsigned exp, unsigned i) {
    auto *e = llvm::cast<llvm::ConstantStruct>(exports->getOperand(exp));
    return llvm::cast<llvm::ConstantInt>(e->getOperand(i))->getZExtValue();
  };
  // Export order: h (defined global), a (defined func), f (imported func), t, m, g (imported).
  // Fields: 2 kind, 3 valtype, 4 mut, 5 indirect, 6 offset.
  CHECK(field(0, 2) == W2N_EXTERN_GLOBAL);
  CHECK(field(0, 3) == 0x7f);
  CHECK(field(0, 5) == 0); // the cell lives in the vmctx
  CHECK(field(0, 6) == layout.globals[1]);
  CHECK(field(1, 2) == W2N_EXTERN_FUNC);
  CHECK(field(1, 5) == 0); // the w2n_funcref lives in the vmctx
  CHECK(field(1, 6) == layout.funcrefs[1]);
  CHECK(field(2, 5) == 1); // imported: a pointer to the exporter's funcref
  CHECK(field(2, 6) == layout.importedFuncs[0]);
  CHECK((field(3, 5) == 1 && field(3, 6) == layout.tables[0]));
  CHECK((field(4, 5) == 1 && field(4, 6) == layout.memories[0]));
  CHECK(field(5, 3) == 0x7c);
  CHECK(field(5, 4) == 1);
  CHECK((field(5, 5) == 1 && field(5, 6) == layout.globals[0]));
}

TEST_CASE("lowering: vmctx layout", "[lowering]") {
  // By hand from vmctx_layout.h: 0 mem base; 8 memory 0; 16 table 0; 24 import func 0;
  // 32 import global 0 cell pointer; 48 global 1 cell (16-aligned); 64 funcref of function 1
  // (referenced by the export); function 2 is unreferenced; 96 elem 0; 112 data 0 length;
  // size rounded up to 128.
  Module m;
  m.types.push_back({});
  m.imports.resize(2);
  m.imports[0].kind = ExternKind::Func;
  m.imports[1].kind = ExternKind::Global;
  m.numImportedFuncs = 1;
  m.numImportedGlobals = 1;
  m.funcTypes = {TypeIndex(0), TypeIndex(0), TypeIndex(0)};
  m.funcs.resize(2);
  m.tables.resize(1);
  m.memories.resize(1);
  m.globalTypes.resize(2);
  m.globals.resize(1);
  m.exports.push_back({"a", ExternKind::Func, 1, 0});
  m.elems.resize(1);
  m.datas.resize(1);
  VmctxLayout l = computeVmctxLayout(m);
  CHECK(l.memories == std::vector<uint32_t>{8});
  CHECK(l.tables == std::vector<uint32_t>{16});
  CHECK(l.importedFuncs == std::vector<uint32_t>{24});
  CHECK(l.globals == std::vector<uint32_t>{32, 48});
  CHECK(l.funcrefs == std::vector<uint32_t>{kNoSlot, 64, kNoSlot});
  CHECK(l.elemSegments == std::vector<uint32_t>{96});
  CHECK(l.dataLengths == std::vector<uint32_t>{112});
  CHECK(l.size == 128);
}
