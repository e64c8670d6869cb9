// The component model GC options (wasm-tools' cm-gc): GC core types declared at component level
// (kept per scope in a synthetic Module, so the core GC machinery gives them canonical
// identities and subtyping), and the `gc` / `core-type` canonical options, whose core function
// types take and return component values as GC values: numbers as themselves, strings, lists,
// records and tuples as references to arrays and structs of matching storage types, variants as
// references to an empty struct, handles as externrefs.
#include "compiler/frontend/component/component_validator.h"
#include "compiler/frontend/gc_types.h"

namespace w2n::component {

namespace {

const char *kindName(DefValType::Kind k) {
  switch (k) {
  case DefValType::Kind::Record:
    return "record";
  case DefValType::Kind::Variant:
    return "variant";
  case DefValType::Kind::List:
  case DefValType::Kind::FixedList:
    return "list";
  case DefValType::Kind::Tuple:
    return "tuple";
  case DefValType::Kind::Flags:
    return "flags";
  case DefValType::Kind::Enum:
    return "enum";
  case DefValType::Kind::Option:
    return "option";
  case DefValType::Kind::Result:
    return "result";
  case DefValType::Kind::Own:
    return "own";
  case DefValType::Kind::Borrow:
    return "borrow";
  default:
    return "map";
  }
}

// Checks component values against GC core types: "" when they match, else the error.
class GcMatcher {
public:
  GcMatcher(const TypeStore &s, const Module &types, CanonOptions::Encoding enc)
      : s_(s), m_(types), enc_(enc) {}

  // A value passed as a parameter or result.
  std::string value(ValT t, ValType core) {
    if (t.prim) return prim(t.p, core, false);
    const DefinedT &d = s_.defined[t.def];
    std::string name = kindName(d.kind);
    switch (d.kind) {
    case DefValType::Kind::Prim:
      return prim(d.prim, core, false);
    case DefValType::Kind::Enum:
    case DefValType::Kind::Flags:
      if (core == ValType::I32) return {};
      return "expected to lower component `" + name + "` type into core `i32` type, but found `" +
             valTypeName(core) + "`";
    case DefValType::Kind::Own:
    case DefValType::Kind::Borrow:
      if (isRefType(core) && heapOf(core) == heap::Extern) return {};
      return "expected to lower component `" + name +
             "` type into core `(ref null? extern)` type, but found `" + valTypeName(core) + "`";
    case DefValType::Kind::List:
    case DefValType::Kind::FixedList: {
      const GcTypeDef *a = concrete(core, CompositeKind::Array);
      if (!a)
        return "expected to lower component `list` type into `(ref null? (array ...))`, but "
               "found `" +
               valTypeName(core) + "`";
      return field(d.types[0], a->fields[0]);
    }
    case DefValType::Kind::Record:
    case DefValType::Kind::Tuple: {
      const GcTypeDef *st = concrete(core, CompositeKind::Struct);
      if (!st)
        return "expected to lower component `" + name +
               "` type to core `(ref null? (struct ...))`, but found `" + valTypeName(core) + "`";
      size_t n = d.kind == DefValType::Kind::Record ? d.fields.size() : d.types.size();
      if (st->fields.size() != n)
        return "core `struct` has " + std::to_string(st->fields.size()) +
               " fields, but component `" + name + "` has " + std::to_string(n) + " fields";
      for (size_t i = 0; i < n; ++i) {
        ValT ft = d.kind == DefValType::Kind::Record ? d.fields[i].second : d.types[i];
        std::string e = field(ft, st->fields[i]);
        if (!e.empty()) return e;
      }
      return {};
    }
    default: { // variant, option, result: a reference to an empty struct
      const GcTypeDef *st = concrete(core, CompositeKind::Struct);
      if (st && st->fields.empty()) return {};
      return "expected to lower component `" + name + "` type to core `(ref null? (struct))`";
    }
    }
  }

private:
  const GcTypeDef *concrete(ValType core, CompositeKind kind) {
    if (!isRefType(core) || !heap::isConcrete(heapOf(core))) return nullptr;
    uint32_t i = heap::typeIndex(heapOf(core));
    if (i >= m_.typeDefs.size() || m_.typeDefs[i].kind != kind) return nullptr;
    return &m_.typeDefs[i];
  }

