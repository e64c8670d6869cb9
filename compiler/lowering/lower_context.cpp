// LowerContext: LLVM types for Wasm values, runtime declarations, TBAA tags and field helpers.
#include "compiler/lowering/lower_context.h"
#include "compiler/lowering/lower_internal.h"

#include "llvm/IR/MDBuilder.h"
#include "llvm/TargetParser/Triple.h"

namespace w2n {

LowerContext::LowerContext(const Module &wasm, llvm::Module &out, const LowerOptions &options,
                           Diagnostics &diags)
    : wasm(wasm), out(out), ctx(out.getContext()), options(options), diags(diags),
      layout(computeVmctxLayout(wasm)) {
  isAArch64 = llvm::Triple(out.getTargetTriple()).isAArch64();
  isX86 = llvm::Triple(out.getTargetTriple()).isX86();
  i1Ty = llvm::Type::getInt1Ty(ctx);
  i8Ty = llvm::Type::getInt8Ty(ctx);
  i16Ty = llvm::Type::getInt16Ty(ctx);
  i32Ty = llvm::Type::getInt32Ty(ctx);
  i64Ty = llvm::Type::getInt64Ty(ctx);
  f32Ty = llvm::Type::getFloatTy(ctx);
  f64Ty = llvm::Type::getDoubleTy(ctx);
  v128Ty = llvm::FixedVectorType::get(i32Ty, 4);
  ptrTy = llvm::PointerType::get(ctx, 0);
  funcs.assign(wasm.funcTypes.size(), nullptr);

  llvm::MDBuilder md(ctx);
  llvm::MDNode *root = md.createTBAARoot("w2n tbaa");
  const char *names[] = {"wasm linear memory", "wasm global", "w2n vmctx field",
                         "w2n runtime object", "wasm gc object"};
  for (int i = 0; i < static_cast<int>(AccessKind::Count); ++i) {
    llvm::MDNode *type = md.createTBAAScalarTypeNode(names[i], root);
    tbaa_[i] = md.createTBAAStructTagNode(type, type, 0);
  }
}

llvm::Type *LowerContext::valType(ValType t) const {
  switch (t) {
  case ValType::I32:
    return i32Ty;
  case ValType::I64:
    return i64Ty;
  case ValType::F32:
    return f32Ty;
  case ValType::F64:
    return f64Ty;
  case ValType::V128:
    return v128Ty;
  default: // every reference type
    return ptrTy;
  }
}

llvm::Type *LowerContext::resultType(const std::vector<ValType> &results) const {
  if (results.empty()) return llvm::Type::getVoidTy(ctx);
  if (results.size() == 1) return valType(results[0]);
  std::vector<llvm::Type *> fields;
  for (ValType t : results)
    fields.push_back(valType(t));
  return llvm::StructType::get(ctx, fields);
}

llvm::FunctionType *LowerContext::funcType(const FuncType &type) const {
  std::vector<llvm::Type *> params{ptrTy};
  for (ValType t : type.params)
    params.push_back(valType(t));
  return llvm::FunctionType::get(resultType(type.results), params, false);
}

llvm::Constant *LowerContext::zeroValue(ValType t) const {
  return llvm::Constant::getNullValue(valType(t));
}

llvm::Constant *LowerContext::constantOf(const ConstExpr &e) const {
  switch (e.kind) {
  case ConstExpr::Kind::I32:
    return llvm::ConstantInt::get(i32Ty, static_cast<uint32_t>(e.bits));
  case ConstExpr::Kind::I64:
    return llvm::ConstantInt::get(i64Ty, e.bits);
  case ConstExpr::Kind::F32:
    return llvm::ConstantFP::get(
        ctx, llvm::APFloat(llvm::APFloat::IEEEsingle(), llvm::APInt(32, e.bits & 0xffffffffu)));
  case ConstExpr::Kind::F64:
    return llvm::ConstantFP::get(
        ctx, llvm::APFloat(llvm::APFloat::IEEEdouble(), llvm::APInt(64, e.bits)));
  case ConstExpr::Kind::V128: {
    uint32_t words[4] = {static_cast<uint32_t>(e.bits), static_cast<uint32_t>(e.bits >> 32),
                         static_cast<uint32_t>(e.bitsHi), static_cast<uint32_t>(e.bitsHi >> 32)};
    return llvm::ConstantDataVector::get(ctx, llvm::ArrayRef<uint32_t>(words, 4));
  }
  case ConstExpr::Kind::RefNull:
    return llvm::ConstantPointerNull::get(ptrTy);
  case ConstExpr::Kind::RefFunc:
  case ConstExpr::Kind::GlobalGet:
  case ConstExpr::Kind::Expr:
    return nullptr;
  }
  return nullptr;
}

void LowerContext::setFunctionAttributes(llvm::Function *fn) const {
  fn->addFnAttr("frame-pointer", "all");
  fn->addFnAttr(llvm::Attribute::NoUnwind);
}

llvm::FunctionCallee LowerContext::runtime(RuntimeFn fn) {
  llvm::FunctionCallee &slot = runtimeFns_[static_cast<int>(fn)];
  if (slot) return slot;
  llvm::Type *voidTy = llvm::Type::getVoidTy(ctx);
  llvm::Type *p = ptrTy, *i = i32Ty;
  const char *name = nullptr;
  llvm::FunctionType *type = nullptr;
  switch (fn) {
  case RuntimeFn::Trap:
    name = "__w2n_trap";
    type = llvm::FunctionType::get(voidTy, {i}, false);
    break;
  case RuntimeFn::Alloc:
    name = "__w2n_alloc";
    type = llvm::FunctionType::get(p, {i64Ty}, false);
    break;
  case RuntimeFn::MemoryNew:
    name = "__w2n_memory_new";
    type = llvm::FunctionType::get(p, {i64Ty, i64Ty, i}, false);
    break;
  case RuntimeFn::MemoryGrow:
    name = "__w2n_memory_grow";
    type = llvm::FunctionType::get(i, {p, i}, false);
    break;
  case RuntimeFn::MemoryFill:
    name = "__w2n_memory_fill";
    type = llvm::FunctionType::get(voidTy, {p, i, i, i}, false);
    break;
  case RuntimeFn::MemoryCopy:
    name = "__w2n_memory_copy";
    type = llvm::FunctionType::get(voidTy, {p, p, i, i, i}, false);
    break;
  case RuntimeFn::MemoryInit:
    name = "__w2n_memory_init";
    type = llvm::FunctionType::get(voidTy, {p, i, p, i, i, i}, false);
    break;
  case RuntimeFn::TableNew:
    name = "__w2n_table_new";
    type = llvm::FunctionType::get(p, {i, i, i, i, p}, false);
    break;
  case RuntimeFn::TableGrow:
    name = "__w2n_table_grow";
    type = llvm::FunctionType::get(i, {p, p, i}, false);
    break;
  case RuntimeFn::TableFill:
    name = "__w2n_table_fill";
    type = llvm::FunctionType::get(voidTy, {p, i, p, i}, false);
    break;
  case RuntimeFn::TableCopy:
    name = "__w2n_table_copy";
    type = llvm::FunctionType::get(voidTy, {p, p, i, i, i}, false);
    break;
  case RuntimeFn::TableInit:
    name = "__w2n_table_init";
    type = llvm::FunctionType::get(voidTy, {p, i, p, i, i, i}, false);
    break;
  case RuntimeFn::RegisterModule:
    name = "w2n_register_module";
    type = llvm::FunctionType::get(voidTy, {p}, false);
    break;
  case RuntimeFn::ScriptMain:
    name = "w2n_script_main";
    type = llvm::FunctionType::get(i, {p, i}, false);
    break;
  case RuntimeFn::WasiBindMemory:
    name = "w2n_wasi_bind_memory";
    type = llvm::FunctionType::get(voidTy, {p}, false);
    break;
  case RuntimeFn::Count:
    llvm_unreachable("not a runtime function");
  }
  slot = out.getOrInsertFunction(name, type);
  if (auto *f = llvm::dyn_cast<llvm::Function>(slot.getCallee())) {
    f->addFnAttr(llvm::Attribute::NoUnwind);
    if (fn == RuntimeFn::Trap) {
      f->addFnAttr(llvm::Attribute::NoReturn);
      f->addFnAttr(llvm::Attribute::Cold);
    }
    if (fn == RuntimeFn::Alloc || fn == RuntimeFn::MemoryNew || fn == RuntimeFn::TableNew)
      f->addRetAttr(llvm::Attribute::NonNull);
  }
  return slot;
}

llvm::GlobalVariable *LowerContext::stackLimit() {
  if (auto *g = out.getGlobalVariable("__w2n_stack_limit")) return g;
  return new llvm::GlobalVariable(out, i64Ty, false, llvm::GlobalValue::ExternalLinkage, nullptr,
                                  "__w2n_stack_limit");
}

llvm::GlobalVariable *LowerContext::runtimeGlobal(const char *name) {
  if (llvm::GlobalVariable *g = out.getNamedGlobal(name)) return g;
  return new llvm::GlobalVariable(out, ptrTy, false, llvm::GlobalValue::ExternalLinkage, nullptr,
                                  name);
}

llvm::GlobalVariable *LowerContext::dataBytes(uint32_t index) {
  auto it = dataBytes_.find(index);
  if (it != dataBytes_.end()) return it->second;
  const DataSegment &seg = wasm.datas[index];
  llvm::StringRef bytes(reinterpret_cast<const char *>(wasm.bytes + seg.dataOffset), seg.dataSize);
  auto *init = llvm::ConstantDataArray::getString(ctx, bytes, /*AddNull=*/false);
  auto *g = new llvm::GlobalVariable(out, init->getType(), true, llvm::GlobalValue::PrivateLinkage,
                                     init, symbol("data" + std::to_string(index)));
  g->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  g->setAlignment(llvm::Align(16));
  dataBytes_[index] = g;
  return g;
}

llvm::Value *LowerContext::tableIndex32(llvm::IRBuilder<> &b, llvm::Value *v) const {
  if (!v->getType()->isIntegerTy(64)) return v;
  llvm::Value *big = b.CreateICmpUGT(v, b.getInt64(UINT32_MAX));
  return b.CreateSelect(big, b.getInt32(UINT32_MAX), b.CreateTrunc(v, i32Ty));
}

llvm::Value *LowerContext::fieldPtr(llvm::IRBuilder<> &b, llvm::Value *base,
                                    uint64_t offset) const {
  if (offset == 0) return base;
  return b.CreateConstInBoundsGEP1_64(i8Ty, base, offset);
}

llvm::Align LowerContext::fieldAlign(llvm::Type *type) const {
  if (type->isVectorTy()) return llvm::Align(16);
  return llvm::Align(std::min<uint64_t>(out.getDataLayout().getTypeStoreSize(type), 8));
}

void LowerContext::tag(llvm::Instruction *inst, AccessKind kind) {
  inst->setMetadata(llvm::LLVMContext::MD_tbaa, tbaa_[static_cast<int>(kind)]);
}

void LowerContext::markInvariant(llvm::LoadInst *load) {
  load->setMetadata(llvm::LLVMContext::MD_invariant_load, llvm::MDNode::get(ctx, {}));
}

llvm::LoadInst *LowerContext::load(llvm::IRBuilder<> &b, llvm::Type *type, llvm::Value *base,
                                   uint64_t offset, AccessKind kind) {
  llvm::LoadInst *l = b.CreateAlignedLoad(type, fieldPtr(b, base, offset), fieldAlign(type));
  tag(l, kind);
  return l;
}

llvm::LoadInst *LowerContext::loadInvariant(llvm::IRBuilder<> &b, llvm::Type *type,
                                            llvm::Value *base, uint64_t offset, AccessKind kind) {
  llvm::LoadInst *l = load(b, type, base, offset, kind);
  markInvariant(l);
  return l;
}

llvm::StoreInst *LowerContext::store(llvm::IRBuilder<> &b, llvm::Value *value, llvm::Value *base,
                                     uint64_t offset, AccessKind kind) {
  llvm::StoreInst *s =
      b.CreateAlignedStore(value, fieldPtr(b, base, offset), fieldAlign(value->getType()));
  tag(s, kind);
  return s;
}

llvm::MDNode *LowerContext::unlikely() {
  if (!unlikely_) unlikely_ = llvm::MDBuilder(ctx).createBranchWeights(1, 1u << 20);
  return unlikely_;
}

llvm::MDNode *LowerContext::likely() {
  if (!likely_) likely_ = llvm::MDBuilder(ctx).createBranchWeights(1u << 20, 1);
  return likely_;
}

void markDsoLocal(llvm::Module &out) {
  for (llvm::GlobalValue &g : out.global_values())
    if (!g.isDSOLocal() && !g.hasDLLImportStorageClass()) g.setDSOLocal(true);
}

} // namespace w2n
