// Member definitions of FunctionDecoder (function_decoder.h), kept apart so the class declaration
// stays readable. Included only from function_decoder.h.
#pragma once

#include "compiler/frontend/value_types.h"

namespace w2n {

template <typename I> bool FunctionDecoder<I>::decode() {
  instr_ = c_.pos();
  if (!constExpr_) {
    uint32_t typeIndex = m_.funcTypes[func_.value].value;
    if (!m_.isFuncType(typeIndex)) return error("unknown type " + std::to_string(typeIndex));
    sig_ = &m_.types[typeIndex];
    if (!readLocals()) return false;
  }
  pendingSig_.params.assign(sig_->params.begin(), sig_->params.end());
  pendingSig_.results.assign(sig_->results.begin(), sig_->results.end());
  live_ = true;
  pushFrame(ControlKind::Function, 0);
  iface_.startFunction(*this);
  while (depth_ > 0)
    if (!decodeInstruction()) return false;
  if (!constExpr_ && !c_.atEnd())
    return c_.failHere("section size mismatch (bytes after the function's final end)");
  return true;
}

template <typename I> bool FunctionDecoder<I>::readLocals() {
  locals_.assign(sig_->params.begin(), sig_->params.end());
  uint32_t groups = 0;
  if (!c_.u32(groups)) return false;
  uint64_t total = locals_.size();
  for (uint32_t g = 0; g < groups; ++g) {
    const uint8_t *at = c_.pos();
    uint32_t count = 0;
    ValType type = ValType::I32;
    if (!c_.u32(count) || !readValType(c_, type, refTypeRules(m_))) return false;
    total += count;
    if (total > 0xffffffffull) return c_.fail(c_.offsetOf(at), "too many locals");
    if (total > kMaxFunctionLocals)
      return c_.fail(c_.offsetOf(at), "too many locals (implementation limit is " +
                                          std::to_string(kMaxFunctionLocals) + ")");
    locals_.insert(locals_.end(), count, type);
  }
  localInit_.assign(locals_.size(), true);
  for (size_t i = sig_->params.size(); i < locals_.size(); ++i)
    if (!isDefaultable(locals_[i])) localInit_[i] = false;
  initLocals_.clear();
  return true;
}

template <typename I> bool FunctionDecoder<I>::decodeInstruction() {
  instr_ = c_.pos();
  uint8_t b = 0;
  if (!c_.u8(b)) return false;
  Opcode op = Opcode::Nop;
  if (b == 0xfc || b == 0xfd || b == 0xfb) {
    if (b == 0xfb && !m_.gc) return unknownOpcode(0, b);
    uint32_t code = 0;
    if (!c_.u32(code)) return false;
    if (!lookupPrefixedOpcode(b, code, op)) return unknownOpcode(b, code);
  } else if (!lookupOneByteOpcode(b, op)) {
    return unknownOpcode(0, b);
  }
  op_ = op;
  if (constExpr_ && !constantInstruction(op)) return error("constant expression required");
  const OpInfo &info = opInfo(op);
  switch (info.kind) {
  case OpKind::Simple:
    return simple(info);
  case OpKind::Load:
  case OpKind::Store:
  case OpKind::LoadLane:
  case OpKind::StoreLane:
    return memoryOp(info);
  case OpKind::ExtractLane:
  case OpKind::ReplaceLane:
    return laneOp(info);
  case OpKind::Special:
    break;
  }
  return special(op);
}

template <typename I> bool FunctionDecoder<I>::unknownOpcode(uint8_t prefix, uint32_t code) {
  auto hex = [](uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%x", v);
    return std::string(buf);
  };
  if (prefix == 0) {
    switch (code) {
    case 0x06:
    case 0x07:
    case 0x09:
    case 0x18:
    case 0x19:
      return error("unsupported feature: exception handling (legacy try/catch/rethrow/delegate, "
                   "opcode " +
                   hex(code) + "; try_table is supported)");
    case 0x08:
    case 0x0a:
    case 0x1f: // reached only when the proposal is off
      return error("unsupported feature: exception handling (opcode " + hex(code) +
                   "; --features exceptions turns it on)");
    case 0x12:
    case 0x13:
      return error("unsupported feature: tail calls");
    case 0x14:
    case 0x15:
    case 0xd4:
    case 0xd5:
    case 0xd6:
      return error("unsupported feature: typed function references (on inside components, "
                   "--features gc for core modules)");
    case 0xd3:
    case 0xfb:
      return error("unsupported feature: GC instructions (on inside components, --features gc "
                   "for core modules)");
    case 0xfe:
      return error("unsupported feature: threads (atomic instructions)");
    }
    return error("illegal opcode " + hex(code));
  }
  if (prefix == 0xfd && code >= 0x100 && code <= 0x113)
    return error("unsupported feature: relaxed SIMD");
  return error("illegal opcode " + hex(prefix) + " " + hex(code));
}

template <typename I> bool FunctionDecoder<I>::simple(const OpInfo &info) {
  if (!checkTop(info.in, info.numIn)) return false;
  produce(info.numIn, info.out,
          [&](Value *out) { iface_.simpleOp(*this, op_, topValues(info.numIn), out); });
  return true;
}

template <typename I> bool FunctionDecoder<I>::readMemArg(const OpInfo &info, MemArg &out) {
  uint32_t align = 0, offset = 0;
  const uint8_t *alignAt = c_.pos();
  if (!c_.u32(align)) return false;
  uint32_t memory = 0;
  if (align & 0x40) {
    if (!module().multiMemory)
      return c_.fail(c_.offsetOf(alignAt),
                     "unsupported feature: multi-memory (memory index in a memory access)");
    align &= ~0x40u;
    if (!c_.u32(memory)) return false;
  }
  if (!needMemory(memory)) return false;
  uint64_t offset64 = 0;
  if (m_.memories[memory].is64) {
    if (!c_.u64(offset64)) return false;
  } else {
    if (!c_.u32(offset)) return false;
    offset64 = offset;
  }
  if (align > info.maxAlignLog2) return error("alignment must not be larger than natural");
  out.alignLog2 = align;
  out.offset = offset64;
  out.memory = MemoryIndex(memory);
  return true;
}

template <typename I> bool FunctionDecoder<I>::memoryOp(const OpInfo &info) {
  MemArg ma;
  uint8_t lane = 0;
  if (!readMemArg(info, ma)) return false;
  if ((info.kind == OpKind::LoadLane || info.kind == OpKind::StoreLane) &&
      !readLane(info.lanes, lane))
    return false;
  // The address (the first operand) has the memory's address type.
  ValType in[3] = {m_.memories[ma.memory.value].addressType(), info.in[1], info.in[2]};
  if (!checkTop(in, info.numIn)) return false;
  switch (info.kind) {
  case OpKind::Load:
    produce(1, info.out, [&](Value *o) { iface_.load(*this, op_, ma, valueAt(0), o); });
    break;
  case OpKind::Store:
    consume(2, [&] { iface_.store(*this, op_, ma, valueAt(1), valueAt(0)); });
    break;
  case OpKind::LoadLane:
    produce(2, ValType::V128,
            [&](Value *o) { iface_.loadLane(*this, op_, ma, lane, valueAt(1), valueAt(0), o); });
    break;
  default:
    consume(2, [&] { iface_.storeLane(*this, op_, ma, lane, valueAt(1), valueAt(0)); });
    break;
  }
  return true;
}

template <typename I> bool FunctionDecoder<I>::laneOp(const OpInfo &info) {
  uint8_t lane = 0;
  if (!readLane(info.lanes, lane) || !checkTop(info.in, info.numIn)) return false;
  produce(info.numIn, info.out,
          [&](Value *o) { iface_.simdLaneOp(*this, op_, lane, topValues(info.numIn), o); });
  return true;
}

template <typename I> bool FunctionDecoder<I>::readBlockType() {
  pendingSig_.params.clear();
  pendingSig_.results.clear();
  uint8_t b = 0;
  if (!c_.peekU8(b)) return c_.failEnd();
  if (b == 0x40) {
    c_.u8(b);
    return true;
  }
  if ((b & 0xc0) == 0x40) { // one byte holding a negative s33: a value type
    ValType t = ValType::I32;
    if (!readValType(c_, t, refTypeRules(m_))) return false;
    pendingSig_.results.push_back(t);
    return true;
  }
  const uint8_t *at = c_.pos();
  int64_t index = 0;
  if (!c_.s33(index)) return false;
  if (index < 0) return c_.fail(c_.offsetOf(at), "malformed block type");
  if (uint64_t(index) >= m_.types.size()) return error("unknown type " + std::to_string(index));
  if (!needType(static_cast<uint32_t>(index), CompositeKind::Func)) return false;
  const FuncType &ft = m_.types[index];
  pendingSig_.params.assign(ft.params.begin(), ft.params.end());
  pendingSig_.results.assign(ft.results.begin(), ft.results.end());
  return true;
}

template <typename I> bool FunctionDecoder<I>::readCatchClauses() {
  uint32_t n = 0;
  if (!c_.u32(n)) return false;
  if (n > c_.remaining()) return c_.failEnd(); // every clause takes at least two bytes
  catches_.clear();
  for (uint32_t i = 0; i < n; ++i) {
    const uint8_t *at = c_.pos();
    uint8_t kind = 0;
    if (!c_.u8(kind)) return false;
    if (kind > 3) return c_.fail(c_.offsetOf(at), "malformed catch clause");
    CatchClause cc;
    cc.kind = static_cast<CatchClause::Kind>(kind);
    if (cc.withTag()) {
      uint32_t tag = 0;
      if (!c_.u32(tag)) return false;
      if (tag >= m_.tags.size()) return error("unknown tag " + std::to_string(tag));
      if (m_.tags[tag].value >= m_.types.size()) return error("unknown tag type");
      cc.tag = TagIndex(tag);
    }
    if (!c_.u32(cc.depth)) return false;
    if (cc.depth >= depth_) return error("unknown label " + std::to_string(cc.depth));
    catchTypes_.clear();
    if (cc.withTag()) {
      const FuncType &ft = m_.tagType(cc.tag);
      catchTypes_.assign(ft.params.begin(), ft.params.end());
    }
    if (cc.withRef()) catchTypes_.push_back(makeRef(heap::Exn, false)); // (ref exn)
    const std::vector<ValType> &labels = control(cc.depth).labelTypes();
    bool match = labels.size() == catchTypes_.size();
    for (size_t k = 0; match && k < labels.size(); ++k)
      match = isSubtype(m_, catchTypes_[k], labels[k]);
    if (!match) return error("type mismatch in catch clause");
    catches_.push_back(cc);
  }
  return true;
}

template <typename I> bool FunctionDecoder<I>::doThrow(bool ref) {
  if (ref) {
    if (!checkOne(ValType::ExnRef)) return false;
    if (live_) iface_.throwRef(*this, valueAt(0));
    setUnreachable();
    return true;
  }
  uint32_t tag = 0;
  if (!c_.u32(tag)) return false;
  if (tag >= m_.tags.size()) return error("unknown tag " + std::to_string(tag));
  if (m_.tags[tag].value >= m_.types.size()) return error("unknown tag type");
  const FuncType &ft = m_.tagType(TagIndex(tag));
  if (!checkTop(ft.params)) return false;
  if (live_) iface_.throw_(*this, TagIndex(tag), topValues(ft.params.size()));
  setUnreachable();
  return true;
}

template <typename I> bool FunctionDecoder<I>::doBlock(ControlKind kind) {
  if (!readBlockType()) return false;
  if (kind == ControlKind::TryTable && !readCatchClauses()) return false;
  Value cond{};
  if (kind == ControlKind::If) {
    if (!checkOne(ValType::I32)) return false;
    if (live_) cond = valueAt(0);
    popN(1);
  }
  if (!checkTop(pendingSig_.params)) return false;
  size_t n = pendingSig_.params.size();
  if (!live_) {
    popN(n);
    pushFrame(kind, types_.size());
    for (ValType t : pendingSig_.params)
      pushDefault(t);
    return true;
  }
  size_t height = types_.size() - n;
  scratch_.assign(values_.end() - n, values_.end());
  Ctrl &f = pushFrame(kind, height);
  std::span<const Value> in(scratch_);
  std::span<Value> out(values_.data() + height, n);
  if (kind == ControlKind::Block) {
    iface_.block(*this, f, in, out);
  } else if (kind == ControlKind::TryTable) {
    targets_.clear();
    for (const CatchClause &cc : catches_) { // depth + 1: the try_table's own frame is pushed
      targets_.push_back(&control(cc.depth + 1));
      states_[depth_ - 2 - cc.depth].branched = true;
    }
    iface_.tryTable(*this, f, std::span<const CatchClause>(catches_),
                    std::span<Ctrl *const>(targets_.data(), targets_.size()), in, out);
  } else if (kind == ControlKind::Loop) {
    iface_.loop(*this, f, in, out);
  } else {
    iface_.if_(*this, f, cond, in, out);
  }
  return true;
}

template <typename I> bool FunctionDecoder<I>::doElse() {
  Ctrl &f = top();
  if (f.kind != ControlKind::If) return error("else without matching if");
  size_t nres = f.sig.results.size(), height = f.stackHeight;
  if (!checkTop(f.sig.results)) return false;
  if (available() > nres) return error("type mismatch: values remain on the stack at else");
  bool thenLive = live_;
  FrameState &st = topState();
  st.thenLive = thenLive;
  resetLocalInits(st.initHeight);
  if (thenLive)
    scratch_.assign(values_.end() - nres, values_.end());
  else
    scratch_.clear();
  types_.resize(height);
  values_.resize(height);
  for (ValType t : f.sig.params)
    pushDefault(t);
  if (f.reachableAtStart)
    iface_.else_(*this, f, thenLive, std::span<const Value>(scratch_),
                 std::span<Value>(values_.data() + height, f.sig.params.size()));
  f.kind = ControlKind::Else;
  f.unreachable = false;
  live_ = f.reachableAtStart;
  st.live = live_;
  return true;
}

template <typename I> bool FunctionDecoder<I>::doEnd() {
  Ctrl &f = top();
  size_t nres = f.sig.results.size(), height = f.stackHeight;
  if (!checkTop(f.sig.results)) return false;
  if (available() > nres) return error("type mismatch: values remain on the stack at end");
  if (f.kind == ControlKind::If && f.sig.params != f.sig.results)
    return error("type mismatch: if without else must have matching parameters and results");
  bool fallLive = live_;
  if (f.kind == ControlKind::Function) {
    if (fallLive) iface_.finishFunction(*this, topValues(nres));
    --depth_;
    return true;
  }
  const FrameState st = topState();
  resetLocalInits(st.initHeight);
  bool afterLive;
  switch (f.kind) {
  case ControlKind::Loop:
    afterLive = fallLive;
    break;
  case ControlKind::If:
    afterLive = f.reachableAtStart;
    break; // the implicit else reaches it
  case ControlKind::Else:
    afterLive = fallLive || st.thenLive || st.branched;
    break;
  default:
    afterLive = fallLive || st.branched;
    break;
  }
  if (fallLive)
    scratch_.assign(values_.end() - nres, values_.end());
  else
    scratch_.clear();
  types_.resize(height);
  values_.resize(height);
  for (ValType t : f.sig.results)
    pushDefault(t);
  if (f.reachableAtStart)
    iface_.end(*this, f, fallLive, std::span<const Value>(scratch_),
               std::span<Value>(values_.data() + height, nres));
  --depth_;
  live_ = afterLive;
  topState().live = afterLive;
  return true;
}

template <typename I> bool FunctionDecoder<I>::doBr(bool conditional) {
  uint32_t depth = 0;
  if (!c_.u32(depth)) return false;
  if (depth >= depth_) return error("unknown label " + std::to_string(depth));
  Ctrl &target = control(depth);
  const std::vector<ValType> &labels = target.labelTypes();
  size_t n = labels.size();
  if (conditional) {
    if (!checkOne(ValType::I32)) return false;
    Value cond = live_ ? valueAt(0) : Value{};
    popN(1);
    if (!checkTop(labels)) return false;
    if (live_) {
      states_[depth_ - 1 - depth].branched = true;
      iface_.brIf(*this, target, cond, topValues(n));
    } else { // the operands take the label's types (spec: pop_vals then push_vals)
      popN(n);
      for (ValType t : labels)
        pushDefault(t);
    }
    return true;
  }
  if (!checkTop(labels)) return false;
  if (live_) {
    states_[depth_ - 1 - depth].branched = true;
    iface_.br(*this, target, topValues(n));
  }
  setUnreachable();
  return true;
}

template <typename I> bool FunctionDecoder<I>::doBrTable() {
  uint32_t count = 0, defaultDepth = 0;
  if (!c_.u32(count)) return false;
  if (count > c_.remaining()) // every target takes at least one byte
    return c_.failEnd();
  depths_.resize(count);
  for (uint32_t &d : depths_)
    if (!c_.u32(d)) return false;
  if (!c_.u32(defaultDepth) || !checkOne(ValType::I32)) return false;
  Value key = live_ ? valueAt(0) : Value{};
  popN(1);
  if (defaultDepth >= depth_) return error("unknown label " + std::to_string(defaultDepth));
  size_t arity = control(defaultDepth).labelTypes().size();
  for (uint32_t d : depths_) {
    if (d >= depth_) return error("unknown label " + std::to_string(d));
    const std::vector<ValType> &labels = control(d).labelTypes();
    if (labels.size() != arity)
      return error("type mismatch: br_table targets have different arities");
    if (!checkTop(labels)) return false;
  }
  if (!checkTop(control(defaultDepth).labelTypes())) return false;
  if (live_) {
    targets_.clear();
    for (uint32_t d : depths_) {
      targets_.push_back(&control(d));
      states_[depth_ - 1 - d].branched = true;
    }
    states_[depth_ - 1 - defaultDepth].branched = true;
    iface_.brTable(*this, std::span<Ctrl *const>(targets_.data(), targets_.size()),
                   control(defaultDepth), key, topValues(arity));
  }
  setUnreachable();
  return true;
}

template <typename I> bool FunctionDecoder<I>::doReturn() {
  if (!checkTop(sig_->results)) return false;
  if (live_) iface_.return_(*this, topValues(sig_->results.size()));
  setUnreachable();
  return true;
}

// call (indirect = false, index = function) or call_indirect (index = type, table read here).
template <typename I> bool FunctionDecoder<I>::doCall(uint32_t index, bool indirect) {
  uint32_t table = 0;
  const FuncType *ft;
  Value tableIndex{};
  if (indirect) {
    if (!c_.u32(table) || !needTable(table)) return false;
    if (index >= m_.types.size()) return error("unknown type " + std::to_string(index));
    if (!isSubtype(m_, m_.tables[table].elemType, ValType::FuncRef))
      return error("type mismatch: call_indirect on a table that is not funcref");
    if (!needType(index, CompositeKind::Func)) return false;
    ft = &m_.types[index];
    if (!checkOne(m_.tables[table].indexType())) return false;
    if (live_) tableIndex = valueAt(0);
    popN(1);
  } else {
    if (!needFunction(index)) return false;
    ft = &m_.funcType(FuncIndex(index));
  }
  if (!checkTop(ft->params)) return false;
  size_t np = ft->params.size(), nr = ft->results.size();
  if (!live_) {
    popN(np);
    for (ValType t : ft->results)
      pushDefault(t);
    return true;
  }
  scratch_.clear();
  scratch_.resize(nr);
  if (indirect)
    iface_.callIndirect(*this, TableIndex(table), TypeIndex(index), tableIndex, topValues(np),
                        std::span<Value>(scratch_));
  else
    iface_.call(*this, FuncIndex(index), topValues(np), std::span<Value>(scratch_));
  popN(np);
  for (size_t i = 0; i < nr; ++i)
    push(ft->results[i], scratch_[i]);
  return true;
}

template <typename I> bool FunctionDecoder<I>::doSelect(bool typed) {
  ValType t = ValType::Bottom;
  if (typed) {
    uint32_t n = 0;
    if (!c_.u32(n)) return false;
    if (n != 1) return error("invalid result arity");
    if (!readValType(c_, t, refTypeRules(m_))) return false;
    const ValType expected[3] = {t, t, ValType::I32};
    if (!checkTop(expected, 3)) return false;
  } else {
    const ValType expected[3] = {ValType::Bottom, ValType::Bottom, ValType::I32};
    if (!checkTop(expected, 3)) return false;
    ValType t1 = peekType(1), t2 = peekType(2);
    if (isRefType(t1) || isRefType(t2))
      return error("type mismatch: select without a type annotation needs numeric or vector "
                   "operands");
    if (t1 != t2 && t1 != ValType::Bottom && t2 != ValType::Bottom) return typeError(t2, &t1);
    t = t1 == ValType::Bottom ? t2 : t1;
  }
  produce(3, t, [&](Value *o) { iface_.select(*this, t, valueAt(2), valueAt(1), valueAt(0), o); });
  return true;
}

} // namespace w2n

#include "compiler/frontend/function_decoder_gc.h"
#include "compiler/frontend/function_decoder_ops.h"
