// Flattening of component values and function types (see canon_flatten.h), following
// CanonicalABI.md's flatten_type / flatten_variant / join / flatten_functype.
#include "compiler/frontend/component/canon_flatten.h"

namespace w2n::canon {

ValType join(ValType a, ValType b) {
  if (a == b) return a;
  if ((a == ValType::I32 && b == ValType::F32) || (a == ValType::F32 && b == ValType::I32))
    return ValType::I32;
  return ValType::I64;
}

bool flattenType(const TypeStore &s, ValT v, PtrType ptr, size_t limit, std::vector<ValType> &out) {
  return flattenWith([&](ValT t) { return shapeOf(s, t); }, v, ptrValType(ptr), limit, out);
}

FlatFuncType flattenFuncType(const TypeStore &s, const component::FuncT &f, FlatContext context,
                             PtrType ptr) {
  std::vector<ValT> params;
  for (const auto &p : f.params)
    params.push_back(p.second);
  return flattenFuncWith([&](ValT t) { return shapeOf(s, t); }, params, f.result, context,
                         ptrValType(ptr));
}

} // namespace w2n::canon