  // A value stored in a struct field or array element: small integers packed.
  std::string field(ValT t, const FieldType &f) {
    PrimType p = t.prim ? t.p : PrimType::String;
    bool primitive = t.prim || s_.defined[t.def].kind == DefValType::Kind::Prim;
    if (!t.prim && primitive) p = s_.defined[t.def].prim;
    if (!primitive) return f.packedBytes ? mismatch("value", "a reference", f) : value(t, f.type);
    return prim(p, f.type, true, f.packedBytes);
  }

  std::string mismatch(const std::string &what, const std::string &want, const FieldType &f) {
    return "expected to lower component `" + what + "` type to core " + want + ", found `" +
           (f.packedBytes == 1   ? "i8"
            : f.packedBytes == 2 ? "i16"
                                 : valTypeName(f.type)) +
           "`";
  }

  std::string prim(PrimType p, ValType core, bool stored, uint8_t packed = 0) {
    std::string want;
    uint8_t wantPacked = 0;
    ValType wantType = ValType::I32;
    switch (p) {
    case PrimType::Bool:
    case PrimType::S8:
    case PrimType::U8:
      wantPacked = stored ? 1 : 0;
      break;
    case PrimType::S16:
    case PrimType::U16:
      wantPacked = stored ? 2 : 0;
      break;
    case PrimType::S64:
    case PrimType::U64:
      wantType = ValType::I64;
      break;
    case PrimType::F32:
      wantType = ValType::F32;
      break;
    case PrimType::F64:
      wantType = ValType::F64;
      break;
    case PrimType::String: {
      if (packed) return mismatch("string", "a reference", FieldType{core, packed, false});
      const GcTypeDef *a = concrete(core, CompositeKind::Array);
      uint8_t unit = enc_ == CanonOptions::Encoding::Utf16 ? 2 : 1;
      if (a && a->fields[0].packedBytes == unit) return {};
      return std::string("expected to lower component `string` type to core `(ref null? (array "
                         "(mut? ") +
             (unit == 2 ? "i16" : "i8") + ")))` type, found `" + valTypeName(core) + "`";
    }
    default: // u32, s32, char
      break;
    }
    if (packed == wantPacked && (wantPacked || core == wantType)) return {};
    std::string w = wantPacked == 1 ? "i8" : wantPacked == 2 ? "i16" : valTypeName(wantType);
    std::string found = packed == 1 ? "i8" : packed == 2 ? "i16" : valTypeName(core);
    return std::string("expected to lower component `") + primTypeName(p) + "` type to core `" + w +
           "` type, found `" + found + "`";
  }

