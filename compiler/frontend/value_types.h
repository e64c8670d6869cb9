// Reading value types (numeric, vector, funcref, externref) and reference types from the binary.
#pragma once

#include "compiler/frontend/binary_cursor.h"
#include "compiler/frontend/module.h"

namespace w2n {

// `exceptions`: exnref is a value type (the exception handling proposal is on).
bool readValType(Cursor &c, ValType &out, bool exceptions = false);
bool readRefType(Cursor &c, ValType &out, bool exceptions = false);

} // namespace w2n
