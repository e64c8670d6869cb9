// The LLVM IR builder as the function decoder's interface (decoder_interface.h): the decoder walks
// a function body, validates it and calls these members for reachable code; each builds IR.
// The template members only adapt the decoder's calls to the non-template implementations, which
// live in files by concern: function_lowering.cpp (control, locals, globals, calls, traps),
// lower_numeric.cpp, lower_simd.cpp, lower_memory.cpp and lower_table.cpp.
//
// Control flow uses SSA directly: a block/if gets a merge block with one phi per result, a loop a
// header block with one phi per parameter; branches add incoming values. Locals are allocas that
// mem2reg/SROA promote.
#pragma once

#include "compiler/frontend/decoder_interface.h"
#include "compiler/lowering/lower_context.h"
#include "w2n/abi.h"

#include <array>
#include <map>
#include <span>
#include <vector>

namespace w2n {

class FunctionLowering {
public:
  struct Value {
    llvm::Value *v = nullptr;
  };
  struct Ctrl : ControlBase {
    llvm::BasicBlock *target = nullptr;    // where branches go: loop header or merge block
    llvm::BasicBlock *elseBlock = nullptr; // if: the else arm (explicit or implicit)
    std::vector<llvm::PHINode *> phis;     // one per labelTypes() value, in `target`
    std::vector<llvm::Value *> ifParams;   // if: the params, again for the else arm
    bool sawElse = false;
    bool containsTry = false;          // a try_table is this frame or nested in it
    llvm::Value *tryHandler = nullptr; // try_table: its handler record (lower_exceptions.cpp)
  };

  FunctionLowering(LowerContext &lc, FuncIndex index, llvm::Function *fn);
  // A constant expression compiled as a function of type `type` ((vmctx) -> value).
  FunctionLowering(LowerContext &lc, const FuncType &type, llvm::Function *fn);
  // After the decoder is done: adds the stack check and closes blocks that dead code left open.
  void complete();

  // ---- Decoder callbacks ----
  template <typename D> void startFunction(D &d) {
    std::span<const ValType> types(d.localTypes());
    start(types);
  }
  template <typename D> void finishFunction(D &, std::span<const Value> results) {
    finish(results);
  }

  template <typename D> void i32Const(D &, Value *out, int32_t v) {
    out->v = b.getInt32(static_cast<uint32_t>(v));
  }
  template <typename D> void i64Const(D &, Value *out, int64_t v) {
    out->v = b.getInt64(static_cast<uint64_t>(v));
  }
  template <typename D> void f32Const(D &, Value *out, uint32_t bits) { out->v = f32Bits(bits); }
  template <typename D> void f64Const(D &, Value *out, uint64_t bits) { out->v = f64Bits(bits); }
  template <typename D> void v128Const(D &, Value *out, const uint8_t *bytes) {
    out->v = v128Bytes(bytes);
  }

  template <typename D> void simpleOp(D &, Opcode op, std::span<const Value> args, Value *out) {
    out->v = simple(op, args);
  }
  template <typename D>
  void simdLaneOp(D &, Opcode op, uint8_t lane, std::span<const Value> args, Value *out) {
    out->v = simdLane(op, lane, args);
  }
  template <typename D>
  void simdShuffle(D &, const uint8_t *lanes, const Value &a, const Value &c, Value *out) {
    out->v = shuffle(lanes, a.v, c.v);
  }

  template <typename D> void drop(D &, const Value &v) { dropValue(v.v); }
  template <typename D>
  void select(D &, ValType, const Value &a, const Value &c, const Value &cond, Value *out) {
    out->v = selectValue(a.v, c.v, cond.v);
  }

  template <typename D> void localGet(D &, uint32_t i, Value *out) { out->v = getLocal(i); }
  template <typename D> void localSet(D &, uint32_t i, const Value &v) { setLocal(i, v.v); }
  template <typename D> void localTee(D &, uint32_t i, const Value &v, Value *out) {
    setLocal(i, v.v);
    out->v = v.v;
  }
  template <typename D> void globalGet(D &, GlobalIndex g, Value *out) { out->v = getGlobal(g); }
  template <typename D> void globalSet(D &, GlobalIndex g, const Value &v) { setGlobal(g, v.v); }

