// flatten_type / flatten_functype of CanonicalABI.md over plan::ValueType.
#include "compiler/lowering/component_flatten.h"

#include "w2n/canon.h"

namespace w2n::plan {

namespace {

constexpr size_t kMaxFlatParams = 16, kMaxFlatResults = 1;

ValType join(ValType a, ValType b) {
  if (a == b) return a;
  if ((a == ValType::I32 && b == ValType::F32) || (a == ValType::F32 && b == ValType::I32))
    return ValType::I32;
  return ValType::I64;
}

void flatten(const Plan &plan, uint32_t id, ValType ptr, std::vector<ValType> &out) {
  const ValueType &t = plan.types[id];
  switch (t.kind) {
  case W2N_CT_S64:
  case W2N_CT_U64:
    out.push_back(ValType::I64);
    return;
  case W2N_CT_F32:
    out.push_back(ValType::F32);
    return;
  case W2N_CT_F64:
    out.push_back(ValType::F64);
    return;
  case W2N_CT_STRING:
    out.insert(out.end(), {ptr, ptr});
    return;
  case W2N_CT_LIST:
    if (t.count == 0) {
      out.insert(out.end(), {ptr, ptr});
    } else {
      for (uint32_t i = 0; i < t.count; ++i)
        flatten(plan, t.members[0], ptr, out);
    }
    return;
  case W2N_CT_RECORD:
  case W2N_CT_TUPLE:
    for (uint32_t m : t.members)
      flatten(plan, m, ptr, out);
    return;
  case W2N_CT_VARIANT:
  case W2N_CT_OPTION:
  case W2N_CT_RESULT: {
    std::vector<ValType> joined;
    for (uint32_t m : t.members) {
      if (m == kNone) continue;
      std::vector<ValType> c;
      flatten(plan, m, ptr, c);
      for (size_t i = 0; i < c.size(); ++i) {
        if (i < joined.size())
          joined[i] = join(joined[i], c[i]);
        else
          joined.push_back(c[i]);
      }
    }
    out.push_back(ValType::I32);
    out.insert(out.end(), joined.begin(), joined.end());
    return;
  }
  default:
    out.push_back(ValType::I32);
    return; // bool, small integers, char, enum, flags, handles
  }
}

} // namespace

w2n::FuncType flattenFuncType(const Plan &plan, const FuncType &type, FlattenContext context,
                              bool memory64) {
  ValType ptr = memory64 ? ValType::I64 : ValType::I32;
  w2n::FuncType core;
  for (const auto &p : type.params)
    flatten(plan, p.second, ptr, core.params);
  if (core.params.size() > kMaxFlatParams) core.params = {ptr};
  if (type.result != kNone) flatten(plan, type.result, ptr, core.results);
  if (core.results.size() > kMaxFlatResults) {
    if (context == FlattenContext::Lift) {
      core.results = {ptr};
    } else {
      core.params.push_back(ptr);
      core.results.clear();
    }
  }
  return core;
}

} // namespace w2n::plan
