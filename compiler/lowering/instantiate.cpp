// The instantiate function of a module: allocates the vmctx, binds imports, creates memories and
// tables, initializes globals and function references, materializes element segments, runs the
// active element and data segments in module order with Wasm 2.0 semantics (each one a
// table.init/memory.init through the runtime, so an out-of-bounds segment traps after the earlier
// ones were written), and calls the start function.
#include "compiler/lowering/lower_internal.h"

#include <algorithm>

namespace w2n {

namespace {

class Instantiator {
public:
  Instantiator(LowerContext &lc, llvm::Function *fn) : lc(lc), fn(fn), b(lc.ctx) {}

  // The setup function: everything up to (not including) the start function.
  void emitSetup();
  // The function that runs the start function (or nothing) on an instance.
  void emitStart();

private:
  llvm::Value *evalConst(const ConstExpr &e, ValType type);
  void bindImports(llvm::Value *imports);
  void createMemoriesAndTables();
  void initFuncrefs();
  void initGlobals();
  // Tables with an initializer expression (typed function references): every element set.
  void initTables();
  void initTags();
  void materializeElems();
  // Items of a segment whose items are all ref.func of defined functions or ref.null: a loop
  // over a constant table of vmctx offsets instead of one store per item.
  bool fillFromOffsetTable(const ElemSegment &seg, llvm::Value *buffer);
  void runActiveSegments();
  void callStart();

