// FunctionDecoder's GC and typed-function-reference instructions (struct.*, array.*, casts,
// i31, br_on_*, call_ref) and the constant-expression rules. Included only from
// function_decoder_impl.h.
#pragma once

namespace w2n {

namespace gc_detail {
inline ValType unpacked(const FieldType &f) { return f.packedBytes ? ValType::I32 : f.type; }
inline ValType concreteRef(uint32_t type, bool nullable) {
  return makeRef(heap::kConcrete + type, nullable);
}
// An implementation limit on array.new_fixed's operand count (as V8 and Wasmtime).
inline constexpr uint32_t kMaxArrayNewFixed = 10000;
} // namespace gc_detail

template <typename I> bool FunctionDecoder<I>::constantInstruction(Opcode op) const {
  using O = Opcode;
  switch (op) {
  case O::I32Const:
  case O::I64Const:
  case O::F32Const:
  case O::F64Const:
  case O::V128Const:
  case O::RefNull:
  case O::RefFunc:
  case O::GlobalGet:
  case O::End:
  case O::I32Add:
  case O::I32Sub:
  case O::I32Mul:
  case O::I64Add:
  case O::I64Sub:
  case O::I64Mul:
  case O::StructNew:
  case O::StructNewDefault:
  case O::ArrayNew:
  case O::ArrayNewDefault:
  case O::ArrayNewFixed:
  case O::RefI31:
  case O::AnyConvertExtern:
  case O::ExternConvertAny:
    return true;
  default:
    return false;
  }
}

template <typename I> bool FunctionDecoder<I>::popRef(ValType &out) {
  if (!checkOne(ValType::Bottom)) return false;
  out = peekType(0);
  if (out != ValType::Bottom && !isRefType(out))
    return error(std::string("type mismatch in ") + opcodeName(op_) +
                 ", expected a reference but got " + valTypeName(out));
  return true;
}

template <typename I> bool FunctionDecoder<I>::doGc(Opcode op) {
  using O = Opcode;
  using namespace gc_detail;
  constexpr ValType I32 = ValType::I32;
  GcImm imm;
  switch (op) {
  case O::CallRef:
    return doCallRef();
  case O::ReturnCallRef:
    return error("unsupported feature: tail calls");
  case O::BrOnNull:
  case O::BrOnNonNull:
    return doBrOnNull(op == O::BrOnNonNull);
  case O::BrOnCast:
  case O::BrOnCastFail:
    return doBrOnCast(op == O::BrOnCastFail);
  case O::RefEq: {
    const ValType in[2] = {ValType::EqRef, ValType::EqRef};
    if (!checkTop(in, 2)) return false;
    produce(2, I32, [&](Value *o) { iface_.gcOp(*this, op, imm, topValues(2), o); });
    return true;
  }
  case O::RefAsNonNull:
  case O::AnyConvertExtern:
  case O::ExternConvertAny: {
    ValType t;
    if (!popRef(t)) return false;
    ValType out = ValType::Bottom;
    if (op == O::RefAsNonNull) {
      if (t != ValType::Bottom) out = makeRef(heapOf(t), false);
    } else {
      bool toAny = op == O::AnyConvertExtern;
      ValType from = toAny ? ValType::ExternRef : ValType::AnyRef;
      if (!checkOne(from)) return false;
      out = makeRef(toAny ? heap::Any : heap::Extern, t == ValType::Bottom || isNullable(t));
    }
    produce(1, out, [&](Value *o) { iface_.gcOp(*this, op, imm, topValues(1), o); });
    return true;
  }
  case O::RefI31:
    if (!checkOne(I32)) return false;
    produce(1, makeRef(heap::I31, false),
            [&](Value *o) { iface_.gcOp(*this, op, imm, topValues(1), o); });
    return true;
  case O::I31GetS:
  case O::I31GetU:
    if (!checkOne(ValType::I31Ref)) return false;
    produce(1, I32, [&](Value *o) { iface_.gcOp(*this, op, imm, topValues(1), o); });
    return true;
  case O::RefTest:
  case O::RefTestNull:
  case O::RefCast:
  case O::RefCastNull: {
    uint32_t h = 0;
    if (!readHeapType(c_, h, refTypeRules(m_))) return false;
    imm.target = makeRef(h, op == O::RefTestNull || op == O::RefCastNull);
    if (!checkOne(makeRef(heapTop(m_, h), true))) return false;
    bool test = op == O::RefTest || op == O::RefTestNull;
    produce(1, test ? I32 : imm.target,
            [&](Value *o) { iface_.gcOp(*this, op, imm, topValues(1), o); });
    return true;
  }
  case O::StructNew:
  case O::StructNewDefault: {
    if (!c_.u32(imm.type) || !needType(imm.type, CompositeKind::Struct)) return false;
    const std::vector<FieldType> &fields = m_.typeDefs[imm.type].fields;
    size_t n = 0;
    if (op == O::StructNew) {
      gcTypes_.clear();
      for (const FieldType &f : fields)
        gcTypes_.push_back(unpacked(f));
      if (!checkTop(gcTypes_)) return false;
      n = fields.size();
    } else {
      for (const FieldType &f : fields)
        if (!isDefaultable(f.type)) return error("type mismatch: struct field is not defaultable");
    }
    produce(n, concreteRef(imm.type, false),
            [&](Value *o) { iface_.gcOp(*this, op, imm, topValues(n), o); });
    return true;
  }
  case O::StructGet:
  case O::StructGetS:
  case O::StructGetU:
  case O::StructSet: {
    if (!c_.u32(imm.type) || !needType(imm.type, CompositeKind::Struct) || !c_.u32(imm.field))
      return false;
    const std::vector<FieldType> &fields = m_.typeDefs[imm.type].fields;
    if (imm.field >= fields.size()) return error("unknown field " + std::to_string(imm.field));
    const FieldType &f = fields[imm.field];
    if (op == O::StructSet) {
      if (!f.mutable_) return error("field is immutable");
      const ValType in[2] = {concreteRef(imm.type, true), unpacked(f)};
      if (!checkTop(in, 2)) return false;
      consume(2, [&] { iface_.gcOp(*this, op, imm, topValues(2), nullptr); });
      return true;
    }
    if ((op == O::StructGet) != (f.packedBytes == 0))
      return error(f.packedBytes ? "type mismatch: field is packed (struct.get_s/u reads it)"
                                 : "type mismatch: field is not packed");
    if (!checkOne(concreteRef(imm.type, true))) return false;
    produce(1, unpacked(f), [&](Value *o) { iface_.gcOp(*this, op, imm, topValues(1), o); });
    return true;
  }
  default:
    return doGcArray(op);
  }
}

template <typename I> bool FunctionDecoder<I>::doGcArray(Opcode op) {
  using O = Opcode;
  using namespace gc_detail;
  constexpr ValType I32 = ValType::I32;
  GcImm imm;
  if (op == O::ArrayLen) {
    if (!checkOne(ValType::ArrayRef)) return false;
    produce(1, I32, [&](Value *o) { iface_.gcOp(*this, op, imm, topValues(1), o); });
    return true;
  }
  if (!c_.u32(imm.type) || !needType(imm.type, CompositeKind::Array)) return false;
  const FieldType &elem = m_.typeDefs[imm.type].fields[0];
  ValType e = unpacked(elem), self = concreteRef(imm.type, true);
  bool needsMutable = op == O::ArraySet || op == O::ArrayFill || op == O::ArrayCopy ||
                      op == O::ArrayInitData || op == O::ArrayInitElem;
  if (needsMutable && !elem.mutable_) return error("array is immutable");
  bool dataOp = op == O::ArrayNewData || op == O::ArrayInitData;
  bool elemOp = op == O::ArrayNewElem || op == O::ArrayInitElem;
  if (dataOp) {
    if (!c_.u32(imm.segment) || !needDataSegment(imm.segment)) return false;
    if (isRefType(elem.type))
      return error("type mismatch: array.new_data/init_data need a numeric or vector array");
  } else if (elemOp) {
    if (!c_.u32(imm.segment) || !needElemSegment(imm.segment)) return false;
    if (!isSubtype(m_, m_.elems[imm.segment].elemType, elem.type))
      return error("type mismatch: element segment does not match the array's element type");
  }
  gcTypes_.clear();
  ValType result = concreteRef(imm.type, false);
  switch (op) {
  case O::ArrayNew:
    gcTypes_ = {e, I32};
    break;
  case O::ArrayNewDefault:
    if (!isDefaultable(elem.type)) return error("type mismatch: array element is not defaultable");
    gcTypes_ = {I32};
    break;
  case O::ArrayNewFixed:
    if (!c_.u32(imm.field)) return false;
    if (imm.field > kMaxArrayNewFixed)
      return error("array.new_fixed operand count exceeds the implementation limit of " +
                   std::to_string(kMaxArrayNewFixed));
    gcTypes_.assign(imm.field, e);
    break;
  case O::ArrayNewData:
  case O::ArrayNewElem:
    gcTypes_ = {I32, I32};
    break;
  case O::ArrayGet:
  case O::ArrayGetS:
  case O::ArrayGetU:
    if ((op == O::ArrayGet) != (elem.packedBytes == 0))
      return error(elem.packedBytes ? "type mismatch: array is packed (array.get_s/u reads it)"
                                    : "type mismatch: array is not packed");
    gcTypes_ = {self, I32};
    result = e;
    break;
  case O::ArraySet:
    gcTypes_ = {self, I32, e};
    result = ValType::Bottom;
    break;
  case O::ArrayFill:
    gcTypes_ = {self, I32, e, I32};
    result = ValType::Bottom;
    break;
  case O::ArrayCopy: {
    if (!c_.u32(imm.segment) || !needType(imm.segment, CompositeKind::Array)) return false;
    const FieldType &src = m_.typeDefs[imm.segment].fields[0];
    bool ok = src.packedBytes == elem.packedBytes && isSubtype(m_, src.type, elem.type);
    if (!ok) return error("type mismatch: array.copy between incompatible arrays");
    gcTypes_ = {self, I32, concreteRef(imm.segment, true), I32, I32};
    result = ValType::Bottom;
    break;
  }
  case O::ArrayInitData:
  case O::ArrayInitElem:
    gcTypes_ = {self, I32, I32, I32};
    result = ValType::Bottom;
    break;
  default:
    return error(std::string("illegal opcode ") + opcodeName(op));
  }
  if (!checkTop(gcTypes_)) return false;
  size_t n = gcTypes_.size();
  if (result == ValType::Bottom)
    consume(n, [&] { iface_.gcOp(*this, op, imm, topValues(n), nullptr); });
  else
    produce(n, result, [&](Value *o) { iface_.gcOp(*this, op, imm, topValues(n), o); });
  return true;
}

template <typename I> bool FunctionDecoder<I>::doBrOnNull(bool onNonNull) {
  uint32_t depth = 0;
  if (!c_.u32(depth)) return false;
  if (depth >= depth_) return error("unknown label " + std::to_string(depth));
  ValType t;
  if (!popRef(t)) return false;
  Ctrl &target = control(depth);
  const std::vector<ValType> &labels = target.labelTypes();
  gcTypes_.assign(labels.begin(), labels.end());
  ValType nonNull = t == ValType::Bottom ? ValType::Bottom : makeRef(heapOf(t), false);
  if (onNonNull) {
    if (gcTypes_.empty())
      return error("type mismatch: br_on_non_null's label carries no reference");
    if (!isSubtype(m_, nonNull, gcTypes_.back())) return typeError(gcTypes_.back(), &nonNull);
    gcTypes_.back() = ValType::Bottom;
  } else {
    gcTypes_.push_back(ValType::Bottom);
  }
  if (!checkTop(gcTypes_)) return false;
  size_t n = gcTypes_.size();
  Value ref = live_ ? valueAt(0) : Value{};
  if (live_) {
    states_[depth_ - 1 - depth].branched = true;
    iface_.brOn(*this, op_, target, GcImm{}, topValues(n));
  }
  popN(1);
  if (!onNonNull) push(nonNull, ref);
  return true;
}

template <typename I> bool FunctionDecoder<I>::doBrOnCast(bool onFail) {
  uint8_t flags = 0;
  uint32_t depth = 0, h1 = 0, h2 = 0;
  const uint8_t *flagsAt = c_.pos();
  if (!c_.u8(flags)) return false;
  if (flags > 3) return c_.fail(c_.offsetOf(flagsAt), "invalid br_on_cast flags");
  RefTypeRules rules = refTypeRules(m_);
  if (!c_.u32(depth) || !readHeapType(c_, h1, rules) || !readHeapType(c_, h2, rules)) return false;
  if (depth >= depth_) return error("unknown label " + std::to_string(depth));
  GcImm imm;
  imm.source = makeRef(h1, flags & 1);
  imm.target = makeRef(h2, flags & 2);
  if (!isSubtype(m_, imm.target, imm.source))
    return error("type mismatch: the cast's target type is not a subtype of its source type");
  ValType diff = makeRef(h1, (flags & 1) && !(flags & 2)); // source minus target
  ValType branchType = onFail ? diff : imm.target, fallType = onFail ? imm.target : diff;
  Ctrl &target = control(depth);
  const std::vector<ValType> &labels = target.labelTypes();
  if (labels.empty()) return error("type mismatch: br_on_cast's label carries no reference");
  if (!isSubtype(m_, branchType, labels.back())) return typeError(labels.back(), &branchType);
  gcTypes_.assign(labels.begin(), labels.end());
  gcTypes_.back() = imm.source;
  if (!checkTop(gcTypes_)) return false;
  size_t n = gcTypes_.size();
  Value ref = live_ ? valueAt(0) : Value{};
  if (live_) {
    states_[depth_ - 1 - depth].branched = true;
    iface_.brOn(*this, op_, target, imm, topValues(n));
  }
  popN(1);
  push(fallType, ref);
  return true;
}

template <typename I> bool FunctionDecoder<I>::doCallRef() {
  uint32_t index = 0;
  if (!c_.u32(index) || !needType(index, CompositeKind::Func)) return false;
  const FuncType &ft = m_.types[index];
  if (!checkOne(gc_detail::concreteRef(index, true))) return false;
  Value ref = live_ ? valueAt(0) : Value{};
  popN(1);
  if (!checkTop(ft.params)) return false;
  size_t np = ft.params.size(), nr = ft.results.size();
  if (!live_) {
    popN(np);
    for (ValType t : ft.results)
      pushDefault(t);
    return true;
  }
  scratch_.clear();
  scratch_.resize(nr);
  iface_.callRef(*this, TypeIndex(index), ref, topValues(np), std::span<Value>(scratch_));
  popN(np);
  for (size_t i = 0; i < nr; ++i)
    push(ft.results[i], scratch_[i]);
  return true;
}

} // namespace w2n
