// Constant expressions, element segments (all eight encodings) and data segments.
#include "compiler/frontend/function_decoder.h"
#include "compiler/frontend/module_reader.h"
#include "compiler/frontend/opcodes.h"

#include <algorithm>

namespace w2n {

namespace {
// The error for an instruction that may not appear in a Wasm 2.0 constant expression.
bool rejectInstruction(Cursor &c, uint64_t at, uint8_t b) {
  Opcode op;
  if (b == 0xfc || b == 0xfd) {
    uint32_t code = 0;
    if (!c.u32(code)) return false;
    if (lookupPrefixedOpcode(b, code, op)) return c.fail(at, "constant expression required");
    return c.fail(at, "illegal opcode");
  }
  if (b == 0xfb) return c.fail(at, "unsupported feature: GC instructions");
  if (b == 0xfe) return c.fail(at, "unsupported feature: threads (atomic instructions)");
  if (lookupOneByteOpcode(b, op)) return c.fail(at, "constant expression required");
  return c.fail(at, "illegal opcode");
}

// One instruction of a constant expression: 1 = a constant instruction (stored in `out`), 0 =
// `end`, -1 = error (reported; a non-constant instruction is "constant expression required").
int readConstInstruction(Cursor &c, ConstExpr &out, bool exceptions) {
  uint64_t at = c.offset();
  uint8_t b = 0;
  if (!c.u8(b)) return -1;
  switch (b) {
  case 0x0b:
    return 0;
  case 0x41: {
    int32_t v = 0;
    if (!c.s32(v)) return -1;
    out.kind = ConstExpr::Kind::I32;
    out.bits = static_cast<uint32_t>(v);
    return 1;
  }
  case 0x42: {
    int64_t v = 0;
    if (!c.s64(v)) return -1;
    out.kind = ConstExpr::Kind::I64;
    out.bits = static_cast<uint64_t>(v);
    return 1;
  }
  case 0x43: {
    uint32_t v = 0;
    if (!c.fixed32(v)) return -1;
    out.kind = ConstExpr::Kind::F32;
    out.bits = v;
    return 1;
  }
  case 0x44:
    if (!c.fixed64(out.bits)) return -1;
    out.kind = ConstExpr::Kind::F64;
    return 1;
  case 0xd0:
    if (!readRefType(c, out.refType, exceptions)) return -1;
    out.kind = ConstExpr::Kind::RefNull;
    return 1;
  case 0xd2:
  case 0x23: {
    uint32_t index = 0;
    if (!c.u32(index)) return -1;
    out.kind = b == 0xd2 ? ConstExpr::Kind::RefFunc : ConstExpr::Kind::GlobalGet;
    out.bits = index;
    return 1;
  }
  case 0xfd: {
    const uint8_t *start = c.pos();
    uint32_t code = 0;
    if (!c.u32(code)) return -1;
    if (code != 12) { // only v128.const
      c.setPos(start);
      rejectInstruction(c, at, b);
      return -1;
    }
    if (!c.fixed64(out.bits) || !c.fixed64(out.bitsHi)) return -1;
    out.kind = ConstExpr::Kind::V128;
    return 1;
  }
  }
  rejectInstruction(c, at, b);
  return -1;
}
} // namespace

// Finds the end of a GC module's constant expression with the function decoder (which checks
// its instructions, not yet its type) and notes the functions it references.
struct ConstExprScan : NullInterface {
  std::vector<uint32_t> *funcRefs = nullptr;
  template <typename D> void refFunc(D &, FuncIndex f, Value *) { funcRefs->push_back(f.value); }
};

bool ModuleReader::readGcConstExpr(Cursor &c, ConstExpr &out, uint32_t globalLimit) {
  FuncType anyOne;
  anyOne.results.push_back(ValType::Bottom);
  ConstExprScan scan;
  scan.funcRefs = &exprFuncRefs_;
  FunctionDecoder<ConstExprScan> d(m_, c.pos(), c.end(), anyOne, globalLimit, scan, diags_);
  if (!d.decode()) return false;
  const uint8_t *end = d.position();
  out.exprSize = static_cast<uint32_t>(end - c.pos());
  // One simple instruction keeps its plain form; the rest is compiled as an expression. (The
  // decoder has checked the bytes, so reading them again cannot fail.)
  out.kind = ConstExpr::Kind::Expr;
  Cursor single(bytes_, c.pos(), end, diags_);
  uint8_t first = 0;
  single.peekU8(first);
  if (first == 0xd0) {
    uint32_t h = 0;
    single.u8(first);
    if (readHeapType(single, h, refTypeRules(m_)) && single.remaining() == 1) {
      out.kind = ConstExpr::Kind::RefNull;
      out.refType = makeRef(h, true);
    }
  } else if (first == 0x41 || first == 0x42 || first == 0x43 || first == 0x44 || first == 0x23 ||
             first == 0xd2 || first == 0xfd) {
    ConstExpr simple;
    simple.offset = out.offset;
    if (readConstInstruction(single, simple, true) > 0 && single.remaining() == 1) out = simple;
  }
  c.setPos(end);
  return true;
}

// Wasm 2.0 constant expressions hold exactly one constant instruction; anything else is reported
// here with the message the spec's validator gives ("constant expression required" for any other
// instruction, "type mismatch" for none or several values).
bool ModuleReader::readConstExpr(Cursor &c, ConstExpr &out, uint32_t globalLimit) {
  out = ConstExpr{};
  out.offset = c.offset();
  if (m_.gc) return readGcConstExpr(c, out, globalLimit);
  int r = readConstInstruction(c, out, m_.exceptions);
  if (r < 0) return false;
  if (r == 0) return c.fail(out.offset, "type mismatch (empty constant expression)");
  uint64_t secondAt = c.offset();
  ConstExpr extra;
  bool more = false;
  while ((r = readConstInstruction(c, extra, m_.exceptions)) > 0)
    more = true;
  if (r < 0) return false;
  if (more)
    return c.fail(secondAt, "type mismatch (constant expression must produce exactly one value)");
  return true;
}

bool ModuleReader::readElementSection(Cursor &c) {
  return readVectorInto(c, m_.elems, [&](ElemSegment &s) { return readElemSegment(c, s); });
}

// Flags bit 0: passive or declarative (else active); bit 1: explicit table index (active) or
// declarative (otherwise); bit 2: items are expressions rather than function indices.
bool ModuleReader::readElemSegment(Cursor &c, ElemSegment &s) {
  s.offset = c.offset();
  uint32_t flags = 0;
  if (!c.u32(flags)) return false;
  if (flags > 7) return c.fail(s.offset, "malformed elements segment kind");
  bool passiveOrDeclarative = flags & 1, explicitTable = flags & 2, expressions = flags & 4;
  if (!passiveOrDeclarative) {
    s.mode = ElemSegment::Mode::Active;
    uint32_t table = 0;
    if (explicitTable && !c.u32(table)) return false;
    s.table = TableIndex(table);
    if (!readConstExpr(c, s.offsetExpr, allGlobals())) return false;
  } else {
    s.mode = explicitTable ? ElemSegment::Mode::Declarative : ElemSegment::Mode::Passive;
  }
  s.elemType = ValType::FuncRef;
  if (passiveOrDeclarative || explicitTable) { // flags 0 and 4 have no element kind/type
    if (expressions) {
      if (!readRefType(c, s.elemType, refTypeRules(m_))) return false;
    } else {
      uint64_t at = c.offset();
      uint8_t kind = 0;
      if (!c.u8(kind)) return false;
      if (kind != 0x00) return c.fail(at, "malformed element kind");
    }
  }
  return readVectorInto(c, s.items, [&](ConstExpr &e) {
    if (expressions) return readConstExpr(c, e, allGlobals());
    e.offset = c.offset();
    uint32_t func = 0;
    if (!c.u32(func)) return false;
    e.kind = ConstExpr::Kind::RefFunc;
    e.bits = func;
    return true;
  });
}

bool ModuleReader::readDataSection(Cursor &c) {
  sawDataSection_ = true;
  uint64_t at = c.offset();
  auto checkCount = [&](uint32_t count) {
    if (m_.dataCount && *m_.dataCount != count)
      return c.fail(at, "data count and data section have inconsistent lengths");
    reserveBounded(m_.datas, count, c);
    return true;
  };
  auto segment = [&] {
    DataSegment s;
    if (!readDataSegment(c, s)) return false;
    m_.datas.push_back(s);
    return true;
  };
  return readVector(c, segment, checkCount);
}

bool ModuleReader::readDataSegment(Cursor &c, DataSegment &s) {
  s.offset = c.offset();
  uint32_t flags = 0;
  if (!c.u32(flags)) return false;
  if (flags > 2) return c.fail(s.offset, "malformed data segment kind");
  if (flags == 1) {
    s.mode = DataSegment::Mode::Passive;
  } else {
    s.mode = DataSegment::Mode::Active;
    uint32_t memory = 0;
    if (flags == 2 && !c.u32(memory)) return false;
    s.memory = MemoryIndex(memory);
    if (!readConstExpr(c, s.offsetExpr, allGlobals())) return false;
  }
  const uint8_t *data = nullptr;
  if (!c.lengthPrefixed(data, s.dataSize)) return false;
  s.dataOffset = c.offsetOf(data);
  return true;
}

} // namespace w2n
