// The fast path of a library export whose parameters and result are numbers and bools (see
// component_library.h, emitFastExportCall): the generated function enters the instance itself
// and calls the core function through w2n_lib_flat_enter (runtime-lib/src/linux-*/lib_entry.S),
// which runs it on the thread's Wasm stack with a trap catcher, in one frame. Whatever the fast
// path does not cover (first call on a thread, nested calls, post-return, a poisoned or busy
// instance) goes to the runtime's general path, which reports or traps as the component model
// requires.
#include "compiler/lowering/component_library_view.h"

#include "w2n/canon.h"
#include "w2n/lib_abi.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Module.h"

#include <cstddef>

namespace w2n {

namespace {

// w2n_lib_flat_enter finds the frame in the sixth integer argument register (lib_entry.S).
constexpr unsigned kFrameArgument = 5;

// The core type of a scalar's one flat value.
llvm::Type *flatType(uint32_t kind, llvm::LLVMContext &ctx) {
  switch (kind) {
  case W2N_CT_S64:
  case W2N_CT_U64:
    return llvm::Type::getInt64Ty(ctx);
  case W2N_CT_F32:
    return llvm::Type::getFloatTy(ctx);
  case W2N_CT_F64:
    return llvm::Type::getDoubleTy(ctx);
  default:
    return llvm::Type::getInt32Ty(ctx);
  }
}

// A runtime variable: per thread (initial-exec, as the library's runtime defines it) or not.
llvm::GlobalVariable *runtimeVariable(llvm::Module &out, const char *name, llvm::Type *type,
                                      bool perThread) {
  if (llvm::GlobalVariable *g = out.getNamedGlobal(name)) return g;
  return new llvm::GlobalVariable(
      out, type, false, llvm::GlobalValue::ExternalLinkage, nullptr, name, nullptr,
      perThread ? llvm::GlobalValue::InitialExecTLSModel : llvm::GlobalValue::NotThreadLocal);
}

} // namespace

llvm::Value *lowerScalar(llvm::IRBuilderBase &b, uint32_t kind, llvm::Value *v) {
  llvm::Type *flat = flatType(kind, b.getContext());
  if (kind == W2N_CT_S8 || kind == W2N_CT_S16) return b.CreateSExt(v, flat);
  if (kind == W2N_CT_F32 || kind == W2N_CT_F64) return v;
  return b.CreateZExt(v, flat);
}

llvm::Value *liftScalar(llvm::IRBuilderBase &b, uint32_t kind, llvm::Value *bits) {
  switch (kind) {
  case W2N_CT_BOOL:
    return b.CreateZExt(b.CreateICmpNE(b.CreateTrunc(bits, b.getInt32Ty()), b.getInt32(0)),
                        b.getInt8Ty());
  case W2N_CT_S8:
  case W2N_CT_U8:
    return b.CreateTrunc(bits, b.getInt8Ty());
  case W2N_CT_S16:
  case W2N_CT_U16:
    return b.CreateTrunc(bits, b.getInt16Ty());
  case W2N_CT_S32:
  case W2N_CT_U32:
    return b.CreateTrunc(bits, b.getInt32Ty());
  case W2N_CT_F32:
    return canonicalNan(b, b.CreateBitCast(b.CreateTrunc(bits, b.getInt32Ty()), b.getFloatTy()));
  case W2N_CT_F64:
    return canonicalNan(b, b.CreateBitCast(bits, b.getDoubleTy()));
  default:
    return bits;
  }
}

bool fastExportFits(const plan::Plan &plan, const ComponentLibrary::Export &e,
                    const plan::CExport &c) {
  if (plan.lifted[e.lifted].options.postReturn) return false; // the runtime calls it

  // The core function's arguments must all be in registers, with one integer register left for
  // the frame: the instance's vmctx and up to 4 integers (x86-64 passes 6 in registers, AArch64
  // 8), up to 8 floats (both).
  unsigned ints = 1, floats = 0;
  for (const plan::CParam &p : c.params) {
    uint32_t kind = plan.types[p.type].kind;
    (kind == W2N_CT_F32 || kind == W2N_CT_F64 ? floats : ints) += 1;
  }
  return ints <= kFrameArgument && floats <= 8;
}

void emitFastExportCall(llvm::IRBuilder<> &b, const plan::Plan &plan, const plan::CExport &c,
                        uint64_t adapterOffset, llvm::Function *fn, llvm::BasicBlock *slow) {
  llvm::LLVMContext &ctx = b.getContext();
  llvm::Module &out = *fn->getParent();
  auto *ptr = b.getPtrTy();
  auto *i32 = b.getInt32Ty();
  auto *i64 = b.getInt64Ty();
  auto field = [&](llvm::Value *base, size_t offset) {
    return b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), base, offset);
  };
  auto load = [&](llvm::Type *t, llvm::Value *base, size_t offset) {
    return b.CreateLoad(t, field(base, offset));
  };
  llvm::Value *stackHi = runtimeVariable(out, "w2n_stack_hi", i64, true);
  llvm::Value *catcher = runtimeVariable(out, "w2n_active_catcher", ptr, true);
  llvm::Value *current = runtimeVariable(out, "w2n_lib_context_current", ptr, true);

  // Checks, each to the general path when it fails: an instance; a thread that has its Wasm
  // stack and runs no instance's code (w2n_lib_context_current is 0: so this is not a call from
  // a host import, and no trap catcher or exception handler is active, which is what the fast
  // path restores afterwards); a callee instance that may be entered (which also rules out a
  // poisoned instance: poisoning clears every may_enter of its block).
  llvm::BasicBlock *entered = llvm::BasicBlock::Create(ctx, "fast", fn);
  auto check = [&](llvm::Value *ok) {
    llvm::BasicBlock *next = llvm::BasicBlock::Create(ctx, "fast.check", fn);
    b.CreateCondBr(ok, next, slow);
    b.SetInsertPoint(next);
  };
  llvm::Value *inst = fn->getArg(0);
  check(b.CreateIsNotNull(inst));
  check(b.CreateIsNull(b.CreateLoad(ptr, current)));
  llvm::Value *hi = b.CreateLoad(i64, stackHi);
  check(b.CreateICmpNE(hi, b.getInt64(0)));
  llvm::Value *adapter =
      field(load(ptr, inst, offsetof(w2n_lib_instance_head, block)), adapterOffset);
  llvm::Value *callee =
      load(ptr, adapter, offsetof(w2n_adapter, lift) + offsetof(w2n_canon_opts, instance));
  llvm::Value *mayEnter = field(callee, offsetof(w2n_cinstance, may_enter));
  check(b.CreateICmpNE(b.CreateLoad(i32, mayEnter), b.getInt32(0)));
  b.CreateBr(entered);
  b.SetInsertPoint(entered);

  // Enter: the frame as the thread's trap catcher, the instance's context, the callee busy. No
  // exception handler is active, so an exception leaving the callee traps as it would at the
  // barrier that the general path sets (exceptions.c).
  llvm::Value *funcref = load(ptr, adapter, offsetof(w2n_adapter, callee));
  llvm::Value *code = load(ptr, funcref, offsetof(w2n_funcref, code));
  llvm::Value *vmctx = load(ptr, funcref, offsetof(w2n_funcref, vmctx));
  llvm::IRBuilder<> atEntry(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  llvm::AllocaInst *frame =
      atEntry.CreateAlloca(llvm::ArrayType::get(b.getInt8Ty(), sizeof(w2n_lib_flat_frame)));
  frame->setAlignment(llvm::Align(16));
  unsigned next = static_cast<unsigned>(c.params.size() + 1);
  llvm::Value *ret = c.result != plan::kNone ? fn->getArg(next++) : nullptr;
  auto put = [&](size_t offset, llvm::Value *v) { b.CreateStore(v, field(frame, offset)); };
  put(offsetof(w2n_lib_flat_frame, code), b.getInt32(UINT32_MAX));
  put(offsetof(w2n_lib_flat_frame, stack_top), hi);
  put(offsetof(w2n_lib_flat_frame, target), code);
  put(offsetof(w2n_lib_flat_frame, may_enter), mayEnter);
  put(offsetof(w2n_lib_flat_frame, instance), inst);
  put(offsetof(w2n_lib_flat_frame, error), fn->getArg(next));
  if (ret) put(offsetof(w2n_lib_flat_frame, ret), ret);
  b.CreateStore(frame, catcher);
  b.CreateStore(field(inst, W2N_LIB_INSTANCE_CONTEXT), current);
  b.CreateStore(b.getInt32(0), mayEnter);

  // The call: w2n_lib_flat_enter takes the core function's arguments (vmctx, flat params...)
  // and, as the sixth integer argument (x86-64's r9, AArch64's x5), the frame: integers and
  // floats take registers of their own kind in order, so unused integer slots before it are
  // filled with anything.
  std::vector<llvm::Type *> coreParams = {ptr};
  std::vector<llvm::Value *> args = {vmctx};
  unsigned ints = 1;
  for (size_t i = 0; i < c.params.size(); ++i) {
    uint32_t kind = plan.types[c.params[i].type].kind;
    coreParams.push_back(flatType(kind, ctx));
    args.push_back(lowerScalar(b, kind, fn->getArg(static_cast<unsigned>(i + 1))));
    ints += !(kind == W2N_CT_F32 || kind == W2N_CT_F64);
  }
  for (; ints < kFrameArgument; ++ints) {
    coreParams.push_back(i64);
    args.push_back(llvm::PoisonValue::get(i64));
  }
  coreParams.push_back(ptr);
  args.push_back(frame);
  uint32_t resultKind = c.result != plan::kNone ? plan.types[c.result].kind : 0;
  llvm::Type *coreResult =
      c.result != plan::kNone ? flatType(resultKind, ctx) : llvm::Type::getVoidTy(ctx);
  auto *enterTy = llvm::FunctionType::get(coreResult, coreParams, false);
  // One declaration for every signature: the calls give their own function types.
  llvm::FunctionCallee enter = out.getOrInsertFunction(
      "w2n_lib_flat_enter", llvm::FunctionType::get(b.getVoidTy(), {}, false));
  llvm::CallInst *result = b.CreateCall(enterTy, enter.getCallee(), args);

  // w2n_lib_flat_enter has left the instance, unless the call trapped.
  llvm::Value *trapCode = load(i32, frame, offsetof(w2n_lib_flat_frame, code));
  llvm::BasicBlock *trapped = llvm::BasicBlock::Create(ctx, "fast.trapped", fn);
  llvm::BasicBlock *returned = llvm::BasicBlock::Create(ctx, "fast.returned", fn);
  b.CreateCondBr(b.CreateICmpEQ(trapCode, b.getInt32(UINT32_MAX)), returned, trapped);
  b.SetInsertPoint(trapped);
  llvm::FunctionCallee onTrap = out.getOrInsertFunction(
      "w2n_lib_flat_trapped", llvm::FunctionType::get(b.getInt1Ty(), {ptr}, false));
  b.CreateRet(b.CreateCall(onTrap, {frame}));

  b.SetInsertPoint(returned);
  if (ret) {
    llvm::Value *bits = result;
    if (coreResult->isFloatTy()) bits = b.CreateBitCast(bits, i32);
    if (coreResult->isDoubleTy()) bits = b.CreateBitCast(bits, i64);
    b.CreateStore(liftScalar(b, resultKind, b.CreateZExt(bits, i64)),
                  load(ptr, frame, offsetof(w2n_lib_flat_frame, ret)));
  }
  b.CreateRet(b.getTrue());
}

} // namespace w2n
