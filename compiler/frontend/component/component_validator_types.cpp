// Type definitions: defined value types, function types, resource types, component and instance
// types (each validated in a scope of its own), core function and module types; and the index
// lookups of the type and core function spaces.
#include "compiler/frontend/component/canon_layout.h"
#include "compiler/frontend/component/component_validator.h"
#include "compiler/frontend/gc_types.h"

#include <set>

namespace w2n::component {

namespace {
std::string idx(uint32_t i) { return std::to_string(i); }
} // namespace

bool Validator::coreFuncAt(uint32_t i, uint64_t offset, FuncType &out) {
  if (i >= cur().coreFuncs.size())
    return error(offset, "unknown core func " + idx(i) + ": function index out of bounds");
  out = cur().coreFuncs[i];
  return true;
}

bool Validator::typeAt(uint32_t i, uint64_t offset, AnyTypeId &out) {
  if (i >= cur().types.size())
    return error(offset, "unknown type " + idx(i) + ": type index out of bounds");
  out = cur().types[i];
  return true;
}

bool Validator::resourceAt(uint32_t i, uint64_t offset, uint32_t &out) {
  AnyTypeId t;
  if (!typeAt(i, offset, t)) return false;
  if (t.kind != TypeKind::Resource)
    return error(offset, "type index " + idx(i) + " is not a resource type");
  out = t.id;
  return true;
}

bool Validator::valType(const ValTypeRef &r, ValT &out) {
  if (r.isPrim) {
    out = ValT{true, r.prim, 0};
    return true;
  }
  AnyTypeId t;
  if (!typeAt(r.index.value, r.offset, t)) return false;
  if (t.kind != TypeKind::Defined)
    return error(r.offset, "type index " + idx(r.index.value) + " is not a defined type");
  out = ValT{false, PrimType::Bool, t.id};
  return true;
}

bool Validator::typeDef(const TypeDef &t) {
  AnyTypeId id;
  if (!buildType(t, id)) return false;
  cur().types.push_back(id);
  return true;
}

bool Validator::buildType(const TypeDef &t, AnyTypeId &out) {
  switch (t.kind) {
  case TypeDef::Kind::Defined:
    return buildDefined(t.defined, t.offset, out);
  case TypeDef::Kind::Func:
    return buildFunc(t.func, t.offset, out);
  case TypeDef::Kind::Component:
  case TypeDef::Kind::Instance:
    return buildDeclaredType(t, out);
  case TypeDef::Kind::Resource: {
    Scope &s = cur();
    if (s.kind != ScopeKind::Component)
      return error(t.offset, "resources can only be defined within a concrete component");
    if (t.resource.rep == ValType::I64 && !features_.cm64)
      return error(t.offset, "resources with `i64` require the `cm64` feature to be enabled");
    if (t.resource.rep != ValType::I32 && t.resource.rep != ValType::I64)
      return error(t.offset, "resources can only be represented by `i32` or `i64`");
    if (t.resource.dtor) {
      FuncType f;
      if (!coreFuncAt(t.resource.dtor->value, t.offset, f)) return false;
      if (!(f.params.size() == 1 && f.params[0] == t.resource.rep && f.results.empty()))
        return error(t.offset, "core function " + idx(t.resource.dtor->value) +
                                   " has wrong signature for a destructor");
    }
    uint32_t r = store.addResource(ResourceT{t.resource.rep, s.id});
    s.localResources.insert(r);
    out = {TypeKind::Resource, r};
    return true;
  }
  }
  return true;
}

bool Validator::buildDefined(const DefValType &d, uint64_t offset, AnyTypeId &out) {
  using K = DefValType::Kind;
  DefinedT t;
  t.kind = d.kind;
  t.prim = d.prim;
  t.length = d.length;
  auto unique = [&](const std::vector<std::string> &labels, const char *what,
                    const char *whatPrev) {
    std::map<std::string, std::string> seen;
    for (const std::string &l : labels) {
      if (!isKebab(l))
        return error(offset, std::string(what) + " name `" + l + "` is not in kebab case");
      auto [it, fresh] = seen.emplace(lowerAscii(l), l);
      if (!fresh)
        return error(offset, std::string(what) + " name `" + l + "` conflicts with previous " +
                                 whatPrev + " name `" + it->second + "`");
    }
    return true;
  };
  switch (d.kind) {
  case K::Prim:
    break;
  case K::Record: {
    if (d.fields.empty()) return error(offset, "record type must have at least one field");
    std::vector<std::string> labels;
    for (const LabeledType &f : d.fields) {
      ValT v;
      if (!valType(f.type, v)) return false;
      t.fields.emplace_back(f.label, v);
      labels.push_back(f.label);
    }
    if (!unique(labels, "record field", "field")) return false;
    break;
  }
  case K::Variant: {
    if (d.cases.empty()) return error(offset, "variant type must have at least one case");
    std::vector<std::string> labels;
    for (const VariantCase &c : d.cases) {
      std::optional<ValT> v;
      if (c.type) {
        ValT x;
        if (!valType(*c.type, x)) return false;
        v = x;
      }
      if (c.refines) return error(offset, "variant case refines is not supported");
      t.cases.emplace_back(c.label, v);
      labels.push_back(c.label);
    }
    if (!unique(labels, "variant case", "case")) return false;
    break;
  }
  case K::Tuple:
    if (d.types.empty()) return error(offset, "tuple type must have at least one type");
    [[fallthrough]];
  case K::List:
  case K::Option:
  case K::Map:
  case K::FixedList:
    for (const ValTypeRef &r : d.types) {
      ValT v;
      if (!valType(r, v)) return false;
      t.types.push_back(v);
    }
    if (d.kind == K::FixedList && d.length == 0)
      return error(offset, "Fixed size lists must have more than zero elements");
    if (d.kind == K::Map) {
      ValT key = t.types[0];
      bool ok = key.prim && key.p != PrimType::F32 && key.p != PrimType::F64;
      if (!key.prim) {
        const DefinedT &k = store.defined[key.def];
        ok = k.kind == K::Prim && k.prim != PrimType::F32 && k.prim != PrimType::F64;
      }
      if (!ok) return error(offset, "map key type must be a primitive type other than float");
    }
    break;
  case K::Flags:
    if (d.labels.empty()) return error(offset, "flags must have at least one entry");
    if (d.labels.size() > kMaxFlags) return error(offset, "cannot have more than 32 flags");
    if (!unique(d.labels, "flag", "flag")) return false;
    t.labels = d.labels;
    break;
  case K::Enum:
    if (d.labels.empty()) return error(offset, "enum type must have at least one variant");
    if (!unique(d.labels, "enum tag", "tag")) return false;
    t.labels = d.labels;
    break;
  case K::Result:
    for (auto [src, dst] : {std::pair{&d.ok, &t.ok}, std::pair{&d.err, &t.err}})
      if (*src) {
        ValT v;
        if (!valType(**src, v)) return false;
        *dst = v;
      }
    break;
  case K::Own:
  case K::Borrow:
    if (!resourceAt(d.resource.value, offset, t.resource)) return false;
    break;
  }
  if (d.kind == K::FixedList && d.length > (1u << 30))
    return error(offset, "fixed-length list element count exceeds limit of 1073741824");
  uint32_t id = store.addDefined(std::move(t));
  if (store.definedSize[id] > kMaxTypeSize)
    return error(offset, "effective type size exceeds the limit of 1000000");
  ValT v{false, PrimType::Bool, id};
  if (typeDepth(store, v) > kMaxTypeDepth) return error(offset, "type nesting is too deep");
  // elem_size with 64-bit pointers (the largest layout), saturating; the checks above are
  // canon_layout's preconditions.
  if (canon::elemSize(store, v, canon::PtrType::I64) >= kMaxValueSize)
    return error(offset, "type exceeds maximum byte size of a value");
  out = {TypeKind::Defined, id};
  return true;
}

bool Validator::buildFunc(const FuncTypeDef &f, uint64_t offset, AnyTypeId &out) {
  FuncT t;
  std::map<std::string, std::string> seen;
  for (const LabeledType &p : f.params) {
    if (p.label.empty()) return error(offset, "function parameter name cannot be empty");
    if (!isKebab(p.label))
      return error(offset, "function parameter name `" + p.label + "` is not in kebab case");
    auto [it, fresh] = seen.emplace(lowerAscii(p.label), p.label);
    if (!fresh)
      return error(offset, "function parameter name `" + p.label +
                               "` conflicts with previous parameter name `" + it->second + "`");
    ValT v;
    if (!valType(p.type, v)) return false;
    t.params.emplace_back(p.label, v);
  }
  if (f.result) {
    ValT v;
    if (!valType(*f.result, v)) return false;
    if (store.containsBorrow(v))
      return error(offset, "function result cannot contain a `borrow` type");
    t.result = v;
  }
  out = {TypeKind::Func, store.addFunc(std::move(t))};
  if (store.size(out) > kMaxTypeSize)
    return error(offset, "effective type size exceeds the limit of 1000000");
  return true;
}

// Component and instance types: declarators in a scope of their own.
bool Validator::buildDeclaredType(const TypeDef &t, AnyTypeId &out) {
  bool isComponent = t.kind == TypeDef::Kind::Component;
  Scope scope;
  scope.kind = isComponent ? ScopeKind::ComponentType : ScopeKind::InstanceType;
  scope.id = newScopeId();
  scopes_.push_back(&scope);
  bool ok = true;
  for (const TypeDecl &d : t.decls) {
    switch (d.kind) {
    case TypeDecl::Kind::CoreType:
      ok = coreTypeDef(*d.coreType);
      break;
    case TypeDecl::Kind::Type:
      ok = typeDef(*d.type);
      break;
    case TypeDecl::Kind::Alias:
      ok = alias(d.alias, true);
      break;
    case TypeDecl::Kind::Import:
      ok = import(d.name, d.desc, d.offset);
      break;
    case TypeDecl::Kind::Export: {
      EntityT e;
      ok = entityFromDesc(d.desc, e) && addExtern(d.name, e, false, d.offset);
      break;
    }
    }
    if (!ok) break;
  }
  scopes_.pop_back();
  if (!ok) return false;
  if (isComponent) {
    ComponentT c;
    c.imports = std::move(scope.imports);
    c.exports = std::move(scope.exports);
    c.importedResources = std::move(scope.importedResources);
    c.definedResources = std::move(scope.definedResources);
    out = {TypeKind::Component, store.addComponent(std::move(c))};
  } else {
    InstanceT i;
    i.exports = std::move(scope.exports);
    i.definedResources = std::move(scope.definedResources);
    out = {TypeKind::Instance, store.addInstance(std::move(i))};
  }
  if (store.size(out) > kMaxTypeSize)
    return error(t.offset, "effective type size exceeds the limit of 1000000");
  return true;
}

bool Validator::coreExternFromDesc(const CoreExternType &d, const std::vector<CoreTypeEntry> &types,
                                   uint64_t offset, CoreExternT &out) {
  out.kind = d.kind;
  out.table = d.table;
  out.memory = d.memory;
  out.global = d.global;
  // Memory types in module types follow the core rules (32-bit memories: at most 2^16 pages).
  if (d.kind == ExternKind::Memory) {
    const Limits &l = d.memory.limits;
    uint64_t maxPages = d.memory.is64 ? (d.memory.pageSizeLog2 ? 1ull << 48 : ~0ull)
                                      : (65536ull << 16) >> d.memory.pageSizeLog2;
    if (l.min > maxPages || (l.max && *l.max > maxPages))
      return error(offset, "memory size must be at most 65536 pages (4GiB)");
    if (l.max && l.min > *l.max)
      return error(offset, "size minimum must not be greater than maximum");
    if (d.memory.shared && !l.max) return error(offset, "shared memory must have maximum");
  }
  if (d.kind == ExternKind::Func || d.kind == ExternKind::Tag) {
    if (d.funcType >= types.size())
      return error(offset, "unknown type " + idx(d.funcType) + ": type index out of bounds");
    if (types[d.funcType].module)
      return error(offset, "type index " + idx(d.funcType) + " is not a function type");
    out.func = types[d.funcType].func;
    if (d.kind == ExternKind::Tag && !out.func.results.empty())
      return error(offset, "non-empty tag result type");
  }
  return true;
}

bool Validator::buildModuleType(const CoreTypeDef &d, uint32_t &out) {
  ModuleT m;
  std::vector<CoreTypeEntry> types;
  Module local; // the module type's own types, for the GC subtyping rules
  local.gc = true;
  auto placeholder = [&] {
    local.types.emplace_back();
    local.typeDefs.emplace_back();
    local.typeDefs.back().recStart = static_cast<uint32_t>(local.types.size() - 1);
    canonicalizeTypes(local, static_cast<uint32_t>(local.types.size() - 1));
  };
  std::set<std::string> exportNames;
  for (const ModuleTypeDecl &decl : d.moduleDecls) {
    switch (decl.kind) {
    case ModuleTypeDecl::Kind::Import: {
      CoreExternT t;
      if (!coreExternFromDesc(decl.desc, types, decl.offset, t)) return false;
      for (const auto &imp : m.imports)
        if (imp.module == decl.module && imp.name == decl.name)
          return error(decl.offset,
                       "duplicate import name `" + decl.module + ":" + decl.name + "`");
      m.imports.push_back({decl.module, decl.name, t});
      break;
    }
    case ModuleTypeDecl::Kind::Type: {
      uint32_t start = static_cast<uint32_t>(local.types.size());
      for (size_t k = 0; k < decl.group.size(); ++k) {
        GcTypeDef def = decl.group[k];
        uint32_t self = start + static_cast<uint32_t>(k);
        if (def.super && *def.super >= self)
          return error(decl.offset, "supertype " + idx(*def.super) +
                                        " must be defined before type " + idx(self));
        if (def.super) def.depth = local.typeDefs[*def.super].depth + 1;
        def.recStart = start;
        def.recSize = static_cast<uint32_t>(decl.group.size());
        local.types.push_back(decl.groupFuncs[k]);
        local.typeDefs.push_back(std::move(def));
        CoreTypeEntry e;
        e.func = decl.groupFuncs[k];
        types.push_back(std::move(e));
      }
      canonicalizeTypes(local, start);
      uint32_t bad = 0;
      std::string err = checkTypeDefs(local, bad, start);
      if (!err.empty()) return error(decl.offset, err);
      break;
    }
    case ModuleTypeDecl::Kind::Alias: {
      if (decl.outerCount == 0) {
        if (decl.outerIndex >= types.size())
          return error(decl.offset,
                       "unknown type " + idx(decl.outerIndex) + ": type index out of bounds");
        types.push_back(types[decl.outerIndex]);
        placeholder();
        break;
      }
      if (decl.outerCount > scopes_.size())
        return error(decl.offset, "invalid outer alias count of " + idx(decl.outerCount));
      const Scope &target = *scopes_[scopes_.size() - decl.outerCount];
      if (decl.outerIndex >= target.coreTypes.size())
        return error(decl.offset,
                     "unknown type " + idx(decl.outerIndex) + ": type index out of bounds");
      if (target.coreTypes[decl.outerIndex].module)
        return error(decl.offset, "cannot alias a module type into a module type");
      types.push_back(target.coreTypes[decl.outerIndex]);
      placeholder();
      break;
    }
    case ModuleTypeDecl::Kind::Export: {
      CoreExternT t;
      if (!coreExternFromDesc(decl.desc, types, decl.offset, t)) return false;
      if (!exportNames.insert(decl.name).second)
        return error(decl.offset, "duplicate export name `" + decl.name + "`");
      m.exports.emplace_back(decl.name, t);
      break;
    }
    }
  }
  out = store.addModule(std::move(m));
  return true;
}

bool Validator::entityFromDesc(const ExternDesc &desc, EntityT &out) {
  Scope &s = cur();
  out.kind = desc.kind;
  switch (desc.kind) {
  case ExternDesc::Kind::Module:
    if (desc.index >= s.coreTypes.size())
      return error(desc.offset,
                   "unknown core type " + idx(desc.index) + ": type index out of bounds");
    if (!s.coreTypes[desc.index].module)
      return error(desc.offset, "core type index " + idx(desc.index) + " is not a module type");
    out.id = s.coreTypes[desc.index].moduleId;
    return true;
  case ExternDesc::Kind::Func:
  case ExternDesc::Kind::Component:
  case ExternDesc::Kind::Instance: {
    AnyTypeId t;
    if (!typeAt(desc.index, desc.offset, t)) return false;
    TypeKind want = desc.kind == ExternDesc::Kind::Func        ? TypeKind::Func
                    : desc.kind == ExternDesc::Kind::Component ? TypeKind::Component
                                                               : TypeKind::Instance;
    if (t.kind != want) {
      const char *what = want == TypeKind::Func        ? "a function"
                         : want == TypeKind::Component ? "a component"
                                                       : "an instance";
      return error(desc.offset, "type index " + idx(desc.index) + " is not " + what + " type");
    }
    out.id = t.id;
    return true;
  }
  case ExternDesc::Kind::Value:
    if (desc.valueEq) {
      if (desc.index >= s.values.size())
        return error(desc.offset,
                     "unknown value " + idx(desc.index) + ": value index out of bounds");
      out.value = s.values[desc.index].first;
      return true;
    }
    return valType(desc.valType, out.value);
  case ExternDesc::Kind::Type:
    if (desc.typeSubResource) {
      uint32_t r = store.addResource(ResourceT{});
      out.type = out.referenced = {TypeKind::Resource, r};
      return true;
    }
    if (!typeAt(desc.index, desc.offset, out.referenced)) return false;
    out.type = store.withUnique(out.referenced);
    return true;
  }
  return true;
}

} // namespace w2n::component
