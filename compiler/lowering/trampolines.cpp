// Canonical signature symbols (__w2n_sig_<key>, whose addresses are the type ids that
// call_indirect compares) and array-call trampolines (__w2n_tramp_<key>, the generic entry the
// runtime uses to call any function through a w2n_funcref). Both are linkonce_odr in a comdat of
// their own, so every object may define them and the linker keeps one: equal across modules.
#include "compiler/lowering/lower_context.h"

namespace w2n {

llvm::GlobalVariable *LowerContext::sigSymbol(const FuncType &type) {
  std::string key = signatureKey(type);
  std::string name = "__w2n_sig_" + key;
  if (auto *g = out.getGlobalVariable(name)) return g;
  // A GC type's symbol also lists its supertypes' keys (for call_indirect and casts to a
  // supertype, runtime-lib/src/func_subtype.c): "key\0super\0...\0".
  std::string data = key;
  if (!type.canon.empty()) {
    for (const std::string &super : type.canonSupers)
      data += '\0' + super;
    data += '\0';
  }
  auto *init = llvm::ConstantDataArray::getString(ctx, data, /*AddNull=*/true);
  auto *g = new llvm::GlobalVariable(out, init->getType(), true,
                                     llvm::GlobalValue::LinkOnceODRLinkage, init, name);
  // No unnamed_addr: the address is the identity.
  g->setComdat(out.getOrInsertComdat(name));
  g->setAlignment(llvm::Align(1));
  return g;
}

llvm::Function *LowerContext::trampoline(const FuncType &type) {
  std::string name = "__w2n_tramp_" + signatureKey(type);
  if (llvm::Function *f = out.getFunction(name)) return f;
  auto *tramp = llvm::Function::Create(
      llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), {ptrTy, ptrTy}, false),
      llvm::GlobalValue::LinkOnceODRLinkage, name, out);
  tramp->setComdat(out.getOrInsertComdat(name));
  setFunctionAttributes(tramp);
  llvm::Value *fn = tramp->getArg(0);
  llvm::Value *io = tramp->getArg(1);
  fn->setName("fn");
  io->setName("io");
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", tramp));
  // io slots are w2n_val: 16 bytes, 8-byte aligned.
  auto slot = [&](size_t i) { return fieldPtr(b, io, 16 * i); };
  llvm::Value *code = loadInvariant(b, ptrTy, fn, VmctxLayout::kFuncrefCode);
  llvm::Value *vmctx = loadInvariant(b, ptrTy, fn, VmctxLayout::kFuncrefVmctx);
  std::vector<llvm::Value *> args{vmctx};
  for (size_t i = 0; i < type.params.size(); ++i)
    args.push_back(b.CreateAlignedLoad(valType(type.params[i]), slot(i), llvm::Align(8)));
  llvm::CallInst *call = b.CreateCall(funcType(type), code, args);
  if (type.results.size() == 1) {
    b.CreateAlignedStore(call, slot(0), llvm::Align(8));
  } else {
    for (size_t i = 0; i < type.results.size(); ++i)
      b.CreateAlignedStore(b.CreateExtractValue(call, {static_cast<unsigned>(i)}), slot(i),
                           llvm::Align(8));
  }
  b.CreateRetVoid();
  return tramp;
}

} // namespace w2n
