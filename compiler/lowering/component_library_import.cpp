// Library imports of numbers and bools, called straight from the guest's code: the canonical
// ABI's lift_flat and lower_flat for scalars are a few instructions, so the host's C function is
// called right here, with no value trees, arena or runtime call in between (the general path,
// runtime-lib/src/lib/lib_imports.c, costs ~100 ns per call; this one a few).
#include "compiler/lowering/component_library.h"

#include "w2n/canon.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

#include <cstddef>

namespace w2n {

namespace {

// w2n_lib_host (runtime-lib/src/lib/lib.h): {component, table, ctx}.
constexpr uint64_t kHostTable = 8;
constexpr uint64_t kHostCtx = 16;

llvm::Value *at(llvm::IRBuilder<> &b, llvm::Value *base, uint64_t offset) {
  return b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), base, offset);
}

// lift_flat: the guest's flat value `v` as the host's C argument of type `t`.
llvm::Value *lift(llvm::IRBuilder<> &b, uint32_t kind, llvm::Type *t, llvm::Value *v) {
  switch (kind) {
  case W2N_CT_BOOL:
    return b.CreateICmpNE(v, llvm::ConstantInt::get(v->getType(), 0));
  case W2N_CT_F32:
  case W2N_CT_F64:
    return canonicalNan(b, v);
  default: // integers: wrapped to their width
    return b.CreateTrunc(v, t);
  }
}

// lower_flat: the host's C result (in memory at `ret`) as the guest's flat value of type `core`.
llvm::Value *lower(llvm::IRBuilder<> &b, uint32_t kind, llvm::Type *cType, llvm::Type *core,
                   llvm::Value *ret) {
  switch (kind) {
  case W2N_CT_BOOL: // a C bool is a byte: any nonzero byte is true
    return b.CreateZExt(b.CreateICmpNE(b.CreateLoad(b.getInt8Ty(), ret), b.getInt8(0)), core);
  case W2N_CT_F32:
  case W2N_CT_F64:
    return canonicalNan(b, b.CreateLoad(cType, ret));
  case W2N_CT_S8:
  case W2N_CT_S16:
    return b.CreateSExt(b.CreateLoad(cType, ret), core);
  default:
    return b.CreateZExtOrTrunc(b.CreateLoad(cType, ret), core);
  }
}

} // namespace

llvm::Value *canonicalNan(llvm::IRBuilderBase &b, llvm::Value *f) {
  llvm::Constant *nan =
      f->getType()->isFloatTy()
          ? llvm::ConstantExpr::getBitCast(b.getInt32(0x7fc00000), f->getType())
          : llvm::ConstantExpr::getBitCast(b.getInt64(0x7ff8000000000000ull), f->getType());
  return b.CreateSelect(b.CreateFCmpUNO(f, f), nan, f);
}

