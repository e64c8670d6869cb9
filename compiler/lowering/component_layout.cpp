// Layouts of plan types (see component_layout.h): each plan type described as a canon::TypeShape,
// its layout combined from its members' by canon_layout's rules.
#include "compiler/lowering/component_layout.h"

#include "compiler/frontend/component/canon_flatten.h"
#include "w2n/canon.h"

namespace w2n::plan {

using canon::ShapeKind;
using Shape = canon::TypeShape<uint32_t>;

static_assert(kFlatCountCap == W2N_MAX_FLAT_PARAMS + 1 &&
                  canon::kMaxFlatParams == W2N_MAX_FLAT_PARAMS &&
                  canon::kMaxFlatResults == W2N_MAX_FLAT_RESULTS,
              "the runtime compares flat counts with the compiler's limits");

Shape typeShape(const Plan &plan, uint32_t id) {
  using component::PrimType;
  // The primitive kinds W2N_CT_BOOL .. W2N_CT_STRING, in that order.
  static constexpr PrimType kPrims[] = {
      PrimType::Bool, PrimType::S8,   PrimType::U8,    PrimType::S16, PrimType::U16,
      PrimType::S32,  PrimType::U32,  PrimType::S64,   PrimType::U64, PrimType::F32,
      PrimType::F64,  PrimType::Char, PrimType::String};
  const ValueType &t = plan.types[id];
  if (t.kind <= W2N_CT_STRING) return canon::primShape<uint32_t>(kPrims[t.kind]);
  Shape s;
  auto parts = [&](ShapeKind kind) {
    s.kind = kind;
    for (uint32_t m : t.members)
      s.parts.push_back(m == kNone ? std::nullopt : std::optional<uint32_t>(m));
  };
  switch (t.kind) {
  case W2N_CT_LIST:
    if (t.count == 0) {
      s.kind = ShapeKind::Pointers;
    } else {
      parts(ShapeKind::Sequence); // a fixed-size list: its element, count times
      s.repeat = t.count;
    }
    break;
  case W2N_CT_RECORD:
  case W2N_CT_TUPLE:
    parts(ShapeKind::Sequence);
    break;
  case W2N_CT_VARIANT:
  case W2N_CT_OPTION:
  case W2N_CT_RESULT:
    parts(ShapeKind::Variant);
    break;
  case W2N_CT_ENUM:
    s.kind = ShapeKind::Variant;
    s.parts.resize(t.count);
    break;
  case W2N_CT_FLAGS:
    return canon::scalarShape<uint32_t>(static_cast<uint8_t>(canon::flagsSize(t.count)));
  default: // own, borrow: a handle index
    return canon::scalarShape<uint32_t>(4);
  }
  return s;
}

PlanLayout TypeLayouts::compute(const Shape &shape, canon::PtrType ptr) {
  PlanLayout out;
  out.memory =
      canon::layoutWith(shape, ptr, [&](uint32_t part) { return of(part, ptr).memory.layout; });
  out.flatCount = canon::flatCountWith(
      shape, [&](uint32_t part) { return of(part, ptr).flatCount; }, kFlatCountCap);
  return out;
}

const PlanLayout &TypeLayouts::of(uint32_t id, canon::PtrType ptr) {
  auto key = std::make_pair(id, ptr);
  if (auto it = memo_.find(key); it != memo_.end()) return it->second;
  PlanLayout l = compute(typeShape(plan_, id), ptr);
  return memo_.emplace(key, std::move(l)).first->second;
}

PlanLayout TypeLayouts::params(const FuncType &f, canon::PtrType ptr) {
  Shape tuple;
  tuple.kind = ShapeKind::Sequence;
  for (const auto &p : f.params)
    tuple.parts.push_back(p.second);
  return compute(tuple, ptr);
}

} // namespace w2n::plan
