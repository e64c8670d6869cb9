// The canonical ABI's flattening (CanonicalABI.md "Flattening") on plan types: the core function
// type of a lowered function, needed where no core import states it (a lowered function lifted
// again, or exported from an inline core instance).
#pragma once

#include "compiler/frontend/module.h"
#include "compiler/lowering/component_plan.h"

namespace w2n::plan {

enum class FlattenContext : uint8_t { Lift, Lower };

// memory64: the options' memory is 64-bit (pointers and lengths i64).
w2n::FuncType flattenFuncType(const Plan &plan, const FuncType &type, FlattenContext context,
                              bool memory64);

} // namespace w2n::plan