  const TypeStore &s_;
  const Module &m_;
  CanonOptions::Encoding enc_;
};

} // namespace

void Validator::addSyntheticCoreType(Scope &s, const FuncType &func, GcTypeDef def) {
  Module &m = s.gcTypes;
  uint32_t index = static_cast<uint32_t>(m.types.size());
  def.recStart = index;
  def.recSize = 1;
  m.types.push_back(func);
  m.typeDefs.push_back(std::move(def));
  canonicalizeTypes(m, index);
}

bool Validator::coreTypeRefs(const Scope &s, ValType t, uint32_t bound, uint64_t offset) {
  if (!isRefType(t) || !heap::isConcrete(heapOf(t))) return true;
  uint32_t i = heap::typeIndex(heapOf(t));
  if (i >= bound)
    return error(offset, "unknown type " + std::to_string(i) + ": type index out of bounds");
  if (i < s.coreTypes.size() && s.coreTypes[i].module)
    return error(offset, "type index " + std::to_string(i) + " is a module type");
  return true;
}

bool Validator::coreGcTypes(const CoreTypeDef &d) {
  Scope &s = cur();
  Module &m = s.gcTypes;
  m.gc = true;
  uint32_t start = static_cast<uint32_t>(m.types.size());
  uint32_t bound = start + static_cast<uint32_t>(d.group.size());
  for (size_t k = 0; k < d.group.size(); ++k) {
    GcTypeDef def = d.group[k];
    const FuncType &f = d.groupFuncs[k];
    for (const auto *list : {&f.params, &f.results})
      for (ValType t : *list)
        if (!coreTypeRefs(s, t, bound, def.offset)) return false;
    for (const FieldType &fld : def.fields)
      if (!coreTypeRefs(s, fld.type, bound, def.offset)) return false;
    uint32_t self = start + static_cast<uint32_t>(k);
    if (def.super) {
      if (*def.super >= self)
        return error(def.offset, "supertype " + std::to_string(*def.super) +
                                     " must be defined before type " + std::to_string(self));
      def.depth = m.typeDefs[*def.super].depth + 1;
    }
    def.recStart = start;
    def.recSize = static_cast<uint32_t>(d.group.size());
    m.types.push_back(f);
    m.typeDefs.push_back(std::move(def));
  }
  canonicalizeTypes(m, start);
  uint32_t bad = 0;
  std::string err = checkTypeDefs(m, bad, start);
  if (!err.empty()) return error(m.typeDefs[bad].offset, err);
  for (uint32_t i = start; i < bound; ++i) {
    CoreTypeEntry e;
    e.func = m.types[i];
    e.gcIndex = i;
    s.coreTypes.push_back(std::move(e));
  }
  return true;
}

bool Validator::gcOptions(const CanonDef &d, const FuncT &f, FuncType &lowered) {
  const CanonOptions &o = d.options;
  bool lower = d.kind == CanonDef::Kind::Lower;
  if (!lower && o.coreType)
    return error(d.offset, "canonical option `core-type` is not allowed in `canon lift`");
  if (o.coreType && !o.gc) return error(d.offset, "cannot specify `core-type` without `gc`");
  if (!o.gc) return true;
  if (lower && !o.coreType)
    return error(d.offset,
                 "cannot specify `gc` without also specifying a `core-type` for lowerings");
  Scope &s = cur();
  CanonOptions::Encoding enc = o.encoding.value_or(CanonOptions::Encoding::Utf8);
  GcMatcher match(store, s.gcTypes, enc);
  auto check = [&](const FuncType &core) -> bool {
    if (core.params.size() != f.params.size() || core.results.size() != (f.result ? 1u : 0u))
      return error(d.offset, "core function type has " + std::to_string(core.params.size()) +
                                 " parameters and " + std::to_string(core.results.size()) +
                                 " results, the component function " +
                                 std::to_string(f.params.size()) + " and " +
                                 std::to_string(f.result ? 1 : 0));
    for (size_t i = 0; i < f.params.size(); ++i) {
      std::string e = match.value(f.params[i].second, core.params[i]);
      if (!e.empty()) return error(d.offset, e);
    }
    if (f.result) {
      std::string e = match.value(*f.result, core.results[0]);
      if (!e.empty()) return error(d.offset, e);
    }
    return true;
  };
  if (lower) {
    if (*o.coreType >= s.coreTypes.size())
      return error(d.offset, "unknown core type " + std::to_string(*o.coreType) +
                                 ": type index out of bounds");
    const CoreTypeEntry &e = s.coreTypes[*o.coreType];
    if (e.module || (e.gcIndex && s.gcTypes.typeDefs[*e.gcIndex].kind != CompositeKind::Func))
      return error(d.offset,
                   "core type " + std::to_string(*o.coreType) + " is not a function type");
    lowered = e.func;
    return check(lowered);
  }
  // A lifted core function's types belong to its module, which validation no longer sees here:
  // numbers are checked, references are only required to be references.
  FuncType core;
  if (!coreFuncAt(d.func, d.offset, core)) return false;
  if (core.params.size() != f.params.size() || core.results.size() != (f.result ? 1u : 0u))
    return check(core);
  for (size_t i = 0; i <= f.params.size(); ++i) {
    if (i == f.params.size() && !f.result) break;
    ValT t = i < f.params.size() ? f.params[i].second : *f.result;
    ValType c = i < f.params.size() ? core.params[i] : core.results[0];
    if (isRefType(c)) continue;
    std::string e = match.value(t, c);
    if (!e.empty()) return error(d.offset, e);
  }
  return true;
}

} // namespace w2n::component
