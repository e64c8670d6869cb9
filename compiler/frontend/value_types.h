// Reading value types, reference types and heap types from the binary.
#pragma once

#include "compiler/frontend/binary_cursor.h"
#include "compiler/frontend/module.h"

namespace w2n {

// Which reference types a position accepts: exnref with the exception handling proposal, every
// GC / typed-function-reference form with `gc`, concrete type indices below `typeBound`.
struct RefTypeRules {
  bool exceptions = false;
  bool gc = false;
  uint32_t typeBound = 0;
};
// Core types declared at component level: every reference type; type indices are checked by
// component validation against the core type index space.
inline constexpr RefTypeRules kComponentCoreTypeRules{true, true, heap::kMaxTypes};
inline RefTypeRules refTypeRules(const Module &m) {
  return {m.exceptions, m.gc, static_cast<uint32_t>(m.types.size())};
}

bool readValType(Cursor &c, ValType &out, const RefTypeRules &rules);
bool readRefType(Cursor &c, ValType &out, const RefTypeRules &rules);
// The parameter and result vectors of a function type (after its 0x60), as core modules and
// component-level core types both write them.
bool readFuncTypeVectors(Cursor &c, FuncType &out, const RefTypeRules &rules);
// A mutability byte (0 const, 1 var), as global types and GC fields carry it.
bool readMutability(Cursor &c, bool &out);
// A global type: the value type, then the mutability byte.
bool readGlobalType(Cursor &c, GlobalType &out, const RefTypeRules &rules);
// A heap type (s33: an abstract type's byte or a type index), as ref.null and the casts carry it.
bool readHeapType(Cursor &c, uint32_t &out, const RefTypeRules &rules);
// Wasm 2.0 positions (plus exnref when `exceptions`).
inline bool readValType(Cursor &c, ValType &out, bool exceptions = false) {
  return readValType(c, out, RefTypeRules{exceptions, false, 0});
}
inline bool readRefType(Cursor &c, ValType &out, bool exceptions = false) {
  return readRefType(c, out, RefTypeRules{exceptions, false, 0});
}

} // namespace w2n
