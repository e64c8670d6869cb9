// Fixed-width SIMD (Wasm 2.0) as LLVM vector IR. A v128 is stored as <4 x i32> and bitcast to the
// lane shape each instruction names (free in the backend). Saturating, pairwise, widening and
// narrowing operators are written as plain vector IR that the x86 and AArch64 backends match to
// their instructions; swizzle uses TBL on AArch64.
#include "compiler/lowering/function_lowering.h"

#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/IntrinsicsAArch64.h"
#include "llvm/IR/IntrinsicsX86.h"

#include <cstring>

namespace w2n {

namespace I = llvm::Intrinsic;

namespace {
// The lane shape from the mnemonic's prefix ("i16x8.add" -> 8 x i16).
struct Shape {
  unsigned bits = 32, lanes = 4;
  bool isFloat = false;
};

Shape shapeOf(Opcode op) {
  const char *name = opcodeName(op);
  Shape s;
  s.isFloat = name[0] == 'f';
  if (std::strncmp(name + 1, "8x16", 4) == 0)
    s.bits = 8, s.lanes = 16;
  else if (std::strncmp(name + 1, "16x8", 4) == 0)
    s.bits = 16, s.lanes = 8;
  else if (std::strncmp(name + 1, "64x2", 4) == 0)
    s.bits = 64, s.lanes = 2;
  return s;
}
} // namespace

llvm::Value *FunctionLowering::simdOp(Opcode op, llvm::Value *const *a) {
  Shape s = shapeOf(op);
  llvm::Type *elemTy = s.isFloat ? (s.bits == 32 ? lc.f32Ty : lc.f64Ty) : b.getIntNTy(s.bits);
  llvm::FixedVectorType *vt = llvm::FixedVectorType::get(elemTy, s.lanes);
  auto intVec = [&](unsigned bits, unsigned lanes) {
    return llvm::FixedVectorType::get(b.getIntNTy(bits), lanes);
  };
  llvm::FixedVectorType *it = intVec(s.bits, s.lanes); // same-width integer lanes
  auto as = [&](llvm::Value *v, llvm::Type *t = nullptr) { return b.CreateBitCast(v, t ? t : vt); };
  auto out = [&](llvm::Value *v) { return b.CreateBitCast(v, lc.v128Ty); };
  auto x = [&]() { return as(a[0]); };
  auto y = [&]() { return as(a[1]); };
  auto icmp = [&](llvm::CmpInst::Predicate p) {
    return out(b.CreateSExt(b.CreateICmp(p, x(), y()), it));
  };
  auto fcmp = [&](llvm::CmpInst::Predicate p) {
    return out(b.CreateSExt(b.CreateFCmp(p, x(), y()), it));
  };
  auto binIntrinsic = [&](I::ID id) { return out(b.CreateBinaryIntrinsic(id, x(), y())); };
  auto unIntrinsic = [&](I::ID id) { return out(b.CreateUnaryIntrinsic(id, x())); };
  // Lanes [first, first + n) of v.
  auto half = [&](llvm::Value *v, unsigned first, unsigned n) {
    std::vector<int> mask;
    for (unsigned i = 0; i < n; ++i)
      mask.push_back(static_cast<int>(first + i));
    return b.CreateShuffleVector(v, mask);
  };
  // Even or odd lanes of v.
  auto stride = [&](llvm::Value *v, unsigned first, unsigned n) {
    std::vector<int> mask;
    for (unsigned i = 0; i < n; ++i)
      mask.push_back(static_cast<int>(first + 2 * i));
    return b.CreateShuffleVector(v, mask);
  };
  auto ext = [&](llvm::Value *v, llvm::Type *t, bool isSigned) {
    return isSigned ? b.CreateSExt(v, t) : b.CreateZExt(v, t);
  };
  // The source shape of widening ops is the half-width integer shape: i16x8.extend_* reads i8x16.
  llvm::FixedVectorType *narrowTy = s.bits > 8 ? intVec(s.bits / 2, s.lanes * 2) : nullptr;
  auto extendHalf = [&](llvm::Value *v, bool high, bool isSigned) {
    llvm::Value *n = as(v, narrowTy);
    return ext(half(n, high ? s.lanes : 0, s.lanes), vt, isSigned);
  };
  auto extMul = [&](bool high, bool isSigned) {
    return out(b.CreateMul(extendHalf(a[0], high, isSigned), extendHalf(a[1], high, isSigned)));
  };
  auto extAddPairwise = [&](bool isSigned) {
    llvm::Value *n = as(a[0], narrowTy);
    return out(b.CreateAdd(ext(stride(n, 0, s.lanes), vt, isSigned),
                           ext(stride(n, 1, s.lanes), vt, isSigned)));
  };
  // Narrow two vectors of twice-wider lanes into this shape with saturation.
  auto narrow = [&](bool isSigned) {
    llvm::FixedVectorType *wide = intVec(s.bits * 2, s.lanes / 2);
    unsigned wideBits = s.bits * 2;
    llvm::APInt lo =
        isSigned ? llvm::APInt::getSignedMinValue(s.bits).sext(wideBits) : llvm::APInt(wideBits, 0);
    llvm::APInt hi = isSigned ? llvm::APInt::getSignedMaxValue(s.bits).sext(wideBits)
                              : llvm::APInt::getMaxValue(s.bits).zext(wideBits);
    auto sat = [&](llvm::Value *v) {
      v = b.CreateBinaryIntrinsic(I::smax, as(v, wide), llvm::ConstantInt::get(wide, lo));
      v = b.CreateBinaryIntrinsic(I::smin, v, llvm::ConstantInt::get(wide, hi));
      return b.CreateTrunc(v, intVec(s.bits, s.lanes / 2));
    };
    std::vector<int> mask;
    for (unsigned i = 0; i < s.lanes; ++i)
      mask.push_back(static_cast<int>(i));
    return out(b.CreateShuffleVector(sat(a[0]), sat(a[1]), mask));
  };
  auto shift = [&](llvm::Instruction::BinaryOps opc) {
    llvm::Value *count = b.CreateAnd(a[1], b.getInt32(s.bits - 1));
    count = b.CreateZExtOrTrunc(count, b.getIntNTy(s.bits));
    return out(b.CreateBinOp(opc, x(), b.CreateVectorSplat(s.lanes, count)));
  };
  auto splat = [&](llvm::Value *scalar) {
    if (!s.isFloat) scalar = b.CreateZExtOrTrunc(scalar, b.getIntNTy(s.bits));
    return out(b.CreateVectorSplat(s.lanes, scalar));
  };
  // Zero-extends a 2-lane result to 4 lanes with zeros (the "_zero" conversions).
  auto widenWithZeros = [&](llvm::Value *v) {
    return out(b.CreateShuffleVector(v, llvm::Constant::getNullValue(v->getType()), {0, 1, 2, 3}));
  };

  using P = llvm::CmpInst;
  switch (op) {
  // ---- splat ----
  case Opcode::I8x16Splat:
  case Opcode::I16x8Splat:
  case Opcode::I32x4Splat:
  case Opcode::I64x2Splat:
  case Opcode::F32x4Splat:
  case Opcode::F64x2Splat:
    return splat(a[0]);

  // ---- comparisons ----
  case Opcode::I8x16Eq:
  case Opcode::I16x8Eq:
  case Opcode::I32x4Eq:
  case Opcode::I64x2Eq:
    return icmp(P::ICMP_EQ);
  case Opcode::I8x16Ne:
  case Opcode::I16x8Ne:
  case Opcode::I32x4Ne:
  case Opcode::I64x2Ne:
    return icmp(P::ICMP_NE);
  case Opcode::I8x16LtS:
  case Opcode::I16x8LtS:
  case Opcode::I32x4LtS:
  case Opcode::I64x2LtS:
    return icmp(P::ICMP_SLT);
  case Opcode::I8x16LtU:
  case Opcode::I16x8LtU:
  case Opcode::I32x4LtU:
    return icmp(P::ICMP_ULT);
  case Opcode::I8x16GtS:
  case Opcode::I16x8GtS:
  case Opcode::I32x4GtS:
  case Opcode::I64x2GtS:
    return icmp(P::ICMP_SGT);
  case Opcode::I8x16GtU:
  case Opcode::I16x8GtU:
  case Opcode::I32x4GtU:
    return icmp(P::ICMP_UGT);
  case Opcode::I8x16LeS:
  case Opcode::I16x8LeS:
  case Opcode::I32x4LeS:
  case Opcode::I64x2LeS:
    return icmp(P::ICMP_SLE);
  case Opcode::I8x16LeU:
  case Opcode::I16x8LeU:
  case Opcode::I32x4LeU:
    return icmp(P::ICMP_ULE);
  case Opcode::I8x16GeS:
  case Opcode::I16x8GeS:
  case Opcode::I32x4GeS:
  case Opcode::I64x2GeS:
    return icmp(P::ICMP_SGE);
  case Opcode::I8x16GeU:
  case Opcode::I16x8GeU:
  case Opcode::I32x4GeU:
    return icmp(P::ICMP_UGE);
  case Opcode::F32x4Eq:
  case Opcode::F64x2Eq:
    return fcmp(P::FCMP_OEQ);
  case Opcode::F32x4Ne:
  case Opcode::F64x2Ne:
    return fcmp(P::FCMP_UNE);
  case Opcode::F32x4Lt:
  case Opcode::F64x2Lt:
    return fcmp(P::FCMP_OLT);
  case Opcode::F32x4Gt:
  case Opcode::F64x2Gt:
    return fcmp(P::FCMP_OGT);
  case Opcode::F32x4Le:
  case Opcode::F64x2Le:
    return fcmp(P::FCMP_OLE);
  case Opcode::F32x4Ge:
  case Opcode::F64x2Ge:
    return fcmp(P::FCMP_OGE);

  // ---- bitwise ----
  case Opcode::V128Not:
    return b.CreateNot(a[0]);
  case Opcode::V128And:
    return b.CreateAnd(a[0], a[1]);
  case Opcode::V128Andnot:
    return b.CreateAnd(a[0], b.CreateNot(a[1]));
  case Opcode::V128Or:
    return b.CreateOr(a[0], a[1]);
  case Opcode::V128Xor:
    return b.CreateXor(a[0], a[1]);
  case Opcode::V128Bitselect:
    return b.CreateOr(b.CreateAnd(a[0], a[2]), b.CreateAnd(a[1], b.CreateNot(a[2])));
  case Opcode::V128AnyTrue:
    return b.CreateZExt(b.CreateICmpNE(b.CreateBitCast(a[0], b.getInt128Ty()),
                                       llvm::ConstantInt::get(b.getInt128Ty(), 0)),
                        lc.i32Ty);

  // ---- integer lanes ----
  case Opcode::I8x16Abs:
  case Opcode::I16x8Abs:
  case Opcode::I32x4Abs:
  case Opcode::I64x2Abs:
    return out(b.CreateBinaryIntrinsic(I::abs, x(), b.getFalse()));
  case Opcode::I8x16Neg:
  case Opcode::I16x8Neg:
  case Opcode::I32x4Neg:
  case Opcode::I64x2Neg:
    return out(b.CreateNeg(x()));
  case Opcode::I8x16Popcnt:
    return unIntrinsic(I::ctpop);
  case Opcode::I8x16AllTrue:
  case Opcode::I16x8AllTrue:
  case Opcode::I32x4AllTrue:
  case Opcode::I64x2AllTrue:
    return b.CreateZExt(b.CreateAndReduce(b.CreateICmpNE(x(), llvm::Constant::getNullValue(vt))),
                        lc.i32Ty);
  case Opcode::I8x16Bitmask:
  case Opcode::I16x8Bitmask:
  case Opcode::I32x4Bitmask:
  case Opcode::I64x2Bitmask: {
    llvm::Value *negative = b.CreateICmpSLT(x(), llvm::Constant::getNullValue(vt));
    return b.CreateZExt(b.CreateBitCast(negative, b.getIntNTy(s.lanes)), lc.i32Ty);
  }
  case Opcode::I8x16NarrowI16x8S:
  case Opcode::I16x8NarrowI32x4S:
    return narrow(true);
  case Opcode::I8x16NarrowI16x8U:
  case Opcode::I16x8NarrowI32x4U:
    return narrow(false);
  case Opcode::I16x8ExtendLowI8x16S:
  case Opcode::I32x4ExtendLowI16x8S:
  case Opcode::I64x2ExtendLowI32x4S:
    return out(extendHalf(a[0], false, true));
  case Opcode::I16x8ExtendHighI8x16S:
  case Opcode::I32x4ExtendHighI16x8S:
  case Opcode::I64x2ExtendHighI32x4S:
    return out(extendHalf(a[0], true, true));
  case Opcode::I16x8ExtendLowI8x16U:
  case Opcode::I32x4ExtendLowI16x8U:
  case Opcode::I64x2ExtendLowI32x4U:
    return out(extendHalf(a[0], false, false));
  case Opcode::I16x8ExtendHighI8x16U:
  case Opcode::I32x4ExtendHighI16x8U:
  case Opcode::I64x2ExtendHighI32x4U:
    return out(extendHalf(a[0], true, false));
  case Opcode::I8x16Shl:
  case Opcode::I16x8Shl:
  case Opcode::I32x4Shl:
  case Opcode::I64x2Shl:
    return shift(llvm::Instruction::Shl);
  case Opcode::I8x16ShrS:
  case Opcode::I16x8ShrS:
  case Opcode::I32x4ShrS:
  case Opcode::I64x2ShrS:
    return shift(llvm::Instruction::AShr);
  case Opcode::I8x16ShrU:
  case Opcode::I16x8ShrU:
  case Opcode::I32x4ShrU:
  case Opcode::I64x2ShrU:
    return shift(llvm::Instruction::LShr);
  case Opcode::I8x16Add:
  case Opcode::I16x8Add:
  case Opcode::I32x4Add:
  case Opcode::I64x2Add:
    return out(b.CreateAdd(x(), y()));
  case Opcode::I8x16Sub:
  case Opcode::I16x8Sub:
  case Opcode::I32x4Sub:
  case Opcode::I64x2Sub:
    return out(b.CreateSub(x(), y()));
  case Opcode::I16x8Mul:
  case Opcode::I32x4Mul:
  case Opcode::I64x2Mul:
    return out(b.CreateMul(x(), y()));
  case Opcode::I8x16AddSatS:
  case Opcode::I16x8AddSatS:
    return binIntrinsic(I::sadd_sat);
  case Opcode::I8x16AddSatU:
  case Opcode::I16x8AddSatU:
    return binIntrinsic(I::uadd_sat);
  case Opcode::I8x16SubSatS:
  case Opcode::I16x8SubSatS:
    return binIntrinsic(I::ssub_sat);
  case Opcode::I8x16SubSatU:
  case Opcode::I16x8SubSatU:
    return binIntrinsic(I::usub_sat);
  case Opcode::I8x16MinS:
  case Opcode::I16x8MinS:
  case Opcode::I32x4MinS:
    return binIntrinsic(I::smin);
  case Opcode::I8x16MinU:
  case Opcode::I16x8MinU:
  case Opcode::I32x4MinU:
    return binIntrinsic(I::umin);
  case Opcode::I8x16MaxS:
  case Opcode::I16x8MaxS:
  case Opcode::I32x4MaxS:
    return binIntrinsic(I::smax);
  case Opcode::I8x16MaxU:
  case Opcode::I16x8MaxU:
  case Opcode::I32x4MaxU:
    return binIntrinsic(I::umax);
  case Opcode::I8x16AvgrU:
  case Opcode::I16x8AvgrU: {
    llvm::FixedVectorType *wide = intVec(s.bits * 2, s.lanes);
    llvm::Value *sum = b.CreateAdd(b.CreateZExt(x(), wide), b.CreateZExt(y(), wide));
    sum = b.CreateAdd(sum, llvm::ConstantInt::get(wide, 1));
    return out(b.CreateTrunc(b.CreateLShr(sum, llvm::ConstantInt::get(wide, 1)), vt));
  }
  case Opcode::I16x8ExtaddPairwiseI8x16S:
  case Opcode::I32x4ExtaddPairwiseI16x8S:
    return extAddPairwise(true);
  case Opcode::I16x8ExtaddPairwiseI8x16U:
  case Opcode::I32x4ExtaddPairwiseI16x8U:
    return extAddPairwise(false);
  case Opcode::I16x8Q15mulrSatS: {
    llvm::FixedVectorType *wide = intVec(32, 8);
    llvm::Value *p = b.CreateMul(b.CreateSExt(x(), wide), b.CreateSExt(y(), wide));
    p = b.CreateAShr(b.CreateAdd(p, llvm::ConstantInt::get(wide, 0x4000)),
                     llvm::ConstantInt::get(wide, 15));
    p = b.CreateBinaryIntrinsic(I::smin, p, llvm::ConstantInt::get(wide, 0x7fff));
    return out(b.CreateTrunc(p, vt));
  }
  case Opcode::I32x4DotI16x8S: {
    llvm::FixedVectorType *wide = intVec(32, 8);
    llvm::Value *n = as(a[0], narrowTy), *m = as(a[1], narrowTy);
    llvm::Value *p = b.CreateMul(b.CreateSExt(n, wide), b.CreateSExt(m, wide));
    return out(b.CreateAdd(stride(p, 0, 4), stride(p, 1, 4)));
  }
  case Opcode::I16x8ExtmulLowI8x16S:
  case Opcode::I32x4ExtmulLowI16x8S:
  case Opcode::I64x2ExtmulLowI32x4S:
    return extMul(false, true);
  case Opcode::I16x8ExtmulHighI8x16S:
  case Opcode::I32x4ExtmulHighI16x8S:
  case Opcode::I64x2ExtmulHighI32x4S:
    return extMul(true, true);
  case Opcode::I16x8ExtmulLowI8x16U:
  case Opcode::I32x4ExtmulLowI16x8U:
  case Opcode::I64x2ExtmulLowI32x4U:
    return extMul(false, false);
  case Opcode::I16x8ExtmulHighI8x16U:
  case Opcode::I32x4ExtmulHighI16x8U:
  case Opcode::I64x2ExtmulHighI32x4U:
    return extMul(true, false);
  case Opcode::I8x16Swizzle: {
    llvm::FixedVectorType *bytes = intVec(8, 16);
    llvm::Value *table = as(a[0], bytes), *idx = as(a[1], bytes);
    if (lc.isAArch64) // TBL yields 0 for indices >= 16, as Wasm wants
      return out(b.CreateIntrinsic(I::aarch64_neon_tbl1, {bytes}, {table, idx}));
    // Lane-wise variable extracts, which the x86 backend turns into PSHUFB (SSSE3). Indices
    // >= 16 extract poison, which the final select replaces with 0.
    llvm::Value *r = llvm::PoisonValue::get(bytes);
    for (unsigned i = 0; i < 16; ++i) {
      llvm::Value *j = b.CreateZExt(b.CreateExtractElement(idx, uint64_t(i)), lc.i64Ty);
      r = b.CreateInsertElement(r, b.CreateExtractElement(table, j), uint64_t(i));
    }
    llvm::Value *inRange = b.CreateICmpULT(idx, llvm::ConstantInt::get(bytes, 16));
    return out(b.CreateSelect(inRange, r, llvm::Constant::getNullValue(bytes)));
  }

  // ---- float lanes ----
  case Opcode::F32x4Ceil:
  case Opcode::F64x2Ceil:
    return unIntrinsic(I::ceil);
  case Opcode::F32x4Floor:
  case Opcode::F64x2Floor:
    return unIntrinsic(I::floor);
  case Opcode::F32x4Trunc:
  case Opcode::F64x2Trunc:
    return unIntrinsic(I::trunc);
  case Opcode::F32x4Nearest:
  case Opcode::F64x2Nearest:
    return unIntrinsic(I::roundeven);
  case Opcode::F32x4Abs:
  case Opcode::F64x2Abs:
    return unIntrinsic(I::fabs);
  case Opcode::F32x4Neg:
  case Opcode::F64x2Neg:
    return out(b.CreateFNeg(x()));
  case Opcode::F32x4Sqrt:
  case Opcode::F64x2Sqrt:
    return unIntrinsic(I::sqrt);
  case Opcode::F32x4Add:
  case Opcode::F64x2Add:
    return out(floatArith(llvm::Instruction::FAdd, x(), y()));
  case Opcode::F32x4Sub:
  case Opcode::F64x2Sub:
    return out(floatArith(llvm::Instruction::FSub, x(), y()));
  case Opcode::F32x4Mul:
  case Opcode::F64x2Mul:
    return out(floatArith(llvm::Instruction::FMul, x(), y()));
  case Opcode::F32x4Div:
  case Opcode::F64x2Div:
    return out(floatArith(llvm::Instruction::FDiv, x(), y()));
  case Opcode::F32x4Min:
  case Opcode::F64x2Min:
    return out(floatMinMax(x(), y(), true));
  case Opcode::F32x4Max:
  case Opcode::F64x2Max:
    return out(floatMinMax(x(), y(), false));
  case Opcode::F32x4Pmin:
  case Opcode::F64x2Pmin: { // b < a ? b : a
    llvm::Value *p = x(), *q = y();
    return out(b.CreateSelect(b.CreateFCmpOLT(q, p), q, p));
  }
  case Opcode::F32x4Pmax:
  case Opcode::F64x2Pmax: { // a < b ? b : a
    llvm::Value *p = x(), *q = y();
    return out(b.CreateSelect(b.CreateFCmpOLT(p, q), q, p));
  }

  // ---- conversions ----
  case Opcode::I32x4TruncSatF32x4S:
  case Opcode::I32x4TruncSatF32x4U: {
    bool isSigned = op == Opcode::I32x4TruncSatF32x4S;
    auto *f32x4 = llvm::FixedVectorType::get(lc.f32Ty, 4);
    if (lc.isX86) return truncSatF32x4X86(as(a[0], f32x4), isSigned);
    return b.CreateIntrinsic(isSigned ? I::fptosi_sat : I::fptoui_sat, {lc.v128Ty, f32x4},
                             {as(a[0], f32x4)});
  }
  case Opcode::F32x4ConvertI32x4S:
    return out(b.CreateSIToFP(a[0], vt));
  case Opcode::F32x4ConvertI32x4U:
    return out(b.CreateUIToFP(a[0], vt));
  case Opcode::I32x4TruncSatF64x2SZero:
  case Opcode::I32x4TruncSatF64x2UZero: {
    bool isSigned = op == Opcode::I32x4TruncSatF64x2SZero;
    auto *f64x2 = llvm::FixedVectorType::get(lc.f64Ty, 2);
    llvm::Value *v = as(a[0], f64x2);
    if (!lc.isX86)
      return widenWithZeros(
          b.CreateIntrinsic(isSigned ? I::fptosi_sat : I::fptoui_sat, {intVec(32, 2), f64x2}, {v}));
    // Every i32 is a double: clamp (NaN to 0), then the conversion is exact and in range.
    auto splat = [&](double d) { return llvm::ConstantFP::get(f64x2, d); };
    v = b.CreateSelect(b.CreateFCmpORD(v, v), v, splat(0));
    llvm::Value *lo = splat(isSigned ? -2147483648.0 : 0.0);
    llvm::Value *hi = splat(isSigned ? 2147483647.0 : 4294967295.0);
    v = b.CreateSelect(b.CreateFCmpOLT(v, lo), lo, v);
    v = b.CreateSelect(b.CreateFCmpOGT(v, hi), hi, v);
    return widenWithZeros(isSigned ? b.CreateFPToSI(v, intVec(32, 2))
                                   : b.CreateFPToUI(v, intVec(32, 2)));
  }
  case Opcode::F64x2ConvertLowI32x4S:
    return out(b.CreateSIToFP(half(a[0], 0, 2), vt));
  case Opcode::F64x2ConvertLowI32x4U:
    return out(b.CreateUIToFP(half(a[0], 0, 2), vt));
  case Opcode::F32x4DemoteF64x2Zero: {
    auto *f64x2 = llvm::FixedVectorType::get(lc.f64Ty, 2);
    return widenWithZeros(
        b.CreateFPTrunc(as(a[0], f64x2), llvm::FixedVectorType::get(lc.f32Ty, 2)));
  }
  case Opcode::F64x2PromoteLowF32x4: {
    auto *f32x4 = llvm::FixedVectorType::get(lc.f32Ty, 4);
    return out(b.CreateFPExt(half(as(a[0], f32x4), 0, 2), vt));
  }
  default:
    llvm_unreachable("opcode is not a simple operator");
  }
}

llvm::Value *FunctionLowering::truncSatF32x4X86(llvm::Value *x, bool isSigned) {
  // CVTTPS2DQ gives INT_MIN for NaN and out-of-range lanes; fix those lanes up around it.
  auto *f32x4 = llvm::cast<llvm::FixedVectorType>(x->getType());
  auto splatF = [&](float f) { return llvm::ConstantFP::get(f32x4, f); };
  auto splatI = [&](uint32_t v) { return llvm::ConstantInt::get(lc.v128Ty, v); };
  auto cvtt = [&](llvm::Value *v) { return b.CreateIntrinsic(I::x86_sse2_cvttps2dq, {}, {v}); };
  llvm::Value *two31 = splatF(2147483648.0f);
  if (isSigned) {
    llvm::Value *v = b.CreateSelect(b.CreateFCmpORD(x, x), x, splatF(0)); // NaN -> 0
    return b.CreateSelect(b.CreateFCmpOGE(v, two31), splatI(INT32_MAX), cvtt(v));
  }
  llvm::Value *v = b.CreateSelect(b.CreateFCmpOGT(x, splatF(0)), x, splatF(0)); // NaN, < 0 -> 0
  llvm::Value *low = cvtt(v);                                                   // v < 2^31
  llvm::Value *high = b.CreateXor(cvtt(b.CreateFSub(v, two31)), splatI(0x80000000u));
  llvm::Value *r = b.CreateSelect(b.CreateFCmpOGE(v, two31), high, low);
  return b.CreateSelect(b.CreateFCmpOGE(v, splatF(4294967296.0f)), splatI(UINT32_MAX), r);
}

llvm::Value *FunctionLowering::simdLane(Opcode op, uint8_t lane, std::span<const Value> args) {
  Shape s = shapeOf(op);
  llvm::Type *elemTy = s.isFloat ? (s.bits == 32 ? lc.f32Ty : lc.f64Ty) : b.getIntNTy(s.bits);
  llvm::Value *v = b.CreateBitCast(args[0].v, llvm::FixedVectorType::get(elemTy, s.lanes));
  switch (op) {
  case Opcode::I8x16ExtractLaneS:
  case Opcode::I16x8ExtractLaneS:
    return b.CreateSExt(b.CreateExtractElement(v, uint64_t(lane)), lc.i32Ty);
  case Opcode::I8x16ExtractLaneU:
  case Opcode::I16x8ExtractLaneU:
    return b.CreateZExt(b.CreateExtractElement(v, uint64_t(lane)), lc.i32Ty);
  case Opcode::I32x4ExtractLane:
  case Opcode::I64x2ExtractLane:
  case Opcode::F32x4ExtractLane:
  case Opcode::F64x2ExtractLane:
    return b.CreateExtractElement(v, uint64_t(lane));
  default: { // replace_lane
    llvm::Value *scalar = args[1].v;
    if (!s.isFloat) scalar = b.CreateZExtOrTrunc(scalar, elemTy);
    return b.CreateBitCast(b.CreateInsertElement(v, scalar, uint64_t(lane)), lc.v128Ty);
  }
  }
}

llvm::Value *FunctionLowering::shuffle(const uint8_t *lanes, llvm::Value *a, llvm::Value *c) {
  auto *bytes = llvm::FixedVectorType::get(lc.i8Ty, 16);
  std::vector<int> mask(lanes, lanes + 16);
  return b.CreateBitCast(
      b.CreateShuffleVector(b.CreateBitCast(a, bytes), b.CreateBitCast(c, bytes), mask), lc.v128Ty);
}

} // namespace w2n