  LowerContext &lc;
  llvm::Function *fn;
  llvm::IRBuilder<> b;
  llvm::Value *vmctx = nullptr;
  std::vector<llvm::Value *> elemItems; // per segment: the materialized items (or null)
};

llvm::Value *Instantiator::evalConst(const ConstExpr &e, ValType type) {
  if (llvm::Constant *c = lc.constantOf(e)) return c;
  if (e.kind == ConstExpr::Kind::Expr) return b.CreateCall(lowerConstExpr(lc, e, type), {vmctx});
  if (e.kind == ConstExpr::Kind::RefFunc) {
    FuncIndex f(static_cast<uint32_t>(e.bits));
    if (lc.wasm.isImportedFunc(f))
      return lc.loadInvariant(b, lc.ptrTy, vmctx, lc.layout.importedFuncs[f.value]);
    return lc.fieldPtr(b, vmctx, lc.layout.funcrefs[f.value]);
  }
  // global.get
  GlobalIndex g(static_cast<uint32_t>(e.bits));
  llvm::Type *t = lc.valType(lc.wasm.globalTypes[g.value].type);
  if (lc.wasm.isImportedGlobal(g)) {
    llvm::Value *cell =
        lc.load(b, lc.ptrTy, vmctx, lc.layout.globals[g.value], AccessKind::VmctxField);
    return lc.load(b, t, cell, 0, AccessKind::GlobalCell);
  }
  return lc.load(b, t, vmctx, lc.layout.globals[g.value], AccessKind::GlobalCell);
}

void Instantiator::bindImports(llvm::Value *imports) {
  const Module &m = lc.wasm;
  uint32_t funcs = 0, tables = 0, memories = 0, globals = 0, tags = 0;
  for (size_t i = 0; i < m.imports.size(); ++i) {
    llvm::Value *obj =
        b.CreateAlignedLoad(lc.ptrTy, lc.fieldPtr(b, imports, 8 * i), llvm::Align(8));
    uint32_t offset = 0;
    switch (m.imports[i].kind) {
    case ExternKind::Func:
      offset = lc.layout.importedFuncs[funcs++];
      break;
    case ExternKind::Table:
      offset = lc.layout.tables[tables++];
      break;
    case ExternKind::Memory:
      if (memories == 0)
        lc.store(b, lc.load(b, lc.ptrTy, obj, VmctxLayout::kMemoryBase, AccessKind::RuntimeObject),
                 vmctx, VmctxLayout::kMemBase, AccessKind::VmctxField);
      offset = lc.layout.memories[memories++];
      break;
    case ExternKind::Global:
      offset = lc.layout.globals[globals++];
      break;
    case ExternKind::Tag:
      offset = lc.layout.tags[tags++];
      break;
    }
    lc.store(b, obj, vmctx, offset, AccessKind::VmctxField);
  }
}

void Instantiator::createMemoriesAndTables() {
  const Module &m = lc.wasm;
  for (size_t i = m.numImportedMemories; i < m.memories.size(); ++i) {
    const Limits &l = m.memories[i].limits;
    llvm::FunctionCallee create =
        m.memories[i].is64
            ? lc.out.getOrInsertFunction(
                  "__w2n_memory64_new",
                  llvm::FunctionType::get(lc.ptrTy, {lc.i64Ty, lc.i64Ty, lc.i32Ty}, false))
            : lc.runtime(RuntimeFn::MemoryNew);
    llvm::Value *mem = b.CreateCall(
        create, {b.getInt64(l.min), b.getInt64(l.max.value_or(m.memories[i].is64 ? 0 : 65536)),
                 b.getInt32(l.max.has_value())});
    if (i == 0)
      lc.store(b, lc.load(b, lc.ptrTy, mem, VmctxLayout::kMemoryBase, AccessKind::RuntimeObject),
               vmctx, VmctxLayout::kMemBase, AccessKind::VmctxField);
    lc.store(b, mem, vmctx, lc.layout.memories[i], AccessKind::VmctxField);
  }
  for (size_t i = m.numImportedTables; i < m.tables.size(); ++i) {
    const TableType &t = m.tables[i];
    // table64 limits beyond 32 bits saturate (the runtime refuses such a minimum as too large).
    auto limit32 = [](uint64_t v) {
      return static_cast<uint32_t>(std::min<uint64_t>(v, UINT32_MAX));
    };
    llvm::Value *table = b.CreateCall(
        lc.runtime(RuntimeFn::TableNew),
        {b.getInt32(limit32(t.limits.min)), b.getInt32(limit32(t.limits.max.value_or(UINT32_MAX))),
         b.getInt32(t.limits.max.has_value()), b.getInt32(static_cast<uint32_t>(t.elemType)),
         llvm::ConstantPointerNull::get(lc.ptrTy)});
    lc.store(b, table, vmctx, lc.layout.tables[i], AccessKind::VmctxField);
  }
}

void Instantiator::initTables() {
  const Module &m = lc.wasm;
  for (size_t i = 0; i < m.tableInits.size(); ++i) {
    const ConstExpr &init = m.tableInits[i];
    if (init.kind == ConstExpr::Kind::RefNull) continue; // new tables are null-filled
    size_t t = m.numImportedTables + i;
    llvm::Value *table = lc.load(b, lc.ptrTy, vmctx, lc.layout.tables[t], AccessKind::VmctxField);
    b.CreateCall(lc.runtime(RuntimeFn::TableFill),
                 {table, b.getInt32(0), evalConst(init, m.tables[t].elemType),
                  b.getInt32(static_cast<uint32_t>(m.tables[t].limits.min))});
  }
}

void Instantiator::initFuncrefs() {
  const Module &m = lc.wasm;
  for (uint32_t f = m.numImportedFuncs; f < m.funcTypes.size(); ++f) {
    uint32_t at = lc.layout.funcrefs[f];
    if (at == kNoSlot) continue;
    const FuncType &type = m.funcType(FuncIndex(f));
    lc.store(b, lc.funcs[f], vmctx, at + VmctxLayout::kFuncrefCode, AccessKind::RuntimeObject);
    lc.store(b, vmctx, vmctx, at + VmctxLayout::kFuncrefVmctx, AccessKind::RuntimeObject);
    lc.store(b, lc.sigSymbol(type), vmctx, at + VmctxLayout::kFuncrefSig,
             AccessKind::RuntimeObject);
    lc.store(b, lc.trampoline(type), vmctx, at + VmctxLayout::kFuncrefArrayCall,
             AccessKind::RuntimeObject);
  }
}

// A defined tag is a w2n_tag in the vmctx: its address is the identity, its contents the type.
void Instantiator::initTags() {
  const Module &m = lc.wasm;
  for (size_t t = m.numImportedTags; t < m.tags.size(); ++t)
    lc.store(b, lc.sigSymbol(m.types[m.tags[t].value]), vmctx, lc.layout.tags[t],
             AccessKind::RuntimeObject);
}

void Instantiator::initGlobals() {
  const Module &m = lc.wasm;
  for (size_t i = 0; i < m.globals.size(); ++i) {
    uint32_t g = m.numImportedGlobals + static_cast<uint32_t>(i);
    lc.store(b, evalConst(m.globals[i].init, m.globals[i].type.type), vmctx, lc.layout.globals[g],
             AccessKind::GlobalCell);
  }
}

bool Instantiator::fillFromOffsetTable(const ElemSegment &seg, llvm::Value *buffer) {
  std::vector<uint32_t> offsets;
  for (const ConstExpr &item : seg.items) {
    if (item.kind == ConstExpr::Kind::RefNull) {
      offsets.push_back(kNoSlot);
    } else if (item.kind == ConstExpr::Kind::RefFunc &&
               !lc.wasm.isImportedFunc(FuncIndex(static_cast<uint32_t>(item.bits)))) {
      offsets.push_back(lc.layout.funcrefs[item.bits]);
    } else {
      return false;
    }
  }
  auto *init = llvm::ConstantDataArray::get(lc.ctx, offsets);
  auto *table =
      new llvm::GlobalVariable(lc.out, init->getType(), true, llvm::GlobalValue::PrivateLinkage,
                               init, lc.symbol("elem_offsets"));
  table->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  llvm::BasicBlock *pre = b.GetInsertBlock();
  llvm::BasicBlock *loop = llvm::BasicBlock::Create(lc.ctx, "elem.fill", fn);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(lc.ctx, "elem.done", fn);
  b.CreateBr(loop);
  b.SetInsertPoint(loop);
  llvm::PHINode *j = b.CreatePHI(lc.i64Ty, 2);
  j->addIncoming(b.getInt64(0), pre);
  llvm::Value *offset = b.CreateLoad(lc.i32Ty, b.CreateInBoundsGEP(lc.i32Ty, table, j));
  llvm::Value *ref = b.CreateSelect(
      b.CreateICmpEQ(offset, b.getInt32(kNoSlot)), llvm::ConstantPointerNull::get(lc.ptrTy),
      b.CreateInBoundsGEP(lc.i8Ty, vmctx, b.CreateZExt(offset, lc.i64Ty)));
  b.CreateAlignedStore(ref, b.CreateInBoundsGEP(lc.ptrTy, buffer, j), llvm::Align(8));
  llvm::Value *next = b.CreateAdd(j, b.getInt64(1));
  j->addIncoming(next, loop);
  b.CreateCondBr(b.CreateICmpULT(next, b.getInt64(offsets.size())), loop, done);
  b.SetInsertPoint(done);
  return true;
}

void Instantiator::materializeElems() {
  const Module &m = lc.wasm;
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment &seg = m.elems[i];
    elemItems.push_back(nullptr);
    if (seg.mode == ElemSegment::Mode::Declarative || seg.items.empty())
      continue; // length stays 0: declarative segments are dropped at instantiation
    uint64_t n = seg.items.size();
    llvm::Value *buffer = b.CreateCall(lc.runtime(RuntimeFn::Alloc), {b.getInt64(8 * n)});
    if (!fillFromOffsetTable(seg, buffer))
      for (size_t j = 0; j < n; ++j)
        b.CreateAlignedStore(evalConst(seg.items[j], seg.elemType), lc.fieldPtr(b, buffer, 8 * j),
                             llvm::Align(8));
    uint32_t at = lc.layout.elemSegments[i];
    lc.store(b, buffer, vmctx, at + VmctxLayout::kElemItems, AccessKind::VmctxField);
    if (seg.mode == ElemSegment::Mode::Passive)
      lc.store(b, b.getInt32(static_cast<uint32_t>(n)), vmctx, at + VmctxLayout::kElemLength,
               AccessKind::VmctxField);
    elemItems.back() = buffer;
  }
}

void Instantiator::runActiveSegments() {
  const Module &m = lc.wasm;
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment &seg = m.elems[i];
    if (seg.mode != ElemSegment::Mode::Active) continue;
    // table.init from the segment, then elem.drop (its length stays 0 in the vmctx).
    llvm::Value *table =
        lc.load(b, lc.ptrTy, vmctx, lc.layout.tables[seg.table.value], AccessKind::VmctxField);
    llvm::Value *items = elemItems[i] ? elemItems[i] : llvm::ConstantPointerNull::get(lc.ptrTy);
    llvm::Value *n = b.getInt32(static_cast<uint32_t>(seg.items.size()));
    llvm::Value *offset =
        evalConst(seg.offsetExpr, m.tables[seg.table.value].is64 ? ValType::I64 : ValType::I32);
    b.CreateCall(lc.runtime(RuntimeFn::TableInit),
                 {table, lc.tableIndex32(b, offset), items, n, b.getInt32(0), n});
  }
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const DataSegment &seg = m.datas[i];
    llvm::Value *n = b.getInt32(seg.dataSize);
    if (seg.mode == DataSegment::Mode::Passive) {
      lc.store(b, n, vmctx, lc.layout.dataLengths[i], AccessKind::VmctxField);
      continue;
    }
    llvm::Value *mem =
        lc.load(b, lc.ptrTy, vmctx, lc.layout.memories[seg.memory.value], AccessKind::VmctxField);
    if (m.memories[seg.memory.value].is64) {
      llvm::FunctionCallee init = lc.out.getOrInsertFunction(
          "__w2n_memory64_init",
          llvm::FunctionType::get(b.getVoidTy(), {lc.ptrTy, lc.i64Ty, lc.ptrTy, lc.i32Ty}, false));
      b.CreateCall(init, {mem, evalConst(seg.offsetExpr, ValType::I64),
                          lc.dataBytes(static_cast<uint32_t>(i)), n});
      continue;
    }
    b.CreateCall(lc.runtime(RuntimeFn::MemoryInit),
                 {mem, evalConst(seg.offsetExpr, ValType::I32),
                  lc.dataBytes(static_cast<uint32_t>(i)), n, b.getInt32(0), n});
  }
}

