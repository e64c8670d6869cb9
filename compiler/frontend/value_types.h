// Reading value types (numeric, vector, funcref, externref) and reference types from the binary.
#pragma once

#include "compiler/frontend/binary_cursor.h"
#include "compiler/frontend/module.h"

namespace w2n {

bool readValType(Cursor &c, ValType &out);
bool readRefType(Cursor &c, ValType &out);

} // namespace w2n