  template <typename D> void load(D &, Opcode op, const MemArg &m, const Value &addr, Value *out) {
    op_ = op;
    out->v = loadOp(op, m, addr.v);
  }
  template <typename D>
  void store(D &, Opcode op, const MemArg &m, const Value &addr, const Value &v) {
    op_ = op;
    storeOp(op, m, addr.v, v.v);
  }
  template <typename D>
  void loadLane(D &, Opcode op, const MemArg &m, uint8_t lane, const Value &addr, const Value &vec,
                Value *out) {
    op_ = op;
    out->v = loadLaneOp(op, m, lane, addr.v, vec.v);
  }
  template <typename D>
  void storeLane(D &, Opcode op, const MemArg &m, uint8_t lane, const Value &addr,
                 const Value &vec) {
    op_ = op;
    storeLaneOp(op, m, lane, addr.v, vec.v);
  }
  template <typename D> void memorySize(D &, MemoryIndex m, Value *out) {
    out->v = memorySizeOp(m);
  }
  template <typename D> void memoryGrow(D &, MemoryIndex m, const Value &pages, Value *out) {
    out->v = memoryGrowOp(m, pages.v);
  }
  template <typename D>
  void memoryInit(D &, DataIndex d, MemoryIndex m, const Value &dst, const Value &src,
                  const Value &len) {
    memoryInitOp(d, m, dst.v, src.v, len.v);
  }
  template <typename D> void dataDrop(D &, DataIndex d) { dataDropOp(d); }
  template <typename D>
  void memoryCopy(D &, MemoryIndex dm, MemoryIndex sm, const Value &dst, const Value &src,
                  const Value &len) {
    memoryCopyOp(dm, sm, dst.v, src.v, len.v);
  }
  template <typename D>
  void memoryFill(D &, MemoryIndex m, const Value &dst, const Value &val, const Value &len) {
    memoryFillOp(m, dst.v, val.v, len.v);
  }

  template <typename D> void tableGet(D &, TableIndex t, const Value &i, Value *out) {
    out->v = tableGetOp(t, i.v);
  }
  template <typename D> void tableSet(D &, TableIndex t, const Value &i, const Value &r) {
    tableSetOp(t, i.v, r.v);
  }
  template <typename D> void tableSize(D &, TableIndex t, Value *out) { out->v = tableSizeOp(t); }
  template <typename D>
  void tableGrow(D &, TableIndex t, const Value &init, const Value &n, Value *out) {
    out->v = tableGrowOp(t, init.v, n.v);
  }
  template <typename D>
  void tableFill(D &, TableIndex t, const Value &i, const Value &r, const Value &n) {
    tableFillOp(t, i.v, r.v, n.v);
  }
  template <typename D>
  void tableCopy(D &, TableIndex dt, TableIndex st, const Value &d, const Value &s,
                 const Value &n) {
    tableCopyOp(dt, st, d.v, s.v, n.v);
  }
  template <typename D>
  void tableInit(D &, ElemIndex e, TableIndex t, const Value &d, const Value &s, const Value &n) {
    tableInitOp(e, t, d.v, s.v, n.v);
  }
  template <typename D> void elemDrop(D &, ElemIndex e) { elemDropOp(e); }
  template <typename D> void refNull(D &, ValType, Value *out) {
    out->v = llvm::ConstantPointerNull::get(lc.ptrTy);
  }
  template <typename D> void refIsNull(D &, const Value &r, Value *out) {
    out->v = b.CreateZExt(b.CreateIsNull(r.v), lc.i32Ty);
  }
  template <typename D> void refFunc(D &, FuncIndex f, Value *out) { out->v = funcRef(f); }

  template <typename D>
  void call(D &, FuncIndex f, std::span<const Value> args, std::span<Value> results) {
    callDirect(f, args, results);
  }
  template <typename D>
  void callIndirect(D &, TableIndex t, TypeIndex type, const Value &index,
                    std::span<const Value> args, std::span<Value> results) {
    callIndirectOp(t, type, index.v, args, results);
  }

