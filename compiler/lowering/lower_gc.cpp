// GC and typed function references: struct and array instances (allocated by the runtime,
// fields accessed inline at gc_layout.h's offsets with null and bounds checks), i31 references as
// tagged pointers, casts against the compiler-emitted run-time types, br_on_*, and call_ref.
#include "compiler/frontend/gc_types.h"
#include "compiler/lowering/function_lowering.h"
#include "compiler/lowering/gc_layout.h"

namespace w2n {

namespace {
constexpr uint64_t kRttKind = 0, kRttDepth = 4, kRttSupers = 24;
} // namespace

llvm::FunctionCallee FunctionLowering::runtimeCall(const char *name, llvm::Type *result,
                                                   llvm::ArrayRef<llvm::Type *> params) {
  llvm::FunctionCallee f =
      lc.out.getOrInsertFunction(name, llvm::FunctionType::get(result, params, false));
  if (auto *fn = llvm::dyn_cast<llvm::Function>(f.getCallee()))
    fn->addFnAttr(llvm::Attribute::NoUnwind);
  return f;
}

void FunctionLowering::nullCheck(llvm::Value *ref, uint32_t trap) {
  trapIf(b.CreateIsNull(ref), trap);
}

llvm::Value *FunctionLowering::gcLoad(const FieldType &f, llvm::Value *ptr, bool isSigned) {
  llvm::Type *t = f.packedBytes ? b.getIntNTy(8 * f.packedBytes) : lc.valType(f.type);
  llvm::LoadInst *l = b.CreateAlignedLoad(t, ptr, llvm::Align(gcStorageSize(f)));
  lc.tag(l, AccessKind::GcObject);
  if (!f.packedBytes) return l;
  return isSigned ? b.CreateSExt(l, lc.i32Ty) : b.CreateZExt(l, lc.i32Ty);
}

void FunctionLowering::gcStore(const FieldType &f, llvm::Value *ptr, llvm::Value *v) {
  if (f.packedBytes) v = b.CreateTrunc(v, b.getIntNTy(8 * f.packedBytes));
  lc.tag(b.CreateAlignedStore(v, ptr, llvm::Align(gcStorageSize(f))), AccessKind::GcObject);
}

llvm::Value *FunctionLowering::newArray(uint32_t type, llvm::Value *length) {
  return b.CreateCall(runtimeCall("__w2n_gc_new_array", lc.ptrTy, {lc.ptrTy, lc.i32Ty}),
                      {lc.rtt(type), length});
}

llvm::Value *FunctionLowering::arrayElem(uint32_t type, llvm::Value *array, llvm::Value *index) {
  uint32_t size = gcStorageSize(lc.wasm.typeDefs[type].fields[0]);
  llvm::Value *off = b.CreateAdd(b.CreateMul(b.CreateZExt(index, lc.i64Ty), b.getInt64(size)),
                                 b.getInt64(kGcArrayElems));
  return b.CreateInBoundsGEP(lc.i8Ty, array, off);
}

llvm::Value *FunctionLowering::arrayLength(llvm::Value *array) {
  return lc.load(b, lc.i32Ty, array, kGcLengthOffset, AccessKind::GcObject);
}

void FunctionLowering::checkArrayRange(llvm::Value *array, llvm::Value *start, llvm::Value *n) {
  llvm::Value *end = b.CreateAdd(b.CreateZExt(start, lc.i64Ty), b.CreateZExt(n, lc.i64Ty));
  trapIf(b.CreateICmpUGT(end, b.CreateZExt(arrayLength(array), lc.i64Ty)), W2N_TRAP_ARRAY_OOB);
}

void FunctionLowering::fillArray(uint32_t type, llvm::Value *array, llvm::Value *start,
                                 llvm::Value *n, llvm::Value *value) {
  const FieldType &elem = lc.wasm.typeDefs[type].fields[0];
  llvm::BasicBlock *pre = b.GetInsertBlock();
  llvm::BasicBlock *loop = llvm::BasicBlock::Create(lc.ctx, "fill", fn_);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(lc.ctx, "fill.done", fn_);
  b.CreateCondBr(b.CreateICmpEQ(n, b.getInt32(0)), done, loop);
  b.SetInsertPoint(loop);
  llvm::PHINode *i = b.CreatePHI(lc.i32Ty, 2);
  i->addIncoming(b.getInt32(0), pre);
  gcStore(elem, arrayElem(type, array, b.CreateAdd(start, i)), value);
  llvm::Value *next = b.CreateAdd(i, b.getInt32(1));
  i->addIncoming(next, b.GetInsertBlock());
  b.CreateCondBr(b.CreateICmpULT(next, n), loop, done);
  b.SetInsertPoint(done);
}

// The first of `n` elements at element/byte offset `src` of a data segment (bytes) or an element
// segment (references), after the bounds check against the segment's current length.
llvm::Value *FunctionLowering::segmentSource(uint32_t type, bool data, uint32_t segment,
                                             llvm::Value *src, llvm::Value *n) {
  uint32_t size = gcStorageSize(lc.wasm.typeDefs[type].fields[0]);
  llvm::Value *bytes, *segLen;
  if (data) {
    bytes = lc.dataBytes(segment);
    segLen = lc.load(b, lc.i32Ty, vmctx_, lc.layout.dataLengths[segment], AccessKind::VmctxField);
  } else {
    uint32_t seg = lc.layout.elemSegments[segment];
    bytes = lc.loadInvariant(b, lc.ptrTy, vmctx_, seg + VmctxLayout::kElemItems);
    segLen = lc.load(b, lc.i32Ty, vmctx_, seg + VmctxLayout::kElemLength, AccessKind::VmctxField);
  }
  llvm::Value *n64 = b.CreateZExt(n, lc.i64Ty), *src64 = b.CreateZExt(src, lc.i64Ty);
  llvm::Value *end = b.CreateAdd(src64, data ? b.CreateMul(n64, b.getInt64(size)) : n64);
  trapIf(b.CreateICmpUGT(end, b.CreateZExt(segLen, lc.i64Ty)),
         data ? W2N_TRAP_MEMORY_OOB : W2N_TRAP_TABLE_OOB);
  return b.CreateInBoundsGEP(lc.i8Ty, bytes, data ? src64 : b.CreateMul(src64, b.getInt64(8)));
}

void FunctionLowering::copyIntoArray(uint32_t type, llvm::Value *array, llvm::Value *dst,
                                     llvm::Value *from, llvm::Value *n) {
  uint32_t size = gcStorageSize(lc.wasm.typeDefs[type].fields[0]);
  b.CreateMemCpy(arrayElem(type, array, dst), llvm::MaybeAlign(1), from, llvm::MaybeAlign(1),
                 b.CreateMul(b.CreateZExt(n, lc.i64Ty), b.getInt64(size)));
}

// i1: whether non-null, non-i31 `obj`'s run-time type is `type` or one of its subtypes.
llvm::Value *FunctionLowering::rttMatches(llvm::Value *obj, uint32_t type) {
  llvm::Value *expected = lc.rtt(type);
  llvm::Value *rtt = lc.load(b, lc.ptrTy, obj, 0, AccessKind::GcObject);
  lc.markInvariant(llvm::cast<llvm::LoadInst>(rtt));
  llvm::Value *same = b.CreateICmpEQ(rtt, expected);
  const GcTypeDef &def = lc.wasm.typeDefs[type];
  if (def.final) return same;
  // A subtype has depth >= def.depth and this type among its supertypes at that depth.
  llvm::BasicBlock *from = b.GetInsertBlock();
  llvm::BasicBlock *slow = llvm::BasicBlock::Create(lc.ctx, "cast.super", fn_);
  llvm::BasicBlock *check = llvm::BasicBlock::Create(lc.ctx, "cast.at", fn_);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(lc.ctx, "cast.done", fn_);
  b.CreateCondBr(same, done, slow);
  b.SetInsertPoint(slow);
  llvm::Value *depth = lc.loadInvariant(b, lc.i32Ty, rtt, kRttDepth, AccessKind::RuntimeObject);
  b.CreateCondBr(b.CreateICmpUGT(depth, b.getInt32(def.depth)), check, done);
  b.SetInsertPoint(check);
  llvm::Value *super = lc.loadInvariant(b, lc.ptrTy, rtt, kRttSupers + 8 * uint64_t(def.depth),
                                        AccessKind::RuntimeObject);
  llvm::Value *found = b.CreateICmpEQ(super, expected);
  b.CreateBr(done);
  b.SetInsertPoint(done);
  llvm::PHINode *phi = b.CreatePHI(lc.i1Ty, 3);
  phi->addIncoming(b.getTrue(), from);
  phi->addIncoming(b.getFalse(), slow);
  phi->addIncoming(found, check);
  return phi;
}

llvm::Value *FunctionLowering::castCheck(llvm::Value *ref, ValType target) {
  const Module &m = lc.wasm;
  // Shared types are represented as unshared ones (validation keeps casts in one hierarchy).
  uint32_t h = heap::unshared(heapOf(target));
  bool nullOk = isNullable(target);
  llvm::Value *isNull = b.CreateIsNull(ref);
  uint32_t top = heap::unshared(heapTop(m, h));
  // Abstract targets that every non-null value of the hierarchy (or none) satisfies.
  if (h == top || h == heap::Eq) return nullOk ? b.getTrue() : b.CreateNot(isNull);
  if (h == heap::unshared(heapBottom(m, h))) return nullOk ? isNull : b.getFalse();
  llvm::Value *bits = b.CreatePtrToInt(ref, lc.i64Ty);
  llvm::Value *isI31 = b.CreateICmpNE(b.CreateAnd(bits, b.getInt64(1)), b.getInt64(0));
  if (h == heap::I31) return nullOk ? b.CreateOr(isNull, isI31) : isI31;
  llvm::BasicBlock *from = b.GetInsertBlock();
  llvm::BasicBlock *object = llvm::BasicBlock::Create(lc.ctx, "cast.obj", fn_);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(lc.ctx, "cast.end", fn_);
  b.CreateCondBr(b.CreateOr(isNull, isI31), done, object);
  b.SetInsertPoint(object);
  llvm::Value *ok;
  if (top == heap::Func) { // a concrete function type: the funcref's canonical signature
    llvm::Value *sig =
        lc.loadInvariant(b, lc.ptrTy, ref, VmctxLayout::kFuncrefSig, AccessKind::RuntimeObject);
    ok = b.CreateNot(sigMismatch(sig, heap::typeIndex(h)));
  } else if (h == heap::Struct || h == heap::Array) {
    llvm::Value *rtt = lc.load(b, lc.ptrTy, ref, 0, AccessKind::GcObject);
    llvm::Value *kind = lc.loadInvariant(b, lc.i32Ty, rtt, kRttKind, AccessKind::RuntimeObject);
    uint32_t want = h == heap::Struct ? W2N_RTT_STRUCT : W2N_RTT_ARRAY;
    ok = b.CreateICmpEQ(b.CreateAnd(kind, b.getInt32(0xff)), b.getInt32(want));
  } else {
    ok = rttMatches(ref, heap::typeIndex(h));
  }
  llvm::BasicBlock *objEnd = b.GetInsertBlock();
  b.CreateBr(done);
  b.SetInsertPoint(done);
  llvm::PHINode *phi = b.CreatePHI(lc.i1Ty, 2);
  // From the first block: null or i31 (an i31 never matches a struct/array/function type).
  phi->addIncoming(nullOk ? isNull : static_cast<llvm::Value *>(b.getFalse()), from);
  phi->addIncoming(ok, objEnd);
  return phi;
}

llvm::Value *FunctionLowering::gc(Opcode op, const GcImm &imm, std::span<const Value> args) {
  using O = Opcode;
  const Module &m = lc.wasm;
  auto arg = [&](size_t i) { return args[i].v; };
  switch (op) {
  case O::StructNew:
  case O::StructNewDefault: {
    llvm::Value *obj =
        b.CreateCall(runtimeCall("__w2n_gc_new_struct", lc.ptrTy, {lc.ptrTy}), {lc.rtt(imm.type)});
    if (op == O::StructNew) {
      const GcTypeDef &def = m.typeDefs[imm.type];
      GcStructLayout l = gcStructLayout(def);
      for (size_t i = 0; i < def.fields.size(); ++i)
        gcStore(def.fields[i], lc.fieldPtr(b, obj, l.offsets[i]), arg(i));
    }
    return obj;
  }
  case O::StructGet:
  case O::StructGetS:
  case O::StructGetU:
  case O::StructSet: {
    nullCheck(arg(0), W2N_TRAP_NULL_STRUCT);
    const GcTypeDef &def = m.typeDefs[imm.type];
    llvm::Value *p = lc.fieldPtr(b, arg(0), gcStructLayout(def).offsets[imm.field]);
    if (op == O::StructSet) {
      gcStore(def.fields[imm.field], p, arg(1));
      return nullptr;
    }
    return gcLoad(def.fields[imm.field], p, op == O::StructGetS);
  }
  case O::ArrayNew: {
    llvm::Value *a = newArray(imm.type, arg(1));
    auto *c = llvm::dyn_cast<llvm::Constant>(arg(0));
    if (!c || !c->isNullValue()) fillArray(imm.type, a, b.getInt32(0), arg(1), arg(0));
    return a;
  }
  case O::ArrayNewDefault:
    return newArray(imm.type, arg(0));
  case O::ArrayNewFixed: {
    llvm::Value *a = newArray(imm.type, b.getInt32(imm.field));
    const FieldType &elem = m.typeDefs[imm.type].fields[0];
    for (uint32_t i = 0; i < imm.field; ++i)
      gcStore(elem, arrayElem(imm.type, a, b.getInt32(i)), arg(i));
    return a;
  }
  case O::ArrayNewData:
  case O::ArrayNewElem: {
    // The segment range is checked first: a failing array.new_data allocates nothing.
    llvm::Value *from = segmentSource(imm.type, op == O::ArrayNewData, imm.segment, arg(0), arg(1));
    llvm::Value *a = newArray(imm.type, arg(1));
    copyIntoArray(imm.type, a, b.getInt32(0), from, arg(1));
    return a;
  }
  case O::ArrayGet:
  case O::ArrayGetS:
  case O::ArrayGetU:
  case O::ArraySet: {
    nullCheck(arg(0), W2N_TRAP_NULL_ARRAY);
    trapIf(b.CreateICmpUGE(arg(1), arrayLength(arg(0))), W2N_TRAP_ARRAY_OOB);
    const FieldType &elem = m.typeDefs[imm.type].fields[0];
    llvm::Value *p = arrayElem(imm.type, arg(0), arg(1));
    if (op == O::ArraySet) {
      gcStore(elem, p, arg(2));
      return nullptr;
    }
    return gcLoad(elem, p, op == O::ArrayGetS);
  }
  case O::ArrayLen:
    nullCheck(arg(0), W2N_TRAP_NULL_ARRAY);
    return arrayLength(arg(0));
  case O::ArrayFill:
    nullCheck(arg(0), W2N_TRAP_NULL_ARRAY);
    checkArrayRange(arg(0), arg(1), arg(3));
    fillArray(imm.type, arg(0), arg(1), arg(3), arg(2));
    return nullptr;
  case O::ArrayCopy: {
    nullCheck(arg(0), W2N_TRAP_NULL_ARRAY);
    nullCheck(arg(2), W2N_TRAP_NULL_ARRAY);
    checkArrayRange(arg(0), arg(1), arg(4));
    checkArrayRange(arg(2), arg(3), arg(4));
    uint32_t size = gcStorageSize(m.typeDefs[imm.type].fields[0]);
    b.CreateMemMove(arrayElem(imm.type, arg(0), arg(1)), llvm::MaybeAlign(1),
                    arrayElem(imm.segment, arg(2), arg(3)), llvm::MaybeAlign(1),
                    b.CreateMul(b.CreateZExt(arg(4), lc.i64Ty), b.getInt64(size)));
    return nullptr;
  }
  case O::ArrayInitData:
  case O::ArrayInitElem: {
    nullCheck(arg(0), W2N_TRAP_NULL_ARRAY);
    checkArrayRange(arg(0), arg(1), arg(3));
    llvm::Value *from =
        segmentSource(imm.type, op == O::ArrayInitData, imm.segment, arg(2), arg(3));
    copyIntoArray(imm.type, arg(0), arg(1), from, arg(3));
    return nullptr;
  }
  case O::RefTest:
  case O::RefTestNull:
    return b.CreateZExt(castCheck(arg(0), imm.target), lc.i32Ty);
  case O::RefCast:
  case O::RefCastNull:
    trapIf(b.CreateNot(castCheck(arg(0), imm.target)), W2N_TRAP_CAST_FAILURE);
    return arg(0);
  case O::RefEq:
    return b.CreateZExt(b.CreateICmpEQ(arg(0), arg(1)), lc.i32Ty);
  case O::RefAsNonNull:
    nullCheck(arg(0), W2N_TRAP_NULL_REFERENCE);
    return arg(0);
  case O::RefI31: {
    llvm::Value *v = b.CreateZExt(b.CreateAnd(arg(0), b.getInt32(0x7fffffff)), lc.i64Ty);
    return b.CreateIntToPtr(b.CreateOr(b.CreateShl(v, 1), b.getInt64(1)), lc.ptrTy);
  }
  case O::I31GetS:
  case O::I31GetU: {
    nullCheck(arg(0), W2N_TRAP_NULL_I31);
    llvm::Value *low = b.CreateTrunc(b.CreatePtrToInt(arg(0), lc.i64Ty), lc.i32Ty);
    return op == O::I31GetS ? b.CreateAShr(low, 1) : b.CreateLShr(low, 1);
  }
  default: // any.convert_extern / extern.convert_any: the same pointer. Every non-null externref
    // a compiled program sees is an externalized GC reference (neither WASI host creates any).
    return arg(0);
  }
}

void FunctionLowering::brOnOp(Opcode op, Ctrl &target, const GcImm &imm,
                              std::span<const Value> values) {
  llvm::Value *ref = values.back().v;
  llvm::Value *cond;
  switch (op) {
  case Opcode::BrOnNull:
    branchIf(target, b.CreateZExt(b.CreateIsNull(ref), lc.i32Ty), values.first(values.size() - 1));
    return;
  case Opcode::BrOnNonNull:
    cond = b.CreateIsNotNull(ref);
    break;
  case Opcode::BrOnCast:
    cond = castCheck(ref, imm.target);
    break;
  default: // br_on_cast_fail
    cond = b.CreateNot(castCheck(ref, imm.target));
    break;
  }
  branchIf(target, b.CreateZExt(cond, lc.i32Ty), values);
}

void FunctionLowering::callRefOp(TypeIndex type, llvm::Value *ref, std::span<const Value> args,
                                 std::span<Value> results) {
  nullCheck(ref, W2N_TRAP_NULL_FUNC);
  llvm::Value *code =
      lc.loadInvariant(b, lc.ptrTy, ref, VmctxLayout::kFuncrefCode, AccessKind::RuntimeObject);
  llvm::Value *calleeVmctx =
      lc.loadInvariant(b, lc.ptrTy, ref, VmctxLayout::kFuncrefVmctx, AccessKind::RuntimeObject);
  emitCall(lc.wasm.types[type.value], code, calleeVmctx, args, results, nullptr);
}

} // namespace w2n
