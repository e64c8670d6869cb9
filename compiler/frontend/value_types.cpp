// Value and reference type bytes, shared by the module reader and the function decoder. Types of
// later proposals (GC, typed function references, exceptions) are named as unsupported features.
#include "compiler/frontend/value_types.h"

namespace w2n {

bool readValType(Cursor &c, ValType &out, bool exceptions) {
  uint64_t at = c.offset();
  uint8_t b = 0;
  if (!c.u8(b)) return false;
  switch (b) {
  case 0x7f:
  case 0x7e:
  case 0x7d:
  case 0x7c:
  case 0x7b:
  case 0x70:
  case 0x6f:
    out = static_cast<ValType>(b);
    return true;
  case 0x69: // exnref
    if (exceptions) {
      out = ValType::ExnRef;
      return true;
    }
    return c.fail(at, "unsupported feature: exception handling (exnref; --features exceptions "
                      "turns it on)");
  case 0x63: // (ref null ht)
  case 0x64: // (ref ht)
  case 0x6a:
  case 0x6b:
  case 0x6c:
  case 0x6d:
  case 0x6e: // arrayref structref i31ref eqref anyref
  case 0x71:
  case 0x72:
  case 0x73:
  case 0x74: // the null bottom types
    return c.fail(at, "unsupported feature: reference types beyond Wasm 2.0 (GC / typed function "
                      "references / exceptions)");
  }
  return c.fail(at, "malformed value type");
}

bool readRefType(Cursor &c, ValType &out, bool exceptions) {
  uint64_t at = c.offset();
  uint8_t b = 0;
  if (!c.u8(b)) return false;
  if (b == 0x70 || b == 0x6f || (b == 0x69 && exceptions)) {
    out = static_cast<ValType>(b);
    return true;
  }
  return c.fail(at, "malformed reference type");
}

} // namespace w2n