void Instantiator::callStart() {
  const Module &m = lc.wasm;
  if (!m.start) return;
  FuncIndex f = *m.start;
  llvm::CallInst *call;
  if (m.isImportedFunc(f)) {
    llvm::Value *ref =
        lc.load(b, lc.ptrTy, vmctx, lc.layout.importedFuncs[f.value], AccessKind::VmctxField);
    llvm::Value *code =
        lc.load(b, lc.ptrTy, ref, VmctxLayout::kFuncrefCode, AccessKind::RuntimeObject);
    llvm::Value *calleeVmctx =
        lc.load(b, lc.ptrTy, ref, VmctxLayout::kFuncrefVmctx, AccessKind::RuntimeObject);
    call = b.CreateCall(lc.funcType(m.funcType(f)), code, {calleeVmctx});
  } else {
    call = b.CreateCall(lc.funcs[f.value], {vmctx});
  }
  // Compiled code treats vmctx fields as invariant; keep it out of the function that writes them.
  call->setIsNoInline();
}

void Instantiator::emitSetup() {
  b.SetInsertPoint(llvm::BasicBlock::Create(lc.ctx, "entry", fn));
  vmctx = b.CreateCall(lc.runtime(RuntimeFn::Alloc), {b.getInt64(lc.layout.size)});
  vmctx->setName("vmctx");
  bindImports(fn->getArg(0));
  createMemoriesAndTables();
  initFuncrefs();
  initGlobals();
  initTables();
  initTags();
  materializeElems();
  runActiveSegments();
  b.CreateRet(vmctx);
}

