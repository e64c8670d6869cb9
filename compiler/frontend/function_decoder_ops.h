// FunctionDecoder's hand-decoded instructions: control, variables, constants, references,
// tables and bulk memory (everything opcode_info.h marks Special). Included only from
// function_decoder_impl.h.
#pragma once

namespace w2n {

template <typename I> bool FunctionDecoder<I>::special(Opcode op) {
  using O = Opcode;
  constexpr ValType I32 = ValType::I32;
  switch (op) {
  case O::Unreachable:
    if (live_) iface_.unreachable(*this);
    setUnreachable();
    return true;
  case O::Nop:
    return true;
  case O::Block:
    return doBlock(ControlKind::Block);
  case O::Loop:
    return doBlock(ControlKind::Loop);
  case O::If:
    return doBlock(ControlKind::If);
  case O::Else:
    return doElse();
  case O::End:
    return doEnd();
  case O::Br:
    return doBr(false);
  case O::BrIf:
    return doBr(true);
  case O::BrTable:
    return doBrTable();
  case O::Return:
    return doReturn();
  case O::Call:
  case O::CallIndirect: {
    uint32_t index = 0;
    return c_.u32(index) && doCall(index, op == O::CallIndirect);
  }
  case O::TryTable:
    if (!m_.exceptions) return unknownOpcode(0, 0x1f);
    return doBlock(ControlKind::TryTable);
  case O::Throw:
  case O::ThrowRef:
    if (!m_.exceptions) return unknownOpcode(0, op == O::Throw ? 0x08 : 0x0a);
    return doThrow(op == O::ThrowRef);
  case O::Drop:
    if (!checkOne(ValType::Bottom)) return false;
    consume(1, [&] { iface_.drop(*this, valueAt(0)); });
    return true;
  case O::Select:
    return doSelect(false);
  case O::SelectT:
    return doSelect(true);

  case O::LocalGet:
  case O::LocalSet:
  case O::LocalTee: {
    uint32_t index = 0;
    if (!c_.u32(index)) return false;
    if (index >= locals_.size()) return error("unknown local " + std::to_string(index));
    ValType t = locals_[index];
    if (op == O::LocalGet) {
      if (index < localInit_.size() && !localInit_[index])
        return error("uninitialized local " + std::to_string(index));
      produce(0, t, [&](Value *o) { iface_.localGet(*this, index, o); });
      return true;
    }
    if (!checkOne(t)) return false;
    markLocalInit(index);
    if (op == O::LocalSet)
      consume(1, [&] { iface_.localSet(*this, index, valueAt(0)); });
    else
      produce(1, t, [&](Value *o) { iface_.localTee(*this, index, valueAt(0), o); });
    return true;
  }
  case O::GlobalGet:
  case O::GlobalSet: {
    uint32_t index = 0;
    if (!c_.u32(index)) return false;
    if (index >= m_.globalTypes.size() || (constExpr_ && index >= constGlobalLimit_))
      return error("unknown global " + std::to_string(index));
    const GlobalType &g = m_.globalTypes[index];
    if (constExpr_ && g.mutable_) return error("constant expression required");
    if (op == O::GlobalGet) {
      produce(0, g.type, [&](Value *o) { iface_.globalGet(*this, GlobalIndex(index), o); });
      return true;
    }
    if (!g.mutable_) return error("global is immutable");
    if (!checkOne(g.type)) return false;
    consume(1, [&] { iface_.globalSet(*this, GlobalIndex(index), valueAt(0)); });
    return true;
  }
  case O::TableGet:
  case O::TableSet: {
    uint32_t table = 0;
    if (!c_.u32(table) || !needTable(table)) return false;
    ValType t = m_.tables[table].elemType, at = m_.tables[table].indexType();
    if (op == O::TableGet) {
      if (!checkOne(at)) return false;
      produce(1, t, [&](Value *o) { iface_.tableGet(*this, TableIndex(table), valueAt(0), o); });
      return true;
    }
    const ValType expected[2] = {at, t};
    if (!checkTop(expected, 2)) return false;
    consume(2, [&] { iface_.tableSet(*this, TableIndex(table), valueAt(1), valueAt(0)); });
    return true;
  }
  case O::MemorySize: {
    uint32_t m = 0;
    if (!readMemoryIndex(m) || !needMemory(m)) return false;
    ValType at = m_.memories[m].addressType();
    produce(0, at, [&](Value *o) { iface_.memorySize(*this, MemoryIndex(m), o); });
    return true;
  }
  case O::MemoryGrow: {
    uint32_t m = 0;
    if (!readMemoryIndex(m) || !needMemory(m)) return false;
    ValType at = m_.memories[m].addressType();
    if (!checkOne(at)) return false;
    produce(1, at, [&](Value *o) { iface_.memoryGrow(*this, MemoryIndex(m), valueAt(0), o); });
    return true;
  }

  case O::I32Const: {
    int32_t v = 0;
    if (!c_.s32(v)) return false;
    produce(0, I32, [&](Value *o) { iface_.i32Const(*this, o, v); });
    return true;
  }
  case O::I64Const: {
    int64_t v = 0;
    if (!c_.s64(v)) return false;
    produce(0, ValType::I64, [&](Value *o) { iface_.i64Const(*this, o, v); });
    return true;
  }
  case O::F32Const: {
    uint32_t bits = 0;
    if (!c_.fixed32(bits)) return false;
    produce(0, ValType::F32, [&](Value *o) { iface_.f32Const(*this, o, bits); });
    return true;
  }
  case O::F64Const: {
    uint64_t bits = 0;
    if (!c_.fixed64(bits)) return false;
    produce(0, ValType::F64, [&](Value *o) { iface_.f64Const(*this, o, bits); });
    return true;
  }
  case O::V128Const: {
    const uint8_t *bytes = nullptr;
    if (!c_.bytes(16, bytes)) return false;
    produce(0, ValType::V128, [&](Value *o) { iface_.v128Const(*this, o, bytes); });
    return true;
  }
  case O::I8x16Shuffle: {
    const uint8_t *lanes = nullptr;
    if (!c_.bytes(16, lanes)) return false;
    for (int i = 0; i < 16; ++i)
      if (lanes[i] >= 32) return error("invalid lane index");
    const ValType expected[2] = {ValType::V128, ValType::V128};
    if (!checkTop(expected, 2)) return false;
    produce(2, ValType::V128,
            [&](Value *o) { iface_.simdShuffle(*this, lanes, valueAt(1), valueAt(0), o); });
    return true;
  }

  case O::RefNull: {
    uint32_t h = 0;
    if (m_.gc) {
      if (!readHeapType(c_, h, refTypeRules(m_))) return false;
    } else {
      ValType rt = ValType::FuncRef;
      if (!readRefType(c_, rt, m_.exceptions)) return false;
      h = heapOf(rt);
    }
    ValType t = makeRef(h, true);
    produce(0, t, [&](Value *o) { iface_.refNull(*this, t, o); });
    return true;
  }
  case O::RefIsNull: {
    if (!checkOne(ValType::Bottom)) return false;
    ValType t = peekType(0);
    if (t != ValType::Bottom && !isRefType(t))
      return error(std::string("type mismatch in ref.is_null, expected a reference but got ") +
                   valTypeName(t));
    produce(1, I32, [&](Value *o) { iface_.refIsNull(*this, valueAt(0), o); });
    return true;
  }
  case O::RefFunc: {
    uint32_t f = 0;
    if (!c_.u32(f) || !needFunction(f)) return false;
    if (!constExpr_ && (f >= m_.declaredFuncRefs.size() || !m_.declaredFuncRefs[f]))
      return error("undeclared function reference " + std::to_string(f));
    // With typed function references ref.func has its function's exact type.
    ValType t = m_.gc ? makeRef(heap::kConcrete + m_.funcTypes[f].value, false) : ValType::FuncRef;
    produce(0, t, [&](Value *o) { iface_.refFunc(*this, FuncIndex(f), o); });
    return true;
  }
  default:
    break;
  }
  if (opcodePrefix(op) == 0xFB || op == O::CallRef || op == O::ReturnCallRef || op == O::RefEq ||
      op == O::RefAsNonNull || op == O::BrOnNull || op == O::BrOnNonNull) {
    if (!m_.gc) return unknownOpcode(opcodePrefix(op), opcodeCode(op));
    return doGc(op);
  }
  return doFC(op);
}

// The bulk memory and table instructions of the 0xFC prefix (the saturating truncations are
// Simple operators).
template <typename I> bool FunctionDecoder<I>::doFC(Opcode op) {
  using O = Opcode;
  constexpr ValType I32 = ValType::I32;
  switch (op) {
  case O::MemoryInit: {
    uint32_t data = 0, m = 0;
    if (!c_.u32(data) || !readMemoryIndex(m) || !needDataSegment(data) || !needMemory(m))
      return false;
    const ValType initTypes[3] = {m_.memories[m].addressType(), I32, I32};
    if (!checkTop(initTypes, 3)) return false;
    consume(3, [&] {
      iface_.memoryInit(*this, DataIndex(data), MemoryIndex(m), valueAt(2), valueAt(1), valueAt(0));
    });
    return true;
  }
  case O::DataDrop: {
    uint32_t data = 0;
    if (!c_.u32(data) || !needDataSegment(data)) return false;
    if (live_) iface_.dataDrop(*this, DataIndex(data));
    return true;
  }
  case O::MemoryCopy: {
    uint32_t dm = 0, sm = 0;
    if (!readMemoryIndex(dm) || !readMemoryIndex(sm) || !needMemory(dm) || !needMemory(sm))
      return false;
    // The length is i64 only when both memories are 64-bit.
    ValType dt = m_.memories[dm].addressType(), st = m_.memories[sm].addressType();
    const ValType copyTypes[3] = {dt, st, dt == ValType::I64 && st == ValType::I64 ? dt : I32};
    if (!checkTop(copyTypes, 3)) return false;
    consume(3, [&] {
      iface_.memoryCopy(*this, MemoryIndex(dm), MemoryIndex(sm), valueAt(2), valueAt(1),
                        valueAt(0));
    });
    return true;
  }
  case O::MemoryFill: {
    uint32_t m = 0;
    if (!readMemoryIndex(m) || !needMemory(m)) return false;
    ValType at = m_.memories[m].addressType();
    const ValType fillTypes[3] = {at, I32, at};
    if (!checkTop(fillTypes, 3)) return false;
    consume(3,
            [&] { iface_.memoryFill(*this, MemoryIndex(m), valueAt(2), valueAt(1), valueAt(0)); });
    return true;
  }
  case O::TableInit: {
    uint32_t elem = 0, table = 0;
    if (!c_.u32(elem) || !c_.u32(table) || !needTable(table) || !needElemSegment(elem))
      return false;
    if (!isSubtype(m_, m_.elems[elem].elemType, m_.tables[table].elemType))
      return error("type mismatch: element segment and table have different element types");
    const ValType initTypes[3] = {m_.tables[table].indexType(), I32, I32};
    if (!checkTop(initTypes, 3)) return false;
    consume(3, [&] {
      iface_.tableInit(*this, ElemIndex(elem), TableIndex(table), valueAt(2), valueAt(1),
                       valueAt(0));
    });
    return true;
  }
  case O::ElemDrop: {
    uint32_t elem = 0;
    if (!c_.u32(elem) || !needElemSegment(elem)) return false;
    if (live_) iface_.elemDrop(*this, ElemIndex(elem));
    return true;
  }
  case O::TableCopy: {
    uint32_t dst = 0, src = 0;
    if (!c_.u32(dst) || !c_.u32(src) || !needTable(dst) || !needTable(src)) return false;
    if (!isSubtype(m_, m_.tables[src].elemType, m_.tables[dst].elemType))
      return error("type mismatch: tables have different element types");
    // The length is i64 only between two 64-bit tables.
    ValType dt = m_.tables[dst].indexType(), st = m_.tables[src].indexType();
    const ValType copyTypes[3] = {dt, st, dt == ValType::I64 && st == ValType::I64 ? dt : I32};
    if (!checkTop(copyTypes, 3)) return false;
    consume(3, [&] {
      iface_.tableCopy(*this, TableIndex(dst), TableIndex(src), valueAt(2), valueAt(1), valueAt(0));
    });
    return true;
  }
  case O::TableGrow:
  case O::TableSize:
  case O::TableFill: {
    uint32_t table = 0;
    if (!c_.u32(table) || !needTable(table)) return false;
    ValType t = m_.tables[table].elemType, at = m_.tables[table].indexType();
    TableIndex ti(table);
    if (op == O::TableSize) {
      produce(0, at, [&](Value *o) { iface_.tableSize(*this, ti, o); });
      return true;
    }
    if (op == O::TableGrow) {
      const ValType expected[2] = {t, at};
      if (!checkTop(expected, 2)) return false;
      produce(2, at, [&](Value *o) { iface_.tableGrow(*this, ti, valueAt(1), valueAt(0), o); });
      return true;
    }
    const ValType expected[3] = {at, t, at};
    if (!checkTop(expected, 3)) return false;
    consume(3, [&] { iface_.tableFill(*this, ti, valueAt(2), valueAt(1), valueAt(0)); });
    return true;
  }
  default:
    break;
  }
  return error(std::string("illegal opcode ") + opcodeName(op));
}

} // namespace w2n
