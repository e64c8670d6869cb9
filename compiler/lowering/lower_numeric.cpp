// Scalar numeric operators with exact Wasm semantics: trapping division and float-to-int
// conversions, masked shifts, NaN-propagating min/max with -0 < +0, quiet NaN results where LLVM
// would fold an arithmetic identity, bitwise abs/neg/copysign.
#include "compiler/lowering/function_lowering.h"

#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/IntrinsicsX86.h"

#include <cmath>

namespace w2n {

namespace I = llvm::Intrinsic;

llvm::Value *FunctionLowering::simple(Opcode op, std::span<const Value> args) {
  llvm::Value *a[3] = {};
  for (size_t i = 0; i < args.size() && i < 3; ++i)
    a[i] = args[i].v;
  if (llvm::Value *v = scalarOp(op, a)) return v;
  return simdOp(op, a);
}

llvm::Value *FunctionLowering::intDivRem(Opcode op, llvm::Value *x, llvm::Value *y) {
  llvm::Type *t = x->getType();
  llvm::Value *zero = llvm::ConstantInt::get(t, 0);
  llvm::Value *minusOne = llvm::ConstantInt::getSigned(t, -1);
  trapIf(b.CreateICmpEQ(y, zero), W2N_TRAP_INT_DIV_ZERO);
  auto *constY = llvm::dyn_cast<llvm::ConstantInt>(y);
  switch (op) {
  case Opcode::I32DivU:
  case Opcode::I64DivU:
    return b.CreateUDiv(x, y);
  case Opcode::I32RemU:
  case Opcode::I64RemU:
    return b.CreateURem(x, y);
  case Opcode::I32DivS:
  case Opcode::I64DivS:
    if (!constY || constY->isMinusOne()) {
      llvm::Value *min =
          llvm::ConstantInt::get(t, llvm::APInt::getSignedMinValue(t->getIntegerBitWidth()));
      trapIf(b.CreateAnd(b.CreateICmpEQ(x, min), b.CreateICmpEQ(y, minusOne)),
             W2N_TRAP_INT_OVERFLOW);
    }
    return b.CreateSDiv(x, y);
  default: // I32RemS, I64RemS: INT_MIN rem -1 is 0, which is also x rem 1.
    if (!constY || constY->isMinusOne())
      y = b.CreateSelect(b.CreateICmpEQ(y, minusOne), llvm::ConstantInt::get(t, 1), y);
    return b.CreateSRem(x, y);
  }
}

llvm::Value *FunctionLowering::truncTrapping(llvm::Value *x, llvm::Type *to, bool isSigned) {
  // In range iff lo < x (or lo <= x) and x < hi, for the exact bounds of the integer range;
  // values in between truncate towards zero into the range.
  unsigned bits = to->getIntegerBitWidth();
  bool isF32 = x->getType()->isFloatTy();
  double hi = isSigned ? std::ldexp(1.0, bits - 1) : std::ldexp(1.0, bits);
  double lo;
  bool loInclusive;
  if (!isSigned) {
    lo = -1.0, loInclusive = false;
  } else if (bits == 32 && !isF32) {
    lo = -std::ldexp(1.0, 31) - 1.0, loInclusive = false;
  } else {
    lo = -std::ldexp(1.0, bits - 1), loInclusive = true; // -2^(N-1)-1 rounds to -2^(N-1)
  }
  llvm::Value *loC = llvm::ConstantFP::get(x->getType(), lo);
  llvm::Value *hiC = llvm::ConstantFP::get(x->getType(), hi);
  llvm::Value *aboveLo = loInclusive ? b.CreateFCmpOGE(x, loC) : b.CreateFCmpOGT(x, loC);
  llvm::Value *inRange = b.CreateAnd(aboveLo, b.CreateFCmpOLT(x, hiC)); // false for NaN
  llvm::BasicBlock *trap = llvm::BasicBlock::Create(lc.ctx, "trap.conv", fn_);
  llvm::BasicBlock *cont = llvm::BasicBlock::Create(lc.ctx, "", fn_);
  b.CreateCondBr(inRange, cont, trap, lc.likely());
  b.SetInsertPoint(trap);
  llvm::Value *code = b.CreateSelect(b.CreateFCmpUNO(x, x), b.getInt32(W2N_TRAP_BAD_CONVERSION),
                                     b.getInt32(W2N_TRAP_INT_OVERFLOW));
  b.CreateCall(lc.runtime(RuntimeFn::Trap), {code})->setDoesNotReturn();
  b.CreateUnreachable();
  b.SetInsertPoint(cont);
  return isSigned ? b.CreateFPToSI(x, to) : b.CreateFPToUI(x, to);
}

llvm::Value *FunctionLowering::floatMinMax(llvm::Value *x, llvm::Value *y, bool isMin) {
  if (!lc.isX86) // AArch64 FMIN/FMAX implement Wasm's rules exactly, NaN results quiet
    return b.CreateBinaryIntrinsic(isMin ? I::minimum : I::maximum, x, y);
  // x86 MINSS/MAXSS return the second operand for NaNs and equal operands. Taking it both ways
  // round and combining the bits gives -0 < +0 (OR for min, AND for max); NaNs are quieted and
  // propagated by x + y. Branch-free, unlike LLVM's expansion of llvm.minimum.
  llvm::Type *t = x->getType();
  auto pick = [&](llvm::Value *p, llvm::Value *q) -> llvm::Value * {
    if (t->isVectorTy()) { // the backend does not always match the select form for vectors
      bool f32 = t->getScalarType()->isFloatTy();
      I::ID id = isMin ? (f32 ? I::x86_sse_min_ps : I::x86_sse2_min_pd)
                       : (f32 ? I::x86_sse_max_ps : I::x86_sse2_max_pd);
      return b.CreateIntrinsic(id, {}, {p, q});
    }
    return b.CreateSelect(isMin ? b.CreateFCmpOLT(p, q) : b.CreateFCmpOGT(p, q), p, q);
  };
  llvm::Type *intTy =
      t->isVectorTy()
          ? static_cast<llvm::Type *>(llvm::VectorType::getInteger(llvm::cast<llvm::VectorType>(t)))
          : b.getIntNTy(t->getPrimitiveSizeInBits());
  llvm::Value *r1 = b.CreateBitCast(pick(x, y), intTy);
  llvm::Value *r2 = b.CreateBitCast(pick(y, x), intTy);
  llvm::Value *r = b.CreateBitCast(isMin ? b.CreateOr(r1, r2) : b.CreateAnd(r1, r2), t);
  return b.CreateSelect(b.CreateFCmpUNO(x, y), b.CreateFAdd(x, y), r);
}

static bool isFPConst(llvm::Value *v, double value) {
  auto *c = llvm::dyn_cast<llvm::Constant>(v);
  if (!c) return false;
  if (c->getType()->isVectorTy()) c = c->getSplatValue();
  auto *fp = llvm::dyn_cast_or_null<llvm::ConstantFP>(c);
  if (!fp) return false;
  const llvm::APFloat &f = fp->getValueAPF();
  if (value == 0.0) return f.isZero() && f.isNegative() == std::signbit(value);
  return !f.isNaN() && f.convertToDouble() == value;
}

llvm::Value *FunctionLowering::floatArith(llvm::Instruction::BinaryOps op, llvm::Value *x,
                                          llvm::Value *y) {
  llvm::Value *r = b.CreateBinOp(op, x, y);
  // LLVM folds x+(-0), x-0, -0-x, x*±1 and x/±1 to x or -x even when x is a signaling NaN,
  // where Wasm wants a quiet NaN: quiet the result in exactly those cases.
  bool foldable = false;
  switch (op) {
  case llvm::Instruction::FAdd:
    foldable = isFPConst(x, -0.0) || isFPConst(y, -0.0);
    break;
  case llvm::Instruction::FSub:
    foldable = isFPConst(y, 0.0) || isFPConst(x, -0.0);
    break;
  case llvm::Instruction::FMul:
    foldable = isFPConst(x, 1.0) || isFPConst(y, 1.0) || isFPConst(x, -1.0) || isFPConst(y, -1.0);
    break;
  case llvm::Instruction::FDiv:
    foldable = isFPConst(y, 1.0) || isFPConst(y, -1.0);
    break;
  default:
    break;
  }
  return foldable ? quietNaN(r) : r;
}

llvm::Value *FunctionLowering::scalarOp(Opcode op, llvm::Value *const *a) {
  llvm::Type *i32 = lc.i32Ty, *i64 = lc.i64Ty;
  auto bool32 = [&](llvm::Value *c) { return b.CreateZExt(c, i32); };
  auto mask = [&](llvm::Value *count) {
    unsigned bits = count->getType()->getIntegerBitWidth();
    return b.CreateAnd(count, llvm::ConstantInt::get(count->getType(), bits - 1));
  };
  switch (op) {
  // ---- comparisons ----
  case Opcode::I32Eqz:
  case Opcode::I64Eqz:
    return bool32(b.CreateICmpEQ(a[0], llvm::ConstantInt::get(a[0]->getType(), 0)));
  case Opcode::I32Eq:
  case Opcode::I64Eq:
    return bool32(b.CreateICmpEQ(a[0], a[1]));
  case Opcode::I32Ne:
  case Opcode::I64Ne:
    return bool32(b.CreateICmpNE(a[0], a[1]));
  case Opcode::I32LtS:
  case Opcode::I64LtS:
    return bool32(b.CreateICmpSLT(a[0], a[1]));
  case Opcode::I32LtU:
  case Opcode::I64LtU:
    return bool32(b.CreateICmpULT(a[0], a[1]));
  case Opcode::I32GtS:
  case Opcode::I64GtS:
    return bool32(b.CreateICmpSGT(a[0], a[1]));
  case Opcode::I32GtU:
  case Opcode::I64GtU:
    return bool32(b.CreateICmpUGT(a[0], a[1]));
  case Opcode::I32LeS:
  case Opcode::I64LeS:
    return bool32(b.CreateICmpSLE(a[0], a[1]));
  case Opcode::I32LeU:
  case Opcode::I64LeU:
    return bool32(b.CreateICmpULE(a[0], a[1]));
  case Opcode::I32GeS:
  case Opcode::I64GeS:
    return bool32(b.CreateICmpSGE(a[0], a[1]));
  case Opcode::I32GeU:
  case Opcode::I64GeU:
    return bool32(b.CreateICmpUGE(a[0], a[1]));
  case Opcode::F32Eq:
  case Opcode::F64Eq:
    return bool32(b.CreateFCmpOEQ(a[0], a[1]));
  case Opcode::F32Ne:
  case Opcode::F64Ne:
    return bool32(b.CreateFCmpUNE(a[0], a[1]));
  case Opcode::F32Lt:
  case Opcode::F64Lt:
    return bool32(b.CreateFCmpOLT(a[0], a[1]));
  case Opcode::F32Gt:
  case Opcode::F64Gt:
    return bool32(b.CreateFCmpOGT(a[0], a[1]));
  case Opcode::F32Le:
  case Opcode::F64Le:
    return bool32(b.CreateFCmpOLE(a[0], a[1]));
  case Opcode::F32Ge:
  case Opcode::F64Ge:
    return bool32(b.CreateFCmpOGE(a[0], a[1]));

  // ---- integer arithmetic ----
  case Opcode::I32Clz:
  case Opcode::I64Clz:
    return b.CreateBinaryIntrinsic(I::ctlz, a[0], b.getFalse());
  case Opcode::I32Ctz:
  case Opcode::I64Ctz:
    return b.CreateBinaryIntrinsic(I::cttz, a[0], b.getFalse());
  case Opcode::I32Popcnt:
  case Opcode::I64Popcnt:
    return b.CreateUnaryIntrinsic(I::ctpop, a[0]);
  case Opcode::I32Add:
  case Opcode::I64Add:
    return b.CreateAdd(a[0], a[1]);
  case Opcode::I32Sub:
  case Opcode::I64Sub:
    return b.CreateSub(a[0], a[1]);
  case Opcode::I32Mul:
  case Opcode::I64Mul:
    return b.CreateMul(a[0], a[1]);
  case Opcode::I32DivS:
  case Opcode::I32DivU:
  case Opcode::I32RemS:
  case Opcode::I32RemU:
  case Opcode::I64DivS:
  case Opcode::I64DivU:
  case Opcode::I64RemS:
  case Opcode::I64RemU:
    return intDivRem(op, a[0], a[1]);
  case Opcode::I32And:
  case Opcode::I64And:
    return b.CreateAnd(a[0], a[1]);
  case Opcode::I32Or:
  case Opcode::I64Or:
    return b.CreateOr(a[0], a[1]);
  case Opcode::I32Xor:
  case Opcode::I64Xor:
    return b.CreateXor(a[0], a[1]);
  case Opcode::I32Shl:
  case Opcode::I64Shl:
    return b.CreateShl(a[0], mask(a[1]));
  case Opcode::I32ShrS:
  case Opcode::I64ShrS:
    return b.CreateAShr(a[0], mask(a[1]));
  case Opcode::I32ShrU:
  case Opcode::I64ShrU:
    return b.CreateLShr(a[0], mask(a[1]));
  case Opcode::I32Rotl:
  case Opcode::I64Rotl:
    return b.CreateIntrinsic(I::fshl, {a[0]->getType()}, {a[0], a[0], a[1]});
  case Opcode::I32Rotr:
  case Opcode::I64Rotr:
    return b.CreateIntrinsic(I::fshr, {a[0]->getType()}, {a[0], a[0], a[1]});

  // ---- float arithmetic ----
  case Opcode::F32Abs:
  case Opcode::F64Abs:
    return b.CreateUnaryIntrinsic(I::fabs, a[0]);
  case Opcode::F32Neg:
  case Opcode::F64Neg:
    return b.CreateFNeg(a[0]);
  case Opcode::F32Ceil:
  case Opcode::F64Ceil:
    return b.CreateUnaryIntrinsic(I::ceil, a[0]);
  case Opcode::F32Floor:
  case Opcode::F64Floor:
    return b.CreateUnaryIntrinsic(I::floor, a[0]);
  case Opcode::F32Trunc:
  case Opcode::F64Trunc:
    return b.CreateUnaryIntrinsic(I::trunc, a[0]);
  case Opcode::F32Nearest:
  case Opcode::F64Nearest:
    return b.CreateUnaryIntrinsic(I::roundeven, a[0]);
  case Opcode::F32Sqrt:
  case Opcode::F64Sqrt:
    return b.CreateUnaryIntrinsic(I::sqrt, a[0]);
  case Opcode::F32Add:
  case Opcode::F64Add:
    return floatArith(llvm::Instruction::FAdd, a[0], a[1]);
  case Opcode::F32Sub:
  case Opcode::F64Sub:
    return floatArith(llvm::Instruction::FSub, a[0], a[1]);
  case Opcode::F32Mul:
  case Opcode::F64Mul:
    return floatArith(llvm::Instruction::FMul, a[0], a[1]);
  case Opcode::F32Div:
  case Opcode::F64Div:
    return floatArith(llvm::Instruction::FDiv, a[0], a[1]);
  case Opcode::F32Min:
  case Opcode::F64Min:
    return floatMinMax(a[0], a[1], true);
  case Opcode::F32Max:
  case Opcode::F64Max:
    return floatMinMax(a[0], a[1], false);
  case Opcode::F32Copysign:
  case Opcode::F64Copysign:
    return b.CreateBinaryIntrinsic(I::copysign, a[0], a[1]);

  // ---- conversions ----
  case Opcode::I32WrapI64:
    return b.CreateTrunc(a[0], i32);
  case Opcode::I32TruncF32S:
  case Opcode::I32TruncF64S:
    return truncTrapping(a[0], i32, true);
  case Opcode::I32TruncF32U:
  case Opcode::I32TruncF64U:
    return truncTrapping(a[0], i32, false);
  case Opcode::I64TruncF32S:
  case Opcode::I64TruncF64S:
    return truncTrapping(a[0], i64, true);
  case Opcode::I64TruncF32U:
  case Opcode::I64TruncF64U:
    return truncTrapping(a[0], i64, false);
  case Opcode::I32TruncSatF32S:
  case Opcode::I32TruncSatF64S:
    return b.CreateIntrinsic(I::fptosi_sat, {i32, a[0]->getType()}, {a[0]});
  case Opcode::I32TruncSatF32U:
  case Opcode::I32TruncSatF64U:
    return b.CreateIntrinsic(I::fptoui_sat, {i32, a[0]->getType()}, {a[0]});
  case Opcode::I64TruncSatF32S:
  case Opcode::I64TruncSatF64S:
    return b.CreateIntrinsic(I::fptosi_sat, {i64, a[0]->getType()}, {a[0]});
  case Opcode::I64TruncSatF32U:
  case Opcode::I64TruncSatF64U:
    return b.CreateIntrinsic(I::fptoui_sat, {i64, a[0]->getType()}, {a[0]});
  case Opcode::I64ExtendI32S:
    return b.CreateSExt(a[0], i64);
  case Opcode::I64ExtendI32U:
    return b.CreateZExt(a[0], i64);
  case Opcode::F32ConvertI32S:
  case Opcode::F32ConvertI64S:
    return b.CreateSIToFP(a[0], lc.f32Ty);
  case Opcode::F32ConvertI32U:
  case Opcode::F32ConvertI64U:
    return b.CreateUIToFP(a[0], lc.f32Ty);
  case Opcode::F64ConvertI32S:
  case Opcode::F64ConvertI64S:
    return b.CreateSIToFP(a[0], lc.f64Ty);
  case Opcode::F64ConvertI32U:
  case Opcode::F64ConvertI64U:
    return b.CreateUIToFP(a[0], lc.f64Ty);
  case Opcode::F32DemoteF64:
    // LLVM folds demote(promote(x)) to x, which keeps a signaling NaN signaling.
    if (llvm::isa<llvm::FPExtInst>(a[0])) return quietNaN(b.CreateFPTrunc(a[0], lc.f32Ty));
    return b.CreateFPTrunc(a[0], lc.f32Ty);
  case Opcode::F64PromoteF32:
    return b.CreateFPExt(a[0], lc.f64Ty);
  case Opcode::I32ReinterpretF32:
    return b.CreateBitCast(a[0], i32);
  case Opcode::I64ReinterpretF64:
    return b.CreateBitCast(a[0], i64);
  case Opcode::F32ReinterpretI32:
    return b.CreateBitCast(a[0], lc.f32Ty);
  case Opcode::F64ReinterpretI64:
    return b.CreateBitCast(a[0], lc.f64Ty);
  case Opcode::I32Extend8S:
    return b.CreateSExt(b.CreateTrunc(a[0], lc.i8Ty), i32);
  case Opcode::I32Extend16S:
    return b.CreateSExt(b.CreateTrunc(a[0], lc.i16Ty), i32);
  case Opcode::I64Extend8S:
    return b.CreateSExt(b.CreateTrunc(a[0], lc.i8Ty), i64);
  case Opcode::I64Extend16S:
    return b.CreateSExt(b.CreateTrunc(a[0], lc.i16Ty), i64);
  case Opcode::I64Extend32S:
    return b.CreateSExt(b.CreateTrunc(a[0], i32), i64);
  default:
    return nullptr;
  }
}

} // namespace w2n
