// flatten_type / flatten_functype of CanonicalABI.md over plan::ValueType, by the generic
// flattening of canon_flatten.h on the plan's type shapes (component_layout.h).
#include "compiler/lowering/component_flatten.h"

#include "compiler/frontend/component/canon_flatten.h"
#include "compiler/lowering/component_layout.h"

namespace w2n::plan {

w2n::FuncType flattenFuncType(const Plan &plan, const FuncType &type, FlattenContext context,
                              bool memory64) {
  std::vector<uint32_t> params;
  for (const auto &p : type.params)
    params.push_back(p.second);
  std::optional<uint32_t> result;
  if (type.result != kNone) result = type.result;
  canon::FlatFuncType flat = canon::flattenFuncWith(
      [&](uint32_t t) { return typeShape(plan, t); }, params, result,
      context == FlattenContext::Lift ? canon::FlatContext::Lift : canon::FlatContext::Lower,
      memory64 ? ValType::I64 : ValType::I32);
  w2n::FuncType core;
  core.params = std::move(flat.params);
  core.results = std::move(flat.results);
  return core;
}

} // namespace w2n::plan
