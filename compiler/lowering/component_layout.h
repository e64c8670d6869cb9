// The canonical ABI's layouts of plan types: canon_layout.h's rules applied to the static
// instantiation plan's type descriptions, memoized per type. They are what the w2n_ctype and
// w2n_cfunctype descriptors carry to the runtime's engine (which computes no layout itself), and
// what generated C declarations of component values lay out.
#pragma once

#include "compiler/frontend/component/canon_layout.h"
#include "compiler/lowering/component_plan.h"

#include <map>

namespace w2n::plan {

// A flat count is only compared with MAX_FLAT_PARAMS (16) and MAX_FLAT_RESULTS (1), and a variant
// only lifted flat when it fits; counts saturate one above the larger limit.
inline constexpr uint32_t kFlatCountCap = 17;

// What the layout rules need to know of plan type `id` (a W2N_CT_* kind with members).
canon::TypeShape<uint32_t> typeShape(const Plan &plan, uint32_t id);

struct PlanLayout {
  canon::TypeLayout memory; // elem_size, alignment, field offsets, discriminant, payload offset
  uint32_t flatCount = 0;   // flatten_type's length, saturated at kFlatCountCap
};

class TypeLayouts {
public:
  explicit TypeLayouts(const Plan &plan) : plan_(plan) {}

  // Plan type `id` in a memory whose pointers are `ptr` (the reference stays valid).
  const PlanLayout &of(uint32_t id, canon::PtrType ptr);
  // The parameters of `f` as one tuple: where they go in memory when they do not fit flat, and
  // their flat count.
  PlanLayout params(const FuncType &f, canon::PtrType ptr);

private:
  PlanLayout compute(const canon::TypeShape<uint32_t> &shape, canon::PtrType ptr);

  const Plan &plan_;
  std::map<std::pair<uint32_t, canon::PtrType>, PlanLayout> memo_;
};

} // namespace w2n::plan
