// Value, reference and heap type bytes, shared by the module reader and the function decoder.
// Types of proposals that are off are named as unsupported features.
#include "compiler/frontend/value_types.h"

namespace w2n {

namespace {

bool isAbstractHeapByte(uint8_t b) { return b >= 0x69 && b <= 0x74; }

bool gcOff(Cursor &c, uint64_t at) {
  return c.fail(at, "unsupported feature: reference types beyond Wasm 2.0 (GC / typed function "
                    "references; on inside components, --features gc for core modules)");
}

bool exnOff(Cursor &c, uint64_t at) {
  return c.fail(at, "unsupported feature: exception handling (exnref; --features exceptions "
                    "turns it on)");
}

// The abstract heap types a build knows: Wasm 2.0's two, exn with exceptions, the rest with GC.
bool sharedOff(Cursor &c, uint64_t at) {
  return c.fail(at, "unsupported feature: shared-everything threads (shared types; on inside "
                    "components)");
}

bool checkAbstract(Cursor &c, uint64_t at, uint8_t b, const RefTypeRules &rules) {
  if (b == heap::Func || b == heap::Extern) return true;
  if (b == heap::Exn) return rules.exceptions ? true : exnOff(c, at);
  if (b == heap::NoExn && !rules.exceptions) return exnOff(c, at);
  return rules.gc ? true : gcOff(c, at);
}

} // namespace

bool readHeapType(Cursor &c, uint32_t &out, const RefTypeRules &rules) {
  uint64_t at = c.offset();
  uint8_t first = 0;
  if (!c.peekU8(first)) return c.failEnd();
  if (first == 0x65) { // shared <abstract heap type>
    c.u8(first);
    if (!rules.gc) return sharedOff(c, at);
    uint8_t b = 0;
    uint64_t abstractAt = c.offset();
    if (!c.u8(b)) return false;
    if (!isAbstractHeapByte(b)) return c.fail(abstractAt, "malformed heap type");
    out = b | heap::kShared;
    return true;
  }
  if ((first & 0xc0) == 0x40) { // one byte holding a negative s33: an abstract heap type
    c.u8(first);
    if (!isAbstractHeapByte(first)) return c.fail(at, "malformed heap type");
    if (!checkAbstract(c, at, first, rules)) return false;
    out = first;
    return true;
  }
  int64_t index = 0;
  if (!c.s33(index)) return false;
  if (index < 0) return c.fail(at, "malformed heap type");
  if (!rules.gc) return gcOff(c, at);
  if (uint64_t(index) >= rules.typeBound)
    return c.fail(at, "unknown type " + std::to_string(index));
  out = heap::kConcrete + static_cast<uint32_t>(index);
  return true;
}

bool readRefType(Cursor &c, ValType &out, const RefTypeRules &rules) {
  uint64_t at = c.offset();
  uint8_t b = 0;
  if (!c.u8(b)) return false;
  if (b == 0x63 || b == 0x64) {
    if (!rules.gc) return gcOff(c, at);
    uint32_t h = 0;
    if (!readHeapType(c, h, rules)) return false;
    out = makeRef(h, b == 0x63);
    return true;
  }
  if (b == 0x65) { // (ref null (shared <abstract>)) in short form
    c.setPos(c.pos() - 1);
    uint32_t h = 0;
    if (!readHeapType(c, h, rules)) return false;
    out = makeRef(h, true);
    return true;
  }
  if (!isAbstractHeapByte(b)) return c.fail(at, "malformed reference type");
  if (!checkAbstract(c, at, b, rules)) return false;
  out = static_cast<ValType>(b);
  return true;
}

bool readValType(Cursor &c, ValType &out, const RefTypeRules &rules) {
  uint8_t b = 0;
  if (!c.peekU8(b)) return c.failEnd();
  if (b >= 0x7b && b <= 0x7f) {
    c.u8(b);
    out = static_cast<ValType>(b);
    return true;
  }
  if (b == 0x63 || b == 0x64 || b == 0x65 || isAbstractHeapByte(b))
    return readRefType(c, out, rules);
  return c.fail(c.offset(), "malformed value type");
}

bool readFuncTypeVectors(Cursor &c, FuncType &out, const RefTypeRules &rules) {
  for (std::vector<ValType> *list : {&out.params, &out.results})
    if (!readVectorInto(c, *list, [&](ValType &t) { return readValType(c, t, rules); }))
      return false;
  return true;
}

bool readMutability(Cursor &c, bool &out) {
  uint64_t at = c.offset();
  uint8_t mut = 0;
  if (!c.u8(mut)) return false;
  if (mut > 1) return c.fail(at, "malformed mutability");
  out = mut == 1;
  return true;
}

bool readGlobalType(Cursor &c, GlobalType &out, const RefTypeRules &rules) {
  return readValType(c, out.type, rules) && readMutability(c, out.mutable_);
}

} // namespace w2n
