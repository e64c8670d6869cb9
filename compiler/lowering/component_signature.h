// WIT text for the function types of a plan, for what an executable prints about itself
// (`--list` of a component compiled into a program that invokes its exports). Plan types carry
// no names, so records, variants, enums and flags are written out structurally.
#pragma once

#include "compiler/lowering/component_plan.h"

#include <string>

namespace w2n::plan {

// "u32", "list<string>", "record { x: u32, y: u32 }", "own<counter>", ...
std::string witTypeText(const Plan &plan, uint32_t type);
// "func(a: f64, b: f64) -> result<f64, string>"
std::string witFuncText(const Plan &plan, const FuncType &type);

} // namespace w2n::plan
