// The generated __w2n_program_main that the runtime's process entry calls: for a standalone
// executable it binds imports to host objects, instantiates the module, hands the exported
// memory to the WASI shim and runs "_start"; for the spec harness it hands every module
// descriptor to the runtime's script driver.
#include "compiler/lowering/lower_internal.h"

namespace w2n {

namespace {

bool isIdentifier(const std::string &s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  return true;
}

llvm::Function *createMain(llvm::Module &out) {
  auto *type = llvm::FunctionType::get(llvm::Type::getInt32Ty(out.getContext()), false);
  auto *fn =
      llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, "__w2n_program_main", out);
  fn->addFnAttr("frame-pointer", "all");
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  return fn;
}

const Export *findExport(const Module &module, const std::string &name, ExternKind kind) {
  for (const Export &e : module.exports)
    if (e.name == name && e.kind == kind) return &e;
  return nullptr;
}

} // namespace

bool emitProgramMain(const Module &module, llvm::Module &out, const LowerOptions &options,
                     Diagnostics &diags) {
  LowerContext lc(module, out, options, diags);
  std::vector<llvm::Constant *> hostObjects;
  bool ok = true;
  for (const Import &imp : module.imports) {
    if (imp.kind != ExternKind::Func || !isIdentifier(imp.module) || !isIdentifier(imp.name)) {
      diags.error(imp.offset, "unsupported import " + imp.module + "." + imp.name);
      ok = false;
      continue;
    }
    std::string symbol = "__w2n_host_" + imp.module + "__" + imp.name;
    hostObjects.push_back(llvm::cast<llvm::Constant>(out.getOrInsertGlobal(symbol, lc.i8Ty)));
  }
  const Export *startExport = findExport(module, "_start", ExternKind::Func);
  if (startExport) {
    const FuncType &type = module.funcType(FuncIndex(startExport->index));
    if (!type.params.empty() || !type.results.empty()) {
      diags.error(startExport->offset, "export _start must have type [] -> []");
      ok = false;
    }
  }
  if (!ok) return false;

  llvm::Constant *imports = llvm::ConstantPointerNull::get(lc.ptrTy);
  if (!hostObjects.empty()) {
    auto *arrayTy = llvm::ArrayType::get(lc.ptrTy, hostObjects.size());
    auto *g = new llvm::GlobalVariable(out, arrayTy, true, llvm::GlobalValue::PrivateLinkage,
                                       llvm::ConstantArray::get(arrayTy, hostObjects),
                                       lc.symbol("host_imports"));
    g->setAlignment(llvm::Align(8));
    imports = g;
  }

  llvm::Function *main = createMain(out);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(lc.ctx, "entry", main));
  llvm::Value *desc = out.getOrInsertGlobal(lc.symbol("module"), lc.i8Ty);
  b.CreateCall(lc.runtime(RuntimeFn::RegisterModule), {desc});
  // Setup and start function separately: a start function may already call WASI, which needs
  // the memory.
  llvm::FunctionCallee setup = out.getOrInsertFunction(
      lc.symbol("instantiate_setup"), llvm::FunctionType::get(lc.ptrTy, {lc.ptrTy}, false));
  llvm::FunctionCallee runStart = out.getOrInsertFunction(
      lc.symbol("instantiate_start"),
      llvm::FunctionType::get(llvm::Type::getVoidTy(lc.ctx), {lc.ptrTy}, false));
  llvm::Value *vmctx = b.CreateCall(setup, {imports});
  if (const Export *memory = findExport(module, "memory", ExternKind::Memory)) {
    llvm::Value *mem = b.CreateAlignedLoad(
        lc.ptrTy, lc.fieldPtr(b, vmctx, lc.layout.memories[memory->index]), llvm::Align(8));
    b.CreateCall(lc.runtime(RuntimeFn::WasiBindMemory), {mem});
  }
  b.CreateCall(runStart, {vmctx});
  if (startExport) {
    uint32_t f = startExport->index;
    llvm::Value *ref =
        module.isImportedFunc(FuncIndex(f))
            ? static_cast<llvm::Value *>(b.CreateAlignedLoad(
                  lc.ptrTy, lc.fieldPtr(b, vmctx, lc.layout.importedFuncs[f]), llvm::Align(8)))
            : lc.fieldPtr(b, vmctx, lc.layout.funcrefs[f]);
    llvm::Value *code = b.CreateAlignedLoad(lc.ptrTy, ref, llvm::Align(8));
    llvm::Value *calleeVmctx = b.CreateAlignedLoad(
        lc.ptrTy, lc.fieldPtr(b, ref, VmctxLayout::kFuncrefVmctx), llvm::Align(8));
    b.CreateCall(llvm::FunctionType::get(llvm::Type::getVoidTy(lc.ctx), {lc.ptrTy}, false), code,
                 {calleeVmctx});
  }
  b.CreateRet(b.getInt32(0));
  markDsoLocal(out);
  return true;
}

void emitScriptMain(llvm::Module &out, const std::vector<std::string> &descriptorSymbols) {
  llvm::LLVMContext &ctx = out.getContext();
  llvm::Type *i8 = llvm::Type::getInt8Ty(ctx), *i32 = llvm::Type::getInt32Ty(ctx);
  llvm::PointerType *ptr = llvm::PointerType::get(ctx, 0);
  std::vector<llvm::Constant *> descs;
  for (const std::string &symbol : descriptorSymbols)
    descs.push_back(llvm::cast<llvm::Constant>(out.getOrInsertGlobal(symbol, i8)));
  llvm::Constant *array = llvm::ConstantPointerNull::get(ptr);
  if (!descs.empty()) {
    auto *arrayTy = llvm::ArrayType::get(ptr, descs.size());
    auto *g =
        new llvm::GlobalVariable(out, arrayTy, true, llvm::GlobalValue::PrivateLinkage,
                                 llvm::ConstantArray::get(arrayTy, descs), "__w2n_script_modules");
    g->setAlignment(llvm::Align(8));
    array = g;
  }
  llvm::Function *main = createMain(out);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", main));
  llvm::FunctionCallee scriptMain =
      out.getOrInsertFunction("w2n_script_main", llvm::FunctionType::get(i32, {ptr, i32}, false));
  b.CreateRet(b.CreateCall(scriptMain, {array, b.getInt32(static_cast<uint32_t>(descs.size()))}));
  markDsoLocal(out);
}

} // namespace w2n
