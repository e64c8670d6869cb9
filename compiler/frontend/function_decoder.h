// The one function-body decoder: reads a body, validates it with the Wasm 2.0 algorithm (spec
// appendix "Validation Algorithm": an operand stack whose slots may have the unknown type under
// unreachable code, and a stack of control frames) and drives an Interface (decoder_interface.h)
// with every instruction of reachable code. validateModule runs it with NullInterface; lowering
// runs it with its LLVM builder, so both agree on what a body means.
//
// Beyond the interface contract, the decoder offers a consumer:
//   module(), funcIndex(), currentFunctionType()  the function being decoded
//   localTypes()          params first, then declared locals (valid from startFunction on; the
//                         function frame is control(0) there and in finishFunction)
//   offset()              absolute offset of the current instruction's first byte
//   opcode()              the current instruction
//   stackHeight(), stackType(depth)   the operand stack (depth 0 = top), validation view
//   controlDepth(), control(depth)    control frames (depth 0 = innermost; the function frame is
//                         control(controlDepth() - 1)); references stay valid during a callback
//   reachable()           whether the current instruction is reachable (callbacks are made)
//   interface()           the interface itself
//
// Reachability: callbacks are made only for reachable code. Code is unreachable after
// unreachable/br/br_table/return, and after the `end` of a construct that nothing reaches: not its
// fallthrough, no branch (for blocks and ifs), not the other arm of an if. A frame entered in
// unreachable code gets no callbacks at all, not even block/end. Values pushed in unreachable code
// are default-constructed. For `end` of a frame whose end is not reachable by fallthrough,
// `results` is an empty span; `resultsOut` always has one slot per block result.
//
// Requirements on the interface: Value and Ctrl default-constructible and copy/move-assignable
// (frames are reused: a Ctrl is reset to Ctrl() before it is entered again). The decoder is built
// for a defined (not imported) function of a module whose bytes are still alive.
//
// No recursion on the native stack (nesting depth is bounded only by memory) and no per-
// instruction allocation once the stacks have grown to the function's needs.
#pragma once

#include "compiler/frontend/binary_cursor.h"
#include "compiler/frontend/decoder_interface.h"
#include "compiler/frontend/gc_types.h"
#include "compiler/frontend/opcode_info.h"

#include <cassert>
#include <span>
#include <string>
#include <vector>

