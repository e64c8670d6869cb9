// Exception handling: try_table, throw and throw_ref over the runtime's handler chain
// (runtime-lib/src/exceptions.c). A try_table links a record allocated in the function's frame
// and calls w2n_setjmp on it; a throw in anything it calls jumps back there with the exception,
// and the landing code matches the catch clauses in order, branching to the first that matches
// (or throwing again). The chain head is restored wherever control leaves a try_table without a
// throw: at the merge blocks and loop headers of frames that contain one, and at returns.
// Locals of such a function are accessed volatile, since w2n_setjmp's second return would
// otherwise see register copies from the time of the first.
#include "compiler/lowering/function_lowering.h"

namespace w2n {

namespace {
constexpr uint64_t kExnValues = W2N_EXN_VALUES, kExnExposed = W2N_EXN_EXPOSED;
constexpr uint64_t kExnValueSize = sizeof(w2n_val);
} // namespace

llvm::GlobalVariable *FunctionLowering::exnHead() { return lc.runtimeGlobal("__w2n_exn_head"); }

llvm::Value *FunctionLowering::tagIdentity(TagIndex t) {
  if (lc.wasm.isImportedTag(t))
    return lc.loadInvariant(b, lc.ptrTy, vmctx_, lc.layout.tags[t.value]);
  return lc.fieldPtr(b, vmctx_, lc.layout.tags[t.value]);
}

void FunctionLowering::restoreHandlers(Ctrl &c, llvm::Value *handler) {
  if (!handler || !c.target) return;
  llvm::IRBuilder<> rb(c.target, c.target->getFirstInsertionPt());
  rb.CreateAlignedStore(handler, exnHead(), llvm::Align(8));
}

void FunctionLowering::enterTryTable(Ctrl &c, std::span<const CatchClause> catches,
                                     std::span<Ctrl *const> targets, std::span<const Value> params,
                                     std::span<Value> paramsOut) {
  hasCalls_ = true;
  if (!exnEntryHead_) {
    llvm::IRBuilder<> pb(prologue_->getTerminator());
    exnEntryHead_ = pb.CreateAlignedLoad(lc.ptrTy, exnHead(), llvm::Align(8), "exn.entry");
  }
  createMerge(c, c.sig.results);
  std::copy(params.begin(), params.end(), paramsOut.begin());

  llvm::IRBuilder<> pb(prologue_, prologue_->begin());
  llvm::AllocaInst *record =
      pb.CreateAlloca(llvm::ArrayType::get(lc.i8Ty, W2N_EXN_HANDLER_SIZE), nullptr, "try.record");
  record->setAlignment(llvm::Align(16));
  c.tryHandler = record;

  b.CreateCall(runtimeCall("__w2n_try_enter", b.getVoidTy(), {lc.ptrTy}), {record});
  llvm::FunctionCallee setjmp = runtimeCall("w2n_setjmp", lc.i32Ty, {lc.ptrTy});
  llvm::cast<llvm::Function>(setjmp.getCallee())->addFnAttr(llvm::Attribute::ReturnsTwice);
  llvm::CallInst *again =
      b.CreateCall(setjmp, {b.CreateConstInBoundsGEP1_64(lc.i8Ty, record, W2N_EXN_HANDLER_BUF)});
  again->addFnAttr(llvm::Attribute::ReturnsTwice);
  llvm::BasicBlock *body = llvm::BasicBlock::Create(lc.ctx, "try.body", fn_);
  llvm::BasicBlock *landing = llvm::BasicBlock::Create(lc.ctx, "try.landing", fn_);
  b.CreateCondBr(b.CreateICmpEQ(again, b.getInt32(0)), body, landing, lc.likely());
  b.SetInsertPoint(landing);
  emitLanding(catches, targets);
  b.SetInsertPoint(body);
}

void FunctionLowering::emitLanding(std::span<const CatchClause> catches,
                                   std::span<Ctrl *const> targets) {
  llvm::Value *exn = b.CreateCall(runtimeCall("__w2n_exn_caught", lc.ptrTy, {}), {});
  llvm::Value *tag = nullptr;
  for (size_t i = 0; i < catches.size(); ++i) {
    const CatchClause &cc = catches[i];
    llvm::BasicBlock *next = nullptr;
    if (cc.withTag()) {
      if (!tag) tag = b.CreateAlignedLoad(lc.ptrTy, exn, llvm::Align(8), "exn.tag");
      llvm::BasicBlock *match = llvm::BasicBlock::Create(lc.ctx, "catch", fn_);
      next = llvm::BasicBlock::Create(lc.ctx, "catch.next", fn_);
      b.CreateCondBr(b.CreateICmpEQ(tag, tagIdentity(cc.tag)), match, next);
      b.SetInsertPoint(match);
    }
    std::vector<Value> values;
    if (cc.withTag()) {
      const FuncType &ft = lc.wasm.tagType(cc.tag);
      for (size_t k = 0; k < ft.params.size(); ++k) {
        llvm::Value *at = lc.fieldPtr(b, exn, kExnValues + kExnValueSize * k);
        values.push_back({b.CreateAlignedLoad(lc.valType(ft.params[k]), at, llvm::Align(16))});
      }
    }
    if (cc.withRef()) {
      b.CreateAlignedStore(b.getInt32(1), lc.fieldPtr(b, exn, kExnExposed), llvm::Align(4));
      values.push_back({exn});
    } else {
      b.CreateCall(runtimeCall("__w2n_exn_release", b.getVoidTy(), {lc.ptrTy}), {exn});
    }
    branch(*targets[i], values);
    if (!next) { // catch_all / catch_all_ref: nothing after it can match
      startDeadBlock();
      return;
    }
    b.SetInsertPoint(next);
  }
  throwRefOp(exn);
}

void FunctionLowering::throwOp(TagIndex t, std::span<const Value> args) {
  hasCalls_ = true;
  llvm::Value *exn = b.CreateCall(runtimeCall("__w2n_exn_new", lc.ptrTy, {lc.ptrTy, lc.i32Ty}),
                                  {tagIdentity(t), b.getInt32(static_cast<uint32_t>(args.size()))});
  for (size_t k = 0; k < args.size(); ++k)
    b.CreateAlignedStore(args[k].v, lc.fieldPtr(b, exn, kExnValues + kExnValueSize * k),
                         llvm::Align(16));
  throwRefOp(exn);
}

void FunctionLowering::throwRefOp(llvm::Value *exn) {
  hasCalls_ = true;
  llvm::CallInst *call = b.CreateCall(runtimeCall("__w2n_throw", b.getVoidTy(), {lc.ptrTy}), {exn});
  call->setDoesNotReturn();
  b.CreateUnreachable();
  startDeadBlock();
}

} // namespace w2n
