// Memory layout of component values by the canonical ABI (see canon_layout.h). The rules follow
// CanonicalABI.md's alignment / elem_size / discriminant_type one to one, on type shapes; the
// validator's types are described as shapes here (shapeOf), the plan's in lowering.
#include "compiler/frontend/component/canon_layout.h"

#include <algorithm>

namespace w2n::canon {

using component::DefinedT;
using K = component::DefValType::Kind;

namespace {
// Sizes beyond any valid value (elem_size < 2^28) saturate here rather than overflow.
constexpr uint64_t kSaturated = uint64_t(1) << 40;

uint64_t saturatingAdd(uint64_t a, uint64_t b) { return std::min(kSaturated, a + b); }
uint64_t saturatingMul(uint64_t a, uint64_t b) {
  return a != 0 && b > kSaturated / a ? kSaturated : std::min(kSaturated, a * b);
}

const DefinedT *definedOf(const TypeStore &s, ValT v) {
  if (v.prim) return nullptr;
  const DefinedT &d = s.defined[v.def];
  return d.kind == K::Prim ? nullptr : &d;
}

std::vector<Layout> layouts(const TypeStore &s, const std::vector<ValT> &types, PtrType ptr) {
  std::vector<Layout> out;
  out.reserve(types.size());
  for (ValT t : types)
    out.push_back(layout(s, t, ptr));
  return out;
}
} // namespace

Kind primKind(PrimType p) {
  switch (p) {
  case PrimType::Bool:
    return Kind::Bool;
  case PrimType::S8:
    return Kind::S8;
  case PrimType::U8:
    return Kind::U8;
  case PrimType::S16:
    return Kind::S16;
  case PrimType::U16:
    return Kind::U16;
  case PrimType::S32:
    return Kind::S32;
  case PrimType::U32:
    return Kind::U32;
  case PrimType::S64:
    return Kind::S64;
  case PrimType::U64:
    return Kind::U64;
  case PrimType::F32:
    return Kind::F32;
  case PrimType::F64:
    return Kind::F64;
  case PrimType::Char:
    return Kind::Char;
  case PrimType::String:
    return Kind::String;
  }
  return Kind::Bool;
}

Despecialized despecialize(const TypeStore &s, ValT v) {
  Despecialized out;
  const DefinedT *d = definedOf(s, v);
  if (!d) {
    out.kind = primKind(v.prim ? v.p : s.defined[v.def].prim);
    return out;
  }
  switch (d->kind) {
  case K::Prim: // handled by definedOf
    break;
  case K::Record:
    out.kind = Kind::Record;
    for (const auto &f : d->fields)
      out.fields.push_back({f.first, f.second});
    break;
  case K::Tuple:
    out.kind = Kind::Record;
    for (size_t i = 0; i < d->types.size(); ++i)
      out.fields.push_back({std::to_string(i), d->types[i]});
    break;
  case K::Variant:
    out.kind = Kind::Variant;
    for (const auto &c : d->cases)
      out.cases.push_back({c.first, c.second});
    break;
  case K::Enum:
    out.kind = Kind::Variant;
    for (const auto &l : d->labels)
      out.cases.push_back({l, std::nullopt});
    break;
  case K::Option:
    out.kind = Kind::Variant;
    out.cases = {{"none", std::nullopt}, {"some", d->types[0]}};
    break;
  case K::Result:
    out.kind = Kind::Variant;
    out.cases = {{"ok", d->ok}, {"error", d->err}};
    break;
  case K::List:
    out.kind = Kind::List;
    out.elem = d->types[0];
    break;
  case K::FixedList:
    out.kind = Kind::List;
    out.elem = d->types[0];
    out.length = d->length;
    break;
  case K::Map:
    out.kind = Kind::List;
    out.entry = {{"0", d->types[0]}, {"1", d->types[1]}};
    break;
  case K::Flags:
    out.kind = Kind::Flags;
    out.flagCount = uint32_t(d->labels.size());
    break;
  case K::Own:
  case K::Borrow:
    out.kind = d->kind == K::Own ? Kind::Own : Kind::Borrow;
    out.resource = d->resource;
    break;
  }
  return out;
}

uint64_t alignTo(uint64_t offset, uint64_t alignment) {
  return (offset + alignment - 1) / alignment * alignment;
}

// ---- Shapes ----

PrimFacts primFacts(PrimType p) {
  switch (p) {
  case PrimType::Bool:
  case PrimType::S8:
  case PrimType::U8:
    return {ShapeKind::Scalar, ValType::I32, 1};
  case PrimType::S16:
  case PrimType::U16:
    return {ShapeKind::Scalar, ValType::I32, 2};
  case PrimType::S32:
  case PrimType::U32:
  case PrimType::Char:
    return {ShapeKind::Scalar, ValType::I32, 4};
  case PrimType::F32:
    return {ShapeKind::Scalar, ValType::F32, 4};
  case PrimType::S64:
  case PrimType::U64:
    return {ShapeKind::Scalar, ValType::I64, 8};
  case PrimType::F64:
    return {ShapeKind::Scalar, ValType::F64, 8};
  case PrimType::String:
    return {ShapeKind::Pointers, ValType::I32, 0};
  }
  return {};
}

TypeShape<ValT> shapeOf(const TypeStore &s, ValT v) {
  if (v.prim) return primShape<ValT>(v.p);
  const DefinedT &d = s.defined[v.def];
  TypeShape<ValT> out;
  switch (d.kind) {
  case K::Prim:
    return primShape<ValT>(d.prim);
  case K::Record:
    out.kind = ShapeKind::Sequence;
    for (const auto &f : d.fields)
      out.parts.push_back(f.second);
    return out;
  case K::Tuple:
  case K::FixedList:
    out.kind = ShapeKind::Sequence;
    out.parts.assign(d.types.begin(), d.types.end());
    if (d.kind == K::FixedList) out.repeat = d.length;
    return out;
  case K::List:
  case K::Map:
    out.kind = ShapeKind::Pointers;
    return out;
  case K::Variant:
    out.kind = ShapeKind::Variant;
    for (const auto &c : d.cases)
      out.parts.push_back(c.second);
    return out;
  case K::Enum:
    out.kind = ShapeKind::Variant;
    out.parts.resize(d.labels.size());
    return out;
  case K::Option:
    out.kind = ShapeKind::Variant;
    out.parts = {std::nullopt, d.types[0]};
    return out;
  case K::Result:
    out.kind = ShapeKind::Variant;
    out.parts = {d.ok, d.err};
    return out;
  case K::Flags:
    return scalarShape<ValT>(static_cast<uint8_t>(flagsSize(d.labels.size())));
  case K::Own:
  case K::Borrow:
    return scalarShape<ValT>(4); // a handle index
  }
  return out;
}

// ---- Layouts ----

PrimType discriminantType(size_t caseCount) {
  // ceil(log2(n) / 8) bytes, with one byte at least: up to 2^8 cases fit a u8, 2^16 a u16.
  if (caseCount <= (size_t(1) << 8)) return PrimType::U8;
  if (caseCount <= (size_t(1) << 16)) return PrimType::U16;
  return PrimType::U32;
}

uint64_t flagsSize(size_t labelCount) {
  if (labelCount <= 8) return 1;
  if (labelCount <= 16) return 2;
  return 4;
}

RecordLayout recordLayout(const std::vector<Layout> &fields) {
  RecordLayout out;
  uint64_t offset = 0;
  for (const Layout &f : fields) {
    offset = alignTo(offset, f.align);
    out.offsets.push_back(offset);
    offset = saturatingAdd(offset, f.size);
    out.align = std::max(out.align, f.align);
  }
  out.size = alignTo(offset, out.align);
  return out;
}

VariantLayout variantLayout(const std::vector<std::optional<Layout>> &cases) {
  VariantLayout out;
  out.discriminant = discriminantType(cases.size());
  out.discriminantSize = primFacts(out.discriminant).size;
  uint64_t caseAlign = 1; // max_case_alignment
  for (const auto &c : cases)
    if (c) {
      caseAlign = std::max(caseAlign, c->align);
      out.maxCaseSize = std::max(out.maxCaseSize, c->size);
    }
  out.payloadOffset = alignTo(out.discriminantSize, caseAlign);
  out.align = std::max(out.discriminantSize, caseAlign);
  out.size = alignTo(saturatingAdd(out.payloadOffset, out.maxCaseSize), out.align);
  return out;
}

TypeLayout layoutOfParts(ShapeKind kind, uint64_t scalarSize, PtrType ptr,
                         const std::vector<std::optional<Layout>> &parts, uint32_t repeat) {
  TypeLayout out;
  switch (kind) {
  case ShapeKind::Scalar:
    out.layout = {scalarSize, scalarSize};
    break;
  case ShapeKind::Pointers: // (pointer, length)
    out.layout = {2 * ptrSize(ptr), ptrSize(ptr)};
    break;
  case ShapeKind::Sequence: {
    std::vector<Layout> fields;
    for (const auto &p : parts)
      if (p) fields.push_back(*p);
    RecordLayout r = recordLayout(fields);
    // A fixed-size list repeats its element, whose size is a multiple of its alignment.
    out.layout = {saturatingMul(r.size, repeat), r.align};
    if (repeat == 1) out.offsets = std::move(r.offsets);
    break;
  }
  case ShapeKind::Variant: {
    VariantLayout v = variantLayout(parts);
    out.layout = {v.size, v.align};
    out.discriminantSize = v.discriminantSize;
    out.payloadOffset = v.payloadOffset;
    break;
  }
  }
  return out;
}

// ---- The validator's types ----

Layout layout(const TypeStore &s, ValT v, PtrType ptr) {
  return layoutWith(shapeOf(s, v), ptr, [&](ValT part) { return layout(s, part, ptr); }).layout;
}

uint64_t alignment(const TypeStore &s, ValT v, PtrType ptr) { return layout(s, v, ptr).align; }

uint64_t elemSize(const TypeStore &s, ValT v, PtrType ptr) { return layout(s, v, ptr).size; }

RecordLayout recordLayout(const TypeStore &s, const std::vector<ValT> &fields, PtrType ptr) {
  return recordLayout(layouts(s, fields, ptr));
}

RecordLayout recordLayout(const TypeStore &s, ValT v, PtrType ptr) {
  const DefinedT *d = definedOf(s, v);
  if (!d || (d->kind != K::Record && d->kind != K::Tuple)) return {};
  std::vector<ValT> fields;
  for (const auto &p : shapeOf(s, v).parts)
    fields.push_back(*p);
  return recordLayout(s, fields, ptr);
}

VariantLayout variantLayout(const TypeStore &s, const std::vector<std::optional<ValT>> &cases,
                            PtrType ptr) {
  std::vector<std::optional<Layout>> layouts;
  layouts.reserve(cases.size());
  for (const auto &c : cases)
    layouts.push_back(c ? std::optional<Layout>(layout(s, *c, ptr)) : std::nullopt);
  return variantLayout(layouts);
}

VariantLayout variantLayout(const TypeStore &s, ValT v, PtrType ptr) {
  const DefinedT *d = definedOf(s, v);
  if (!d) return {};
  switch (d->kind) {
  case K::Variant:
  case K::Enum:
  case K::Option:
  case K::Result:
    return variantLayout(s, shapeOf(s, v).parts, ptr);
  default:
    return {};
  }
}

} // namespace w2n::canon
