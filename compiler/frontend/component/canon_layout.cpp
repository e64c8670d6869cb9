// Memory layout of component values by the canonical ABI (see canon_layout.h). The functions
// follow CanonicalABI.md's definitions one to one, but walk the TypeStore directly instead of
// building despecialized copies, since lifting and lowering ask for layouts often.
#include "compiler/frontend/component/canon_layout.h"

#include <algorithm>

namespace w2n::canon {

using component::DefinedT;
using K = component::DefValType::Kind;

namespace {
// Sizes beyond any valid value (elem_size < 2^28) saturate here rather than overflow.
constexpr uint64_t kSaturated = uint64_t(1) << 40;

uint64_t primSize(PrimType p, PtrType ptr) {
  switch (p) {
  case PrimType::Bool:
  case PrimType::S8:
  case PrimType::U8:
    return 1;
  case PrimType::S16:
  case PrimType::U16:
    return 2;
  case PrimType::S32:
  case PrimType::U32:
  case PrimType::F32:
  case PrimType::Char:
    return 4;
  case PrimType::S64:
  case PrimType::U64:
  case PrimType::F64:
    return 8;
  case PrimType::String:
    return 2 * ptrSize(ptr);
  }
  return 1;
}

uint64_t primAlign(PrimType p, PtrType ptr) {
  return p == PrimType::String ? ptrSize(ptr) : primSize(p, ptr);
}

const DefinedT *definedOf(const TypeStore &s, ValT v) {
  if (v.prim) return nullptr;
  const DefinedT &d = s.defined[v.def];
  return d.kind == K::Prim ? nullptr : &d;
}
PrimType primOf(const TypeStore &s, ValT v) { return v.prim ? v.p : s.defined[v.def].prim; }

// The field types of a record, tuple or map entry (despecialize's record), by kind.
std::vector<ValT> recordFields(const DefinedT &d) {
  if (d.kind == K::Record) {
    std::vector<ValT> out;
    out.reserve(d.fields.size());
    for (const auto &f : d.fields)
      out.push_back(f.second);
    return out;
  }
  return d.types; // Tuple; Map: the entry {key, value}
}

// The case payload types of a variant, enum, option or result (despecialize's variant).
std::vector<std::optional<ValT>> variantCases(const DefinedT &d) {
  switch (d.kind) {
  case K::Enum:
    return std::vector<std::optional<ValT>>(d.labels.size());
  case K::Option:
    return {std::nullopt, d.types[0]};
  case K::Result:
    return {d.ok, d.err};
  default: {
    std::vector<std::optional<ValT>> out;
    out.reserve(d.cases.size());
    for (const auto &c : d.cases)
      out.push_back(c.second);
    return out;
  }
  }
}

uint64_t maxCaseAlignment(const TypeStore &s, const std::vector<std::optional<ValT>> &cases,
                          PtrType ptr) {
  uint64_t a = 1;
  for (const auto &c : cases)
    if (c) a = std::max(a, alignment(s, *c, ptr));
  return a;
}

uint64_t recordAlignment(const TypeStore &s, const std::vector<ValT> &fields, PtrType ptr) {
  uint64_t a = 1;
  for (ValT f : fields)
    a = std::max(a, alignment(s, f, ptr));
  return a;
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
    out.kind = primKind(primOf(s, v));
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

uint64_t alignment(const TypeStore &s, ValT v, PtrType ptr) {
  const DefinedT *d = definedOf(s, v);
  if (!d) return primAlign(primOf(s, v), ptr);
  switch (d->kind) {
  case K::Prim:
    break;
  case K::List:
  case K::Map:
    return ptrSize(ptr);
  case K::FixedList:
    return alignment(s, d->types[0], ptr);
  case K::Record:
  case K::Tuple:
    return recordAlignment(s, recordFields(*d), ptr);
  case K::Variant:
  case K::Enum:
  case K::Option:
  case K::Result: {
    auto cases = variantCases(*d);
    return std::max(primSize(discriminantType(cases.size()), ptr), maxCaseAlignment(s, cases, ptr));
  }
  case K::Flags:
    return flagsSize(d->labels.size());
  case K::Own:
  case K::Borrow:
    return 4;
  }
  return 1;
}

uint64_t elemSize(const TypeStore &s, ValT v, PtrType ptr) {
  const DefinedT *d = definedOf(s, v);
  if (!d) return primSize(primOf(s, v), ptr);
  switch (d->kind) {
  case K::Prim:
    break;
  case K::List:
  case K::Map:
    return 2 * ptrSize(ptr);
  case K::FixedList:
    return std::min(kSaturated, uint64_t(d->length) * elemSize(s, d->types[0], ptr));
  case K::Record:
  case K::Tuple:
    return recordLayout(s, recordFields(*d), ptr).size;
  case K::Variant:
  case K::Enum:
  case K::Option:
  case K::Result:
    return variantLayout(s, variantCases(*d), ptr).size;
  case K::Flags:
    return flagsSize(d->labels.size());
  case K::Own:
  case K::Borrow:
    return 4;
  }
  return 1;
}

RecordLayout recordLayout(const TypeStore &s, const std::vector<ValT> &fields, PtrType ptr) {
  RecordLayout out;
  uint64_t offset = 0;
  for (ValT f : fields) {
    uint64_t a = alignment(s, f, ptr);
    offset = alignTo(offset, a);
    out.offsets.push_back(offset);
    offset = std::min(kSaturated, offset + elemSize(s, f, ptr));
    out.align = std::max(out.align, a);
  }
  out.size = alignTo(offset, out.align);
  return out;
}

RecordLayout recordLayout(const TypeStore &s, ValT v, PtrType ptr) {
  const DefinedT *d = definedOf(s, v);
  if (!d || (d->kind != K::Record && d->kind != K::Tuple)) return {};
  return recordLayout(s, recordFields(*d), ptr);
}

VariantLayout variantLayout(const TypeStore &s, const std::vector<std::optional<ValT>> &cases,
                            PtrType ptr) {
  VariantLayout out;
  out.discriminant = discriminantType(cases.size());
  out.discriminantSize = primSize(out.discriminant, ptr);
  uint64_t caseAlign = maxCaseAlignment(s, cases, ptr);
  out.payloadOffset = alignTo(out.discriminantSize, caseAlign);
  for (const auto &c : cases)
    if (c) out.maxCaseSize = std::max(out.maxCaseSize, elemSize(s, *c, ptr));
  out.align = std::max(out.discriminantSize, caseAlign);
  out.size = alignTo(std::min(kSaturated, out.payloadOffset + out.maxCaseSize), out.align);
  return out;
}

VariantLayout variantLayout(const TypeStore &s, ValT v, PtrType ptr) {
  const DefinedT *d = definedOf(s, v);
  if (!d) return {};
  switch (d->kind) {
  case K::Variant:
  case K::Enum:
  case K::Option:
  case K::Result:
    return variantLayout(s, variantCases(*d), ptr);
  default:
    return {};
  }
}

} // namespace w2n::canon
