// State shared by everything that lowers one Wasm module into one LLVM module: LLVM types for Wasm
// values, the declared runtime entry points, canonical signature symbols and trampolines, the
// per-function LLVM declarations, TBAA tags, and small helpers for reaching vmctx fields.
#pragma once

#include "compiler/frontend/diagnostics.h"
#include "compiler/frontend/module.h"
#include "compiler/lowering/lower.h"
#include "compiler/lowering/vmctx_layout.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <map>
#include <string>
#include <vector>

namespace w2n {

// Runtime entry points of abi.h that compiled code calls.
enum class RuntimeFn {
  Trap,
  Alloc,
  MemoryNew,
  MemoryGrow,
  MemoryFill,
  MemoryCopy,
  MemoryInit,
  TableNew,
  TableGrow,
  TableFill,
  TableCopy,
  TableInit,
  RegisterModule,
  ScriptMain,
  WasiBindMemory,
  Count
};

// What a memory access touches, for TBAA: accesses of different kinds never alias, which lets
// LLVM keep globals and table sizes in registers across linear-memory stores.
enum class AccessKind { LinearMemory, GlobalCell, VmctxField, RuntimeObject, GcObject, Count };

class LowerContext {
public:
  LowerContext(const Module &wasm, llvm::Module &out, const LowerOptions &options,
               Diagnostics &diags);

  const Module &wasm;
  llvm::Module &out;
  llvm::LLVMContext &ctx;
  const LowerOptions &options;
  Diagnostics &diags;
  VmctxLayout layout;
  // Tables whose size never changes (table_facts.h): constant size, element array never moves.
  std::vector<bool> fixedSizeTables;
  bool isAArch64 = false, isX86 = false;

  llvm::IntegerType *i1Ty, *i8Ty, *i16Ty, *i32Ty, *i64Ty;
  llvm::Type *f32Ty, *f64Ty;
  llvm::FixedVectorType *v128Ty; // canonical v128 storage: <4 x i32>
  llvm::PointerType *ptrTy;

  llvm::Type *valType(ValType t) const;
  // The native type of a Wasm function: (ptr vmctx, params...) -> void | result | {results...}.
  llvm::FunctionType *funcType(const FuncType &type) const;
  llvm::Type *resultType(const std::vector<ValType> &results) const;
  // Zero of a value type (locals' initial value).
  llvm::Constant *zeroValue(ValType t) const;

  // LLVM functions of defined functions, by function index (null for imports).
  std::vector<llvm::Function *> funcs;
  std::string symbol(const std::string &name) const { return options.symbolPrefix + name; }

  llvm::FunctionCallee runtime(RuntimeFn fn);
  llvm::GlobalVariable *stackLimit();
  // An external runtime global that compiled code only addresses or reads as a pointer
  // (__w2n_exn_head, w2n_exn_barrier of exceptions.c).
  llvm::GlobalVariable *runtimeGlobal(const char *name);
  // __w2n_sig_<key>: linkonce_odr, its address is the canonical type id.
  llvm::GlobalVariable *sigSymbol(const FuncType &type);
  // __w2n_rtt_<canonical key>: the run-time type of a struct or array type (gc_layout.h), its
  // address the type's identity in casts; linkonce_odr, so equivalent types of all modules of a
  // program share one.
  llvm::GlobalVariable *rtt(uint32_t typeIndex);
  // __w2n_tramp_<key>: the array-call trampoline of a signature.
  llvm::Function *trampoline(const FuncType &type);
  // Private constant holding the bytes of data segment `index`.
  llvm::GlobalVariable *dataBytes(uint32_t index);

  // Attributes every function we emit carries (frame pointers for backtraces, nounwind).
  void setFunctionAttributes(llvm::Function *fn) const;

  // ---- vmctx and object field access ----
  llvm::Value *fieldPtr(llvm::IRBuilder<> &b, llvm::Value *base, uint64_t offset) const;
  // A table index or length as i32: table64's i64 ones saturated at 2^32 - 1. A table never has
  // 2^32 elements, so the saturated value is out of bounds exactly when the original was.
  llvm::Value *tableIndex32(llvm::IRBuilder<> &b, llvm::Value *v) const;
  // A load of a field that never changes after instantiation (!invariant.load).
  llvm::LoadInst *loadInvariant(llvm::IRBuilder<> &b, llvm::Type *type, llvm::Value *base,
                                uint64_t offset, AccessKind kind = AccessKind::VmctxField);
  llvm::LoadInst *load(llvm::IRBuilder<> &b, llvm::Type *type, llvm::Value *base, uint64_t offset,
                       AccessKind kind);
  llvm::StoreInst *store(llvm::IRBuilder<> &b, llvm::Value *value, llvm::Value *base,
                         uint64_t offset, AccessKind kind);
  void tag(llvm::Instruction *inst, AccessKind kind);
  // Natural alignment of a vmctx field or value cell of this type (v128 cells are 16-aligned).
  llvm::Align fieldAlign(llvm::Type *type) const;
  void markInvariant(llvm::LoadInst *load);
  bool isLinearMemoryAccess(const llvm::Instruction *inst) const {
    return inst->getMetadata(llvm::LLVMContext::MD_tbaa) ==
           tbaa_[static_cast<int>(AccessKind::LinearMemory)];
  }

  // The value of a constant expression that needs no instance (numbers, ref.null); null for
  // ref.func and global.get.
  llvm::Constant *constantOf(const ConstExpr &e) const;

  // Branch weights for a condition that is almost never true.
  llvm::MDNode *unlikely();
  // Branch weights for a condition that is almost always true.
  llvm::MDNode *likely();

private:
  llvm::FunctionCallee runtimeFns_[static_cast<int>(RuntimeFn::Count)];
  llvm::MDNode *tbaa_[static_cast<int>(AccessKind::Count)] = {};
  llvm::MDNode *unlikely_ = nullptr, *likely_ = nullptr;
  std::map<uint32_t, llvm::GlobalVariable *> dataBytes_;
};

} // namespace w2n
