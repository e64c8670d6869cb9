// Flattening of component values and function types (see canon_flatten.h), following
// CanonicalABI.md's flatten_type / flatten_variant / join / flatten_functype.
#include "compiler/frontend/component/canon_flatten.h"

namespace w2n::canon {

using component::DefinedT;
using K = component::DefValType::Kind;

namespace {
bool push(std::vector<ValType> &out, size_t limit, ValType t) {
  if (out.size() >= limit) return false;
  out.push_back(t);
  return true;
}

bool flattenPrim(PrimType p, PtrType ptr, size_t limit, std::vector<ValType> &out) {
  switch (p) {
  case PrimType::S64:
  case PrimType::U64:
    return push(out, limit, ValType::I64);
  case PrimType::F32:
    return push(out, limit, ValType::F32);
  case PrimType::F64:
    return push(out, limit, ValType::F64);
  case PrimType::String:
    return push(out, limit, ptrValType(ptr)) && push(out, limit, ptrValType(ptr));
  default: // bool, the 8/16/32-bit integers, char
    return push(out, limit, ValType::I32);
  }
}

// The discriminant, then per position the join of what every case has there.
bool flattenVariant(const TypeStore &s, const std::vector<std::optional<ValT>> &cases, PtrType ptr,
                    size_t limit, std::vector<ValType> &out) {
  if (!flattenPrim(discriminantType(cases.size()), ptr, limit, out)) return false;
  size_t payloadLimit = limit - out.size();
  std::vector<ValType> joined, flat;
  for (const auto &c : cases) {
    if (!c) continue;
    flat.clear();
    if (!flattenType(s, *c, ptr, payloadLimit, flat)) return false;
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
} // namespace

ValType join(ValType a, ValType b) {
  if (a == b) return a;
  if ((a == ValType::I32 && b == ValType::F32) || (a == ValType::F32 && b == ValType::I32))
    return ValType::I32;
  return ValType::I64;
}

bool flattenType(const TypeStore &s, ValT v, PtrType ptr, size_t limit, std::vector<ValType> &out) {
  if (v.prim) return flattenPrim(v.p, ptr, limit, out);
  const DefinedT &d = s.defined[v.def];
  switch (d.kind) {
  case K::Prim:
    return flattenPrim(d.prim, ptr, limit, out);
  case K::Record:
    for (const auto &f : d.fields)
      if (!flattenType(s, f.second, ptr, limit, out)) return false;
    return true;
  case K::Tuple:
    for (ValT t : d.types)
      if (!flattenType(s, t, ptr, limit, out)) return false;
    return true;
  case K::FixedList:
    for (uint32_t i = 0; i < d.length; ++i) {
      size_t before = out.size();
      if (!flattenType(s, d.types[0], ptr, limit, out)) return false;
      if (out.size() == before) break; // nothing to repeat (not a valid element type)
    }
    return true;
  case K::List:
  case K::Map:
    return push(out, limit, ptrValType(ptr)) && push(out, limit, ptrValType(ptr));
  case K::Variant: {
    std::vector<std::optional<ValT>> cases;
    for (const auto &c : d.cases)
      cases.push_back(c.second);
    return flattenVariant(s, cases, ptr, limit, out);
  }
  case K::Enum:
    return flattenVariant(s, std::vector<std::optional<ValT>>(d.labels.size()), ptr, limit, out);
  case K::Option:
    return flattenVariant(s, {std::nullopt, d.types[0]}, ptr, limit, out);
  case K::Result:
    return flattenVariant(s, {d.ok, d.err}, ptr, limit, out);
  case K::Flags:
  case K::Own:
  case K::Borrow:
    return push(out, limit, ValType::I32);
  }
  return true;
}

FlatFuncType flattenFuncType(const TypeStore &s, const component::FuncT &f, FlatContext context,
                             PtrType ptr) {
  FlatFuncType out;
  bool fits = true;
  for (const auto &p : f.params)
    if (fits) fits = flattenType(s, p.second, ptr, kMaxFlatParams, out.params);
  if (!fits) {
    out.params = {ptrValType(ptr)};
    out.paramsInMemory = true;
  }
  if (f.result && !flattenType(s, *f.result, ptr, kMaxFlatResults, out.results)) {
    out.results.clear();
    out.resultsInMemory = true;
    if (context == FlatContext::Lift)
      out.results.push_back(ptrValType(ptr));
    else
      out.params.push_back(ptrValType(ptr));
  }
  return out;
}

} // namespace w2n::canon
