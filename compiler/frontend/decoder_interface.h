// The contract between the one function-body decoder and whoever consumes it. The decoder
// (function_decoder.h) owns reading, validation, the operand stack and the control stack; it calls
// the interface only for code that is reachable, so a consumer never sees dead code. Validation
// runs the decoder with NullInterface below; lowering runs it with the LLVM builder. Because both
// go through the same decoder they cannot disagree about what a function means.
//
// Every callback receives the decoder first (for module context, the current offset and, for
// lowering, types of stack values). Values are passed as `const Value&` (inputs) and `Value*`
// (outputs, to be filled by the interface). Spans are ordered bottom-of-stack first.
#pragma once

#include "compiler/frontend/module.h"
#include "compiler/frontend/opcodes.h"

#include <cstdint>
#include <span>

namespace w2n {

struct MemArg {
  uint32_t alignLog2 = 0;
  uint64_t offset = 0;
  MemoryIndex memory;
};

// A block's type, resolved: params and results (both empty for `[]`).
struct BlockSig {
  std::vector<ValType> params;
  std::vector<ValType> results;
};

enum class ControlKind : uint8_t { Function, Block, Loop, If, Else, TryTable };

// One catch clause of a try_table; the enumerators are the binary encodings.
struct CatchClause {
  enum class Kind : uint8_t { Catch = 0, CatchRef = 1, CatchAll = 2, CatchAllRef = 3 };
  Kind kind = Kind::Catch;
  TagIndex tag;       // Catch / CatchRef
  uint32_t depth = 0; // the label, counted from the frame enclosing the try_table
  bool withTag() const { return kind == Kind::Catch || kind == Kind::CatchRef; }
  bool withRef() const { return kind == Kind::CatchRef || kind == Kind::CatchAllRef; }
};

// The immediates of a GC instruction, resolved (decoder_interface's gcOp / brOn).
struct GcImm {
  uint32_t type = 0;                // struct/array type index (array.copy: the destination's)
  uint32_t field = 0;               // struct field; array.new_fixed: the count
  uint32_t segment = 0;             // data or element segment; array.copy: the source's type index
  ValType target = ValType::Bottom; // ref.test/ref.cast/br_on_cast*: the type cast to
  ValType source = ValType::Bottom; // br_on_cast*: the declared operand type
};

// What the decoder keeps per control frame; Ctrl extends it with the interface's own data.
struct ControlBase {
  ControlKind kind = ControlKind::Block;
  BlockSig sig;
  uint32_t stackHeight = 0;     // operand stack height below the params
  bool unreachable = false;     // the rest of this frame is dead (after br, return, unreachable...)
  bool reachableAtStart = true; // whether the frame was entered by reachable code
  // The values a branch to this label carries: params for loops, results otherwise.
  const std::vector<ValType> &labelTypes() const {
    return kind == ControlKind::Loop ? sig.params : sig.results;
  }
};

// Validation only: every callback does nothing. This struct also documents the interface: a
// lowering interface provides the same members with the same meaning.
struct NullInterface {
  struct Value {};              // what the operand stack holds besides the type
  struct Ctrl : ControlBase {}; // a control frame, with the interface's per-frame data

  template <typename D> void startFunction(D &) {}
  // Called after the final `end` if it was reachable, with the function's results.
  template <typename D> void finishFunction(D &, std::span<const Value> /*results*/) {}

  // ---- Constants ----
  template <typename D> void i32Const(D &, Value *, int32_t) {}
  template <typename D> void i64Const(D &, Value *, int64_t) {}
  template <typename D> void f32Const(D &, Value *, uint32_t /*bits*/) {}
  template <typename D> void f64Const(D &, Value *, uint64_t /*bits*/) {}
  template <typename D> void v128Const(D &, Value *, const uint8_t * /*16 bytes*/) {}

