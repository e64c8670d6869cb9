// The library output's API code (component_library.h): small functions with the C signatures the
// header declares, which hand their arguments to the runtime (runtime-lib/src/lib/) as an array
// of pointers, with the component's description (__w2n_lib_component) that the runtime reads.
// Exports of numbers only convert them themselves (component_library_fast.cpp).
// GCC 12 warns wrongly about `"literal" + std::string` (GCC bug 105329).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "compiler/lowering/component_library.h"

#include "compiler/lowering/component_c_layout.h"
#include "compiler/lowering/component_c_names.h"
#include "compiler/lowering/component_library_view.h"

#include "w2n/canon.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

#include <set>

namespace w2n {

namespace plan {

bool passedByValue(const Plan &plan, uint32_t type) {
  uint32_t k = plan.types[type].kind;
  return k <= W2N_CT_CHAR || k == W2N_CT_ENUM || k == W2N_CT_FLAGS || k == W2N_CT_OWN ||
         k == W2N_CT_BORROW;
}

bool ownsMemory(const Plan &plan, uint32_t type) {
  if (type == kNone) return false;
  const ValueType &t = plan.types[type];
  if (t.kind == W2N_CT_STRING || (t.kind == W2N_CT_LIST && t.count == 0)) return true;
  for (uint32_t m : t.members)
    if (m != kNone && ownsMemory(plan, m)) return true;
  return false;
}

namespace {

CExport cFunctionOf(const Plan &plan, const std::string &cName, const FuncType &type) {
  CExport out;
  out.cName = cName;
  for (const auto &[name, t] : type.params)
    out.params.push_back({cIdent(name), t, passedByValue(plan, t)});
  out.result = type.result;
  out.resultOwnsMemory = ownsMemory(plan, out.result);
  return out;
}

} // namespace

namespace {

void ownedResources(const Plan &plan, uint32_t type, std::set<uint32_t> &out) {
  if (type == kNone) return;
  const ValueType &t = plan.types[type];
  if (t.kind == W2N_CT_OWN && t.resource < plan.resources.size() &&
      !plan.resources[t.resource].host)
    out.insert(t.resource);
  for (uint32_t m : t.members)
    ownedResources(plan, m, out);
}

} // namespace

std::vector<std::pair<uint32_t, std::string>>
cDropFunctions(const Plan &plan, const ComponentLibrary &lib, const std::string &prefix) {
  std::set<uint32_t> owned;
  for (const ComponentLibrary::Export &e : lib.exports) {
    for (const auto &p : e.type.params)
      ownedResources(plan, p.second, owned);
    ownedResources(plan, e.type.result, owned);
  }
  std::vector<std::pair<uint32_t, std::string>> out;
  std::set<std::string> taken;
  for (uint32_t r : owned) {
    const std::string &full = plan.resources[r].name;
    size_t dot = full.rfind('.');
    std::string name =
        prefix + "_drop_" + cIdent(dot == std::string::npos ? full : full.substr(dot + 1));
    if (!taken.insert(name).second) name += "_" + std::to_string(r);
    taken.insert(name);
    out.push_back({r, name});
  }
  return out;
}

CExport cExportOf(const Plan &plan, const ComponentLibrary::Export &e, const std::string &prefix) {
  return cFunctionOf(plan, cFunctionName(prefix, e.name), e.type);
}

CExport cImportOf(const Plan &plan, const ComponentLibrary::Import &i, const std::string &prefix) {
  return cFunctionOf(plan, cFunctionName(prefix, i.name), i.type);
}

} // namespace plan

ScalarAbi cScalarAbi(const plan::Plan &plan, uint32_t id, llvm::LLVMContext &ctx) {
  const plan::ValueType &t = plan.types[id];
  plan::CLayouts layouts(plan);
  switch (t.kind) {
  case W2N_CT_BOOL:
    return {llvm::Type::getInt1Ty(ctx), llvm::Attribute::ZExt};
  case W2N_CT_S8:
    return {llvm::Type::getInt8Ty(ctx), llvm::Attribute::SExt};
  case W2N_CT_S16:
    return {llvm::Type::getInt16Ty(ctx), llvm::Attribute::SExt};
  case W2N_CT_F32:
    return {llvm::Type::getFloatTy(ctx), llvm::Attribute::None};
  case W2N_CT_F64:
    return {llvm::Type::getDoubleTy(ctx), llvm::Attribute::None};
  default: { // unsigned integers, char, enums, flags, handles: as wide as their C type
    unsigned bits = static_cast<unsigned>(layouts.of(id).size * 8);
    return {llvm::Type::getIntNTy(ctx, bits),
            bits < 32 ? llvm::Attribute::ZExt : llvm::Attribute::None};
  }
  }
}

bool scalarSignature(const plan::Plan &plan, const plan::FuncType &type) {
  auto scalar = [&](uint32_t t) { return plan.types[t].kind <= W2N_CT_F64; };
  if (type.params.size() > 16) return false;
  for (const auto &p : type.params)
    if (!scalar(p.second)) return false;
  return type.result == plan::kNone || scalar(type.result);
}

namespace {

// Exports whose parameters and result are numbers and bools: the generated code converts the
// arguments to flat core values and the result back from one, with the canonical ABI's
// conversions (lowerScalar, liftScalar). When their core arguments fit in registers and they
// have no post-return, the call enters the instance itself (emitFastExportCall); otherwise, and
// whenever that path does not apply, the runtime makes the call (w2n_lib_call_flat) with the
// values in an array.
void emitFlatCall(llvm::IRBuilder<> &b, const plan::Plan &plan, const plan::CExport &c,
                  uint32_t index, const ComponentLibrary::Export &e, llvm::Function *fn,
                  llvm::FunctionCallee callFlat) {
  llvm::LLVMContext &ctx = b.getContext();
  if (fastExportFits(plan, e, c)) {
    // The general path in a function of its own, so that the fast one saves no more registers
    // than it needs: the fast path tail-calls it.
    auto *general =
        llvm::Function::Create(fn->getFunctionType(), llvm::GlobalValue::InternalLinkage,
                               fn->getName() + ".general", fn->getParent());
    general->setAttributes(fn->getAttributes());
    general->addFnAttr(llvm::Attribute::NoInline);
    llvm::BasicBlock *slow = llvm::BasicBlock::Create(ctx, "slow", fn);
    emitFastExportCall(b, plan, c, e.adapterOffset, fn, slow);
    b.SetInsertPoint(slow);
    std::vector<llvm::Value *> args;
    for (llvm::Argument &a : fn->args())
      args.push_back(&a);
    llvm::CallInst *tail = b.CreateCall(general, args);
    tail->setTailCall();
    tail->setAttributes(fn->getAttributes());
    b.CreateRet(tail);
    fn = general;
    b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", fn));
  }
  auto *i64 = b.getInt64Ty();
  auto *valTy = llvm::StructType::get(ctx, {i64, i64}); // w2n_val
  size_t slots = std::max<size_t>(1, c.params.size());
  llvm::Value *io = b.CreateAlloca(llvm::ArrayType::get(valTy, slots));
  b.CreateMemSet(io, b.getInt8(0), 16 * slots, llvm::MaybeAlign(8));
  for (size_t i = 0; i < c.params.size(); ++i) {
    uint32_t kind = plan.types[c.params[i].type].kind;
    llvm::Value *v = lowerScalar(b, kind, fn->getArg(static_cast<unsigned>(i + 1)));
    if (kind == W2N_CT_F32) v = b.CreateBitCast(v, b.getInt32Ty());
    if (kind == W2N_CT_F64) v = b.CreateBitCast(v, i64);
    v = v->getType() == i64 ? v : b.CreateZExt(v, i64); // the upper bits of a w2n_val are 0
    b.CreateStore(v, b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), io, 16 * i));
  }
  unsigned next = static_cast<unsigned>(c.params.size() + 1);
  llvm::Value *ret = c.result != plan::kNone ? fn->getArg(next++) : nullptr;
  llvm::Value *ok =
      b.CreateCall(callFlat, {fn->getArg(0), b.getInt32(index), io, fn->getArg(next)});
  if (!ret) {
    b.CreateRet(ok);
    return;
  }
  llvm::BasicBlock *store = llvm::BasicBlock::Create(ctx, "store", fn);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(ctx, "done", fn);
  b.CreateCondBr(ok, store, done);
  b.SetInsertPoint(store);
  b.CreateStore(liftScalar(b, plan.types[c.result].kind, b.CreateLoad(i64, io)), ret);
  b.CreateBr(done);
  b.SetInsertPoint(done);
  b.CreateRet(ok);
}

