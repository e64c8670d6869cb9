// FunctionLowering: function entry and exit, structured control flow as SSA (merge blocks with
// phis), locals, globals, direct calls, traps and the stack-limit check.
#include "compiler/lowering/function_lowering.h"

#include "llvm/IR/CFG.h"
#include "llvm/IR/Intrinsics.h"

namespace w2n {

FunctionLowering::FunctionLowering(LowerContext &lc, FuncIndex index, llvm::Function *fn)
    : lc(lc), b(lc.ctx), index_(index), fn_(fn), type_(lc.wasm.funcType(index)) {}

FunctionLowering::FunctionLowering(LowerContext &lc, const FuncType &type, llvm::Function *fn)
    : lc(lc), b(lc.ctx), index_(FuncIndex(0xffffffffu)), fn_(fn), type_(type) {}

void FunctionLowering::start(std::span<const ValType> localTypes) {
  vmctx_ = fn_->getArg(0);
  prologue_ = llvm::BasicBlock::Create(lc.ctx, "prologue", fn_);
  llvm::BasicBlock *body = llvm::BasicBlock::Create(lc.ctx, "body", fn_);
  b.SetInsertPoint(prologue_);
  localTypes_.assign(localTypes.begin(), localTypes.end());
  for (size_t i = 0; i < localTypes_.size(); ++i) {
    llvm::Type *t = lc.valType(localTypes_[i]);
    llvm::AllocaInst *slot = b.CreateAlloca(t, nullptr, "local" + std::to_string(i));
    locals_.push_back(slot);
  }
  for (size_t i = 0; i < localTypes_.size(); ++i) {
    llvm::Value *init = i < type_.params.size() ? static_cast<llvm::Value *>(fn_->getArg(i + 1))
                                                : lc.zeroValue(localTypes_[i]);
    b.CreateStore(init, locals_[i]);
  }
  b.CreateBr(body);
  b.SetInsertPoint(body);
}

void FunctionLowering::finish(std::span<const Value> results) {
  if (!b.GetInsertBlock()->getTerminator()) emitReturn(results);
}

void FunctionLowering::complete() {
  if (hasCalls_ && lc.options.stackChecks) {
    // Trap "call stack exhausted" on entry when the frame is below the runtime's limit.
    trapIf(nullptr, W2N_TRAP_STACK_EXHAUSTED); // creates the shared trap block
    llvm::Instruction *term = prologue_->getTerminator();
    llvm::BasicBlock *body = term->getSuccessor(0);
    b.SetInsertPoint(term);
    llvm::Value *frame =
        b.CreateIntrinsic(llvm::Intrinsic::frameaddress, {lc.ptrTy}, {b.getInt32(0)});
    llvm::LoadInst *limit = b.CreateAlignedLoad(lc.i64Ty, lc.stackLimit(), llvm::Align(8));
    llvm::Value *below = b.CreateICmpULT(b.CreatePtrToInt(frame, lc.i64Ty), limit);
    b.CreateCondBr(below, trapBlocks_[W2N_TRAP_STACK_EXHAUSTED], body, lc.unlikely());
    term->eraseFromParent();
  }
  // Blocks that only dead code follows (a merge block nothing reaches, the block after a trap
  // that always fires) are left open; the verifier wants a terminator.
  for (llvm::BasicBlock &bb : *fn_)
    if (!bb.getTerminator()) {
      b.SetInsertPoint(&bb);
      b.CreateUnreachable();
    }
}

// ---- Values ----

llvm::Value *FunctionLowering::f32Bits(uint32_t bits) {
  return llvm::ConstantFP::get(lc.ctx,
                               llvm::APFloat(llvm::APFloat::IEEEsingle(), llvm::APInt(32, bits)));
}

llvm::Value *FunctionLowering::f64Bits(uint64_t bits) {
  return llvm::ConstantFP::get(lc.ctx,
                               llvm::APFloat(llvm::APFloat::IEEEdouble(), llvm::APInt(64, bits)));
}

llvm::Value *FunctionLowering::v128Bytes(const uint8_t *bytes) {
  uint32_t words[4];
  for (int i = 0; i < 4; ++i)
    words[i] = uint32_t(bytes[4 * i]) | uint32_t(bytes[4 * i + 1]) << 8 |
               uint32_t(bytes[4 * i + 2]) << 16 | uint32_t(bytes[4 * i + 3]) << 24;
  return llvm::ConstantDataVector::get(lc.ctx, llvm::ArrayRef<uint32_t>(words, 4));
}

llvm::Value *FunctionLowering::intrinsic(llvm::Intrinsic::ID id, llvm::ArrayRef<llvm::Type *> types,
                                         llvm::ArrayRef<llvm::Value *> args) {
  return b.CreateIntrinsic(id, types, args);
}

llvm::Value *FunctionLowering::quietNaN(llvm::Value *v) {
  llvm::Type *t = v->getType();
  llvm::Type *scalar = t->getScalarType();
  unsigned width = scalar->getPrimitiveSizeInBits();
  llvm::Type *intTy = t->isVectorTy() ? static_cast<llvm::Type *>(llvm::VectorType::get(
                                            b.getIntNTy(width), llvm::cast<llvm::VectorType>(t)))
                                      : b.getIntNTy(width);
  llvm::Value *quietBit = llvm::ConstantInt::get(intTy, uint64_t(1) << (width == 32 ? 22 : 51));
  llvm::Value *quieted = b.CreateBitCast(b.CreateOr(b.CreateBitCast(v, intTy), quietBit), t);
  return b.CreateSelect(b.CreateFCmpUNO(v, v), quieted, v);
}

void FunctionLowering::dropValue(llvm::Value *v) {
  // A dropped load must still trap when out of bounds: keep it alive by making it volatile
  // (LLVM deletes unused plain loads).
  if (auto *cast = llvm::dyn_cast<llvm::CastInst>(v))
    if (cast->use_empty() && cast->getNumOperands() == 1) v = cast->getOperand(0);
  if (auto *load = llvm::dyn_cast<llvm::LoadInst>(v))
    if (load->hasNUsesOrMore(2) == false && lc.isLinearMemoryAccess(load)) load->setVolatile(true);
}

llvm::Value *FunctionLowering::selectValue(llvm::Value *a, llvm::Value *c, llvm::Value *cond) {
  return b.CreateSelect(b.CreateICmpNE(cond, b.getInt32(0)), a, c);
}

// ---- Locals and globals ----

llvm::Value *FunctionLowering::getLocal(uint32_t i) {
  return b.CreateLoad(locals_[i]->getAllocatedType(), locals_[i], exnEntryHead_ != nullptr);
}

void FunctionLowering::setLocal(uint32_t i, llvm::Value *v) {
  b.CreateStore(v, locals_[i], exnEntryHead_ != nullptr);
}

llvm::Value *FunctionLowering::getGlobal(GlobalIndex g) {
  const GlobalType &gt = lc.wasm.globalTypes[g.value];
  llvm::Type *t = lc.valType(gt.type);
  if (lc.wasm.isImportedGlobal(g)) {
    llvm::Value *cell = lc.loadInvariant(b, lc.ptrTy, vmctx_, lc.layout.globals[g.value]);
    llvm::LoadInst *l = lc.load(b, t, cell, 0, AccessKind::GlobalCell);
    if (!gt.mutable_) lc.markInvariant(l);
    return l;
  }
  const Global &def = lc.wasm.globals[g.value - lc.wasm.numImportedGlobals];
  if (!gt.mutable_)
    if (llvm::Constant *c = lc.constantOf(def.init)) return c;
  llvm::LoadInst *l = lc.load(b, t, vmctx_, lc.layout.globals[g.value], AccessKind::GlobalCell);
  if (!gt.mutable_) lc.markInvariant(l);
  return l;
}

void FunctionLowering::setGlobal(GlobalIndex g, llvm::Value *v) {
  if (lc.wasm.isImportedGlobal(g)) {
    llvm::Value *cell = lc.loadInvariant(b, lc.ptrTy, vmctx_, lc.layout.globals[g.value]);
    lc.store(b, v, cell, 0, AccessKind::GlobalCell);
    return;
  }
  lc.store(b, v, vmctx_, lc.layout.globals[g.value], AccessKind::GlobalCell);
}

// ---- Calls ----

void FunctionLowering::emitCall(const FuncType &type, llvm::Value *code, llvm::Value *calleeVmctx,
                                std::span<const Value> args, std::span<Value> results,
                                llvm::Function *direct) {
  hasCalls_ = true;
  std::vector<llvm::Value *> argv{calleeVmctx};
  for (const Value &a : args)
    argv.push_back(a.v);
  llvm::CallInst *call =
      direct ? b.CreateCall(direct, argv) : b.CreateCall(lc.funcType(type), code, argv);
  // Wasm has no tail calls: recursion must use the stack and hit the stack limit, so keep
  // LLVM from turning self-recursion into a loop.
  call->setTailCallKind(llvm::CallInst::TCK_NoTail);
  if (results.size() == 1)
    results[0].v = call;
  else
    for (size_t i = 0; i < results.size(); ++i)
      results[i].v = b.CreateExtractValue(call, {static_cast<unsigned>(i)});
}

void FunctionLowering::callDirect(FuncIndex f, std::span<const Value> args,
                                  std::span<Value> results) {
  const FuncType &type = lc.wasm.funcType(f);
  if (!lc.wasm.isImportedFunc(f)) {
    emitCall(type, nullptr, vmctx_, args, results, lc.funcs[f.value]);
    return;
  }
  llvm::Value *ref = lc.loadInvariant(b, lc.ptrTy, vmctx_, lc.layout.importedFuncs[f.value]);
  llvm::Value *code =
      lc.loadInvariant(b, lc.ptrTy, ref, VmctxLayout::kFuncrefCode, AccessKind::RuntimeObject);
  llvm::Value *calleeVmctx =
      lc.loadInvariant(b, lc.ptrTy, ref, VmctxLayout::kFuncrefVmctx, AccessKind::RuntimeObject);
  emitCall(type, code, calleeVmctx, args, results, nullptr);
}

// ---- Traps ----

void FunctionLowering::trapIf(llvm::Value *cond, uint32_t code) {
  llvm::BasicBlock *&trap = trapBlocks_[code];
  if (!trap) {
    trap = llvm::BasicBlock::Create(lc.ctx, "trap", fn_);
    llvm::IRBuilder<> tb(trap);
    llvm::CallInst *call = tb.CreateCall(lc.runtime(RuntimeFn::Trap), {tb.getInt32(code)});
    call->setDoesNotReturn();
    tb.CreateUnreachable();
  }
  if (!cond) return;
  if (auto *known = llvm::dyn_cast<llvm::ConstantInt>(cond)) {
    if (known->isZero()) return;
    b.CreateBr(trap);
    startDeadBlock();
    return;
  }
  llvm::BasicBlock *cont = llvm::BasicBlock::Create(lc.ctx, "", fn_);
  b.CreateCondBr(cond, trap, cont, lc.unlikely());
  b.SetInsertPoint(cont);
}

void FunctionLowering::trapAlways(uint32_t code) {
  trapIf(nullptr, code);
  b.CreateBr(trapBlocks_[code]);
}

void FunctionLowering::startDeadBlock() {
  b.SetInsertPoint(llvm::BasicBlock::Create(lc.ctx, "dead", fn_));
}

llvm::Value *FunctionLowering::memBase(MemoryIndex m) {
  if (m.value != 0) {
    // Other memories (multi-memory): the base of their w2n_memory, which never moves either.
    llvm::Value *&base = otherMemBases_[m.value];
    if (!base) {
      llvm::IRBuilder<> pb(prologue_->getTerminator());
      llvm::Value *mem = lc.loadInvariant(pb, lc.ptrTy, vmctx_, lc.layout.memories[m.value]);
      base =
          lc.loadInvariant(pb, lc.ptrTy, mem, VmctxLayout::kMemoryBase, AccessKind::RuntimeObject);
    }
    return base;
  }
  if (!memBase_) {
    llvm::IRBuilder<> pb(prologue_->getTerminator());
    memBase_ = lc.loadInvariant(pb, lc.ptrTy, vmctx_, VmctxLayout::kMemBase);
    memBase_->setName("membase");
  }
  return memBase_;
}

// ---- Control flow ----

void FunctionLowering::createMerge(Ctrl &c, const std::vector<ValType> &types) {
  c.target = llvm::BasicBlock::Create(lc.ctx, "end");
  for (ValType t : types)
    c.phis.push_back(llvm::PHINode::Create(lc.valType(t), 2, "", c.target));
}

void FunctionLowering::enterBlock(Ctrl &c, std::span<const Value> params,
                                  std::span<Value> paramsOut) {
  createMerge(c, c.sig.results);
  std::copy(params.begin(), params.end(), paramsOut.begin());
}

void FunctionLowering::enterLoop(Ctrl &c, std::span<const Value> params,
                                 std::span<Value> paramsOut) {
  llvm::BasicBlock *from = b.GetInsertBlock();
  c.target = llvm::BasicBlock::Create(lc.ctx, "loop", fn_);
  b.CreateBr(c.target);
  b.SetInsertPoint(c.target);
  for (size_t i = 0; i < params.size(); ++i) {
    llvm::PHINode *phi = b.CreatePHI(params[i].v->getType(), 2);
    phi->addIncoming(params[i].v, from);
    c.phis.push_back(phi);
    paramsOut[i].v = phi;
  }
}

void FunctionLowering::enterIf(Ctrl &c, llvm::Value *cond, std::span<const Value> params,
                               std::span<Value> paramsOut) {
  llvm::BasicBlock *then = llvm::BasicBlock::Create(lc.ctx, "then", fn_);
  c.elseBlock = llvm::BasicBlock::Create(lc.ctx, "else");
  createMerge(c, c.sig.results);
  b.CreateCondBr(b.CreateICmpNE(cond, b.getInt32(0)), then, c.elseBlock);
  b.SetInsertPoint(then);
  for (size_t i = 0; i < params.size(); ++i) {
    c.ifParams.push_back(params[i].v);
    paramsOut[i] = params[i];
  }
}

void FunctionLowering::enterElse(Ctrl &c, bool thenReachable, std::span<const Value> thenResults,
                                 std::span<Value> paramsOut) {
  if (thenReachable) branch(c, thenResults);
  c.elseBlock->insertInto(fn_);
  b.SetInsertPoint(c.elseBlock);
  for (size_t i = 0; i < c.ifParams.size(); ++i)
    paramsOut[i].v = c.ifParams[i];
  c.sawElse = true;
}

void FunctionLowering::endFrame(Ctrl &c, bool fallthrough, std::span<const Value> results,
                                std::span<Value> resultsOut) {
  if (c.kind == ControlKind::Loop) {
    if (fallthrough) {
      std::copy(results.begin(), results.end(), resultsOut.begin());
      return;
    }
    startDeadBlock();
    for (size_t i = 0; i < resultsOut.size(); ++i)
      resultsOut[i].v = llvm::PoisonValue::get(lc.valType(c.sig.results[i]));
    return;
  }
  if (fallthrough) branch(c, results);
  if (c.elseBlock && !c.sawElse) {
    // The implicit else passes the params through as results.
    c.elseBlock->insertInto(fn_);
    b.SetInsertPoint(c.elseBlock);
    std::vector<Value> params;
    for (llvm::Value *v : c.ifParams)
      params.push_back({v});
    branch(c, params);
  }
  c.target->insertInto(fn_);
  b.SetInsertPoint(c.target);
  bool reachable = !llvm::pred_empty(c.target);
  for (size_t i = 0; i < c.phis.size(); ++i) {
    if (reachable) {
      resultsOut[i].v = c.phis[i];
    } else {
      resultsOut[i].v = llvm::PoisonValue::get(c.phis[i]->getType());
      c.phis[i]->eraseFromParent();
    }
  }
  c.phis.clear();
}

void FunctionLowering::branch(Ctrl &target, std::span<const Value> values) {
  if (target.kind == ControlKind::Function) {
    emitReturn(values);
    return;
  }
  llvm::BasicBlock *from = b.GetInsertBlock();
  for (size_t i = 0; i < target.phis.size(); ++i)
    target.phis[i]->addIncoming(values[i].v, from);
  b.CreateBr(target.target);
}

void FunctionLowering::branchIf(Ctrl &target, llvm::Value *cond, std::span<const Value> values) {
  llvm::Value *taken = b.CreateICmpNE(cond, b.getInt32(0));
  llvm::BasicBlock *cont = llvm::BasicBlock::Create(lc.ctx, "br_if.cont", fn_);
  if (target.kind == ControlKind::Function) {
    llvm::BasicBlock *ret = llvm::BasicBlock::Create(lc.ctx, "br_if.ret", fn_);
    b.CreateCondBr(taken, ret, cont);
    b.SetInsertPoint(ret);
    emitReturn(values);
  } else {
    llvm::BasicBlock *from = b.GetInsertBlock();
    for (size_t i = 0; i < target.phis.size(); ++i)
      target.phis[i]->addIncoming(values[i].v, from);
    b.CreateCondBr(taken, target.target, cont);
  }
  b.SetInsertPoint(cont);
}

void FunctionLowering::branchTable(std::span<Ctrl *const> targets, Ctrl &defaultTarget,
                                   llvm::Value *key, std::span<const Value> values) {
  // Targets that take values get one edge block each, so every phi has exactly one incoming
  // entry per predecessor however often the target repeats in the table.
  llvm::BasicBlock *from = b.GetInsertBlock();
  std::vector<std::pair<Ctrl *, llvm::BasicBlock *>> dests;
  auto destFor = [&](Ctrl *c) -> llvm::BasicBlock * {
    for (auto &[ctrl, bb] : dests)
      if (ctrl == c) return bb;
    llvm::BasicBlock *bb = c->target;
    if (c->kind == ControlKind::Function || !c->phis.empty()) {
      bb = llvm::BasicBlock::Create(lc.ctx, "br_table.edge", fn_);
      b.SetInsertPoint(bb);
      branch(*c, values);
    }
    dests.push_back({c, bb});
    return bb;
  };
  llvm::BasicBlock *defaultDest = destFor(&defaultTarget);
  std::vector<llvm::BasicBlock *> caseDests;
  for (Ctrl *t : targets)
    caseDests.push_back(destFor(t));
  b.SetInsertPoint(from);
  if (targets.empty()) {
    b.CreateBr(defaultDest);
    return;
  }
  llvm::SwitchInst *sw = b.CreateSwitch(key, defaultDest, static_cast<unsigned>(targets.size()));
  for (size_t i = 0; i < caseDests.size(); ++i)
    if (caseDests[i] != defaultDest)
      sw->addCase(b.getInt32(static_cast<uint32_t>(i)), caseDests[i]);
}

void FunctionLowering::emitReturn(std::span<const Value> values) {
  if (exnEntryHead_) b.CreateAlignedStore(exnEntryHead_, exnHead(), llvm::Align(8));
  if (values.empty()) {
    b.CreateRetVoid();
  } else if (values.size() == 1) {
    b.CreateRet(values[0].v);
  } else {
    llvm::Value *agg = llvm::PoisonValue::get(fn_->getReturnType());
    for (size_t i = 0; i < values.size(); ++i)
      agg = b.CreateInsertValue(agg, values[i].v, {static_cast<unsigned>(i)});
    b.CreateRet(agg);
  }
}

} // namespace w2n
