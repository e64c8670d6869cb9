// The instantiation code of a component plan. Everything one instance of the component owns
// (canon.h's component instances, canonical options, adapters, the funcrefs of lowered functions
// and resource built-ins, core vmctx pointers) lives in one *instance block* whose layout the
// compiler fixes; __w2n_component_instantiate(block) fills it and instantiates the core modules in
// plan order with their imports resolved at compile time, so a process can hold many instances
// (the library output) while an executable uses one static block. Lowered functions are bound to
// the WASI 0.2 host (checked against wasi-shim/wasip2_funcs.def) or to adapters.
#include "compiler/lowering/component_main.h"

#include "compiler/lowering/component_descriptors.h"
#include "compiler/lowering/component_flatten.h"
#include "compiler/lowering/component_host.h"
#include "compiler/lowering/component_signature.h"
#include "compiler/lowering/lower_internal.h"

#include "w2n/canon.h"

#include <set>

namespace w2n {

std::string componentModulePrefix(uint32_t module) {
  return "w2n_m" + std::to_string(module) + "_";
}

namespace {

using plan::CoreFunc;
using plan::CoreInstance;
using plan::CoreItem;
using plan::kNone;
using plan::Lifted;
using plan::Lowered;
using plan::Options;
using plan::Plan;
using plan::Resource;
using plan::ResourceOp;
using plan::splitVersion;
using plan::Step;
using plan::ValueType;

// The wasi:cli/run export's `run` function, if the component has one.
const plan::Export *findRunExport(const Plan &plan) {
  for (const plan::Export &e : plan.exports) {
    auto [iface, version] = splitVersion(e.name.substr(0, e.name.find('#')));
    if (iface == "wasi:cli/run" && e.name.ends_with("#run")) return &e;
  }
  return nullptr;
}

class MainEmitter {
public:
  MainEmitter(const Plan &plan, llvm::Module &out, Diagnostics &diags)
      : plan_(plan), out_(out), diags_(diags), lc_(empty_, out, options_, diags),
        ctx_(out.getContext()),
        descriptors_(plan, out, [this](uint32_t r) { return resourceType(r); }) {
    ptr_ = llvm::PointerType::get(ctx_, 0);
    i32_ = llvm::Type::getInt32Ty(ctx_);
    i64_ = llvm::Type::getInt64Ty(ctx_);
    for (const Module *m : plan.modules)
      layouts_.push_back(computeVmctxLayout(*m));
  }

  bool emit(ComponentMainKind kind, ComponentLibrary *library, bool trapUnknownImports) {
    library_ = kind == ComponentMainKind::Library;
    trapUnknown_ = trapUnknownImports;
    if (!checkHostImports()) return false;
    emitStorage();
    if (library_) hostSlot_ = allocate(24); // w2n_lib_host
    libraryOut_ = library;
    std::vector<llvm::Constant *> exportEntries;
    if (kind != ComponentMainKind::Command) exportEntries = exportTable(kind);
    llvm::Function *inst = emitInstantiate();
    if (!inst) return false;
    if (kind == ComponentMainKind::Library) {
      for (const plan::Export &e : plan_.exports)
        if (e.lifted != kNone)
          library->exports.push_back({e.name, e.lifted, exportAdapters_.at(e.lifted), e.type,
                                      descriptors_.cfunctype(e.type)});
      emitFill();
      finishStaticBlock();
      markDsoLocal(out_);
      for (uint32_t r = 0; r < plan_.resources.size(); ++r)
        if (!plan_.resources[r].host) library->resourceTypes[r] = resourceType(r);
      library->instantiate = inst;
      library->blockSize = blockSize_;
      library->hostSlot = hostSlot_;
      library->componentInstances = plan_.componentInstances;
      return true;
    }
    llvm::Function *staticInst = staticInstantiate(inst);
    bool ok = kind == ComponentMainKind::Command ? emitCommandMain(staticInst)
                                                 : emitTableMain(staticInst, exportEntries, kind);
    emitFill();
    finishStaticBlock();
    markDsoLocal(out_);
    return ok;
  }

private:
  // Every import of the root must be something the host provides (as a linker would insist),
  // so a missing interface is reported even when nothing calls it yet.
  bool checkHostImports() {
    for (const plan::HostImport &h : plan_.hostImports) {
      // Instances that export no functions or resources (only types, or nothing) need nothing.
      if (h.funcs.empty() && h.resources.empty()) continue;
      if (trapUnknown_ && !library_) continue; // what the host lacks traps when called
      diags_.setFile(h.file);                  // a plug's import is reported in the plug's file
      auto [iface, version] = splitVersion(h.name);
      std::string iname = h.instance ? iface : "";
      if (!hostHasVersion(h.name)) {
        diags_.error(h.offset, "import `" + h.name + "` was not found: the host implements " +
                                   iface + " at version 0.2.x only");
        continue;
      }
      // A library's host supplies what the WASI host does not, functions and resources
      // (component_library.h).
      if (library_) continue;
      if (h.instance && !hostHasInterface(iface)) {
        diags_.error(h.offset, "import `" + h.name +
                                   "` was not found: the WASI 0.2 host does "
                                   "not provide " +
                                   iface);
        continue;
      }
      for (const std::string &f : h.funcs)
        if (!findHostFunc(iname, f))
          diags_.error(h.offset, "import `" + h.name + "` was not found: the host has no " +
                                     (h.instance ? "function `" + f + "` in " + iface
                                                 : "function `" + f + "`"));
      for (const std::string &r : h.resources)
        if (!findHostResource(iface, r))
          diags_.error(h.offset, "import `" + h.name +
                                     "` was not found: the host has no "
                                     "resource `" +
                                     r + "` in " + iface);
    }
    diags_.setFile("");
    return !diags_.hasErrors();
  }

  // ---- The instance block ----
  // [w2n_cinstance x N][core vmctx pointers][everything else, allocated as it is needed]. The
  // component instances come first: the runtime finds instance i of a block as
  // ((w2n_cinstance *)block)[i] (canon.h).
  void emitStorage() {
    vmctxBase_ = alignTo(uint64_t(sizeof(w2n_cinstance)) * plan_.componentInstances, 16);
    blockSize_ = vmctxBase_ + 8 * plan_.coreInstances.size();
    // The executable's one block; its size is known at the end (finishStaticBlock).
    staticBlock_ = new llvm::GlobalVariable(out_, llvm::Type::getInt8Ty(ctx_), false,
                                            llvm::GlobalValue::ExternalLinkage, nullptr,
                                            "__w2n_static_block_placeholder");
  }

  uint64_t allocate(uint64_t size) {
    uint64_t at = alignTo(blockSize_, 16);
    blockSize_ = at + size;
    return at;
  }

  static uint64_t alignTo(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }

  void finishStaticBlock() {
    auto *ty =
        llvm::ArrayType::get(llvm::Type::getInt8Ty(ctx_), std::max<uint64_t>(16, blockSize_));
    auto *g = new llvm::GlobalVariable(out_, ty, false, llvm::GlobalValue::InternalLinkage,
                                       llvm::ConstantAggregateZero::get(ty), "__w2n_static_block");
    g->setAlignment(llvm::Align(16));
    staticBlock_->replaceAllUsesWith(g);
    staticBlock_->eraseFromParent();
    staticBlock_ = g;
  }

