// Imports and exports of components, component types and instance types: name rules (syntax,
// strong uniqueness, attributes, [constructor]/[method]/[static] typing), resource bookkeeping
// (imported resources to bind, exported resources made fresh) and the rule that every type an
// import or export mentions is itself named by an import or export.
#include "compiler/frontend/component/component_validator.h"

namespace w2n::component {

EntityT Validator::freshenImport(EntityT e, std::vector<uint32_t> &created) {
  if (e.kind != ExternDesc::Kind::Instance) return e;
  const InstanceT &inst = store.instances[e.id];
  if (inst.definedResources.empty()) return e;
  Substitution map;
  for (uint32_t r : inst.definedResources)
    map.resources[store.rootOf(r)] = store.addResource(ResourceT{});
  AnyTypeId fresh = store.substitute(AnyTypeId{TypeKind::Instance, e.id}, map);
  InstanceT &copy = store.instances[fresh.id];
  created = copy.definedResources;
  copy.definedResources.clear();
  e.id = fresh.id;
  return e;
}

void Validator::bindTypeArgs(const EntityT &expected, const EntityT &actual, Substitution &args) {
  if (expected.kind == ExternDesc::Kind::Type && actual.kind == ExternDesc::Kind::Type) {
    if (expected.type.kind == TypeKind::Defined && actual.type.kind == TypeKind::Defined)
      args.defined[expected.type.id] = actual.type.id;
    // The same resource either way (subtyping binds roots), but the argument's id keeps the
    // name it has (a `use`d alias stays the alias).
    if (expected.type.kind == TypeKind::Resource && actual.type.kind == TypeKind::Resource)
      args.resourceIds[expected.type.id] = actual.type.id;
    return;
  }
  if (expected.kind != ExternDesc::Kind::Instance || actual.kind != ExternDesc::Kind::Instance)
    return;
  // Copies: recursion may add types (and instances) to the store.
  NamedEntities want = store.instances[expected.id].exports;
  NamedEntities have = store.instances[actual.id].exports;
  for (const auto &[name, e] : want)
    for (const auto &[otherName, a] : have)
      if (otherName == name) bindTypeArgs(e, a, args);
}

bool Validator::import(const ExternName &name, const ExternDesc &desc, uint64_t offset) {
  EntityT e;
  if (!entityFromDesc(desc, e)) return false;
  return addExtern(name, e, true, offset);
}

bool Validator::exportDef(const ExportDef &e) {
  Scope &s = cur();
  EntityT actual;
  if (!entityOf(e.item, e.offset, actual)) return false;
  if (actual.kind == ExternDesc::Kind::Value) s.values[e.item.index].second = true;
  if (e.desc) {
    EntityT ascribed;
    if (!entityFromDesc(*e.desc, ascribed)) return false;
    SubtypeChecker check(store);
    if (!check.entity(actual, ascribed))
      return error(e.offset,
                   "ascribed type of export is not compatible with item's type: " + check.error);
    if (ascribed.kind == ExternDesc::Kind::Type && ascribed.referenced.kind == TypeKind::Resource)
      ascribed = actual; // (sub resource) ascription of a concrete resource keeps its identity
    actual = ascribed;
  } else if (actual.kind == ExternDesc::Kind::Type) {
    actual.type = store.withUnique(actual.referenced);
  }
  return addExtern(e.name, actual, false, e.offset);
}

bool Validator::addExtern(const ExternName &name, EntityT entity, bool import, uint64_t offset) {
  Scope &s = cur();
  const char *kind = import ? "import" : "export";
  // Instances whose type introduces resources get fresh ones for this import/export.
  if (entity.kind == ExternDesc::Kind::Instance &&
      !store.instances[entity.id].definedResources.empty()) {
    std::vector<uint32_t> created;
    entity = freshenImport(entity, created);
    for (uint32_t r : created)
      (import ? s.importedResources : s.definedResources).push_back(r);
  }
  ParsedName parsed;
  if (!checkName(name, entity, import, parsed)) return false;
  std::map<std::string, std::string> &keys = import ? s.importKeys : s.exportKeys;
  auto [it, fresh] = keys.emplace(parsed.key, name.name);
  if (!fresh)
    return error(offset, std::string(kind) + " name `" + name.name +
                             "` conflicts with previous name `" + it->second + "`");
  if (entity.kind == ExternDesc::Kind::Type && entity.type.kind == TypeKind::Resource) {
    uint32_t r = entity.type.id;
    bool introduced = store.resources[r].owner == 0 && store.rootOf(r) == r;
    if (introduced) {
      bool known = false;
      for (auto *list : {&s.importedResources, &s.definedResources})
        for (uint32_t x : *list)
          if (x == r) known = true;
      if (!known && !s.localResources.count(r))
        (import ? s.importedResources : s.definedResources).push_back(r);
    }
    (import ? s.importedResourceNames : s.exportedResourceNames)[name.name] = r;
  }
  pushEntity(entity, /*valueUsed=*/!import); // an export's new index counts as used
  if (!namedTypesOk(entity, import, true)) {
    const char *desc =
        entity.kind == ExternDesc::Kind::Module ? "module" : externKindName(entity.kind);
    return error(offset, std::string(desc) + " not valid to be used as " + kind);
  }
  if (!checkAnnotatedFunc(parsed, entity, import, offset)) return false;
  (import ? s.imports : s.exports).emplace_back(name.name, entity);
  if (store.size(entity) > kMaxTypeSize)
    return error(offset, "effective type size exceeds the limit of 1000000");
  return true;
}

bool Validator::checkName(const ExternName &name, const EntityT &entity, bool import,
                          ParsedName &parsed) {
  const char *kind = import ? "import" : "export";
  std::string err;
  if (!parseExternName(name.name, import, parsed, err, features_.nestedNames)) {
    if (err.find("is not a valid export name") != std::string::npos)
      return error(name.offset, "name `" + name.name + "` is not a valid export name");
    return error(name.offset, std::string(kind) + " name `" + name.name +
                                  "` is not a valid extern name: " + err);
  }
  if (name.implements) {
    if (!features_.implements)
      return error(name.offset, "the `cm-implements` feature is not active");
    if (parsed.kind != ParsedName::Kind::Label)
      return error(name.offset, "name `" + name.name + "` is not valid with `implements`");
    if (entity.kind != ExternDesc::Kind::Instance)
      return error(name.offset, "only instances can have an `implements`");
    ParsedName impl;
    if (!parseExternName(*name.implements, true, impl, err, features_.nestedNames))
      return error(name.offset, "`" + *name.implements + "` is not a valid name: " + err);
    if (impl.kind != ParsedName::Kind::Interface)
      return error(name.offset, "name `" + *name.implements + "` must be an interface");
  }
  if (name.versionSuffix && entity.kind != ExternDesc::Kind::Instance)
    return error(name.offset, "only instances can have an `versionsuffix`");
  if (parsed.kind == ParsedName::Kind::Interface) {
    const std::string &v = parsed.version;
    bool ok;
    if (name.versionSuffix)
      ok = !v.empty() && isCanonVersion(v) && isValidSemver(v + *name.versionSuffix);
    else
      ok = !parsed.hasVersion || isValidSemver(v) || isCanonVersion(v);
    if (!ok)
      return error(name.offset, std::string(kind) + " name `" + name.name +
                                    "` is not valid: invalid interface version");
  } else if (name.versionSuffix) {
    return error(name.offset, std::string(kind) + " name `" + name.name +
                                  "` is not valid: invalid interface version");
  }
  return true;
}

bool Validator::checkAnnotatedFunc(const ParsedName &parsed, const EntityT &entity, bool import,
                                   uint64_t offset,
                                   const std::map<std::string, uint32_t> *context) {
  using PK = ParsedName::Kind;
  if (parsed.kind != PK::Constructor && parsed.kind != PK::Method && parsed.kind != PK::Static)
    return true;
  if (entity.kind != ExternDesc::Kind::Func) return error(offset, "item is not a func");
  const FuncT f = store.funcs[entity.id];
  const std::map<std::string, uint32_t> &names = context  ? *context
                                                 : import ? cur().importedResourceNames
                                                          : cur().exportedResourceNames;
  auto checkResource = [&](uint32_t r) {
    const std::string *found = nullptr;
    for (const auto &[n, id] : names)
      if (id == r) found = &n;
    if (!found)
      return error(offset, "resource used in function does not have a name in this context");
    if (*found != parsed.resource)
      return error(offset, "function does not match expected resource name `" + *found + "`");
    return true;
  };
  auto handle = [&](ValT v, DefValType::Kind want, uint32_t &r) {
    if (v.prim) return false;
    const DefinedT &d = store.defined[v.def];
    if (d.kind != want) return false;
    r = d.resource;
    return true;
  };
  switch (parsed.kind) {
  case PK::Constructor: {
    if (!f.result) return error(offset, "function should return one value");
    uint32_t r = 0;
    bool ok = handle(*f.result, DefValType::Kind::Own, r);
    if (!ok && !f.result->prim) {
      const DefinedT &d = store.defined[f.result->def];
      if (d.kind == DefValType::Kind::Result && d.ok) ok = handle(*d.ok, DefValType::Kind::Own, r);
    }
    if (!ok) return error(offset, "function should return `(own $T)` or `(result (own $T))`");
    return checkResource(r);
  }
  case PK::Method: {
    if (f.params.empty()) return error(offset, "function should have at least one argument");
    if (f.params[0].first != "self")
      return error(offset, "function should have a first argument called `self`");
    uint32_t r = 0;
    if (!handle(f.params[0].second, DefValType::Kind::Borrow, r))
      return error(offset, "function should take a first argument of `(borrow $T)`");
    return checkResource(r);
  }
  default:
    if (!names.count(parsed.resource))
      return error(offset, "static resource name is not known in this context");
    return true;
  }
}

// ---- Every type an import/export mentions must be named ----

bool Validator::valNamed(ValT v, const std::set<AnyTypeId> &set) {
  if (v.prim) return true;
  const DefinedT &d = store.defined[v.def];
  using K = DefValType::Kind;
  switch (d.kind) {
  case K::Prim:
    return true;
  case K::Flags:
  case K::Enum:
  case K::Record:
  case K::Variant:
    return set.count({TypeKind::Defined, v.def}) != 0;
  case K::Own:
  case K::Borrow:
    return set.count({TypeKind::Resource, d.resource}) != 0;
  default:
    break;
  }
  for (ValT t : d.types)
    if (!valNamed(t, set)) return false;
  return (!d.ok || valNamed(*d.ok, set)) && (!d.err || valNamed(*d.err, set));
}

bool Validator::allNamed(AnyTypeId t, const std::set<AnyTypeId> &set) {
  switch (t.kind) {
  case TypeKind::Resource:
  case TypeKind::Component:
    return true;
  case TypeKind::Defined: {
    const DefinedT &d = store.defined[t.id];
    for (const auto &f : d.fields)
      if (!valNamed(f.second, set)) return false;
    for (const auto &c : d.cases)
      if (c.second && !valNamed(*c.second, set)) return false;
    if (d.kind == DefValType::Kind::Own || d.kind == DefValType::Kind::Borrow)
      return set.count({TypeKind::Resource, d.resource}) != 0;
    for (ValT v : d.types)
      if (!valNamed(v, set)) return false;
    return (!d.ok || valNamed(*d.ok, set)) && (!d.err || valNamed(*d.err, set));
  }
  case TypeKind::Func: {
    const FuncT &f = store.funcs[t.id];
    for (const auto &p : f.params)
      if (!valNamed(p.second, set)) return false;
    return !f.result || valNamed(*f.result, set);
  }
  case TypeKind::Instance: {
    NamedEntities exports = store.instances[t.id].exports;
    for (const auto &[n, e] : exports) {
      switch (e.kind) {
      case ExternDesc::Kind::Func:
        if (!allNamed({TypeKind::Func, e.id}, set)) return false;
        break;
      case ExternDesc::Kind::Type:
        if (!allNamed(e.type, set)) return false;
        break;
      case ExternDesc::Kind::Value:
        if (!e.value.prim && !allNamed({TypeKind::Defined, e.value.def}, set)) return false;
        break;
      case ExternDesc::Kind::Instance:
        if (!allNamed({TypeKind::Instance, e.id}, set)) return false;
        break;
      default:
        break;
      }
    }
    return true;
  }
  }
  return true;
}

bool Validator::namedTypesOk(const EntityT &e, bool import, bool top) {
  Scope &s = cur();
  if (s.kind == ScopeKind::InstanceType) return true;
  std::set<AnyTypeId> &set = import ? s.importedTypes : s.exportedTypes;
  switch (e.kind) {
  case ExternDesc::Kind::Type:
    if (!allNamed(e.referenced, set)) return false;
    if (import) s.importedTypes.insert(e.type);
    s.exportedTypes.insert(e.type);
    return true;
  case ExternDesc::Kind::Instance: {
    NamedEntities exports = store.instances[e.id].exports;
    for (const auto &[n, x] : exports)
      if (!namedTypesOk(x, import, false)) return false;
    return true;
  }
  case ExternDesc::Kind::Func:
    return allNamed({TypeKind::Func, e.id}, set);
  case ExternDesc::Kind::Value:
    return valNamed(e.value, set);
  default:
    return true;
  }
  (void)top;
}

} // namespace w2n::component
