// Tables and references: table.get/set with bounds checks, size/grow/fill/copy/init and elem.drop
// through the runtime, ref.func, and call_indirect with its three checks (bounds, null, canonical
// signature by address). table64 indices (i64) are saturated to 32 bits (LowerContext::
// tableIndex32).
#include "compiler/lowering/function_lowering.h"

namespace w2n {

llvm::Value *FunctionLowering::tableIndex32(llvm::Value *v) { return lc.tableIndex32(b, v); }

llvm::Value *FunctionLowering::tableObject(TableIndex t) {
  return lc.loadInvariant(b, lc.ptrTy, vmctx_, lc.layout.tables[t.value]);
}

llvm::Value *FunctionLowering::tableElemPtr(TableIndex t, llvm::Value *index, uint32_t code) {
  index = tableIndex32(index);
  llvm::Value *table = tableObject(t);
  bool fixed = t.value < lc.fixedSizeTables.size() && lc.fixedSizeTables[t.value];
  llvm::Value *size =
      fixed ? static_cast<llvm::Value *>(
                  b.getInt32(static_cast<uint32_t>(lc.wasm.tables[t.value].limits.min)))
            : lc.load(b, lc.i32Ty, table, VmctxLayout::kTableSize, AccessKind::RuntimeObject);
  trapIf(b.CreateICmpUGE(index, size), code);
  llvm::LoadInst *elems =
      lc.load(b, lc.ptrTy, table, VmctxLayout::kTableElems, AccessKind::RuntimeObject);
  if (fixed) // only growing reallocates the element array
    lc.markInvariant(elems);
  return b.CreateInBoundsGEP(lc.ptrTy, elems, b.CreateZExt(index, lc.i64Ty));
}

llvm::Value *FunctionLowering::tableGetOp(TableIndex t, llvm::Value *i) {
  llvm::Value *p = tableElemPtr(t, i, W2N_TRAP_TABLE_OOB);
  llvm::LoadInst *l = b.CreateAlignedLoad(lc.ptrTy, p, llvm::Align(8));
  lc.tag(l, AccessKind::RuntimeObject);
  return l;
}

void FunctionLowering::tableSetOp(TableIndex t, llvm::Value *i, llvm::Value *r) {
  llvm::Value *p = tableElemPtr(t, i, W2N_TRAP_TABLE_OOB);
  lc.tag(b.CreateAlignedStore(r, p, llvm::Align(8)), AccessKind::RuntimeObject);
}

llvm::Value *FunctionLowering::tableSizeOp(TableIndex t) {
  llvm::Value *size = t.value < lc.fixedSizeTables.size() && lc.fixedSizeTables[t.value]
                          ? static_cast<llvm::Value *>(b.getInt32(
                                static_cast<uint32_t>(lc.wasm.tables[t.value].limits.min)))
                          : lc.load(b, lc.i32Ty, tableObject(t), VmctxLayout::kTableSize,
                                    AccessKind::RuntimeObject);
  return lc.wasm.tables[t.value].is64 ? b.CreateZExt(size, lc.i64Ty) : size;
}

llvm::Value *FunctionLowering::tableGrowOp(TableIndex t, llvm::Value *init, llvm::Value *n) {
  // A saturated delta cannot be granted either: the result is then -1 as well.
  llvm::Value *old =
      b.CreateCall(lc.runtime(RuntimeFn::TableGrow), {tableObject(t), init, tableIndex32(n)});
  return lc.wasm.tables[t.value].is64 ? b.CreateSExt(old, lc.i64Ty) : old;
}

void FunctionLowering::tableFillOp(TableIndex t, llvm::Value *i, llvm::Value *r, llvm::Value *n) {
  b.CreateCall(lc.runtime(RuntimeFn::TableFill),
               {tableObject(t), tableIndex32(i), r, tableIndex32(n)});
}

void FunctionLowering::tableCopyOp(TableIndex dt, TableIndex st, llvm::Value *d, llvm::Value *s,
                                   llvm::Value *n) {
  llvm::Value *dst = tableObject(dt);
  llvm::Value *src = dt == st ? dst : tableObject(st);
  b.CreateCall(lc.runtime(RuntimeFn::TableCopy),
               {dst, src, tableIndex32(d), tableIndex32(s), tableIndex32(n)});
}

void FunctionLowering::tableInitOp(ElemIndex e, TableIndex t, llvm::Value *d, llvm::Value *s,
                                   llvm::Value *n) {
  uint32_t seg = lc.layout.elemSegments[e.value];
  llvm::Value *items = lc.loadInvariant(b, lc.ptrTy, vmctx_, seg + VmctxLayout::kElemItems);
  llvm::Value *len =
      lc.load(b, lc.i32Ty, vmctx_, seg + VmctxLayout::kElemLength, AccessKind::VmctxField);
  b.CreateCall(lc.runtime(RuntimeFn::TableInit),
               {tableObject(t), tableIndex32(d), items, len, s, n});
}

void FunctionLowering::elemDropOp(ElemIndex e) {
  lc.store(b, b.getInt32(0), vmctx_, lc.layout.elemSegments[e.value] + VmctxLayout::kElemLength,
           AccessKind::VmctxField);
}

llvm::Value *FunctionLowering::funcRef(FuncIndex f) {
  if (lc.wasm.isImportedFunc(f))
    return lc.loadInvariant(b, lc.ptrTy, vmctx_, lc.layout.importedFuncs[f.value]);
  return lc.fieldPtr(b, vmctx_, lc.layout.funcrefs[f.value]);
}

llvm::Value *FunctionLowering::sigMismatch(llvm::Value *sig, uint32_t typeIndex) {
  const FuncType &type = lc.wasm.types[typeIndex];
  llvm::Value *expected = lc.sigSymbol(type);
  llvm::Value *differs = b.CreateICmpNE(sig, expected);
  // A non-final GC function type also accepts its declared subtypes (runtime check).
  bool open = typeIndex < lc.wasm.typeDefs.size() && !lc.wasm.typeDefs[typeIndex].final;
  if (!open) return differs;
  llvm::BasicBlock *from = b.GetInsertBlock();
  llvm::BasicBlock *slow = llvm::BasicBlock::Create(lc.ctx, "sig.sub", fn_);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(lc.ctx, "sig.done", fn_);
  b.CreateCondBr(differs, slow, done, lc.unlikely());
  b.SetInsertPoint(slow);
  llvm::Value *sub = b.CreateCall(
      runtimeCall("__w2n_sig_is_subtype", lc.i32Ty, {lc.ptrTy, lc.ptrTy}), {sig, expected});
  llvm::Value *notSub = b.CreateICmpEQ(sub, b.getInt32(0));
  b.CreateBr(done);
  b.SetInsertPoint(done);
  llvm::PHINode *phi = b.CreatePHI(lc.i1Ty, 2);
  phi->addIncoming(b.getFalse(), from);
  phi->addIncoming(notSub, slow);
  return phi;
}

void FunctionLowering::callIndirectOp(TableIndex t, TypeIndex typeIndex, llvm::Value *index,
                                      std::span<const Value> args, std::span<Value> results) {
  const FuncType &type = lc.wasm.types[typeIndex.value];
  llvm::Value *p = tableElemPtr(t, index, W2N_TRAP_UNDEFINED_ELEMENT);
  llvm::LoadInst *ref = b.CreateAlignedLoad(lc.ptrTy, p, llvm::Align(8));
  lc.tag(ref, AccessKind::RuntimeObject);
  trapIf(b.CreateIsNull(ref), W2N_TRAP_UNINITIALIZED_ELEMENT);
  llvm::Value *sig =
      lc.loadInvariant(b, lc.ptrTy, ref, VmctxLayout::kFuncrefSig, AccessKind::RuntimeObject);
  trapIf(sigMismatch(sig, typeIndex.value), W2N_TRAP_INDIRECT_CALL_TYPE);
  llvm::Value *code =
      lc.loadInvariant(b, lc.ptrTy, ref, VmctxLayout::kFuncrefCode, AccessKind::RuntimeObject);
  llvm::Value *calleeVmctx =
      lc.loadInvariant(b, lc.ptrTy, ref, VmctxLayout::kFuncrefVmctx, AccessKind::RuntimeObject);
  emitCall(type, code, calleeVmctx, args, results, nullptr);
}

} // namespace w2n
