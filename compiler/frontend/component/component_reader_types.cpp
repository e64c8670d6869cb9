// The type grammar of the component binary format: core types (function and module types),
// value types, defined value types, function, component, instance and resource types, extern
// descriptors and type sections. Async types (stream, future, error-context, async functions)
// are reported as unsupported; GC core types likewise.
#include "compiler/frontend/component/component_reader.h"
#include "compiler/frontend/module_reader.h"
#include "compiler/frontend/value_types.h"

namespace w2n::component {

namespace {
bool isPrimOpcode(uint8_t b) { return b >= 0x73 && b <= 0x7f; }
} // namespace

bool ComponentReader::readLabel(Cursor &c, std::string &out) { return c.name(out); }

bool ComponentReader::readLabeledType(Cursor &c, LabeledType &out) {
  return readLabel(c, out.label) && readValTypeRef(c, out.type);
}

bool ComponentReader::readValTypeRef(Cursor &c, ValTypeRef &out) {
  out.offset = c.offset();
  uint8_t b = 0;
  if (!c.peekU8(b)) return c.failEnd();
  if (isPrimOpcode(b)) {
    c.u8(b);
    out.isPrim = true;
    out.prim = static_cast<PrimType>(b);
    return true;
  }
  if (b == 0x64) return failAsync(c, out.offset, "error-context type");
  int64_t v = 0;
  if (!c.s33(v)) return false;
  if (v < 0) return c.fail(out.offset, "invalid leading byte (0x" + fmtHex(b) + ") for valtype");
  out.isPrim = false;
  out.index = TypeIndex(static_cast<uint32_t>(v));
  return true;
}

bool ComponentReader::readCoreExternType(Cursor &c, CoreExternType &out) {
  uint64_t at = c.offset();
  uint8_t kind = 0;
  if (!c.u8(kind)) return false;
  switch (kind) {
  case 0x00:
    out.kind = ExternKind::Func;
    return c.u32(out.funcType);
  case 0x01: {
    out.kind = ExternKind::Table;
    uint8_t first = 0;
    if (c.peekU8(first) && first == 0x40)
      return c.failHere("unsupported feature: typed function references (table initializer)");
    return readRefType(c, out.table.elemType, kComponentCoreTypeRules) &&
           ModuleReader::readLimits(c, out.table.limits, false, &out.table.shared, nullptr,
                                    &out.table.is64);
  }
  case 0x02:
    out.kind = ExternKind::Memory;
    return ModuleReader::readLimits(c, out.memory.limits, true, &out.memory.shared,
                                    &out.memory.pageSizeLog2, &out.memory.is64);
  case 0x03:
    out.kind = ExternKind::Global;
    return readGlobalType(c, out.global, kComponentCoreTypeRules);
  case 0x04: {
    out.kind = ExternKind::Tag;
    uint64_t attrAt = c.offset();
    uint8_t attribute = 0;
    if (!c.u8(attribute)) return false;
    if (attribute != 0) return c.fail(attrAt, "malformed tag attribute");
    return c.u32(out.funcType);
  }
  }
  return c.fail(at, "invalid leading byte (0x" + fmtHex(kind) + ") for type reference");
}

bool ComponentReader::readCoreType(Cursor &c, CoreTypeDef &out, bool insideModuleType) {
  out.offset = c.offset();
  uint8_t form = 0;
  if (!c.peekU8(form)) return c.failEnd();
  // GC types: a rec group, or one (sub) type. At component level a non-final sub is prefixed
  // with 0x00 (0x50 alone is a module type); inside a module type 0x50 is a sub type.
  bool gcForm = form == 0x4e || form == 0x4f || form == 0x5e || form == 0x5f || form == 0x00 ||
                form == 0x65 || (form == 0x50 && insideModuleType);
  if (gcForm) {
    out.kind = CoreTypeDef::Kind::Gc;
    auto subType = [&] {
      uint8_t b = 0;
      if (!c.peekU8(b)) return c.failEnd();
      if (b == 0x00) {
        uint64_t at = c.offset();
        c.u8(b);
        if (!c.peekU8(b)) return c.failEnd();
        if (b != 0x50)
          return c.fail(at, "invalid leading byte (0x" + fmtHex(b) + ") for non-final sub type");
      }
      FuncType f;
      GcTypeDef d;
      if (!ModuleReader::readSubTypeBody(c, kComponentCoreTypeRules, f, d)) return false;
      out.groupFuncs.push_back(std::move(f));
      out.group.push_back(std::move(d));
      return true;
    };
    if (form == 0x4e) { // a rec group: a vector of sub types
      c.u8(form);
      if (!readVector(c, subType)) return false;
    } else if (!subType()) {
      return false;
    }
    if (out.group.size() == 1 && out.group[0].kind == CompositeKind::Func)
      out.func = out.groupFuncs[0];
    return true;
  }
  c.u8(form);
  if (form == 0x60) {
    out.kind = CoreTypeDef::Kind::Func;
    return readFuncTypeVectors(c, out.func, kComponentCoreTypeRules);
  }
  if (form == 0x50 && !insideModuleType) {
    out.kind = CoreTypeDef::Kind::Module;
    return readVectorInto(c, out.moduleDecls, [&](ModuleTypeDecl &d) {
      d.offset = c.offset();
      uint8_t kind = 0;
      if (!c.u8(kind)) return false;
      switch (kind) {
      case 0x00:
        d.kind = ModuleTypeDecl::Kind::Import;
        if (!c.name(d.module) || !c.name(d.name) || !readCoreExternType(c, d.desc)) return false;
        break;
      case 0x01: {
        d.kind = ModuleTypeDecl::Kind::Type;
        CoreTypeDef inner;
        if (!readCoreType(c, inner, true)) return false;
        d.funcType = std::move(inner.func);
        if (inner.kind == CoreTypeDef::Kind::Gc) {
          d.group = std::move(inner.group);
          d.groupFuncs = std::move(inner.groupFuncs);
        } else {
          d.group.emplace_back();
          d.groupFuncs.push_back(d.funcType);
        }
        break;
      }
      case 0x02: {
        d.kind = ModuleTypeDecl::Kind::Alias;
        uint64_t sortAt = c.offset();
        uint8_t sort = 0, target = 0;
        if (!c.u8(sort)) return false;
        if (sort != 0x10)
          return c.fail(sortAt,
                        "invalid leading byte (0x" + fmtHex(sort) + ") for module type alias sort");
        uint64_t targetAt = c.offset();
        if (!c.u8(target)) return false;
        if (target != 0x01)
          return c.fail(targetAt,
                        "invalid leading byte (0x" + fmtHex(target) + ") for outer alias kind");
        if (!c.u32(d.outerCount) || !c.u32(d.outerIndex)) return false;
        break;
      }
      case 0x03:
        d.kind = ModuleTypeDecl::Kind::Export;
        if (!c.name(d.name) || !readCoreExternType(c, d.desc)) return false;
        break;
      default:
        return c.fail(d.offset,
                      "invalid leading byte (0x" + fmtHex(kind) + ") for type definition");
      }
      return true;
    });
  }
  // A GC `sub` / `sub final` type (0x50 / 0x4f; at the top level 0x00 0x50, since 0x50 is a
  // module type there) without supertypes around a function type is that function type.
  uint8_t next = 0;
  bool sub = insideModuleType ? (form == 0x50 || form == 0x4f)
                              : form == 0x00 && c.peekU8(next) && (next == 0x50 || next == 0x4f);
  if (sub) {
    if (!insideModuleType) c.u8(next);
    uint32_t supertypes = 0;
    uint8_t comp = 0;
    if (!c.u32(supertypes)) return false;
    if (supertypes != 0 || !c.peekU8(comp) || comp != 0x60)
      return c.fail(out.offset,
                    "unsupported feature: GC types (core subtypes, struct/array types)");
    return readCoreType(c, out, insideModuleType);
  }
  if (form == 0x4e || form == 0x4f || form == 0x5e || form == 0x5f || form == 0x5d || form == 0x00)
    return c.fail(out.offset, "unsupported feature: GC types (core rec/sub/struct/array types)");
  return c.fail(out.offset, "invalid leading byte (0x" + fmtHex(form) + ") for core type");
}

bool ComponentReader::readCoreTypeSection(Cursor &c, Component &out) {
  return readDefinitions<CoreTypeDef>(c, out, Definition::Kind::CoreType,
                                      [&](CoreTypeDef &t) { return readCoreType(c, t, false); });
}

bool ComponentReader::readDefValType(Cursor &c, uint8_t opcode, uint64_t at, DefValType &out) {
  using K = DefValType::Kind;
  auto readOptional = [&](std::optional<ValTypeRef> &slot) {
    uint64_t flagAt = c.offset();
    uint8_t present = 0;
    if (!c.u8(present)) return false;
    if (present == 0) return true;
    if (present != 1)
      return c.fail(flagAt, "invalid leading byte (0x" + fmtHex(present) + ") for optional");
    ValTypeRef t;
    if (!readValTypeRef(c, t)) return false;
    slot = t;
    return true;
  };
  auto readOne = [&](K kind) {
    out.kind = kind;
    ValTypeRef t;
    if (!readValTypeRef(c, t)) return false;
    out.types.push_back(t);
    return true;
  };
  auto readLabels = [&](K kind) {
    out.kind = kind;
    return readVectorInto(c, out.labels, [&](std::string &label) { return readLabel(c, label); });
  };
  if (isPrimOpcode(opcode)) {
    out.kind = K::Prim;
    out.prim = static_cast<PrimType>(opcode);
    return true;
  }
  switch (opcode) {
  case 0x72: {
    out.kind = K::Record;
    return readVectorInto(c, out.fields, [&](LabeledType &f) { return readLabeledType(c, f); });
  }
  case 0x71: {
    out.kind = K::Variant;
    return readVectorInto(c, out.cases, [&](VariantCase &vc) {
      if (!readLabel(c, vc.label) || !readOptional(vc.type)) return false;
      uint64_t refAt = c.offset();
      uint8_t refines = 0;
      if (!c.u8(refines)) return false;
      if (refines == 1) {
        uint32_t index = 0;
        if (!c.u32(index)) return false;
        vc.refines = index;
      } else if (refines != 0) {
        return c.fail(refAt, "invalid leading byte (0x" + fmtHex(refines) + ") for variant case");
      }
      return true;
    });
  }
  case 0x70:
    return readOne(K::List);
  case 0x67:
    if (!readOne(K::FixedList)) return false;
    return c.u32(out.length);
  case 0x6f: {
    out.kind = K::Tuple;
    return readVectorInto(c, out.types, [&](ValTypeRef &t) { return readValTypeRef(c, t); });
  }
  case 0x6e:
    return readLabels(K::Flags);
  case 0x6d:
    return readLabels(K::Enum);
  case 0x6b:
    return readOne(K::Option);
  case 0x6a:
    out.kind = K::Result;
    return readOptional(out.ok) && readOptional(out.err);
  case 0x69:
  case 0x68: {
    out.kind = opcode == 0x69 ? K::Own : K::Borrow;
    uint32_t index = 0;
    if (!c.u32(index)) return false;
    out.resource = TypeIndex(index);
    return true;
  }
  case 0x63:
    out.kind = K::Map;
    return readOne(K::Map) && readOne(K::Map);
  case 0x66:
    return failAsync(c, at, "stream type");
  case 0x65:
    return failAsync(c, at, "future type");
  case 0x64:
    return failAsync(c, at, "error-context type");
  }
  return c.fail(at, "invalid leading byte (0x" + fmtHex(opcode) + ") for component defined type");
}

bool ComponentReader::readExternDesc(Cursor &c, ExternDesc &out) {
  out.offset = c.offset();
  uint8_t kind = 0;
  if (!c.u8(kind)) return false;
  switch (kind) {
  case 0x00: {
    uint64_t at = c.offset();
    uint8_t sub = 0;
    if (!c.u8(sub)) return false;
    if (sub != 0x11)
      return c.fail(at, "invalid leading byte (0x" + fmtHex(sub) + ") for core module type");
    out.kind = ExternDesc::Kind::Module;
    return c.u32(out.index);
  }
  case 0x01:
  case 0x04:
  case 0x05:
    out.kind = static_cast<ExternDesc::Kind>(kind);
    return c.u32(out.index);
  case 0x02:
    // The reference toolchain encodes a value import as the bare valtype (the older form of
    // Binary.md's valuebound), which is what the test suites contain.
    out.kind = ExternDesc::Kind::Value;
    return readValTypeRef(c, out.valType);
  case 0x03: {
    out.kind = ExternDesc::Kind::Type;
    uint64_t at = c.offset();
    uint8_t bound = 0;
    if (!c.u8(bound)) return false;
    if (bound == 0x00) return c.u32(out.index);
    if (bound == 0x01) {
      out.typeSubResource = true;
      return true;
    }
    return c.fail(at, "invalid leading byte (0x" + fmtHex(bound) + ") for type bound");
  }
  }
  return c.fail(out.offset, "invalid leading byte (0x" + fmtHex(kind) + ") for type reference");
}

bool ComponentReader::readTypeDecls(Cursor &c, TypeDef &out, bool component, unsigned depth) {
  return readVectorInto(c, out.decls, [&](TypeDecl &d) {
    d.offset = c.offset();
    uint8_t kind = 0;
    if (!c.u8(kind)) return false;
    switch (kind) {
    case 0x00:
      d.kind = TypeDecl::Kind::CoreType;
      d.coreType = std::make_unique<CoreTypeDef>();
      if (!readCoreType(c, *d.coreType, false)) return false;
      break;
    case 0x01:
      d.kind = TypeDecl::Kind::Type;
      d.type = std::make_unique<TypeDef>();
      if (!readType(c, *d.type, depth + 1)) return false;
      break;
    case 0x02:
      d.kind = TypeDecl::Kind::Alias;
      if (!readAlias(c, d.alias)) return false;
      break;
    case 0x03:
      if (!component)
        return c.fail(d.offset, "invalid leading byte (0x3) for instance type declaration");
      d.kind = TypeDecl::Kind::Import;
      if (!readExternName(c, d.name) || !readExternDesc(c, d.desc)) return false;
      break;
    case 0x04:
      d.kind = TypeDecl::Kind::Export;
      if (!readExternName(c, d.name) || !readExternDesc(c, d.desc)) return false;
      break;
    default:
      return c.fail(d.offset, "invalid leading byte (0x" + fmtHex(kind) + ") for " +
                                  (component ? "component" : "instance") + " type declaration");
    }
    return true;
  });
}

bool ComponentReader::readType(Cursor &c, TypeDef &out, unsigned depth) {
  if (depth >= kMaxNesting) return c.failHere("types nested too deeply");
  out.offset = c.offset();
  uint8_t opcode = 0;
  if (!c.u8(opcode)) return false;
  switch (opcode) {
  case 0x40: {
    out.kind = TypeDef::Kind::Func;
    if (!readVectorInto(c, out.func.params, [&](LabeledType &p) { return readLabeledType(c, p); }))
      return false;
    uint64_t at = c.offset();
    uint8_t form = 0;
    if (!c.u8(form)) return false;
    if (form == 0x00) {
      ValTypeRef t;
      if (!readValTypeRef(c, t)) return false;
      out.func.result = t;
    } else if (form == 0x01) {
      uint64_t countAt = c.offset();
      uint8_t zero = 0;
      if (!c.u8(zero)) return false;
      if (zero != 0)
        return c.fail(countAt,
                      "invalid leading byte (0x" + fmtHex(zero) + ") for number of results");
    } else {
      return c.fail(at,
                    "invalid leading byte (0x" + fmtHex(form) + ") for component function results");
    }
    return true;
  }
  case 0x43:
    return failAsync(c, out.offset, "async function type");
  case 0x41:
    out.kind = TypeDef::Kind::Component;
    return readTypeDecls(c, out, true, depth);
  case 0x42:
    out.kind = TypeDef::Kind::Instance;
    return readTypeDecls(c, out, false, depth);
  case 0x3f: {
    out.kind = TypeDef::Kind::Resource;
    if (!readValType(c, out.resource.rep)) return false;
    uint64_t at = c.offset();
    uint8_t present = 0;
    if (!c.u8(present)) return false;
    if (present == 1) {
      uint32_t dtor = 0;
      if (!c.u32(dtor)) return false;
      out.resource.dtor = CoreFuncIndex(dtor);
    } else if (present != 0) {
      return c.fail(at, "invalid leading byte (0x" + fmtHex(present) + ") for optional");
    }
    return true;
  }
  case 0x3e:
    return failAsync(c, out.offset, "resource with an async destructor");
  }
  out.kind = TypeDef::Kind::Defined;
  return readDefValType(c, opcode, out.offset, out.defined);
}

bool ComponentReader::readTypeSection(Cursor &c, Component &out, unsigned depth) {
  return readDefinitions<TypeDef>(c, out, Definition::Kind::Type,
                                  [&](TypeDef &t) { return readType(c, t, depth); });
}

} // namespace w2n::component
