// Flattening of component values and function types (see canon_flatten.h), following
// CanonicalABI.md's flatten_type / flatten_variant / join / flatten_functype.
#include "compiler/frontend/component/canon_flatten.h"

namespace w2n::canon {

using component::DefinedT;
using K = component::DefValType::Kind;

namespace {

using Shape = FlatShape<ValT>;

Shape scalar(ValType t) {
  Shape s;
  s.scalar = t;
  return s;
}

Shape primShape(PrimType p) {
  switch (p) {
  case PrimType::S64:
  case PrimType::U64:
    return scalar(ValType::I64);
  case PrimType::F32:
    return scalar(ValType::F32);
  case PrimType::F64:
    return scalar(ValType::F64);
  case PrimType::String: {
    Shape s;
    s.kind = Shape::Kind::Pointers;
    return s;
  }
  default: // bool, the 8/16/32-bit integers, char
    return scalar(ValType::I32);
  }
}

Shape shapeOf(const TypeStore &s, ValT v) {
  if (v.prim) return primShape(v.p);
  const DefinedT &d = s.defined[v.def];
  Shape out;
  switch (d.kind) {
  case K::Prim:
    return primShape(d.prim);
  case K::Record:
    out.kind = Shape::Kind::Sequence;
    for (const auto &f : d.fields)
      out.parts.push_back(f.second);
    return out;
  case K::Tuple:
  case K::FixedList:
    out.kind = Shape::Kind::Sequence;
    out.parts.assign(d.types.begin(), d.types.end());
    if (d.kind == K::FixedList) out.repeat = d.length;
    return out;
  case K::List:
  case K::Map:
    out.kind = Shape::Kind::Pointers;
    return out;
  case K::Variant:
    out.kind = Shape::Kind::Variant;
    for (const auto &c : d.cases)
      out.parts.push_back(c.second);
    return out;
  case K::Enum:
    out.kind = Shape::Kind::Variant;
    out.parts.resize(d.labels.size());
    return out;
  case K::Option:
    out.kind = Shape::Kind::Variant;
    out.parts = {std::nullopt, d.types[0]};
    return out;
  case K::Result:
    out.kind = Shape::Kind::Variant;
    out.parts = {d.ok, d.err};
    return out;
  case K::Flags:
  case K::Own:
  case K::Borrow:
    return scalar(ValType::I32);
  }
  return out;
}

} // namespace

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