  template <typename D>
  void block(D &, Ctrl &c, std::span<const Value> params, std::span<Value> paramsOut) {
    enterBlock(c, params, paramsOut);
  }
  template <typename D>
  void loop(D &, Ctrl &c, std::span<const Value> params, std::span<Value> paramsOut) {
    enterLoop(c, params, paramsOut);
  }
  template <typename D>
  void if_(D &, Ctrl &c, const Value &cond, std::span<const Value> params,
           std::span<Value> paramsOut) {
    enterIf(c, cond.v, params, paramsOut);
  }
  template <typename D>
  void else_(D &, Ctrl &c, bool thenReachable, std::span<const Value> thenResults,
             std::span<Value> paramsOut) {
    enterElse(c, thenReachable, thenResults, paramsOut);
  }
  template <typename D>
  void end(D &d, Ctrl &c, bool fallthroughReachable, std::span<const Value> results,
           std::span<Value> resultsOut) {
    endFrame(c, fallthroughReachable, results, resultsOut);
    // Branches out of a try_table arrive here with its record still linked: unlink it.
    if (c.containsTry) restoreHandlers(c, handlerOutside(d, 1));
  }
  template <typename D> void br(D &, Ctrl &target, std::span<const Value> values) {
    branch(target, values);
  }
  template <typename D>
  void brIf(D &, Ctrl &target, const Value &cond, std::span<const Value> values) {
    branchIf(target, cond.v, values);
  }
  template <typename D>
  void brTable(D &, std::span<Ctrl *const> targets, Ctrl &defaultTarget, const Value &key,
               std::span<const Value> values) {
    branchTable(targets, defaultTarget, key.v, values);
  }
  template <typename D> void return_(D &, std::span<const Value> values) { emitReturn(values); }
  template <typename D> void unreachable(D &) { trapAlways(W2N_TRAP_UNREACHABLE); }

  template <typename D>
  void tryTable(D &d, Ctrl &c, std::span<const CatchClause> catches, std::span<Ctrl *const> targets,
                std::span<const Value> params, std::span<Value> paramsOut) {
    for (uint32_t i = 0; i < d.controlDepth(); ++i)
      d.control(i).containsTry = true;
    enterTryTable(c, catches, targets, params, paramsOut);
  }
  template <typename D> void throw_(D &, TagIndex t, std::span<const Value> args) {
    throwOp(t, args);
  }
  template <typename D> void throwRef(D &, const Value &exn) { throwRefOp(exn.v); }

  template <typename D>
  void gcOp(D &, Opcode op, const GcImm &imm, std::span<const Value> args, Value *out) {
    llvm::Value *v = gc(op, imm, args);
    if (out) out->v = v;
  }
  template <typename D>
  void brOn(D &, Opcode op, Ctrl &target, const GcImm &imm, std::span<const Value> values) {
    brOnOp(op, target, imm, values);
  }
  template <typename D>
  void callRef(D &, TypeIndex type, const Value &ref, std::span<const Value> args,
               std::span<Value> results) {
    callRefOp(type, ref.v, args, results);
  }

private:
  // function_lowering.cpp
  void start(std::span<const ValType> localTypes);
  void finish(std::span<const Value> results);
  void dropValue(llvm::Value *v);
  llvm::Value *selectValue(llvm::Value *a, llvm::Value *c, llvm::Value *cond);
  llvm::Value *getLocal(uint32_t i);
  void setLocal(uint32_t i, llvm::Value *v);
  llvm::Value *getGlobal(GlobalIndex g);
  void setGlobal(GlobalIndex g, llvm::Value *v);
  void callDirect(FuncIndex f, std::span<const Value> args, std::span<Value> results);
  // Calls `code` with `calleeVmctx` and the args; unpacks the results.
  void emitCall(const FuncType &type, llvm::Value *code, llvm::Value *calleeVmctx,
                std::span<const Value> args, std::span<Value> results, llvm::Function *direct);
  void enterBlock(Ctrl &c, std::span<const Value> params, std::span<Value> paramsOut);
  void enterLoop(Ctrl &c, std::span<const Value> params, std::span<Value> paramsOut);
  void enterIf(Ctrl &c, llvm::Value *cond, std::span<const Value> params,
               std::span<Value> paramsOut);
  void enterElse(Ctrl &c, bool thenReachable, std::span<const Value> thenResults,
                 std::span<Value> paramsOut);
  void endFrame(Ctrl &c, bool fallthrough, std::span<const Value> results,
                std::span<Value> resultsOut);
  void branch(Ctrl &target, std::span<const Value> values);
  void branchIf(Ctrl &target, llvm::Value *cond, std::span<const Value> values);
  void branchTable(std::span<Ctrl *const> targets, Ctrl &defaultTarget, llvm::Value *key,
                   std::span<const Value> values);
  void emitReturn(std::span<const Value> values);
  void createMerge(Ctrl &c, const std::vector<ValType> &types);

