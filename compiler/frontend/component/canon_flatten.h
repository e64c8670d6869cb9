// The canonical ABI's flattening (CanonicalABI.md "Flattening"): the core value types a
// component value is passed as, and the core function type of a lifted or lowered component
// function (MAX_FLAT_PARAMS / MAX_FLAT_RESULTS, with the spill to linear memory beyond them).
// Lift/lower code generation and the C bindings derive their signatures from here.
#pragma once

#include "compiler/frontend/component/canon_layout.h"

#include <vector>

namespace w2n::canon {

using w2n::ValType;

inline constexpr size_t kMaxFlatParams = 16;
inline constexpr size_t kMaxFlatResults = 1;

// The core type of a pointer into a memory of this address type.
inline ValType ptrValType(PtrType p) { return p == PtrType::I32 ? ValType::I32 : ValType::I64; }

// `join`: the core type that can carry both (a variant case's flat value in a shared slot).
ValType join(ValType a, ValType b);

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

} // namespace w2n::canon