  // ---- Operators without immediates: every numeric, comparison, conversion and SIMD operator
  // that takes N operands (1, 2 or 3, e.g. v128.bitselect) and produces exactly one result. ----
  template <typename D> void simpleOp(D &, Opcode, std::span<const Value> /*args*/, Value *) {}
  // extract_lane (args = {vec}) and replace_lane (args = {vec, scalar}).
  template <typename D>
  void simdLaneOp(D &, Opcode, uint8_t /*lane*/, std::span<const Value>, Value *) {}
  template <typename D>
  void simdShuffle(D &, const uint8_t * /*16 lanes*/, const Value &, const Value &, Value *) {}

  // ---- Parametric ----
  template <typename D> void drop(D &, const Value &) {}
  // `type` is the operand type (explicit for typed select, inferred otherwise).
  template <typename D>
  void select(D &, ValType, const Value & /*a*/, const Value & /*b*/, const Value & /*cond*/,
              Value *) {}

  // ---- Variables ---- (locals include params: index 0 is the first param)
  template <typename D> void localGet(D &, uint32_t, Value *) {}
  template <typename D> void localSet(D &, uint32_t, const Value &) {}
  template <typename D> void localTee(D &, uint32_t, const Value &, Value *) {}
  template <typename D> void globalGet(D &, GlobalIndex, Value *) {}
  template <typename D> void globalSet(D &, GlobalIndex, const Value &) {}

  // ---- Memory ---- Load covers every plain load, extending load, v128.loadNxM, load_splat and
  // load_zero; Store every plain store.
  template <typename D> void load(D &, Opcode, const MemArg &, const Value & /*addr*/, Value *) {}
  template <typename D>
  void store(D &, Opcode, const MemArg &, const Value & /*addr*/, const Value &) {}
  template <typename D>
  void loadLane(D &, Opcode, const MemArg &, uint8_t, const Value & /*addr*/, const Value & /*vec*/,
                Value *) {}
  template <typename D>
  void storeLane(D &, Opcode, const MemArg &, uint8_t, const Value & /*addr*/,
                 const Value & /*vec*/) {}
  template <typename D> void memorySize(D &, MemoryIndex, Value *) {}
  template <typename D> void memoryGrow(D &, MemoryIndex, const Value & /*pages*/, Value *) {}
  template <typename D>
  void memoryInit(D &, DataIndex, MemoryIndex, const Value & /*dst*/, const Value & /*src*/,
                  const Value & /*len*/) {}
  template <typename D> void dataDrop(D &, DataIndex) {}
  template <typename D>
  void memoryCopy(D &, MemoryIndex /*dst*/, MemoryIndex /*src*/, const Value &, const Value &,
                  const Value &) {}
  template <typename D>
  void memoryFill(D &, MemoryIndex, const Value & /*dst*/, const Value & /*val*/,
                  const Value & /*len*/) {}

  // ---- Tables and references ----
  template <typename D> void tableGet(D &, TableIndex, const Value & /*index*/, Value *) {}
  template <typename D>
  void tableSet(D &, TableIndex, const Value & /*index*/, const Value & /*ref*/) {}
  template <typename D> void tableSize(D &, TableIndex, Value *) {}
  template <typename D>
  void tableGrow(D &, TableIndex, const Value & /*init*/, const Value & /*n*/, Value *) {}
  template <typename D>
  void tableFill(D &, TableIndex, const Value & /*i*/, const Value & /*ref*/, const Value & /*n*/) {
  }
  template <typename D>
  void tableCopy(D &, TableIndex /*dst*/, TableIndex /*src*/, const Value &, const Value &,
                 const Value &) {}
  template <typename D>
  void tableInit(D &, ElemIndex, TableIndex, const Value & /*dst*/, const Value & /*src*/,
                 const Value & /*len*/) {}
  template <typename D> void elemDrop(D &, ElemIndex) {}
  template <typename D> void refNull(D &, ValType, Value *) {}
  template <typename D> void refIsNull(D &, const Value &, Value *) {}
  template <typename D> void refFunc(D &, FuncIndex, Value *) {}