  // lower_exceptions.cpp
  // The handler record expected at a point inside frame control(from) and its enclosing frames:
  // the innermost enclosing try_table's, else the chain head at function entry.
  template <typename D> llvm::Value *handlerOutside(D &d, uint32_t from) {
    for (uint32_t i = from; i < d.controlDepth(); ++i)
      if (d.control(i).kind == ControlKind::TryTable && d.control(i).tryHandler)
        return d.control(i).tryHandler;
    return exnEntryHead_;
  }
  // Stores `handler` as the chain head where frame c's label leads (merge block or loop header).
  void restoreHandlers(Ctrl &c, llvm::Value *handler);
  void enterTryTable(Ctrl &c, std::span<const CatchClause> catches, std::span<Ctrl *const> targets,
                     std::span<const Value> params, std::span<Value> paramsOut);
  // Matches the caught exception against the clauses, in order; rethrows when none matches.
  void emitLanding(std::span<const CatchClause> catches, std::span<Ctrl *const> targets);
  void throwOp(TagIndex t, std::span<const Value> args);
  void throwRefOp(llvm::Value *exn);
  llvm::Value *tagIdentity(TagIndex t);
  llvm::GlobalVariable *exnHead();

  // lower_gc.cpp
  // A nounwind runtime function declared by name (exception and GC runtimes).
  llvm::FunctionCallee runtimeCall(const char *name, llvm::Type *result,
                                   llvm::ArrayRef<llvm::Type *> params);
  llvm::Value *gc(Opcode op, const GcImm &imm, std::span<const Value> args);
  void brOnOp(Opcode op, Ctrl &target, const GcImm &imm, std::span<const Value> values);
  void callRefOp(TypeIndex type, llvm::Value *ref, std::span<const Value> args,
                 std::span<Value> results);
  void nullCheck(llvm::Value *ref, uint32_t trap);
  llvm::Value *gcLoad(const FieldType &f, llvm::Value *ptr, bool isSigned);
  void gcStore(const FieldType &f, llvm::Value *ptr, llvm::Value *v);
  llvm::Value *newArray(uint32_t type, llvm::Value *length);
  llvm::Value *arrayElem(uint32_t type, llvm::Value *array, llvm::Value *index);
  llvm::Value *arrayLength(llvm::Value *array);
  // Traps unless [start, start + n) lies within the array.
  void checkArrayRange(llvm::Value *array, llvm::Value *start, llvm::Value *n);
  void fillArray(uint32_t type, llvm::Value *array, llvm::Value *start, llvm::Value *n,
                 llvm::Value *value);
  llvm::Value *segmentSource(uint32_t type, bool data, uint32_t segment, llvm::Value *src,
                             llvm::Value *n);
  void copyIntoArray(uint32_t type, llvm::Value *array, llvm::Value *dst, llvm::Value *from,
                     llvm::Value *n);
  // i1: whether `ref` is a value of reference type `target` (null included when nullable).
  llvm::Value *castCheck(llvm::Value *ref, ValType target);
  llvm::Value *rttMatches(llvm::Value *obj, uint32_t type);
  // Continues emitting in a fresh block that nothing branches to (after a terminator).
  void startDeadBlock();

public:
  // ---- Helpers shared by the lowering files ----
  LowerContext &lc;
  llvm::IRBuilder<> b;

  llvm::Value *f32Bits(uint32_t bits);
  llvm::Value *f64Bits(uint64_t bits);
  llvm::Value *v128Bytes(const uint8_t *bytes);
  // Traps with `code` when `cond` (i1) holds; the trap path is cold.
  void trapIf(llvm::Value *cond, uint32_t code);
  void trapAlways(uint32_t code);
  llvm::Value *vmctx() const { return vmctx_; }
  // Base of memory 0, loaded once in the prologue.
  llvm::Value *memBase(MemoryIndex m = MemoryIndex(0));
  llvm::Value *intrinsic(llvm::Intrinsic::ID id, llvm::ArrayRef<llvm::Type *> types,
                         llvm::ArrayRef<llvm::Value *> args);
  // Quiets a NaN (sets the quiet bit) and leaves other values alone; Wasm requires NaN results
  // of arithmetic to be quiet where LLVM's folds may forward a signaling NaN operand unchanged.
  llvm::Value *quietNaN(llvm::Value *v);

private:
  // lower_numeric.cpp / lower_simd.cpp
  llvm::Value *simple(Opcode op, std::span<const Value> args);
  llvm::Value *scalarOp(Opcode op, llvm::Value *const *a);
  llvm::Value *simdOp(Opcode op, llvm::Value *const *a);
  llvm::Value *simdLane(Opcode op, uint8_t lane, std::span<const Value> args);
  llvm::Value *shuffle(const uint8_t *lanes, llvm::Value *a, llvm::Value *c);
  llvm::Value *truncSatF32x4X86(llvm::Value *x, bool isSigned);
  llvm::Value *intDivRem(Opcode op, llvm::Value *x, llvm::Value *y);
  llvm::Value *truncTrapping(llvm::Value *x, llvm::Type *to, bool isSigned);
  llvm::Value *floatMinMax(llvm::Value *x, llvm::Value *y, bool isMin);
  llvm::Value *floatArith(llvm::Instruction::BinaryOps op, llvm::Value *x, llvm::Value *y);