namespace w2n {

// An implementation limit well above what real code uses (V8 allows 50,000), so that a hostile
// body cannot make us allocate gigabytes of local types. The spec's own bound is 2^32-1.
inline constexpr uint64_t kMaxFunctionLocals = 1'000'000;

template <typename Interface> class FunctionDecoder {
public:
  using Value = typename Interface::Value;
  using Ctrl = typename Interface::Ctrl;

  FunctionDecoder(const Module &module, FuncIndex func, Interface &iface, Diagnostics &diags)
      : m_(module), func_(func), iface_(iface),
        c_(module.bytes, bodyBegin(module, func), bodyEnd(module, func), diags) {}
  // A constant expression (GC modules: struct.new, array.new_fixed, extended arithmetic...) read
  // from `begin` up to its final `end` (somewhere before `limit`), producing `sig`'s results (one
  // Bottom result: any one value). global.get may name globals below `globalLimit` that are
  // immutable; ref.func needs no declaration. funcIndex() is kConstExprFunc.
  static constexpr FuncIndex kConstExprFunc = FuncIndex(0xffffffffu);
  FunctionDecoder(const Module &module, const uint8_t *begin, const uint8_t *limit,
                  const FuncType &sig, uint32_t globalLimit, Interface &iface, Diagnostics &diags)
      : m_(module), func_(kConstExprFunc), iface_(iface), c_(module.bytes, begin, limit, diags),
        sig_(&sig), constExpr_(true), constGlobalLimit_(globalLimit) {}

  // Decodes and validates the whole body; false after the first error (one diagnostic).
  bool decode();
  // After decode(): the position after the final `end` (constant expressions).
  const uint8_t *position() const { return c_.pos(); }

  const Module &module() const { return m_; }
  FuncIndex funcIndex() const { return func_; }
  const FuncType &currentFunctionType() const { return *sig_; }
  const std::vector<ValType> &localTypes() const { return locals_; }
  uint64_t offset() const { return c_.offsetOf(instr_); }
  Opcode opcode() const { return op_; }
  Interface &interface() { return iface_; }
  uint32_t stackHeight() const { return static_cast<uint32_t>(types_.size()); }
  ValType stackType(uint32_t depthFromTop) const {
    return types_[types_.size() - 1 - depthFromTop];
  }
  uint32_t controlDepth() const { return depth_; }
  Ctrl &control(uint32_t depth) { return ctrls_[depth_ - 1 - depth]; }
  bool reachable() const { return live_; }

private:
  struct FrameState {
    bool live = true;        // the current position in this frame is reachable
    bool branched = false;   // a reachable branch targets this frame's label
    bool thenLive = false;   // if/else: the then-arm's end was reachable
    uint32_t initHeight = 0; // initLocals_ at entry: locals set inside are unset again at end
  };

  static const uint8_t *bodyBegin(const Module &m, FuncIndex f) {
    assert(!m.isImportedFunc(f) && f.value - m.numImportedFuncs < m.funcs.size());
    return m.bytes + m.funcs[f.value - m.numImportedFuncs].bodyOffset;
  }
  static const uint8_t *bodyEnd(const Module &m, FuncIndex f) {
    const Function &fn = m.funcs[f.value - m.numImportedFuncs];
    return m.bytes + fn.bodyOffset + fn.bodySize;
  }

  // ---- Errors ----
  bool error(std::string message) { return c_.fail(offset(), std::move(message)); }
  bool typeError(ValType expected, const ValType *actual) {
    std::string msg = std::string("type mismatch in ") + opcodeName(op_);
    if (expected != ValType::Bottom) msg += std::string(", expected ") + valTypeName(expected);
    msg += actual ? std::string(" but got ") + valTypeName(*actual) : " but nothing on the stack";
    return error(std::move(msg));
  }

  // ---- Operand stack ----
  Ctrl &top() { return ctrls_[depth_ - 1]; }
  FrameState &topState() { return states_[depth_ - 1]; }
  size_t available() { return types_.size() - top().stackHeight; }

  // Checks the top operands against `expected` (bottom of the list deepest); Bottom accepts any.
  bool checkTop(const ValType *expected, size_t n) {
    size_t avail = available(), h = types_.size();
    for (size_t i = 0; i < n; ++i) {
      ValType e = expected[n - 1 - i];
      if (i >= avail) {
        if (top().unreachable) continue;
        return typeError(e, nullptr);
      }
      ValType a = types_[h - 1 - i];
      if (e != ValType::Bottom && !isSubtype(m_, a, e)) return typeError(e, &a);
    }
    return true;
  }
  bool checkTop(const std::vector<ValType> &expected) {
    return checkTop(expected.data(), expected.size());
  }
  bool checkOne(ValType expected) { return checkTop(&expected, 1); }
  // The type of the operand `i` below the top, Bottom when it lies in the polymorphic base.
  ValType peekType(size_t i) {
    return i < available() ? types_[types_.size() - 1 - i] : ValType::Bottom;
  }
  // Removes up to n operands (fewer only when the frame's stack is polymorphic).
  void popN(size_t n) {
    size_t k = std::min(n, available());
    types_.resize(types_.size() - k);
    values_.resize(values_.size() - k);
  }
  void push(ValType t, const Value &v) {
    types_.push_back(t);
    values_.push_back(v);
  }
  void pushDefault(ValType t) {
    types_.push_back(t);
    values_.emplace_back();
  }
  // The top n values as the interface sees them (reachable code only: they all exist).
  std::span<const Value> topValues(size_t n) const {
    return std::span<const Value>(values_.data() + values_.size() - n, n);
  }
  const Value &valueAt(size_t depthFromTop) const {
    return values_[values_.size() - 1 - depthFromTop];
  }
  void setUnreachable() {
    Ctrl &f = top();
    types_.resize(f.stackHeight);
    values_.resize(f.stackHeight);
    f.unreachable = true;
    topState().live = false;
    live_ = false;
  }

  // ---- Control frames ----
  Ctrl &pushFrame(ControlKind kind, size_t height) {
    if (depth_ == ctrls_.size()) {
      ctrls_.emplace_back();
      states_.emplace_back();
    } else { // reuse the frame object, keeping its signature vectors' capacity
      Ctrl &old = ctrls_[depth_];
      BlockSig sig = std::move(old.sig);
      old = Ctrl();
      old.sig = std::move(sig);
    }
    Ctrl &f = ctrls_[depth_];
    f.sig.params.assign(pendingSig_.params.begin(), pendingSig_.params.end());
    f.sig.results.assign(pendingSig_.results.begin(), pendingSig_.results.end());
    f.kind = kind;
    f.stackHeight = static_cast<uint32_t>(height);
    f.unreachable = false;
    f.reachableAtStart = live_;
    states_[depth_] = FrameState{live_, false, false, static_cast<uint32_t>(initLocals_.size())};
    ++depth_;
    return f;
  }

  // ---- Immediates ----
  bool readIndex(uint32_t &v) { return c_.u32(v); }
  bool readZeroByte() {
    uint8_t b = 0;
    if (!c_.u8(b)) return false;
    if (b != 0) return c_.fail(c_.offset() - 1, "zero byte expected");
    return true;
  }
  bool readBlockType();
  bool readMemArg(const OpInfo &info, MemArg &out);
  bool readLane(uint8_t lanes, uint8_t &lane) {
    if (!c_.u8(lane)) return false;
    if (lane >= lanes) return error("invalid lane index");
    return true;
  }
  bool needMemory(uint32_t m = 0) {
    if (m >= m_.memories.size()) return error("unknown memory " + std::to_string(m));
    return true;
  }
  // A memory index immediate: a zero byte in Wasm 2.0, an index with multi-memory.
  bool readMemoryIndex(uint32_t &m) {
    m = 0;
    if (!m_.multiMemory) return readZeroByte();
    return c_.u32(m);
  }
  bool needTable(uint32_t t) {
    if (t >= m_.tables.size()) return error("unknown table " + std::to_string(t));
    return true;
  }
  bool needDataSegment(uint32_t d) {
    if (!m_.dataCount) return error("data count section required");
    if (d >= *m_.dataCount) return error("unknown data segment " + std::to_string(d));
    return true;
  }
  bool needElemSegment(uint32_t e) {
    if (e >= m_.elems.size()) return error("unknown elem segment " + std::to_string(e));
    return true;
  }
  bool needFunction(uint32_t f) {
    if (f >= m_.funcTypes.size()) return error("unknown function " + std::to_string(f));
    if (!m_.isFuncType(m_.funcTypes[f].value))
      return error("unknown type " + std::to_string(m_.funcTypes[f].value));
    return true;
  }
  // A type index immediate naming a type of the given kind.
  bool needType(uint32_t t, CompositeKind kind) {
    if (t >= m_.types.size()) return error("unknown type " + std::to_string(t));
    if (t < m_.typeDefs.size() && m_.typeDefs[t].kind != kind) {
      static const char *names[] = {"func", "struct", "array"};
      return error("type mismatch: type " + std::to_string(t) + " is not a " +
                   names[static_cast<int>(kind)] + " type");
    }
    return true;
  }
  // Non-defaultable locals (non-nullable references) must be set before they are read; a set
  // lasts until the end of the block it happened in.
  void markLocalInit(uint32_t index) {
    if (index < localInit_.size() && !localInit_[index]) {
      localInit_[index] = true;
      initLocals_.push_back(index);
    }
  }
  void resetLocalInits(uint32_t height) {
    while (initLocals_.size() > height) {
      localInit_[initLocals_.back()] = false;
      initLocals_.pop_back();
    }
  }

  // ---- Instructions ----
  bool readLocals();
  bool decodeInstruction();
  bool simple(const OpInfo &info);
  bool special(Opcode op);
  bool memoryOp(const OpInfo &info);
  bool laneOp(const OpInfo &info);
  bool doBlock(ControlKind kind);
  // try_table's catch clauses into catches_ (labels relative to the enclosing frame).
  bool readCatchClauses();
  bool doThrow(bool ref);
  bool doElse();
  bool doEnd();
  bool doBr(bool conditional);
  bool doBrTable();
  bool doReturn();
  bool doCall(uint32_t funcOrType, bool indirect);
  bool doSelect(bool typed);
  bool doFC(Opcode op);
  // GC and typed function references (function_decoder_gc.h).
  bool doGc(Opcode op);
  bool doGcArray(Opcode op);
  bool doBrOnNull(bool onNonNull);
  bool doBrOnCast(bool onFail);
  bool doCallRef();
  bool constantInstruction(Opcode op) const;
  // The operand below the top as a reference (Bottom in unreachable code), or an error.
  bool popRef(ValType &out);
  bool unknownOpcode(uint8_t prefix, uint32_t code);
  // The results of an operator with `n` inputs: in reachable code `emit` fills the output Value.
  template <typename F> void produce(size_t n, ValType out, F &&emit) {
    if (live_) {
      Value result{};
      emit(&result);
      popN(n);
      push(out, result);
    } else {
      popN(n);
      pushDefault(out);
    }
  }
  template <typename F> void consume(size_t n, F &&emit) {
    if (live_) emit();
    popN(n);
  }

  const Module &m_;
  FuncIndex func_;
  Interface &iface_;
  Cursor c_;
  const FuncType *sig_ = nullptr;
  const uint8_t *instr_ = nullptr;
  Opcode op_ = Opcode::Nop;
  bool live_ = true;
  std::vector<ValType> locals_;
  std::vector<ValType> types_;
  std::vector<Value> values_;
  std::vector<Ctrl> ctrls_;
  std::vector<FrameState> states_;
  uint32_t depth_ = 0;
  BlockSig pendingSig_;          // the block type being entered
  std::vector<Value> scratch_;   // copies of values that are replaced while passed
  std::vector<uint32_t> depths_; // br_table immediates
  std::vector<Ctrl *> targets_;  // br_table / try_table targets
  std::vector<CatchClause> catches_;
  std::vector<ValType> catchTypes_;
  bool constExpr_ = false;
  uint32_t constGlobalLimit_ = 0;
  std::vector<bool> localInit_; // per local: set (only non-defaultable locals start unset)
  std::vector<uint32_t> initLocals_;
  std::vector<ValType> gcTypes_; // operand types of a GC instruction
};

} // namespace w2n

#include "compiler/frontend/function_decoder_impl.h"