  // ---- Calls ---- `results` has one slot per result of the callee's type.
  template <typename D>
  void call(D &, FuncIndex, std::span<const Value> /*args*/, std::span<Value> /*results*/) {}
  template <typename D>
  void callIndirect(D &, TableIndex, TypeIndex, const Value & /*index*/,
                    std::span<const Value> /*args*/, std::span<Value> /*results*/) {}

  // ---- Control ----
  // Entering a block/loop/if: `params` are the block's parameters, popped by the decoder and
  // pushed back as `paramsOut` (the interface may give loop params new values, e.g. phis).
  template <typename D>
  void block(D &, Ctrl &, std::span<const Value>, std::span<Value> /*paramsOut*/) {}
  template <typename D>
  void loop(D &, Ctrl &, std::span<const Value>, std::span<Value> /*paramsOut*/) {}
  template <typename D>
  void if_(D &, Ctrl &, const Value & /*cond*/, std::span<const Value>,
           std::span<Value> /*paramsOut*/) {}
  // `else`: `thenResults` are the then-branch's results when its end was reachable (else empty
  // span with thenReachable=false); `paramsOut` receives the block params again for the else arm.
  template <typename D>
  void else_(D &, Ctrl &, bool /*thenReachable*/, std::span<const Value> /*thenResults*/,
             std::span<Value> /*paramsOut*/) {}
  // `end` of a block, loop, if or else (not of the function): `results` are the fallthrough
  // values when the end is reachable by fallthrough. `resultsOut` gets the values pushed after the
  // construct. Called whenever the frame was entered by reachable code (Ctrl::reachableAtStart),
  // even if the end is only reachable by branches or not at all. For an `if` without `else` the
  // decoder calls end with the then-branch results; the interface makes the implicit else pass the
  // params through (validation guarantees params == results there).
  template <typename D>
  void end(D &, Ctrl &, bool /*fallthroughReachable*/, std::span<const Value> /*results*/,
           std::span<Value> /*resultsOut*/) {}
  // Branches carry the target's labelTypes() values (top of the stack, bottom first).
  template <typename D> void br(D &, Ctrl & /*target*/, std::span<const Value>) {}
  template <typename D>
  void brIf(D &, Ctrl & /*target*/, const Value & /*cond*/, std::span<const Value>) {}
  template <typename D>
  void brTable(D &, std::span<Ctrl *const> /*targets*/, Ctrl & /*defaultTarget*/,
               const Value & /*key*/, std::span<const Value>) {}
  template <typename D> void return_(D &, std::span<const Value>) {}
  template <typename D> void unreachable(D &) {}

  // ---- Exception handling ----
  // Entering a try_table: like block, plus its catch clauses and their target frames (one per
  // clause, in order; each target encloses the try_table).
  template <typename D>
  void tryTable(D &, Ctrl &, std::span<const CatchClause>, std::span<Ctrl *const> /*targets*/,
                std::span<const Value>, std::span<Value> /*paramsOut*/) {}
  template <typename D> void throw_(D &, TagIndex, std::span<const Value> /*args*/) {}
  template <typename D> void throwRef(D &, const Value & /*exnref*/) {}

  // ---- GC and typed function references ----
  // Every GC operator that neither branches nor calls (struct.*, array.*, ref.test, ref.cast,
  // ref.eq, ref.as_non_null, ref.i31, i31.get_*, any.convert_extern, extern.convert_any):
  // `args` bottom first; `result` is null for operators without a result.
  template <typename D>
  void gcOp(D &, Opcode, const GcImm &, std::span<const Value> /*args*/, Value * /*result*/) {}
  // br_on_null / br_on_non_null / br_on_cast / br_on_cast_fail: `values` are the top values
  // with the reference last; a taken branch carries them (br_on_null: without the reference).
  template <typename D>
  void brOn(D &, Opcode, Ctrl & /*target*/, const GcImm &, std::span<const Value> /*values*/) {}
  template <typename D>
  void callRef(D &, TypeIndex, const Value & /*funcref*/, std::span<const Value> /*args*/,
               std::span<Value> /*results*/) {}
  // A `nop` needs no callback.
};

} // namespace w2n