  // A field of the block the code being emitted works on (block_).
  llvm::Value *blockField(llvm::IRBuilder<> &b, uint64_t offset) {
    return b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), block_, offset);
  }
  // The same in the executable's static block, as a constant.
  llvm::Constant *staticField(uint64_t offset) {
    return llvm::ConstantExpr::getInBoundsGetElementPtr(llvm::Type::getInt8Ty(ctx_), staticBlock_,
                                                        llvm::ConstantInt::get(i64_, offset));
  }

  llvm::Value *cinstance(llvm::IRBuilder<> &b, uint32_t i) {
    return blockField(b, uint64_t(sizeof(w2n_cinstance)) * i);
  }

  llvm::Constant *cstring(const std::string &s, const std::string &name) {
    return stringConstant(lc_, s, name);
  }

  // ---- Core items at instantiation time ----
  llvm::Value *vmctxOf(llvm::IRBuilder<> &b, uint32_t coreInstance) {
    return b.CreateAlignedLoad(ptr_, blockField(b, vmctxBase_ + 8 * uint64_t(coreInstance)),
                               llvm::Align(8));
  }

  const w2n::Export *findExport(const Module &m, const std::string &name) {
    for (const w2n::Export &e : m.exports)
      if (e.name == name) return &e;
    return nullptr;
  }

