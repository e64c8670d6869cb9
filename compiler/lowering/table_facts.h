// Facts about a module's tables that let call_indirect and table.get/set skip loads: a table
// that cannot change size (defined here, not exported, and no table.grow names it) has a
// constant size and an element array that never moves.
#pragma once

#include "compiler/frontend/diagnostics.h"
#include "compiler/frontend/module.h"

#include <vector>

namespace w2n {

// fixedSize[t]: table t keeps its initial size for the life of the instance. Decodes every body
// once more (cheap next to LLVM); false for all tables when a body fails to decode.
std::vector<bool> fixedSizeTables(const Module &module, Diagnostics &diags);

} // namespace w2n
