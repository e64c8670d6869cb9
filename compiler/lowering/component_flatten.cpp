// flatten_type / flatten_functype of CanonicalABI.md over plan::ValueType, by the generic
// flattening of canon_flatten.h.
#include "compiler/lowering/component_flatten.h"

#include "compiler/frontend/component/canon_flatten.h"
#include "w2n/canon.h"

namespace w2n::plan {

namespace {

using Shape = canon::FlatShape<uint32_t>;

Shape shapeOf(const Plan &plan, uint32_t id) {
  const ValueType &t = plan.types[id];
  Shape s;
  auto parts = [&](Shape::Kind kind) {
    s.kind = kind;
    for (uint32_t m : t.members)
      s.parts.push_back(m == kNone ? std::nullopt : std::optional<uint32_t>(m));
  };
  switch (t.kind) {
  case W2N_CT_S64:
  case W2N_CT_U64:
    s.scalar = ValType::I64;
    break;
  case W2N_CT_F32:
    s.scalar = ValType::F32;
    break;
  case W2N_CT_F64:
    s.scalar = ValType::F64;
    break;
  case W2N_CT_STRING:
    s.kind = Shape::Kind::Pointers;
    break;
  case W2N_CT_LIST:
    if (t.count == 0) {
      s.kind = Shape::Kind::Pointers;
    } else {
      parts(Shape::Kind::Sequence); // a fixed-size list: its element, count times
      s.repeat = t.count;
    }
    break;
  case W2N_CT_RECORD:
  case W2N_CT_TUPLE:
    parts(Shape::Kind::Sequence);
    break;
  case W2N_CT_VARIANT:
  case W2N_CT_OPTION:
  case W2N_CT_RESULT:
    parts(Shape::Kind::Variant);
    break;
  case W2N_CT_ENUM:
    s.kind = Shape::Kind::Variant;
    s.parts.resize(t.count);
    break;
  default: // bool, small integers, char, flags, handles
    break;
  }
  return s;
}

} // namespace

w2n::FuncType flattenFuncType(const Plan &plan, const FuncType &type, FlattenContext context,
                              bool memory64) {
  std::vector<uint32_t> params;
  for (const auto &p : type.params)
    params.push_back(p.second);
  std::optional<uint32_t> result;
  if (type.result != kNone) result = type.result;
  canon::FlatFuncType flat = canon::flattenFuncWith(
      [&](uint32_t t) { return shapeOf(plan, t); }, params, result,
      context == FlattenContext::Lift ? canon::FlatContext::Lift : canon::FlatContext::Lower,
      memory64 ? ValType::I64 : ValType::I32);
  w2n::FuncType core;
  core.params = std::move(flat.params);
  core.results = std::move(flat.results);
  return core;
}

} // namespace w2n::plan
