// The module descriptor "<prefix>module" (w2n_module_desc in abi.h): import descriptors that the
// linker of modules (spec harness, program main) checks against, export descriptors with vmctx
// offsets, and the code-address → name table for trap backtraces. The LLVM struct types below
// mirror the C structs field by field, so the natural layout matches.
#include "compiler/lowering/lower_internal.h"

namespace w2n {

llvm::Constant *stringConstant(LowerContext &lc, llvm::StringRef bytes, const llvm::Twine &name) {
  auto *init = llvm::ConstantDataArray::getString(lc.ctx, bytes, /*AddNull=*/true);
  auto *g = new llvm::GlobalVariable(lc.out, init->getType(), true,
                                     llvm::GlobalValue::PrivateLinkage, init, name);
  g->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  g->setAlignment(llvm::Align(1));
  return g;
}

namespace {

llvm::Constant *arrayGlobal(LowerContext &lc, llvm::StructType *elem,
                            const std::vector<llvm::Constant *> &items, const std::string &name) {
  if (items.empty()) return llvm::ConstantPointerNull::get(lc.ptrTy);
  auto *type = llvm::ArrayType::get(elem, items.size());
  auto *g = new llvm::GlobalVariable(lc.out, type, true, llvm::GlobalValue::PrivateLinkage,
                                     llvm::ConstantArray::get(type, items), lc.symbol(name));
  g->setAlignment(llvm::Align(8));
  return g;
}

} // namespace

void emitDescriptor(LowerContext &lc, llvm::Function *instantiate) {
  const Module &m = lc.wasm;
  llvm::Type *p = lc.ptrTy, *i8 = lc.i8Ty, *i32 = lc.i32Ty, *i64 = lc.i64Ty;
  auto *importTy =
      llvm::StructType::get(lc.ctx, {p, p, i32, i32, i8, i8, i8, i8, i32, p, i64, i64});
  auto *exportTy = llvm::StructType::get(lc.ctx, {p, i32, i8, i8, i8, i8, i32, i32});
  auto *nameTy = llvm::StructType::get(lc.ctx, {p, p});
  auto *descTy = llvm::StructType::get(lc.ctx, {p, i32, i32, p, p, p, i32, i32, p});
  auto c8 = [&](uint64_t v) { return llvm::ConstantInt::get(i8, v); };
  auto c32 = [&](uint64_t v) { return llvm::ConstantInt::get(i32, v); };
  auto c64 = [&](uint64_t v) { return llvm::ConstantInt::get(i64, v); };
  llvm::Constant *null = llvm::ConstantPointerNull::get(lc.ptrTy);

  std::vector<llvm::Constant *> imports;
  for (size_t i = 0; i < m.imports.size(); ++i) {
    const Import &imp = m.imports[i];
    uint8_t valtype = 0, mut = 0, hasMax = 0;
    llvm::Constant *sig = null;
    uint64_t min = 0, max = 0;
    switch (imp.kind) {
    case ExternKind::Func:
      sig = lc.sigSymbol(m.types[imp.funcType.value]);
      break;
    case ExternKind::Table:
      valtype = static_cast<uint8_t>(imp.table.elemType);
      min = imp.table.limits.min;
      hasMax = imp.table.limits.max.has_value();
      max = imp.table.limits.max.value_or(0);
      break;
    case ExternKind::Memory:
      min = imp.memory.limits.min;
      hasMax = imp.memory.limits.max.has_value();
      max = imp.memory.limits.max.value_or(0);
      break;
    case ExternKind::Global:
      valtype = static_cast<uint8_t>(imp.global.type);
      mut = imp.global.mutable_;
      break;
    case ExternKind::Tag:
      sig = lc.sigSymbol(m.types[imp.tagType.value]);
      break;
    }
    std::string n = std::to_string(i);
    imports.push_back(llvm::ConstantStruct::get(
        importTy, {stringConstant(lc, imp.module, lc.symbol("import_module" + n)),
                   stringConstant(lc, imp.name, lc.symbol("import_name" + n)),
                   c32(imp.module.size()), c32(imp.name.size()), c8(static_cast<uint8_t>(imp.kind)),
                   c8(valtype), c8(mut), c8(hasMax), c32(0), sig, c64(min), c64(max)}));
  }

  std::vector<llvm::Constant *> exports;
  for (size_t i = 0; i < m.exports.size(); ++i) {
    const Export &e = m.exports[i];
    uint8_t valtype = 0, mut = 0, indirect = 1;
    uint32_t offset = 0;
    switch (e.kind) {
    case ExternKind::Func:
      if (m.isImportedFunc(FuncIndex(e.index))) {
        offset = lc.layout.importedFuncs[e.index];
      } else {
        offset = lc.layout.funcrefs[e.index];
        indirect = 0;
      }
      break;
    case ExternKind::Table:
      offset = lc.layout.tables[e.index];
      break;
    case ExternKind::Memory:
      offset = lc.layout.memories[e.index];
      break;
    case ExternKind::Global:
      valtype = static_cast<uint8_t>(m.globalTypes[e.index].type);
      mut = m.globalTypes[e.index].mutable_;
      offset = lc.layout.globals[e.index];
      indirect = m.isImportedGlobal(GlobalIndex(e.index));
      break;
    case ExternKind::Tag:
      offset = lc.layout.tags[e.index];
      indirect = m.isImportedTag(TagIndex(e.index));
      break;
    }
    exports.push_back(llvm::ConstantStruct::get(
        exportTy, {stringConstant(lc, e.name, lc.symbol("export_name" + std::to_string(i))),
                   c32(e.name.size()), c8(static_cast<uint8_t>(e.kind)), c8(valtype), c8(mut),
                   c8(indirect), c32(offset), c32(0)}));
  }

  std::vector<llvm::Constant *> names;
  for (uint32_t f = m.numImportedFuncs; f < m.funcTypes.size(); ++f)
    names.push_back(llvm::ConstantStruct::get(
        nameTy, {lc.funcs[f],
                 stringConstant(lc, displayName(m, f), lc.symbol("name" + std::to_string(f)))}));

  llvm::Constant *desc = llvm::ConstantStruct::get(
      descTy, {stringConstant(lc, m.moduleName, lc.symbol("module_name")), c32(imports.size()),
               c32(exports.size()), arrayGlobal(lc, importTy, imports, "imports"),
               arrayGlobal(lc, exportTy, exports, "exports"), instantiate, c32(names.size()),
               c32(0), arrayGlobal(lc, nameTy, names, "func_names")});
  auto *g = new llvm::GlobalVariable(lc.out, descTy, true, llvm::GlobalValue::ExternalLinkage, desc,
                                     lc.symbol("module"));
  g->setAlignment(llvm::Align(8));
}

} // namespace w2n