// bool caller(fn, ctx, args, ret, error): calls the host's `fn` as the header declares it,
// fn(ctx, arguments..., ret, error), each argument loaded from (or, by pointer, taken as)
// args[i].
llvm::Constant *importCaller(const plan::Plan &plan, const plan::CExport &c, uint32_t index,
                             llvm::Module &out) {
  llvm::LLVMContext &ctx = out.getContext();
  auto *ptr = llvm::PointerType::get(ctx, 0);
  auto *i1 = llvm::Type::getInt1Ty(ctx);
  auto *fn = llvm::Function::Create(llvm::FunctionType::get(i1, {ptr, ptr, ptr, ptr, ptr}, false),
                                    llvm::GlobalValue::InternalLinkage,
                                    "__w2n_import_caller" + std::to_string(index), out);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
  std::vector<llvm::Type *> params = {ptr};
  std::vector<llvm::Value *> args = {fn->getArg(1)};
  std::vector<ScalarAbi> abis;
  for (size_t i = 0; i < c.params.size(); ++i) {
    llvm::Value *at = b.CreateLoad(ptr, b.CreateConstInBoundsGEP1_64(ptr, fn->getArg(2), i));
    ScalarAbi abi = c.params[i].byValue ? cScalarAbi(plan, c.params[i].type, ctx)
                                        : ScalarAbi{ptr, llvm::Attribute::None};
    abis.push_back(abi);
    params.push_back(abi.type);
    if (!c.params[i].byValue)
      args.push_back(at);
    else if (abi.type->isIntegerTy(1)) // a C bool is a byte in memory
      args.push_back(b.CreateICmpNE(b.CreateLoad(b.getInt8Ty(), at), b.getInt8(0)));
    else
      args.push_back(b.CreateLoad(abi.type, at));
  }
  if (c.result != plan::kNone) {
    params.push_back(ptr);
    args.push_back(fn->getArg(3));
  }
  params.push_back(ptr);
  args.push_back(fn->getArg(4));
  auto *hostTy = llvm::FunctionType::get(i1, params, false);
  llvm::CallInst *call = b.CreateCall(hostTy, fn->getArg(0), args);
  call->addRetAttr(llvm::Attribute::ZExt);
  for (size_t i = 0; i < abis.size(); ++i)
    if (abis[i].ext != llvm::Attribute::None)
      call->addParamAttr(static_cast<unsigned>(i + 1), abis[i].ext);
  b.CreateRet(call);
  return fn;
}

} // namespace

