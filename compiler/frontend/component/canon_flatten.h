// The canonical ABI's flattening (CanonicalABI.md "Flattening"): the core value types a
// component value is passed as, and the core function type of a lifted or lowered component
// function (MAX_FLAT_PARAMS / MAX_FLAT_RESULTS, with the spill to linear memory beyond them).
// Lift/lower code generation and the C bindings derive their signatures from here.
#pragma once

#include "compiler/frontend/component/canon_layout.h"

#include <algorithm>
#include <optional>
#include <vector>

namespace w2n::canon {

using w2n::ValType;

inline constexpr size_t kMaxFlatParams = 16;
inline constexpr size_t kMaxFlatResults = 1;

// The core type of a pointer into a memory of this address type.
inline ValType ptrValType(PtrType p) { return p == PtrType::I32 ? ValType::I32 : ValType::I64; }

// `join`: the core type that can carry both (a variant case's flat value in a shared slot).
ValType join(ValType a, ValType b);

inline bool pushFlat(std::vector<ValType> &out, size_t limit, ValType t) {
  if (out.size() >= limit) return false;
  out.push_back(t);
  return true;
}

// flatten_type of `t`, appended to `out`; false as soon as `out` would exceed `limit` values.
template <class T, class ShapeOf>
bool flattenWith(const ShapeOf &shapeOf, const T &t, ValType ptr, size_t limit,
                 std::vector<ValType> &out) {
  TypeShape<T> shape = shapeOf(t);
  using K = ShapeKind;
  switch (shape.kind) {
  case K::Scalar:
    return pushFlat(out, limit, shape.scalar);
  case K::Pointers:
    return pushFlat(out, limit, ptr) && pushFlat(out, limit, ptr);
  case K::Sequence:
    for (uint32_t r = 0; r < shape.repeat; ++r) {
      size_t before = out.size();
      for (const auto &p : shape.parts)
        if (p && !flattenWith(shapeOf, *p, ptr, limit, out)) return false;
      if (out.size() == before) break; // nothing to repeat
    }
    return true;
  case K::Variant: {
    if (!pushFlat(out, limit, ValType::I32)) return false;
    size_t payloadLimit = limit - out.size();
    std::vector<ValType> joined, flat;
    for (const auto &c : shape.parts) {
      if (!c) continue;
      flat.clear();
      if (!flattenWith(shapeOf, *c, ptr, payloadLimit, flat)) return false;
      for (size_t i = 0; i < flat.size(); ++i) {
        if (i < joined.size())
          joined[i] = join(joined[i], flat[i]);
        else
          joined.push_back(flat[i]);
      }
    }
    out.insert(out.end(), joined.begin(), joined.end());
    return true;
  }
  }
  return true;
}

// The length of flatten_type of a type of this shape, from its parts' lengths
// (`partCount(part)`), saturated at `cap`: callers that only compare the length with
// MAX_FLAT_PARAMS / MAX_FLAT_RESULTS need no more, and each type's count is then O(parts).
template <class T, class PartCount>
uint32_t flatCountWith(const TypeShape<T> &shape, const PartCount &partCount, uint32_t cap) {
  uint64_t n = 0;
  switch (shape.kind) {
  case ShapeKind::Scalar:
    n = 1;
    break;
  case ShapeKind::Pointers:
    n = 2;
    break;
  case ShapeKind::Sequence:
    for (const auto &p : shape.parts)
      if (p) n = std::min<uint64_t>(cap, n + partCount(*p));
    n *= shape.repeat;
    break;
  case ShapeKind::Variant: // the discriminant, then the longest case (joined slot by slot)
    for (const auto &c : shape.parts)
      if (c) n = std::max<uint64_t>(n, partCount(*c));
    n += 1;
    break;
  }
  return static_cast<uint32_t>(std::min<uint64_t>(cap, n));
}

// `flatten_type`, appended to `out`. A fixed-size list can flatten to a huge number of values,
// and callers only need to know whether the count exceeds their limit: returns false (with
// `out` then unspecified) as soon as `out` would hold more than `limit` values.
bool flattenType(const TypeStore &s, ValT v, PtrType ptr, size_t limit, std::vector<ValType> &out);

enum class FlatContext : uint8_t { Lift, Lower };

// `flatten_functype` for a synchronous function. More than kMaxFlatParams flat params become one
// pointer to them in memory; more than kMaxFlatResults flat results become a returned pointer
// (lift: the callee returns where it stored them) or a trailing pointer parameter (lower: the
// caller passes where they go).
struct FlatFuncType {
  std::vector<ValType> params, results;
  bool paramsInMemory = false;
  bool resultsInMemory = false;
};
FlatFuncType flattenFuncType(const TypeStore &s, const component::FuncT &f, FlatContext context,
                             PtrType ptr = PtrType::I32);

// flatten_functype over any representation (flattenWith): the parameters' types and the result.
template <class T, class ShapeOf>
FlatFuncType flattenFuncWith(const ShapeOf &shapeOf, const std::vector<T> &params,
                             const std::optional<T> &result, FlatContext context, ValType ptr) {
  FlatFuncType out;
  bool fits = true;
  for (const T &p : params)
    if (fits) fits = flattenWith(shapeOf, p, ptr, kMaxFlatParams, out.params);
  if (!fits) {
    out.params = {ptr};
    out.paramsInMemory = true;
  }
  if (result && !flattenWith(shapeOf, *result, ptr, kMaxFlatResults, out.results)) {
    out.results.clear();
    out.resultsInMemory = true;
    if (context == FlatContext::Lift)
      out.results.push_back(ptr);
    else
      out.params.push_back(ptr);
  }
  return out;
}

} // namespace w2n::canon