void Instantiator::emitStart() {
  b.SetInsertPoint(llvm::BasicBlock::Create(lc.ctx, "entry", fn));
  vmctx = fn->getArg(0);
  callStart();
  b.CreateRetVoid();
}

llvm::Function *createFunction(LowerContext &lc, llvm::FunctionType *type, const char *name) {
  auto *fn =
      llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, lc.symbol(name), lc.out);
  lc.setFunctionAttributes(fn);
  return fn;
}

} // namespace

llvm::Function *emitInstantiate(LowerContext &lc) {
  auto *setupType = llvm::FunctionType::get(lc.ptrTy, {lc.ptrTy}, false);
  llvm::Function *setup = createFunction(lc, setupType, "instantiate_setup");
  setup->getArg(0)->setName("imports");
  Instantiator(lc, setup).emitSetup();

  auto *startType = llvm::FunctionType::get(llvm::Type::getVoidTy(lc.ctx), {lc.ptrTy}, false);
  llvm::Function *start = createFunction(lc, startType, "instantiate_start");
  start->getArg(0)->setName("vmctx");
  Instantiator(lc, start).emitStart();

  llvm::Function *fn = createFunction(lc, setupType, "instantiate");
  fn->getArg(0)->setName("imports");
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(lc.ctx, "entry", fn));
  llvm::Value *vmctx = b.CreateCall(setup, {fn->getArg(0)});
  b.CreateCall(start, {vmctx});
  b.CreateRet(vmctx);
  return fn;
}

} // namespace w2n