std::vector<std::string> emitLibraryApi(const plan::Plan &plan, const ComponentLibrary &lib,
                                        const std::string &prefix, llvm::Module &out) {
  llvm::LLVMContext &ctx = out.getContext();
  auto *ptr = llvm::PointerType::get(ctx, 0);
  auto *i1 = llvm::Type::getInt1Ty(ctx);
  auto *i32 = llvm::Type::getInt32Ty(ctx);
  auto *i64 = llvm::Type::getInt64Ty(ctx);
  auto *voidTy = llvm::Type::getVoidTy(ctx);
  std::vector<std::string> exported;

  // __w2n_lib_component: {block_size, instantiate, exports, num_exports, num_imports, imports,
  // host_slot, num_instances} (runtime lib.h).
  auto *entryTy = llvm::StructType::get(ctx, {ptr, i64, ptr});
  std::vector<llvm::Constant *> entries;
  for (const ComponentLibrary::Export &e : lib.exports) {
    auto *name = llvm::ConstantDataArray::getString(ctx, e.name);
    auto *g = new llvm::GlobalVariable(out, name->getType(), true,
                                       llvm::GlobalValue::PrivateLinkage, name, "__w2n_lib_name");
    entries.push_back(llvm::ConstantStruct::get(
        entryTy, {g, llvm::ConstantInt::get(i64, e.adapterOffset), e.functype}));
  }
  llvm::Constant *table = llvm::ConstantPointerNull::get(ptr);
  if (!entries.empty()) {
    auto *ty = llvm::ArrayType::get(entryTy, entries.size());
    table = new llvm::GlobalVariable(out, ty, true, llvm::GlobalValue::InternalLinkage,
                                     llvm::ConstantArray::get(ty, entries), "__w2n_lib_exports");
  }
  // The imports: {name, functype, caller} each, the caller calling the host's function with its
  // C signature (arguments from an array of pointers, as lib_imports.c passes them).
  auto *importTy = llvm::StructType::get(ctx, {ptr, ptr, ptr});
  std::vector<llvm::Constant *> importEntries;
  for (uint32_t index = 0; index < lib.imports.size(); ++index) {
    const ComponentLibrary::Import &imp = lib.imports[index];
    auto *name = llvm::ConstantDataArray::getString(ctx, imp.name);
    auto *g = new llvm::GlobalVariable(out, name->getType(), true,
                                       llvm::GlobalValue::PrivateLinkage, name, "__w2n_lib_name");
    if (imp.dropResource != plan::kNone) { // the runtime calls a destructor itself
      auto *null = llvm::ConstantPointerNull::get(ptr);
      importEntries.push_back(llvm::ConstantStruct::get(importTy, {g, null, null}));
      continue;
    }
    importEntries.push_back(llvm::ConstantStruct::get(
        importTy,
        {g, imp.functype, importCaller(plan, plan::cImportOf(plan, imp, prefix), index, out)}));
  }
  llvm::Constant *importTable = llvm::ConstantPointerNull::get(ptr);
  if (!importEntries.empty()) {
    auto *ty = llvm::ArrayType::get(importTy, importEntries.size());
    importTable =
        new llvm::GlobalVariable(out, ty, true, llvm::GlobalValue::InternalLinkage,
                                 llvm::ConstantArray::get(ty, importEntries), "__w2n_lib_imports");
  }
  auto *compTy = llvm::StructType::get(ctx, {i64, ptr, ptr, i32, i32, ptr, i64, i32});
  auto *component = new llvm::GlobalVariable(
      out, compTy, true, llvm::GlobalValue::InternalLinkage,
      llvm::ConstantStruct::get(compTy,
                                {llvm::ConstantInt::get(i64, lib.blockSize), lib.instantiate, table,
                                 llvm::ConstantInt::get(i32, entries.size()),
                                 llvm::ConstantInt::get(i32, importEntries.size()), importTable,
                                 llvm::ConstantInt::get(i64, lib.hostSlot),
                                 llvm::ConstantInt::get(i32, lib.componentInstances)}),
      "__w2n_lib_component");

  auto define = [&](const std::string &name, llvm::FunctionType *type) {
    auto *fn = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, name, out);
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    exported.push_back(name);
    return fn;
  };
  auto runtime = [&](const char *name, llvm::FunctionType *type) {
    return out.getOrInsertFunction(name, type);
  };

  // <prefix>_instantiate(config, error) and <prefix>_instance_free(instance).
  {
    llvm::Function *fn =
        define(prefix + "_instantiate", llvm::FunctionType::get(ptr, {ptr, ptr}, false));
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
    b.CreateRet(b.CreateCall(
        runtime("w2n_lib_instantiate", llvm::FunctionType::get(ptr, {ptr, ptr, ptr}, false)),
        {component, fn->getArg(0), fn->getArg(1)}));
  }
  {
    llvm::Function *fn =
        define(prefix + "_instance_free", llvm::FunctionType::get(voidTy, {ptr}, false));
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
    b.CreateCall(runtime("w2n_lib_instance_free", llvm::FunctionType::get(voidTy, {ptr}, false)),
                 {fn->getArg(0)});
    b.CreateRetVoid();
  }

  // One function per export: bool f(instance, params..., ret, error).
  llvm::FunctionCallee call =
      runtime("w2n_lib_call", llvm::FunctionType::get(i1, {ptr, i32, ptr, ptr, ptr}, false));
  llvm::FunctionCallee callFlat =
      runtime("w2n_lib_call_flat", llvm::FunctionType::get(i1, {ptr, i32, ptr, ptr}, false));
  for (uint32_t index = 0; index < lib.exports.size(); ++index) {
    plan::CExport c = plan::cExportOf(plan, lib.exports[index], prefix);
    std::vector<llvm::Type *> params = {ptr};
    std::vector<ScalarAbi> abis;
    for (const plan::CParam &p : c.params) {
      abis.push_back(p.byValue ? cScalarAbi(plan, p.type, ctx)
                               : ScalarAbi{ptr, llvm::Attribute::None});
      params.push_back(abis.back().type);
    }
    if (c.result != plan::kNone) params.push_back(ptr);
    params.push_back(ptr);
    llvm::Function *fn = define(c.cName, llvm::FunctionType::get(i1, params, false));
    fn->addRetAttr(llvm::Attribute::ZExt);
    for (size_t i = 0; i < abis.size(); ++i)
      if (abis[i].ext != llvm::Attribute::None)
        fn->addParamAttr(static_cast<unsigned>(i + 1), abis[i].ext);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
    if (scalarSignature(plan, lib.exports[index].type)) {
      emitFlatCall(b, plan, c, index, lib.exports[index], fn, callFlat);
    } else {
      llvm::Value *args =
          b.CreateAlloca(llvm::ArrayType::get(ptr, std::max<size_t>(1, c.params.size())));
      for (size_t i = 0; i < c.params.size(); ++i) {
        llvm::Value *arg = fn->getArg(static_cast<unsigned>(i + 1));
        llvm::Value *where = arg;
        if (c.params[i].byValue) {
          llvm::Type *slotTy = abis[i].type->isIntegerTy(1) ? b.getInt8Ty() : abis[i].type;
          where = b.CreateAlloca(slotTy);
          b.CreateStore(abis[i].type->isIntegerTy(1) ? b.CreateZExt(arg, b.getInt8Ty()) : arg,
                        where);
        }
        b.CreateStore(where, b.CreateConstInBoundsGEP1_64(ptr, args, i));
      }
      unsigned next = static_cast<unsigned>(c.params.size() + 1);
      llvm::Value *ret = c.result != plan::kNone ? static_cast<llvm::Value *>(fn->getArg(next++))
                                                 : llvm::ConstantPointerNull::get(ptr);
      llvm::Value *error = fn->getArg(next);
      b.CreateRet(b.CreateCall(call, {fn->getArg(0), b.getInt32(index), args, ret, error}));
    }

    if (c.resultOwnsMemory) { // <name>_free(ret)
      llvm::Function *freeFn =
          define(c.cName + "_free", llvm::FunctionType::get(voidTy, {ptr}, false));
      llvm::IRBuilder<> fb(llvm::BasicBlock::Create(ctx, "entry", freeFn));
      fb.CreateCall(
          runtime("w2n_lib_free_result", llvm::FunctionType::get(voidTy, {ptr, i32, ptr}, false)),
          {component, fb.getInt32(index), freeFn->getArg(0)});
      fb.CreateRetVoid();
    }
  }
  // <prefix>_drop_<resource>(instance, handle, error): the host gives up an own handle.
  for (const auto &[r, name] : plan::cDropFunctions(plan, lib, prefix)) {
    llvm::Type *repTy = plan.resources[r].rep64 ? i64 : i32;
    llvm::Function *fn = define(name, llvm::FunctionType::get(i1, {ptr, repTy, ptr}, false));
    fn->addRetAttr(llvm::Attribute::ZExt);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
    llvm::FunctionCallee drop =
        runtime("w2n_lib_drop", llvm::FunctionType::get(i1, {ptr, ptr, i64, ptr}, false));
    b.CreateRet(b.CreateCall(drop, {fn->getArg(0), lib.resourceTypes.at(r),
                                    b.CreateZExt(fn->getArg(1), i64), fn->getArg(2)}));
  }
  // The runtime's functions the header declares.
  exported.push_back("w2n_error_new");
  exported.push_back("w2n_error_message");
  exported.push_back("w2n_error_free");
  return exported;
}

void hideForLibrary(llvm::Module &module, const std::vector<std::string> &exported) {
  std::set<std::string> keep(exported.begin(), exported.end());
  // The library runtime keeps these per thread (runtime-lib/src/rt.h, W2N_THREAD).
  for (const char *name : {"__w2n_stack_limit", "__w2n_exn_head"})
    if (llvm::GlobalVariable *g = module.getNamedGlobal(name))
      g->setThreadLocalMode(llvm::GlobalValue::InitialExecTLSModel);
  for (llvm::GlobalValue &g : module.global_values()) {
    if (g.hasLocalLinkage() || g.getName().starts_with("llvm.") || keep.count(g.getName().str()))
      continue;
    g.setVisibility(llvm::GlobalValue::HiddenVisibility);
    g.setDSOLocal(true);
  }
}

} // namespace w2n
