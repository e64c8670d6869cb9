// GC object layout (gc_layout.h) and the run-time type descriptors of LowerContext::rtt.
#include "compiler/lowering/gc_layout.h"
#include "compiler/lowering/lower_context.h"
#include "w2n/abi.h"

namespace w2n {

uint32_t gcStorageSize(const FieldType &f) {
  if (f.packedBytes) return f.packedBytes;
  switch (f.type) {
  case ValType::I32:
  case ValType::F32:
    return 4;
  case ValType::V128:
    return 16;
  default: // i64, f64, references
    return 8;
  }
}

GcStructLayout gcStructLayout(const GcTypeDef &def) {
  GcStructLayout l;
  for (const FieldType &f : def.fields) {
    uint32_t size = gcStorageSize(f);
    l.size = (l.size + size - 1) / size * size;
    l.offsets.push_back(l.size);
    if (isRefType(f.type)) l.refOffsets.push_back(l.size);
    l.size += size;
  }
  l.size = (l.size + 15) & ~15u;
  return l;
}

// { u32 kind, u32 depth, u32 size, u32 numRefs, const u32 *refOffsets, const w2n_rtt *supers[] }
// (w2n_rtt in abi.h): supers[k] is the ancestor at depth k, supers[depth] the type itself.
llvm::GlobalVariable *LowerContext::rtt(uint32_t typeIndex) {
  std::string name = "__w2n_rtt_" + wasm.canonKeys[typeIndex];
  const GcTypeDef &def = wasm.typeDefs[typeIndex];
  auto *superTy = llvm::ArrayType::get(ptrTy, def.depth + 1);
  auto *ty = llvm::StructType::get(ctx, {i32Ty, i32Ty, i32Ty, i32Ty, ptrTy, superTy});
  if (auto *g = out.getGlobalVariable(name)) return g;
  auto *g =
      new llvm::GlobalVariable(out, ty, true, llvm::GlobalValue::LinkOnceODRLinkage, nullptr, name);
  g->setComdat(out.getOrInsertComdat(name));
  g->setAlignment(llvm::Align(8));
  // No unnamed_addr: the address is the identity.
  std::vector<llvm::Constant *> supers(def.depth + 1);
  supers[def.depth] = g;
  uint32_t t = typeIndex;
  for (uint32_t k = def.depth; k-- > 0;) {
    t = *wasm.typeDefs[t].super;
    supers[k] = rtt(t);
  }
  uint32_t kind = def.kind == CompositeKind::Struct ? W2N_RTT_STRUCT : W2N_RTT_ARRAY;
  uint32_t size = 0;
  std::vector<llvm::Constant *> refs;
  if (def.kind == CompositeKind::Struct) {
    GcStructLayout l = gcStructLayout(def);
    size = l.size;
    for (uint32_t o : l.refOffsets)
      refs.push_back(llvm::ConstantInt::get(i32Ty, o));
  } else {
    size = gcStorageSize(def.fields[0]);
    if (isRefType(def.fields[0].type)) kind |= W2N_RTT_REF_ELEMS;
  }
  llvm::Constant *refTable = llvm::ConstantPointerNull::get(ptrTy);
  if (!refs.empty()) {
    auto *at = llvm::ArrayType::get(i32Ty, refs.size());
    auto *rg = new llvm::GlobalVariable(out, at, true, llvm::GlobalValue::LinkOnceODRLinkage,
                                        llvm::ConstantArray::get(at, refs), name + "_refs");
    rg->setComdat(g->getComdat());
    refTable = rg;
  }
  g->setInitializer(llvm::ConstantStruct::get(
      ty, {llvm::ConstantInt::get(i32Ty, kind), llvm::ConstantInt::get(i32Ty, def.depth),
           llvm::ConstantInt::get(i32Ty, size), llvm::ConstantInt::get(i32Ty, refs.size()),
           refTable, llvm::ConstantArray::get(superTy, supers)}));
  return g;
}

} // namespace w2n