  // The object a core instance export refers to (w2n_funcref*, w2n_memory*, w2n_table* or a
  // global cell), as descriptor.cpp describes exports.
  llvm::Value *exportObject(llvm::IRBuilder<> &b, uint32_t coreInstance, const std::string &name) {
    uint32_t mi = plan_.coreInstances[coreInstance].module;
    const Module &m = *plan_.modules[mi];
    const VmctxLayout &layout = layouts_[mi];
    const w2n::Export *e = findExport(m, name);
    if (!e) return nullptr;
    llvm::Value *vmctx = vmctxOf(b, coreInstance);
    auto field = [&](uint32_t offset) {
      return b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), vmctx, offset);
    };
    auto load = [&](uint32_t offset) {
      return b.CreateAlignedLoad(ptr_, field(offset), llvm::Align(8));
    };
    switch (e->kind) {
    case ExternKind::Func:
      if (m.isImportedFunc(FuncIndex(e->index))) return load(layout.importedFuncs[e->index]);
      return field(layout.funcrefs[e->index]);
    case ExternKind::Table:
      return load(layout.tables[e->index]);
    case ExternKind::Memory:
      return load(layout.memories[e->index]);
    case ExternKind::Global:
      if (m.isImportedGlobal(GlobalIndex(e->index))) return load(layout.globals[e->index]);
      return field(layout.globals[e->index]);
    case ExternKind::Tag:
      if (m.isImportedTag(TagIndex(e->index))) return load(layout.tags[e->index]);
      return field(layout.tags[e->index]);
    default:
      return nullptr;
    }
  }

  // A core function as a w2n_funcref*. `type` is the core type it is used at (an import's),
  // which lowered functions and resource builtins need for their signature.
  llvm::Value *funcObject(llvm::IRBuilder<> &b, const CoreFunc &f, const FuncType *type,
                          uint64_t offset) {
    switch (f.kind) {
    case CoreFunc::Kind::Export:
      return exportObject(b, f.instance, f.name);
    case CoreFunc::Kind::Lowered:
      if (!type) {
        // No import states the core type: it is the lowered function type's flattening.
        const Lowered &l = plan_.lowered[f.index];
        w2n::FuncType flat =
            plan::flattenFuncType(plan_, l.type, plan::FlattenContext::Lower, l.options.memory64);
        return loweredFuncref(b, f.index, flat);
      }
      return loweredFuncref(b, f.index, *type);
    case CoreFunc::Kind::ResourceNew:
    case CoreFunc::Kind::ResourceRep:
    case CoreFunc::Kind::ResourceDrop:
      return resourceFuncref(b, f);
    }
    return nullptr;
  }

  llvm::Value *itemObject(llvm::IRBuilder<> &b, const CoreItem &item, const FuncType *type) {
    if (item.kind == ExternKind::Func) return funcObject(b, item.func, type, 0);
    return exportObject(b, item.instance, item.name);
  }

  // A w2n_funcref {code, vmctx, signature, trampoline} in the block, whose vmctx is another
  // field of the block (`vmctxOffset`); written by the fill function every instantiation runs
  // first, so it is there before anything can call it.
  struct FuncrefFill {
    uint64_t offset, vmctxOffset;
    llvm::Constant *code, *sig, *trampoline;
  };
  uint64_t funcrefSlot(llvm::Constant *code, uint64_t vmctxOffset, const FuncType &type) {
    uint64_t at = allocate(32);
    funcrefFills_.push_back({at, vmctxOffset, code, lc_.sigSymbol(type), lc_.trampoline(type)});
    return at;
  }

  // ---- Resources ----
  llvm::Constant *resourceType(uint32_t r) {
    if (auto it = resourceTypes_.find(r); it != resourceTypes_.end()) return it->second;
    const Resource &res = plan_.resources[r];
    llvm::Constant *g = nullptr;
    if (res.host) {
      if (const HostResource *h = findHostResource(res.hostInterface, res.hostName))
        g = llvm::cast<llvm::Constant>(
            out_.getOrInsertGlobal(std::string("__w2n_p2_res_") + h->symbol, ptr_));
      else if (library_) // the library's host implements it: its destructor is an import
        g = libraryHostResource(r, libraryResourceDrop(r), cstring(res.name, "__w2n_resname"),
                                out_);
    }
    if (!g) {
      // A guest resource, or a host resource no host function makes (so no handle of it can
      // exist). One per plan resource, shared by every instance block: what differs per
      // instance (the implementing instance, the destructor) is found through the block.
      uint64_t dtorSlot = 0;
      if (!res.host && res.dtor) dtorSlot = dtorSlot_[r] = allocate(8);
      auto *ty = llvm::StructType::get(ctx_, {ptr_, ptr_, i32_, i32_, i32_, i32_});
      auto *init = llvm::ConstantStruct::get(
          ty, {cstring(res.name, "__w2n_resname"), llvm::ConstantPointerNull::get(ptr_),
               llvm::ConstantInt::get(i32_, res.host ? 0 : 1),
               llvm::ConstantInt::get(i32_, res.host ? 0 : res.instance),
               llvm::ConstantInt::get(i32_, dtorSlot), llvm::ConstantInt::get(i32_, res.rep64)});
      g = new llvm::GlobalVariable(out_, ty, true, llvm::GlobalValue::InternalLinkage, init,
                                   "__w2n_resource" + std::to_string(r));
    }
    resourceTypes_[r] = g;
    return g;
  }

  llvm::Value *resourceFuncref(llvm::IRBuilder<> &b, const CoreFunc &f) {
    const ResourceOp &op = plan_.resourceOps[f.index];
    // Its w2n_resource_ctx {instance, type}: in the block, filled with the funcref.
    uint64_t rctx = allocate(16);
    resctxFills_.push_back({rctx, op.instance, resourceType(op.resource)});
    // new (rep) -> i32, rep (i32) -> rep, drop (i32) -> []; rep is i32 or i64 (cm64).
    bool rep64 = plan_.resources[op.resource].rep64;
    ValType rep = rep64 ? ValType::I64 : ValType::I32;
    FuncType type;
    type.params = {ValType::I32};
    const char *fn = "w2n_canon_resource_drop";
    if (f.kind == CoreFunc::Kind::ResourceNew) {
      type.params = {rep};
      type.results = {ValType::I32};
      fn = rep64 ? "w2n_canon_resource_new64" : "w2n_canon_resource_new";
    } else if (f.kind == CoreFunc::Kind::ResourceRep) {
      type.results = {rep};
      fn = rep64 ? "w2n_canon_resource_rep64" : "w2n_canon_resource_rep";
    }
    llvm::Constant *code =
        llvm::cast<llvm::Constant>(out_.getOrInsertFunction(fn, lc_.funcType(type)).getCallee());
    return blockField(b, funcrefSlot(code, rctx, type));
  }

  // ---- Lowered functions ----
  // The block offset of lowered function l's state: its w2n_canon_opts (host) or w2n_adapter.
  uint64_t loweredState(uint32_t l) {
    if (auto it = loweredState_.find(l); it != loweredState_.end()) return it->second;
    const Lowered &low = plan_.lowered[l];
    // A host import of a library also holds its index and the host slot (w2n_lib_import_state).
    uint64_t at = allocate(low.host ? sizeof(w2n_canon_opts) + 8 : sizeof(w2n_adapter));
    loweredState_[l] = at;
    return at;
  }

  llvm::Value *loweredFuncref(llvm::IRBuilder<> &b, uint32_t l, const FuncType &type) {
    std::string key = std::to_string(l) + ":" + signatureKey(type);
    if (auto it = loweredRefs_.find(key); it != loweredRefs_.end())
      return blockField(b, it->second);
    const Lowered &low = plan_.lowered[l];
    llvm::Constant *code = nullptr;
    if (low.host && library_ && !findHostFunc(low.hostInterface, low.hostName)) {
      code = scalarSignature(plan_, low.type) ? directImport(l, type)
                                              : adapterThunk(type, "w2n_lib_import_call");
    } else if (low.host) {
      const HostFunc *h = findHostFunc(low.hostInterface, low.hostName);
      if (trapUnknown_ && (!h || !hostHasVersion(low.importName))) {
        code = unknownImport(low, type);
        uint64_t ref = funcrefSlot(code, loweredState(l), type);
        loweredRefs_[key] = ref;
        return blockField(b, ref);
      }
      if (!h) {
        diags_.error(low.offset, "unsupported import: " + describeImport(low) +
                                     " (the WASI 0.2 host does not provide it)");
        return nullptr;
      }
      if (signatureKey(type) != h->signature) {
        diags_.error(low.offset, "import " + describeImport(low) + " has core type " +
                                     signatureKey(type) + ", the host's is " + h->signature);
        return nullptr;
      }
      code = llvm::cast<llvm::Constant>(
          out_.getOrInsertFunction(std::string("__w2n_p2_") + h->symbol, lc_.funcType(type))
              .getCallee());
    } else {
      code = canFuse(low) ? fusedAdapter(l, type) : adapterThunk(type, "w2n_canon_adapter_call");
    }
    uint64_t ref = funcrefSlot(code, loweredState(l), type);
    loweredRefs_[key] = ref;
    return blockField(b, ref);
  }

  // A library import of numbers and bools: the host's function called from here
  // (component_library_import.cpp).
  llvm::Constant *directImport(uint32_t l, const FuncType &type) {
    const Lowered &low = plan_.lowered[l];
    llvm::Function *fn =
        llvm::Function::Create(lc_.funcType(type), llvm::GlobalValue::InternalLinkage,
                               "__w2n_import" + std::to_string(l), out_);
    lc_.setFunctionAttributes(fn);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx_, "entry", fn));
    // The state is a field of its instance block, at a fixed offset.
    llvm::Value *outerBlock = block_;
    block_ = b.CreateInBoundsGEP(b.getInt8Ty(), fn->getArg(0),
                                 b.getInt64(-static_cast<int64_t>(loweredState(l))));
    emitDirectImport(plan_, low.type, libraryImport(l), fn, cinstance(b, low.options.instance),
                     blockField(b, hostSlot_));
    block_ = outerBlock;
    return fn;
  }

  // --trap-unknown-imports: an import the host lacks, as a function that traps when called.
  llvm::Constant *unknownImport(const Lowered &low, const FuncType &type) {
    llvm::Function *fn = llvm::Function::Create(
        lc_.funcType(type), llvm::GlobalValue::InternalLinkage, "__w2n_unknown_import", out_);
    lc_.setFunctionAttributes(fn);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx_, "entry", fn));
    llvm::FunctionCallee trap = out_.getOrInsertFunction(
        "w2n_canon_trap", llvm::FunctionType::get(b.getVoidTy(), {ptr_, i64_}, false));
    b.CreateCall(trap, {cstring("unknown import " + describeImport(low) +
                                    " called (compiled with --trap-unknown-imports)",
                                "__w2n_msg"),
                        llvm::ConstantInt::get(i64_, UINT64_MAX)});
    b.CreateUnreachable();
    return fn;
  }

  // A WASI import at a version the host implements (0.2.x), or an import of no version.
  static bool hostHasVersion(const std::string &importName) {
    auto [iface, version] = splitVersion(importName);
    return !iface.starts_with("wasi:") || version.empty() || version.starts_with("0.2.");
  }

  std::string describeImport(const Lowered &low) {
    return low.importName.empty() ? "'" + low.hostName + "'"
                                  : low.importName + " function '" + low.hostName + "'";
  }

  // The index of lowered function l among the imports a library's host supplies (one per
  // imported function, however often it is lowered).
  uint32_t libraryImport(uint32_t l) {
    const Lowered &low = plan_.lowered[l];
    std::string name = low.importName.empty() ? low.hostName : low.importName + "#" + low.hostName;
    for (uint32_t i = 0; i < libraryOut_->imports.size(); ++i)
      if (libraryOut_->imports[i].name == name) return i;
    libraryOut_->imports.push_back({name, low.type, descriptors_.cfunctype(low.type)});
    return static_cast<uint32_t>(libraryOut_->imports.size() - 1);
  }

  // The index of the destructor of host resource r among the library's imports.
  uint32_t libraryResourceDrop(uint32_t r) {
    const Resource &res = plan_.resources[r];
    std::string iface = res.hostInterface.empty() ? "" : res.hostInterface + "#";
    libraryOut_->imports.push_back({iface + "[resource-drop]" + res.hostName, {}, nullptr, r});
    return static_cast<uint32_t>(libraryOut_->imports.size() - 1);
  }

  // (ptr state, params...) -> result: packs the flat params into w2n_vals and calls `callee`
  // (the runtime's adapter, or a library's import call) with them; one thunk per core signature
  // and callee.
  llvm::Constant *adapterThunk(const FuncType &type, const char *callee) {
    std::string name = std::string("__w2n_thunk_") + callee + "_" + signatureKey(type);
    if (llvm::Function *f = out_.getFunction(name)) return f;
    llvm::Function *fn =
        llvm::Function::Create(lc_.funcType(type), llvm::GlobalValue::InternalLinkage, name, out_);
    lc_.setFunctionAttributes(fn);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx_, "entry", fn));
    size_t slots = std::max<size_t>(1, std::max(type.params.size(), type.results.size()));
    auto *ioTy = llvm::ArrayType::get(llvm::StructType::get(ctx_, {i64_, i64_}), slots);
    llvm::AllocaInst *io = b.CreateAlloca(ioTy);
    io->setAlignment(llvm::Align(16));
    b.CreateMemSet(io, b.getInt8(0), uint64_t(16) * slots, llvm::Align(16));
    for (size_t i = 0; i < type.params.size(); ++i)
      b.CreateAlignedStore(fn->getArg(static_cast<unsigned>(i + 1)),
                           b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), io, 16 * i), llvm::Align(8));
    llvm::FunctionCallee call = out_.getOrInsertFunction(
        callee, llvm::FunctionType::get(b.getVoidTy(), {ptr_, ptr_}, false));
    b.CreateCall(call, {fn->getArg(0), io});
    if (type.results.empty()) {
      b.CreateRetVoid();
    } else if (type.results.size() == 1) {
      b.CreateRet(b.CreateAlignedLoad(lc_.valType(type.results[0]), io, llvm::Align(8)));
    } else {
      llvm::Value *agg = llvm::UndefValue::get(lc_.resultType(type.results));
      for (size_t i = 0; i < type.results.size(); ++i)
        agg = b.CreateInsertValue(
            agg,
            b.CreateAlignedLoad(lc_.valType(type.results[i]),
                                b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), io, 16 * i),
                                llvm::Align(8)),
            {static_cast<unsigned>(i)});
      b.CreateRet(agg);
    }
    return fn;
  }

  // ---- Compiled (fused) adapters: scalars and one string or list in, any result out ----
  // A call passing only numbers, bools, chars and borrows of the callee's own resources needs
  // no memory, no realloc and no handle bookkeeping that could be observed: the adapter is
  // compiled into straight-line code with the canonical ABI's conversions and checks, the same
  // ones the runtime's interpreted adapter makes (runtime-lib/src/canon_adapter.c). One string
  // or list parameter (without handles) is copied by the runtime (w2n_canon_adapter_param); with
  // two, lifting all of them before lowering any (the spec's order) is left to the interpreted
  // adapter. A result that is not a scalar is carried by the runtime (w2n_canon_adapter_result).
  bool hasHandles(uint32_t id) {
    if (id == kNone) return false;
    const ValueType &t = plan_.types[id];
    if (t.kind == W2N_CT_OWN || t.kind == W2N_CT_BORROW) return true;
    for (uint32_t m : t.members)
      if (hasHandles(m)) return true;
    return false;
  }

  // A string or a variable-length list: passed as (pointer, length) into memory.
  bool inMemory(uint32_t id) {
    const ValueType &t = plan_.types[id];
    return t.kind == W2N_CT_STRING || (t.kind == W2N_CT_LIST && t.count == 0);
  }

  bool fusibleType(uint32_t id, uint32_t calleeInstance, bool param) {
    const ValueType &t = plan_.types[id];
    if (t.kind <= W2N_CT_CHAR) return true;
    if (param && inMemory(id)) return !hasHandles(id);
    return param && t.kind == W2N_CT_BORROW && !plan_.resources[t.resource].host &&
           plan_.resources[t.resource].instance == calleeInstance;
  }

  bool canFuse(const Lowered &low) {
    const Lifted &callee = plan_.lifted[low.lifted];
    uint32_t calleeInstance = callee.options.instance;
    if (low.options.instance == calleeInstance) return false; // always traps: runtime path
    size_t flat = 0, copied = 0;
    for (const auto &p : callee.type.params) {
      if (!fusibleType(p.second, calleeInstance, true)) return false;
      uint32_t kind = plan_.types[p.second].kind;
      // The string or list is lowered (realloc runs) as it is lifted: a later parameter whose
      // lifting can trap (char, borrow) would trap after that, not before as the spec orders it.
      if (copied && (kind == W2N_CT_CHAR || kind == W2N_CT_BORROW)) return false;
      copied += inMemory(p.second);
      flat += inMemory(p.second) ? 2 : 1;
    }
    return flat <= 16 && copied <= 1; // beyond 16: passed in memory
  }

  // A flat value as the raw bits the runtime's w2n_val holds (floats by their bits,
  // zero-extended), and back as core type `t`.
  llvm::Value *flatBits(llvm::IRBuilder<> &b, llvm::Value *v) {
    if (v->getType()->isFloatTy()) v = b.CreateBitCast(v, i32_);
    if (v->getType()->isDoubleTy()) v = b.CreateBitCast(v, i64_);
    return v->getType() == i64_ ? v : b.CreateZExt(v, i64_);
  }
  llvm::Value *fromFlatBits(llvm::IRBuilder<> &b, llvm::Value *bits, ValType t) {
    switch (t) {
    case ValType::I32:
      return b.CreateTrunc(bits, i32_);
    case ValType::F32:
      return b.CreateBitCast(b.CreateTrunc(bits, i32_), b.getFloatTy());
    case ValType::F64:
      return b.CreateBitCast(bits, b.getDoubleTy());
    default:
      return bits;
    }
  }

  // Parameter `index` of a fused adapter, a string or list: (ptr, len) in the caller's memory
  // become (ptr, len) in the callee's, each of the callee's pointer type.
  void fuseCopied(llvm::IRBuilder<> &b, llvm::Value *adapter, uint32_t index, llvm::Value *ptr,
                  llvm::Value *len, bool callee64, std::vector<llvm::Value *> &args) {
    llvm::Function *fn = b.GetInsertBlock()->getParent();
    llvm::IRBuilder<> entry(&fn->getEntryBlock(), fn->getEntryBlock().begin());
    llvm::Value *out = entry.CreateAlloca(llvm::ArrayType::get(i64_, 2));
    llvm::FunctionCallee copy = out_.getOrInsertFunction(
        "w2n_canon_adapter_param",
        llvm::FunctionType::get(b.getVoidTy(), {ptr_, i32_, i64_, i64_, ptr_}, false));
    b.CreateCall(
        copy, {adapter, b.getInt32(index), b.CreateZExt(ptr, i64_), b.CreateZExt(len, i64_), out});
    for (uint64_t k = 0; k < 2; ++k) {
      llvm::Value *v =
          b.CreateAlignedLoad(i64_, b.CreateConstInBoundsGEP1_64(i64_, out, k), llvm::Align(8));
      args.push_back(callee64 ? v : b.CreateTrunc(v, i32_));
    }
  }

  void trapWith(llvm::IRBuilder<> &b, llvm::Value *cond, const std::string &message) {
    llvm::Function *fn = b.GetInsertBlock()->getParent();
    llvm::BasicBlock *bad = llvm::BasicBlock::Create(ctx_, "trap", fn);
    llvm::BasicBlock *ok = llvm::BasicBlock::Create(ctx_, "ok", fn);
    b.CreateCondBr(cond, bad, ok, lc_.unlikely());
    b.SetInsertPoint(bad);
    llvm::FunctionCallee trap = out_.getOrInsertFunction(
        "w2n_canon_trap", llvm::FunctionType::get(b.getVoidTy(), {ptr_, i64_}, false));
    b.CreateCall(trap, {cstring(message, "__w2n_msg"), llvm::ConstantInt::get(i64_, UINT64_MAX)});
    b.CreateUnreachable();
    b.SetInsertPoint(ok);
  }

  // lift_flat from one side followed by lower_flat into the other, for a fusible type.
  llvm::Value *convertScalar(llvm::IRBuilder<> &b, uint32_t id, llvm::Value *v,
                             uint32_t callerInstance) {
    const ValueType &t = plan_.types[id];
    auto narrow = [&](unsigned bits, bool isSigned) {
      llvm::Value *n = b.CreateTrunc(v, b.getIntNTy(bits));
      return isSigned ? b.CreateSExt(n, i32_) : b.CreateZExt(n, i32_);
    };
    switch (t.kind) {
    case W2N_CT_BOOL:
      return b.CreateZExt(b.CreateICmpNE(v, b.getInt32(0)), i32_);
    case W2N_CT_S8:
      return narrow(8, true);
    case W2N_CT_U8:
      return narrow(8, false);
    case W2N_CT_S16:
      return narrow(16, true);
    case W2N_CT_U16:
      return narrow(16, false);
    case W2N_CT_F32:
    case W2N_CT_F64: {
      // canonicalize_nan: every NaN becomes the canonical one.
      llvm::Constant *nan =
          t.kind == W2N_CT_F32
              ? llvm::ConstantExpr::getBitCast(b.getInt32(0x7fc00000), b.getFloatTy())
              : llvm::ConstantExpr::getBitCast(b.getInt64(0x7ff8000000000000ull), b.getDoubleTy());
      return b.CreateSelect(b.CreateFCmpUNO(v, v), nan, v);
    }
    case W2N_CT_CHAR:
      trapWith(b,
               b.CreateOr(b.CreateICmpUGE(v, b.getInt32(0x110000)),
                          b.CreateICmpULT(b.CreateSub(v, b.getInt32(0xd800)), b.getInt32(0x800))),
               "invalid `char` bit pattern");
      return v;
    case W2N_CT_BORROW: {
      // The callee implements the resource: it gets the representation (lower_borrow).
      llvm::FunctionCallee rep = out_.getOrInsertFunction(
          "w2n_handle_rep", llvm::FunctionType::get(i64_, {ptr_, i32_, ptr_}, false));
      return b.CreateTrunc(
          b.CreateCall(rep, {cinstance(b, callerInstance), v, resourceType(t.resource)}), i32_);
    }
    default:
      return v; // 32- and 64-bit integers
    }
  }

  llvm::Constant *fusedAdapter(uint32_t l, const FuncType &type) {
    const Lowered &low = plan_.lowered[l];
    const Lifted &callee = plan_.lifted[low.lifted];
    llvm::Function *fn =
        llvm::Function::Create(lc_.funcType(type), llvm::GlobalValue::InternalLinkage,
                               "__w2n_fused" + std::to_string(l), out_);
    lc_.setFunctionAttributes(fn);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx_, "entry", fn));
    llvm::Value *adapter = fn->getArg(0);
    // The adapter is a field of its instance block, at a fixed offset.
    llvm::Value *outerBlock = block_;
    block_ = b.CreateInBoundsGEP(b.getInt8Ty(), adapter,
                                 b.getInt64(-static_cast<int64_t>(loweredState(l))));
    llvm::Value *caller = cinstance(b, low.options.instance);
    llvm::Value *calleeInst = cinstance(b, callee.options.instance);
    auto field = [&](llvm::Value *base, uint64_t offset) {
      return b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), base, offset);
    };
    trapWith(
        b,
        b.CreateICmpEQ(b.CreateAlignedLoad(i32_, field(caller, offsetof(w2n_cinstance, may_leave)),
                                           llvm::Align(4)),
                       b.getInt32(0)),
        "cannot leave component instance");
    llvm::Value *mayEnter = field(calleeInst, offsetof(w2n_cinstance, may_enter));
    trapWith(b, b.CreateICmpEQ(b.CreateAlignedLoad(i32_, mayEnter, llvm::Align(4)), b.getInt32(0)),
             "cannot enter component instance");
    b.CreateAlignedStore(b.getInt32(0), mayEnter, llvm::Align(4));
    // An exception must not unwind out of the callee into the caller (exceptions.c).
    llvm::GlobalVariable *head = lc_.runtimeGlobal("__w2n_exn_head");
    llvm::Value *handlers = b.CreateAlignedLoad(ptr_, head, llvm::Align(8));
    b.CreateAlignedStore(lc_.runtimeGlobal("w2n_exn_barrier"), head, llvm::Align(8));

    std::vector<llvm::Value *> args;
    w2n::FuncType calleeType;
    ValType calleePtr = callee.options.memory64 ? ValType::I64 : ValType::I32;
    size_t at = 0; // the caller's flat parameters consumed
    for (size_t i = 0; i < callee.type.params.size(); ++i) {
      uint32_t id = callee.type.params[i].second;
      llvm::Value *v = fn->getArg(static_cast<unsigned>(at + 1));
      if (inMemory(id)) {
        fuseCopied(b, adapter, static_cast<uint32_t>(i), v,
                   fn->getArg(static_cast<unsigned>(at + 2)), callee.options.memory64, args);
        calleeType.params.insert(calleeType.params.end(), {calleePtr, calleePtr});
        at += 2;
        continue;
      }
      args.push_back(convertScalar(b, id, v, low.options.instance));
      calleeType.params.push_back(type.params[at]);
      at += 1;
    }
    // The callee's flat result: the value, or a pointer to it (flatten_functype, lift).
    calleeType.results = plan::flattenFuncType(plan_, callee.type, plan::FlattenContext::Lift,
                                               callee.options.memory64)
                             .results;
    llvm::Value *ref =
        b.CreateAlignedLoad(ptr_, field(adapter, offsetof(w2n_adapter, callee)), llvm::Align(8));
    llvm::Value *code = b.CreateAlignedLoad(ptr_, ref, llvm::Align(8));
    llvm::Value *vmctx =
        b.CreateAlignedLoad(ptr_, field(ref, VmctxLayout::kFuncrefVmctx), llvm::Align(8));
    args.insert(args.begin(), vmctx);
    llvm::Value *result = b.CreateCall(lc_.funcType(calleeType), code, args);
    llvm::Value *converted = nullptr;
    if (callee.type.result != kNone &&
        fusibleType(callee.type.result, callee.options.instance, false)) {
      converted = convertScalar(b, callee.type.result, result, low.options.instance);
    } else if (callee.type.result != kNone) {
      // Lowered into the caller: its one flat result, or stored at its trailing pointer.
      llvm::Value *retptr = type.results.empty()
                                ? b.CreateZExt(fn->getArg(static_cast<unsigned>(at + 1)), i64_)
                                : b.getInt64(0);
      llvm::FunctionCallee carry = out_.getOrInsertFunction(
          "w2n_canon_adapter_result", llvm::FunctionType::get(i64_, {ptr_, i64_, i64_}, false));
      llvm::Value *bits = b.CreateCall(carry, {adapter, flatBits(b, result), retptr});
      if (!type.results.empty()) converted = fromFlatBits(b, bits, type.results[0]);
    }
    if (callee.options.postReturn) {
      // post-return gets the callee's flat results, with the callee unable to leave.
      llvm::Value *pr = b.CreateAlignedLoad(
          ptr_, field(adapter, offsetof(w2n_adapter, lift) + offsetof(w2n_canon_opts, post_return)),
          llvm::Align(8));
      llvm::Value *mayLeave = field(calleeInst, offsetof(w2n_cinstance, may_leave));
      b.CreateAlignedStore(b.getInt32(0), mayLeave, llvm::Align(4));
      w2n::FuncType prType;
      prType.params = calleeType.results;
      std::vector<llvm::Value *> prArgs{
          b.CreateAlignedLoad(ptr_, field(pr, VmctxLayout::kFuncrefVmctx), llvm::Align(8))};
      if (!calleeType.results.empty()) prArgs.push_back(result);
      b.CreateCall(lc_.funcType(prType), b.CreateAlignedLoad(ptr_, pr, llvm::Align(8)), prArgs);
      b.CreateAlignedStore(b.getInt32(1), mayLeave, llvm::Align(4));
    }
    b.CreateAlignedStore(handlers, head, llvm::Align(8));
    b.CreateAlignedStore(b.getInt32(1), mayEnter, llvm::Align(4));
    if (converted)
      b.CreateRet(converted);
    else
      b.CreateRetVoid();
    block_ = outerBlock;
    return fn;
  }

  // ---- Instantiation ----
  void store(llvm::IRBuilder<> &b, llvm::Value *base, uint64_t offset, llvm::Value *v) {
    b.CreateAlignedStore(v, b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), base, offset),
                         llvm::Align(v->getType()->isPointerTy() ? 8 : 4));
  }

  // Fills a w2n_canon_opts at `base`.
  bool fillOptions(llvm::IRBuilder<> &b, llvm::Value *base, const Options &o) {
    if (o.memory) {
      llvm::Value *m = itemObject(b, *o.memory, nullptr);
      if (!m) return false;
      store(b, base, offsetof(w2n_canon_opts, memory), m);
    }
    if (o.realloc) {
      llvm::Value *f = funcObject(b, *o.realloc, nullptr, 0);
      if (!f) return false;
      store(b, base, offsetof(w2n_canon_opts, realloc), f);
    }
    if (o.postReturn) {
      llvm::Value *f = funcObject(b, *o.postReturn, nullptr, 0);
      if (!f) return false;
      store(b, base, offsetof(w2n_canon_opts, post_return), f);
    }
    store(b, base, offsetof(w2n_canon_opts, string_encoding), b.getInt32(o.encoding));
    store(b, base, offsetof(w2n_canon_opts, memory64), b.getInt32(o.memory64 ? 1 : 0));
    store(b, base, offsetof(w2n_canon_opts, instance), cinstance(b, o.instance));
    return true;
  }

  // Fills a w2n_adapter's callee side from lifted function `l` (and its type).
  bool fillLiftSide(llvm::IRBuilder<> &b, llvm::Value *adapter, uint32_t l) {
    const Lifted &lifted = plan_.lifted[l];
    store(b, adapter, offsetof(w2n_adapter, type), descriptors_.cfunctype(lifted.type));
    if (!fillOptions(
            b, b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), adapter, offsetof(w2n_adapter, lift)),
            lifted.options))
      return false;
    llvm::Value *callee = funcObject(b, lifted.core, nullptr, 0);
    if (!callee) return false;
    store(b, adapter, offsetof(w2n_adapter, callee), callee);
    return true;
  }

  bool instantiateCore(llvm::IRBuilder<> &b, uint32_t k) {
    const CoreInstance &inst = plan_.coreInstances[k];
    const Module &m = *plan_.modules[inst.module];
    std::string prefix = componentModulePrefix(inst.module);
    llvm::Value *imports = llvm::ConstantPointerNull::get(ptr_);
    if (!m.imports.empty()) {
      imports = b.CreateAlloca(llvm::ArrayType::get(ptr_, m.imports.size()));
      for (size_t i = 0; i < m.imports.size(); ++i) {
        const Import &imp = m.imports[i];
        const FuncType *type =
            imp.kind == ExternKind::Func ? &m.types[imp.funcType.value] : nullptr;
        llvm::Value *obj = itemObject(b, inst.imports[i], type);
        if (!obj) {
          if (!diags_.hasErrors())
            diags_.error(0, "internal error: unresolved import " + imp.module + "." + imp.name);
          return false;
        }
        b.CreateAlignedStore(obj, b.CreateConstInBoundsGEP1_64(ptr_, imports, i), llvm::Align(8));
      }
    }
    if (registered_.insert(inst.module).second)
      b.CreateCall(lc_.runtime(RuntimeFn::RegisterModule),
                   {out_.getOrInsertGlobal(prefix + "module", b.getInt8Ty())});
    llvm::FunctionCallee fn = out_.getOrInsertFunction(
        prefix + "instantiate", llvm::FunctionType::get(ptr_, {ptr_}, false));
    llvm::Value *vmctx = b.CreateCall(fn, {imports});
    b.CreateAlignedStore(vmctx, blockField(b, vmctxBase_ + 8 * uint64_t(k)), llvm::Align(8));
    return true;
  }

  // A component start function: the lifted core function (no params, no results) entered like
  // an export the host calls, then its post-return.
  bool callStart(llvm::IRBuilder<> &b, uint32_t lifted) {
    const Lifted &l = plan_.lifted[lifted];
    llvm::Value *mayEnter = b.CreateConstInBoundsGEP1_64(
        b.getInt8Ty(), cinstance(b, l.options.instance), offsetof(w2n_cinstance, may_enter));
    trapWith(b, b.CreateICmpEQ(b.CreateAlignedLoad(i32_, mayEnter, llvm::Align(4)), b.getInt32(0)),
             "cannot enter component instance");
    b.CreateAlignedStore(b.getInt32(0), mayEnter, llvm::Align(4));
    for (const std::optional<CoreFunc> &f :
         {std::optional<CoreFunc>(l.core), l.options.postReturn}) {
      if (!f) continue;
      llvm::Value *ref = funcObject(b, *f, nullptr, 0);
      if (!ref) return false;
      llvm::Value *code = b.CreateAlignedLoad(ptr_, ref, llvm::Align(8));
      llvm::Value *vmctx = b.CreateAlignedLoad(
          ptr_, b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), ref, VmctxLayout::kFuncrefVmctx),
          llvm::Align(8));
      b.CreateCall(llvm::FunctionType::get(b.getVoidTy(), {ptr_}, false), code, {vmctx});
    }
    b.CreateAlignedStore(b.getInt32(1), mayEnter, llvm::Align(4));
    return true;
  }

  llvm::Function *emitInstantiate() {
    auto *fn = llvm::Function::Create(
        llvm::FunctionType::get(llvm::Type::getVoidTy(ctx_), {ptr_}, false),
        llvm::GlobalValue::InternalLinkage, "__w2n_component_instantiate", out_);
    lc_.setFunctionAttributes(fn);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx_, "entry", fn));
    block_ = fn->getArg(0);
    // The funcrefs and resource contexts first (emitted last, when all are known).
    fill_ =
        llvm::Function::Create(llvm::FunctionType::get(b.getVoidTy(), {ptr_}, false),
                               llvm::GlobalValue::InternalLinkage, "__w2n_component_fill", out_);
    lc_.setFunctionAttributes(fill_);
    b.CreateCall(fill_, {block_});
    for (uint32_t i = 0; i < plan_.componentInstances; ++i) {
      llvm::Value *ci = cinstance(b, i);
      store(b, ci, offsetof(w2n_cinstance, may_leave), b.getInt32(1));
      store(b, ci, offsetof(w2n_cinstance, may_enter), b.getInt32(1));
      store(b, ci, offsetof(w2n_cinstance, index), b.getInt32(i));
      store(b, ci, offsetof(w2n_cinstance, block), block_);
    }
    for (const Step &s : plan_.steps) {
      bool ok = true;
      switch (s.kind) {
      case Step::Kind::CoreInstance:
        ok = instantiateCore(b, s.index);
        break;
      case Step::Kind::Lowered: {
        const Lowered &low = plan_.lowered[s.index];
        llvm::Value *state = blockField(b, loweredState(s.index));
        if (low.host) {
          ok = fillOptions(b, state, low.options);
          if (library_ && !findHostFunc(low.hostInterface, low.hostName)) {
            store(b, state, sizeof(w2n_canon_opts), b.getInt32(libraryImport(s.index)));
            store(b, state, sizeof(w2n_canon_opts) + 4,
                  b.getInt32(static_cast<uint32_t>(hostSlot_)));
          }
        } else {
          ok = fillOptions(
                   b,
                   b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), state, offsetof(w2n_adapter, lower)),
                   low.options) &&
               fillLiftSide(b, state, low.lifted);
        }
        break;
      }
      case Step::Kind::Lifted:
        if (auto it = exportAdapters_.find(s.index); it != exportAdapters_.end())
          ok = fillLiftSide(b, blockField(b, it->second), s.index);
        break;
      case Step::Kind::Start:
        ok = callStart(b, s.index);
        break;
      case Step::Kind::Resource: {
        const ResourceOp &op = plan_.resourceOps[s.index];
        const Resource &r = plan_.resources[op.resource];
        if (!r.host && r.dtor && dtorsFilled_.insert(op.resource).second) {
          llvm::Value *d = funcObject(b, *r.dtor, nullptr, 0);
          if (!d) return nullptr;
          resourceType(op.resource); // allocates the destructor's slot
          store(b, blockField(b, dtorSlot_.at(op.resource)), 0, d);
        }
        break;
      }
      }
      if (!ok) return nullptr;
    }
    b.CreateRetVoid();
    return fn;
  }

  // The fill function: every funcref and resource context of the block.
  void emitFill() {
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx_, "entry", fill_));
    block_ = fill_->getArg(0);
    for (const FuncrefFill &f : funcrefFills_) {
      llvm::Value *ref = blockField(b, f.offset);
      store(b, ref, 0, f.code);
      store(b, ref, VmctxLayout::kFuncrefVmctx, blockField(b, f.vmctxOffset));
      store(b, ref, 16, f.sig);
      store(b, ref, 24, f.trampoline);
    }
    for (const ResctxFill &r : resctxFills_) {
      llvm::Value *rctx = blockField(b, r.offset);
      store(b, rctx, offsetof(w2n_resource_ctx, instance), cinstance(b, r.instance));
      store(b, rctx, offsetof(w2n_resource_ctx, type), r.type);
    }
    b.CreateRetVoid();
  }

  // An instantiate without arguments for the executable: its one static block.
  llvm::Function *staticInstantiate(llvm::Function *instantiate) {
    auto *fn = llvm::Function::Create(llvm::FunctionType::get(llvm::Type::getVoidTy(ctx_), false),
                                      llvm::GlobalValue::InternalLinkage,
                                      "__w2n_component_instantiate_static", out_);
    lc_.setFunctionAttributes(fn);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx_, "entry", fn));
    b.CreateCall(instantiate, {staticBlock_});
    b.CreateRetVoid();
    return fn;
  }

  // ---- Program mains ----
  llvm::Function *createMain() {
    auto *fn =
        llvm::Function::Create(llvm::FunctionType::get(i32_, false),
                               llvm::GlobalValue::ExternalLinkage, "__w2n_program_main", out_);
    lc_.setFunctionAttributes(fn);
    return fn;
  }

  // The WASI 0.2 host opens the preopened directories before anything runs (when it is linked).
  void callWasiInit(llvm::IRBuilder<> &b, llvm::Function *main) {
    llvm::Function *init = llvm::cast<llvm::Function>(
        out_.getOrInsertFunction("w2n_wasip2_init", llvm::FunctionType::get(b.getVoidTy(), false))
            .getCallee());
    init->setLinkage(llvm::GlobalValue::ExternalWeakLinkage);
    llvm::BasicBlock *callInit = llvm::BasicBlock::Create(ctx_, "init", main);
    llvm::BasicBlock *rest = llvm::BasicBlock::Create(ctx_, "instantiate", main);
    b.CreateCondBr(b.CreateIsNotNull(init), callInit, rest);
    b.SetInsertPoint(callInit);
    b.CreateCall(init);
    b.CreateBr(rest);
    b.SetInsertPoint(rest);
  }

  bool emitCommandMain(llvm::Function *instantiate) {
    block_ = staticBlock_;
    const plan::Export *run = findRunExport(plan_);
    if (!run) {
      diags_.error(0, "the component exports no wasi:cli/run instance: only command components "
                      "(wasi:cli/command) compile into executables");
      return false;
    }
    if (run->lifted == kNone) {
      diags_.error(0, "the component's wasi:cli/run export is a host import it re-exports");
      return false;
    }
    const Lifted &l = plan_.lifted[run->lifted];
    if (!l.type.params.empty() || l.type.result == kNone ||
        plan_.types[l.type.result].kind != W2N_CT_RESULT ||
        plan_.types[l.type.result].members[0] != kNone ||
        plan_.types[l.type.result].members[1] != kNone) {
      diags_.error(0, "the component's wasi:cli/run function does not have type func() -> result");
      return false;
    }
    llvm::Function *main = createMain();
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx_, "entry", main));
    callWasiInit(b, main);
    b.CreateCall(instantiate);
    llvm::Value *ref = funcObject(b, l.core, nullptr, 0);
    if (!ref) return false;
    llvm::Value *code = b.CreateAlignedLoad(ptr_, ref, llvm::Align(8));
    llvm::Value *vmctx = b.CreateAlignedLoad(
        ptr_, b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), ref, VmctxLayout::kFuncrefVmctx),
        llvm::Align(8));
    llvm::Value *result = b.CreateCall(llvm::FunctionType::get(i32_, {ptr_}, false), code, {vmctx});
    if (l.options.postReturn) {
      llvm::Value *pr = funcObject(b, *l.options.postReturn, nullptr, 0);
      if (!pr) return false;
      llvm::Value *prCode = b.CreateAlignedLoad(ptr_, pr, llvm::Align(8));
      llvm::Value *prVmctx = b.CreateAlignedLoad(
          ptr_, b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), pr, VmctxLayout::kFuncrefVmctx),
          llvm::Align(8));
      b.CreateCall(llvm::FunctionType::get(b.getVoidTy(), {ptr_, i32_}, false), prCode,
                   {prVmctx, result});
    }
    // result<_, _>: case 0 is ok (status 0); anything else is error (status 1). A discriminant
    // other than 0 or 1 is invalid: the canonical ABI traps.
    llvm::BasicBlock *bad = llvm::BasicBlock::Create(ctx_, "bad", main);
    llvm::BasicBlock *done = llvm::BasicBlock::Create(ctx_, "done", main);
    b.CreateCondBr(b.CreateICmpUGT(result, b.getInt32(1)), bad, done);
    b.SetInsertPoint(bad);
    llvm::FunctionCallee trap = out_.getOrInsertFunction(
        "w2n_canon_trap", llvm::FunctionType::get(b.getVoidTy(), {ptr_, i64_}, false));
    b.CreateCall(trap, {cstring("invalid variant discriminant", "__w2n_msg"),
                        llvm::ConstantInt::get(i64_, UINT64_MAX)});
    b.CreateUnreachable();
    b.SetInsertPoint(done);
    b.CreateRet(result);
    return true;
  }

  // Every lifted export gets an adapter, whose lift side the Lifted steps fill. Entries are
  // w2n_cexport {name, adapter}, plus the WIT signature for the invoking program.
  std::vector<llvm::Constant *> exportTable(ComponentMainKind kind) {
    std::vector<llvm::Constant *> entries;
    bool invoke = kind == ComponentMainKind::Invoke;
    auto *entryTy = invoke ? llvm::StructType::get(ctx_, {ptr_, ptr_, ptr_})
                           : llvm::StructType::get(ctx_, {ptr_, ptr_});
    for (const plan::Export &e : plan_.exports) {
      if (e.lifted == kNone) continue;
      if (!exportAdapters_.count(e.lifted))
        exportAdapters_[e.lifted] = allocate(sizeof(w2n_adapter));
      std::vector<llvm::Constant *> fields = {cstring(e.name, "__w2n_export_name"),
                                              staticField(exportAdapters_[e.lifted])};
      if (invoke) fields.push_back(cstring(plan::witFuncText(plan_, e.type), "__w2n_export_sig"));
      entries.push_back(llvm::ConstantStruct::get(entryTy, fields));
    }
    return entries;
  }

  // A program main over the export table: the component wast driver's, or the one that invokes
  // exports from its arguments (which opens the WASI 0.2 host's preopens first, as commands do).
  bool emitTableMain(llvm::Function *instantiate, const std::vector<llvm::Constant *> &entries,
                     ComponentMainKind kind) {
    llvm::Constant *table = llvm::ConstantPointerNull::get(ptr_);
    if (!entries.empty()) {
      auto *ty = llvm::ArrayType::get(entries[0]->getType(), entries.size());
      table = new llvm::GlobalVariable(out_, ty, true, llvm::GlobalValue::InternalLinkage,
                                       llvm::ConstantArray::get(ty, entries), "__w2n_exports");
    }
    llvm::Function *main = createMain();
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx_, "entry", main));
    if (kind == ComponentMainKind::Invoke) callWasiInit(b, main);
    llvm::FunctionCallee tableMain =
        out_.getOrInsertFunction(kind == ComponentMainKind::Invoke ? "w2n_component_invoke_main"
                                                                   : "w2n_component_script_main",
                                 llvm::FunctionType::get(i32_, {ptr_, ptr_, i32_}, false));
    b.CreateRet(b.CreateCall(
        tableMain, {instantiate, table, b.getInt32(static_cast<uint32_t>(entries.size()))}));
    return true;
  }

  const Plan &plan_;
  llvm::Module &out_;
  Diagnostics &diags_;
  Module empty_;
  LowerOptions options_;
  LowerContext lc_;
  llvm::LLVMContext &ctx_;
  DescriptorEmitter descriptors_;
  llvm::PointerType *ptr_;
  llvm::Type *i32_, *i64_;
  std::vector<VmctxLayout> layouts_;
  // The instance block: its size so far, where the vmctx pointers start, the block the function
  // being emitted works on, the executable's static block, and what the fill function writes.
  uint64_t blockSize_ = 0, vmctxBase_ = 0;
  // A library: where its host slot is, and what the API is told (imports found as lowered).
  bool library_ = false;
  uint64_t hostSlot_ = 0;
  bool trapUnknown_ = false; // --trap-unknown-imports
  ComponentLibrary *libraryOut_ = nullptr;

  llvm::Value *block_ = nullptr;
  llvm::GlobalVariable *staticBlock_ = nullptr;
  llvm::Function *fill_ = nullptr;
  struct ResctxFill {
    uint64_t offset;
    uint32_t instance;
    llvm::Constant *type;
  };
  std::vector<FuncrefFill> funcrefFills_;
  std::vector<ResctxFill> resctxFills_;
  std::map<uint32_t, llvm::Constant *> resourceTypes_;
  std::map<uint32_t, uint64_t> loweredState_, exportAdapters_, dtorSlot_;
  std::map<std::string, uint64_t> loweredRefs_;
  std::set<uint32_t> registered_, dtorsFilled_;
};

} // namespace

ComponentMainKind programKindOf(const Plan &plan) {
  return findRunExport(plan) ? ComponentMainKind::Command : ComponentMainKind::Invoke;
}

bool emitComponentMain(const Plan &plan, ComponentMainKind kind, llvm::Module &out,
                       Diagnostics &diags, ComponentLibrary *library, bool trapUnknownImports) {
  MainEmitter emitter(plan, out, diags);
  return emitter.emit(kind, library, trapUnknownImports);
}

} // namespace w2n