void emitDirectImport(const plan::Plan &plan, const plan::FuncType &type, uint32_t index,
                      llvm::Function *fn, llvm::Value *caller, llvm::Value *host) {
  llvm::LLVMContext &ctx = fn->getContext();
  llvm::Module &out = *fn->getParent();
  llvm::IRBuilder<> b(&fn->back());
  auto *ptr = llvm::PointerType::get(ctx, 0);
  auto *i1 = b.getInt1Ty();

  // A component may not call out while its realloc or post-return runs.
  llvm::BasicBlock *leave = llvm::BasicBlock::Create(ctx, "cannot_leave", fn);
  llvm::BasicBlock *call = llvm::BasicBlock::Create(ctx, "call", fn);
  llvm::Value *mayLeave = b.CreateAlignedLoad(
      b.getInt32Ty(), at(b, caller, offsetof(w2n_cinstance, may_leave)), llvm::Align(4));
  b.CreateCondBr(b.CreateICmpEQ(mayLeave, b.getInt32(0)), leave, call);
  b.SetInsertPoint(leave);
  llvm::FunctionCallee trap = out.getOrInsertFunction(
      "w2n_canon_trap", llvm::FunctionType::get(b.getVoidTy(), {ptr, b.getInt64Ty()}, false));
  b.CreateCall(trap, {b.CreateGlobalStringPtr("cannot leave component instance", "__w2n_msg"),
                      b.getInt64(UINT64_MAX)});
  b.CreateUnreachable();

  // bool fn(ctx, arguments..., ret, error), as the header's NAME_imports declares it.
  b.SetInsertPoint(call);
  llvm::Value *table = b.CreateAlignedLoad(ptr, at(b, host, kHostTable), llvm::Align(8));
  llvm::Value *hostFn = b.CreateAlignedLoad(ptr, at(b, table, 8 * uint64_t(index)), llvm::Align(8));
  std::vector<llvm::Type *> params = {ptr};
  std::vector<llvm::Value *> args = {
      b.CreateAlignedLoad(ptr, at(b, host, kHostCtx), llvm::Align(8))};
  std::vector<ScalarAbi> abis;
  for (size_t i = 0; i < type.params.size(); ++i) {
    abis.push_back(cScalarAbi(plan, type.params[i].second, ctx));
    params.push_back(abis.back().type);
    args.push_back(lift(b, plan.types[type.params[i].second].kind, abis.back().type,
                        fn->getArg(static_cast<unsigned>(i + 1))));
  }
  llvm::Value *ret = nullptr;
  llvm::Type *retTy = nullptr;
  if (type.result != plan::kNone) {
    ScalarAbi r = cScalarAbi(plan, type.result, ctx);
    retTy = r.type->isIntegerTy(1) ? b.getInt8Ty() : r.type;
    ret = b.CreateAlloca(retTy);
    b.CreateStore(llvm::Constant::getNullValue(retTy), ret); // a host that writes nothing: 0
    params.push_back(ptr);
    args.push_back(ret);
  }
  llvm::Value *error = b.CreateAlloca(ptr);
  b.CreateStore(llvm::ConstantPointerNull::get(ptr), error);
  params.push_back(ptr);
  args.push_back(error);
  llvm::CallInst *ok = b.CreateCall(llvm::FunctionType::get(i1, params, false), hostFn, args);
  ok->addRetAttr(llvm::Attribute::ZExt);
  for (size_t i = 0; i < abis.size(); ++i)
    if (abis[i].ext != llvm::Attribute::None)
      ok->addParamAttr(static_cast<unsigned>(i + 1), abis[i].ext);

  // false: a trap carrying the host's message (w2n_lib_import_failed frees its error).
  llvm::BasicBlock *failed = llvm::BasicBlock::Create(ctx, "failed", fn);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(ctx, "done", fn);
  b.CreateCondBr(ok, done, failed);
  b.SetInsertPoint(failed);
  llvm::FunctionCallee fail = out.getOrInsertFunction(
      "w2n_lib_import_failed", llvm::FunctionType::get(b.getVoidTy(), {ptr}, false));
  b.CreateCall(fail, {b.CreateLoad(ptr, error)});
  b.CreateUnreachable();

  b.SetInsertPoint(done);
  if (!ret) {
    b.CreateRetVoid();
    return;
  }
  b.CreateRet(lower(b, plan.types[type.result].kind, retTy, fn->getReturnType(), ret));
}

llvm::Constant *libraryHostResource(uint32_t r, uint32_t index, llvm::Constant *name,
                                    llvm::Module &out) {
  llvm::LLVMContext &ctx = out.getContext();
  auto *ptr = llvm::PointerType::get(ctx, 0);
  auto *i32 = llvm::Type::getInt32Ty(ctx);
  auto *i64 = llvm::Type::getInt64Ty(ctx);
  auto *voidTy = llvm::Type::getVoidTy(ctx);
  // host_dtor(rep) knows only the representation: this one knows which import to call, and the
  // runtime finds the instance (and so the host's table and context) as the thread's current.
  auto *dtor = llvm::Function::Create(llvm::FunctionType::get(voidTy, {i64}, false),
                                      llvm::GlobalValue::InternalLinkage,
                                      "__w2n_lib_dtor" + std::to_string(r), out);
  dtor->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", dtor));
  b.CreateCall(out.getOrInsertFunction("w2n_lib_host_drop",
                                       llvm::FunctionType::get(voidTy, {i32, i64}, false)),
               {b.getInt32(index), dtor->getArg(0)});
  b.CreateRetVoid();
  // w2n_resource_type {name, host_dtor, guest, impl_index, dtor_slot, rep64} (canon.h).
  auto *ty = llvm::StructType::get(ctx, {ptr, ptr, i32, i32, i32, i32});
  auto *zero = llvm::ConstantInt::get(i32, 0);
  return new llvm::GlobalVariable(
      out, ty, true, llvm::GlobalValue::InternalLinkage,
      llvm::ConstantStruct::get(ty, {name, dtor, zero, zero, zero, zero}),
      "__w2n_resource" + std::to_string(r));
}

} // namespace w2n
