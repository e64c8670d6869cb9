// Linear memory: loads and stores (scalar, extending, SIMD splat/zero/extend/lane) as
// `mem_base + zext(addr) + offset` with no bounds check — the runtime reserves enough guard space
// that every such address faults when out of bounds — and memory.size/grow/init/copy/fill and
// data.drop through the runtime. A 64-bit memory (memory64, inside components) has no guard
// region that covers every address: its accesses are checked against the current size.
#include "compiler/frontend/opcode_info.h"
#include "compiler/lowering/function_lowering.h"

namespace w2n {

bool FunctionLowering::is64(MemoryIndex m) const { return lc.wasm.memories[m.value].is64; }

llvm::Value *FunctionLowering::address(const MemArg &m, llvm::Value *addr) {
  if (is64(m.memory)) {
    // [addr + offset, + access size) must lie within the memory; the sum must not wrap.
    uint64_t access = uint64_t(1) << opInfo(op_).maxAlignLog2;
    llvm::Value *oob;
    if (m.offset > UINT64_MAX - access) {
      oob = b.getTrue();
    } else {
      llvm::Value *sum = b.CreateBinaryIntrinsic(llvm::Intrinsic::uadd_with_overflow, addr,
                                                 b.getInt64(m.offset + access));
      llvm::Value *size = lc.load(b, lc.i64Ty, memoryObject(m.memory), VmctxLayout::kMemorySize,
                                  AccessKind::RuntimeObject);
      oob = b.CreateOr(b.CreateExtractValue(sum, 1),
                       b.CreateICmpUGT(b.CreateExtractValue(sum, 0), size));
    }
    trapIf(oob, W2N_TRAP_MEMORY_OOB);
    llvm::Value *index = m.offset ? b.CreateAdd(addr, b.getInt64(m.offset)) : addr;
    return b.CreateInBoundsGEP(lc.i8Ty, memBase(m.memory), index);
  }
  llvm::Value *index = b.CreateZExt(addr, lc.i64Ty);
  if (m.offset)
    index = b.CreateAdd(index, b.getInt64(m.offset), "", /*HasNUW=*/true, /*HasNSW=*/true);
  return b.CreateInBoundsGEP(lc.i8Ty, memBase(m.memory), index);
}

llvm::Value *FunctionLowering::memLoad(llvm::Type *type, llvm::Value *ptr) {
  llvm::LoadInst *l = b.CreateAlignedLoad(type, ptr, llvm::Align(1));
  lc.tag(l, AccessKind::LinearMemory);
  return l;
}

void FunctionLowering::memStore(llvm::Value *v, llvm::Value *ptr) {
  llvm::StoreInst *s = b.CreateAlignedStore(v, ptr, llvm::Align(1));
  lc.tag(s, AccessKind::LinearMemory);
}

static llvm::FixedVectorType *vecTy(llvm::Type *elem, unsigned n) {
  return llvm::FixedVectorType::get(elem, n);
}

llvm::Value *FunctionLowering::loadOp(Opcode op, const MemArg &m, llvm::Value *addr) {
  llvm::Value *p = address(m, addr);
  llvm::Type *i8 = lc.i8Ty, *i16 = lc.i16Ty, *i32 = lc.i32Ty, *i64 = lc.i64Ty;
  auto toV128 = [&](llvm::Value *v) { return b.CreateBitCast(v, lc.v128Ty); };
  auto splat = [&](llvm::Type *t, unsigned n) {
    return toV128(b.CreateVectorSplat(n, memLoad(t, p)));
  };
  auto zeroExtended = [&](llvm::Type *t, unsigned n) {
    llvm::Value *zero = llvm::Constant::getNullValue(vecTy(t, n));
    return toV128(b.CreateInsertElement(zero, memLoad(t, p), uint64_t(0)));
  };
  auto extendLoad = [&](llvm::Type *from, llvm::Type *to, bool isSigned) {
    llvm::Value *v = memLoad(vecTy(from, 64 / from->getIntegerBitWidth()), p);
    auto *wide = vecTy(to, 64 / from->getIntegerBitWidth());
    return toV128(isSigned ? b.CreateSExt(v, wide) : b.CreateZExt(v, wide));
  };
  switch (op) {
  case Opcode::I32Load:
    return memLoad(i32, p);
  case Opcode::I64Load:
    return memLoad(i64, p);
  case Opcode::F32Load:
    return memLoad(lc.f32Ty, p);
  case Opcode::F64Load:
    return memLoad(lc.f64Ty, p);
  case Opcode::I32Load8S:
    return b.CreateSExt(memLoad(i8, p), i32);
  case Opcode::I32Load8U:
    return b.CreateZExt(memLoad(i8, p), i32);
  case Opcode::I32Load16S:
    return b.CreateSExt(memLoad(i16, p), i32);
  case Opcode::I32Load16U:
    return b.CreateZExt(memLoad(i16, p), i32);
  case Opcode::I64Load8S:
    return b.CreateSExt(memLoad(i8, p), i64);
  case Opcode::I64Load8U:
    return b.CreateZExt(memLoad(i8, p), i64);
  case Opcode::I64Load16S:
    return b.CreateSExt(memLoad(i16, p), i64);
  case Opcode::I64Load16U:
    return b.CreateZExt(memLoad(i16, p), i64);
  case Opcode::I64Load32S:
    return b.CreateSExt(memLoad(i32, p), i64);
  case Opcode::I64Load32U:
    return b.CreateZExt(memLoad(i32, p), i64);
  case Opcode::V128Load:
    return memLoad(lc.v128Ty, p);
  case Opcode::V128Load8x8S:
    return extendLoad(i8, i16, true);
  case Opcode::V128Load8x8U:
    return extendLoad(i8, i16, false);
  case Opcode::V128Load16x4S:
    return extendLoad(i16, i32, true);
  case Opcode::V128Load16x4U:
    return extendLoad(i16, i32, false);
  case Opcode::V128Load32x2S:
    return extendLoad(i32, i64, true);
  case Opcode::V128Load32x2U:
    return extendLoad(i32, i64, false);
  case Opcode::V128Load8Splat:
    return splat(i8, 16);
  case Opcode::V128Load16Splat:
    return splat(i16, 8);
  case Opcode::V128Load32Splat:
    return splat(i32, 4);
  case Opcode::V128Load64Splat:
    return splat(i64, 2);
  case Opcode::V128Load32Zero:
    return zeroExtended(i32, 4);
  case Opcode::V128Load64Zero:
    return zeroExtended(i64, 2);
  default:
    llvm_unreachable("not a load");
  }
}

void FunctionLowering::storeOp(Opcode op, const MemArg &m, llvm::Value *addr, llvm::Value *v) {
  llvm::Value *p = address(m, addr);
  switch (op) {
  case Opcode::I32Store8:
  case Opcode::I64Store8:
    v = b.CreateTrunc(v, lc.i8Ty);
    break;
  case Opcode::I32Store16:
  case Opcode::I64Store16:
    v = b.CreateTrunc(v, lc.i16Ty);
    break;
  case Opcode::I64Store32:
    v = b.CreateTrunc(v, lc.i32Ty);
    break;
  default: // full-width stores of i32, i64, f32, f64, v128
    break;
  }
  memStore(v, p);
}

// The lane shape of v128.loadN_lane / storeN_lane.
static unsigned laneBits(Opcode op) {
  switch (op) {
  case Opcode::V128Load8Lane:
  case Opcode::V128Store8Lane:
    return 8;
  case Opcode::V128Load16Lane:
  case Opcode::V128Store16Lane:
    return 16;
  case Opcode::V128Load32Lane:
  case Opcode::V128Store32Lane:
    return 32;
  default:
    return 64;
  }
}

llvm::Value *FunctionLowering::loadLaneOp(Opcode op, const MemArg &m, uint8_t lane,
                                          llvm::Value *addr, llvm::Value *vec) {
  unsigned bits = laneBits(op);
  llvm::Type *elem = b.getIntNTy(bits);
  llvm::Value *v = memLoad(elem, address(m, addr));
  llvm::Value *lanes = b.CreateBitCast(vec, vecTy(elem, 128 / bits));
  return b.CreateBitCast(b.CreateInsertElement(lanes, v, uint64_t(lane)), lc.v128Ty);
}

void FunctionLowering::storeLaneOp(Opcode op, const MemArg &m, uint8_t lane, llvm::Value *addr,
                                   llvm::Value *vec) {
  unsigned bits = laneBits(op);
  llvm::Type *elem = b.getIntNTy(bits);
  llvm::Value *p = address(m, addr);
  llvm::Value *lanes = b.CreateBitCast(vec, vecTy(elem, 128 / bits));
  memStore(b.CreateExtractElement(lanes, uint64_t(lane)), p);
}

llvm::Value *FunctionLowering::memoryObject(MemoryIndex m) {
  return lc.loadInvariant(b, lc.ptrTy, vmctx_, lc.layout.memories[m.value]);
}

llvm::Value *FunctionLowering::memorySizeOp(MemoryIndex m) {
  llvm::Value *bytes =
      lc.load(b, lc.i64Ty, memoryObject(m), VmctxLayout::kMemorySize, AccessKind::RuntimeObject);
  llvm::Value *pages = b.CreateLShr(bytes, 16);
  return is64(m) ? pages : b.CreateTrunc(pages, lc.i32Ty);
}

llvm::Value *FunctionLowering::memoryGrowOp(MemoryIndex m, llvm::Value *pages) {
  if (is64(m))
    return b.CreateCall(runtimeCall("__w2n_memory64_grow", lc.i64Ty, {lc.ptrTy, lc.i64Ty}),
                        {memoryObject(m), pages});
  return b.CreateCall(lc.runtime(RuntimeFn::MemoryGrow), {memoryObject(m), pages});
}

void FunctionLowering::memoryInitOp(DataIndex d, MemoryIndex m, llvm::Value *dst, llvm::Value *src,
                                    llvm::Value *len) {
  llvm::Value *segLen =
      lc.load(b, lc.i32Ty, vmctx_, lc.layout.dataLengths[d.value], AccessKind::VmctxField);
  if (is64(m)) { // inline: both ranges checked, then a copy
    llvm::Value *srcEnd = b.CreateAdd(b.CreateZExt(src, lc.i64Ty), b.CreateZExt(len, lc.i64Ty));
    trapIf(b.CreateOr(b.CreateICmpUGT(srcEnd, b.CreateZExt(segLen, lc.i64Ty)),
                      checkedRange(m, dst, len)),
           W2N_TRAP_MEMORY_OOB);
    llvm::Value *from =
        b.CreateInBoundsGEP(lc.i8Ty, lc.dataBytes(d.value), b.CreateZExt(src, lc.i64Ty));
    lc.tag(b.CreateMemMove(b.CreateInBoundsGEP(lc.i8Ty, memBase(m), dst), llvm::MaybeAlign(1), from,
                           llvm::MaybeAlign(1), b.CreateZExt(len, lc.i64Ty)),
           AccessKind::LinearMemory);
    return;
  }
  b.CreateCall(lc.runtime(RuntimeFn::MemoryInit),
               {memoryObject(m), dst, lc.dataBytes(d.value), segLen, src, len});
}

void FunctionLowering::dataDropOp(DataIndex d) {
  lc.store(b, b.getInt32(0), vmctx_, lc.layout.dataLengths[d.value], AccessKind::VmctxField);
}

// memory.copy and memory.fill are inline: a bounds check against the current size (nothing is
// written when it fails), then llvm.memmove/memset, which LLVM expands for small constant
// lengths and otherwise calls the runtime's memmove/memset.
llvm::Value *FunctionLowering::checkedRange(MemoryIndex m, llvm::Value *start, llvm::Value *len) {
  llvm::Value *size =
      lc.load(b, lc.i64Ty, memoryObject(m), VmctxLayout::kMemorySize, AccessKind::RuntimeObject);
  // Operands of 64-bit memories are i64 already, and their sum may wrap.
  llvm::Value *sum =
      b.CreateBinaryIntrinsic(llvm::Intrinsic::uadd_with_overflow, b.CreateZExt(start, lc.i64Ty),
                              b.CreateZExt(len, lc.i64Ty));
  return b.CreateOr(b.CreateExtractValue(sum, 1),
                    b.CreateICmpUGT(b.CreateExtractValue(sum, 0), size));
}

void FunctionLowering::memoryCopyOp(MemoryIndex dm, MemoryIndex sm, llvm::Value *dst,
                                    llvm::Value *src, llvm::Value *len) {
  trapIf(b.CreateOr(checkedRange(dm, dst, len), checkedRange(sm, src, len)), W2N_TRAP_MEMORY_OOB);
  auto at = [&](MemoryIndex m, llvm::Value *offset) {
    return b.CreateInBoundsGEP(lc.i8Ty, memBase(m), b.CreateZExt(offset, lc.i64Ty));
  };
  lc.tag(b.CreateMemMove(at(dm, dst), llvm::MaybeAlign(1), at(sm, src), llvm::MaybeAlign(1),
                         b.CreateZExt(len, lc.i64Ty)),
         AccessKind::LinearMemory);
}

void FunctionLowering::memoryFillOp(MemoryIndex m, llvm::Value *dst, llvm::Value *val,
                                    llvm::Value *len) {
  trapIf(checkedRange(m, dst, len), W2N_TRAP_MEMORY_OOB);
  llvm::Value *p = b.CreateInBoundsGEP(lc.i8Ty, memBase(m), b.CreateZExt(dst, lc.i64Ty));
  lc.tag(b.CreateMemSet(p, b.CreateTrunc(val, lc.i8Ty), b.CreateZExt(len, lc.i64Ty),
                        llvm::MaybeAlign(1)),
         AccessKind::LinearMemory);
}

} // namespace w2n