  // lower_memory.cpp
  // The address of the current load/store instruction's access (a 64-bit memory's bounds
  // checked here).
  llvm::Value *address(const MemArg &m, llvm::Value *addr);
  bool is64(MemoryIndex m) const;
  llvm::Value *memLoad(llvm::Type *type, llvm::Value *ptr);
  void memStore(llvm::Value *v, llvm::Value *ptr);
  llvm::Value *loadOp(Opcode op, const MemArg &m, llvm::Value *addr);
  void storeOp(Opcode op, const MemArg &m, llvm::Value *addr, llvm::Value *v);
  llvm::Value *loadLaneOp(Opcode op, const MemArg &m, uint8_t lane, llvm::Value *addr,
                          llvm::Value *vec);
  void storeLaneOp(Opcode op, const MemArg &m, uint8_t lane, llvm::Value *addr, llvm::Value *vec);
  llvm::Value *memoryObject(MemoryIndex m);
  // i1: whether [start, start + len) reaches past the current size of memory m.
  llvm::Value *checkedRange(MemoryIndex m, llvm::Value *start, llvm::Value *len);
  llvm::Value *memorySizeOp(MemoryIndex m);
  llvm::Value *memoryGrowOp(MemoryIndex m, llvm::Value *pages);
  void memoryInitOp(DataIndex d, MemoryIndex m, llvm::Value *dst, llvm::Value *src,
                    llvm::Value *len);
  void dataDropOp(DataIndex d);
  void memoryCopyOp(MemoryIndex dm, MemoryIndex sm, llvm::Value *dst, llvm::Value *src,
                    llvm::Value *len);
  void memoryFillOp(MemoryIndex m, llvm::Value *dst, llvm::Value *val, llvm::Value *len);

  // lower_table.cpp
  llvm::Value *tableObject(TableIndex t);
  // Pointer to element `index` of table `t` after a bounds check that traps with `code`.
  // A table index or length as i32 (LowerContext::tableIndex32).
  llvm::Value *tableIndex32(llvm::Value *v);
  llvm::Value *tableElemPtr(TableIndex t, llvm::Value *index, uint32_t code);
  llvm::Value *tableGetOp(TableIndex t, llvm::Value *i);
  void tableSetOp(TableIndex t, llvm::Value *i, llvm::Value *r);
  llvm::Value *tableSizeOp(TableIndex t);
  llvm::Value *tableGrowOp(TableIndex t, llvm::Value *init, llvm::Value *n);
  void tableFillOp(TableIndex t, llvm::Value *i, llvm::Value *r, llvm::Value *n);
  void tableCopyOp(TableIndex dt, TableIndex st, llvm::Value *d, llvm::Value *s, llvm::Value *n);
  void tableInitOp(ElemIndex e, TableIndex t, llvm::Value *d, llvm::Value *s, llvm::Value *n);
  void elemDropOp(ElemIndex e);
  llvm::Value *funcRef(FuncIndex f);
  // i1: a funcref's signature `sig` is not (a subtype of) function type `typeIndex`.
  llvm::Value *sigMismatch(llvm::Value *sig, uint32_t typeIndex);
  void callIndirectOp(TableIndex t, TypeIndex type, llvm::Value *index, std::span<const Value> args,
                      std::span<Value> results);

  FuncIndex index_;
  llvm::Function *fn_;
  const FuncType &type_;
  llvm::Value *vmctx_ = nullptr;
  llvm::BasicBlock *prologue_ = nullptr; // allocas and loads cached for the whole function
  llvm::Value *memBase_ = nullptr;
  std::map<uint32_t, llvm::Value *> otherMemBases_;
  std::vector<llvm::AllocaInst *> locals_;
  std::vector<ValType> localTypes_;
  std::array<llvm::BasicBlock *, W2N_TRAP_COUNT> trapBlocks_{};
  bool hasCalls_ = false;
  // The handler chain head at entry, loaded once the function has a try_table; from then on
  // every return restores it and local accesses are volatile (w2n_setjmp returns twice).
  llvm::Value *exnEntryHead_ = nullptr;
  Opcode op_ = Opcode::Nop; // the memory instruction being lowered (its access size)
};

} // namespace w2n
