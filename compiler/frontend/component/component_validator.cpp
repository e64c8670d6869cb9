// The definition walk of component validation: each definition is checked against the index
// spaces built so far and then appended to them. Also validateComponent (component_api.h).
#include "compiler/frontend/component/component_validator.h"
#include "compiler/frontend/api.h"
#include "compiler/frontend/component/component_api.h"
#include "compiler/frontend/gc_types.h"

#include <algorithm>

namespace w2n::component {

namespace {
std::string idx(uint32_t i) { return std::to_string(i); }

CoreExternT coreExternOfModuleItem(const Module &m, ExternKind kind, uint32_t index) {
  CoreExternT t;
  t.kind = kind;
  switch (kind) {
  case ExternKind::Func:
    t.func = m.types[m.funcTypes[index].value];
    break;
  case ExternKind::Table:
    t.table = m.tables[index];
    t.table.elemType = moduleIndependent(m, t.table.elemType);
    break;
  case ExternKind::Memory:
    t.memory = m.memories[index];
    break;
  case ExternKind::Global:
    t.global = m.globalTypes[index];
    t.global.type = moduleIndependent(m, t.global.type);
    break;
  case ExternKind::Tag:
    t.func = m.tagType(TagIndex(index));
    break;
  }
  return t;
}
} // namespace

bool validateComponent(const Component &component, Diagnostics &diags,
                       const ComponentFeatures &features) {
  Validator v(diags, features);
  uint32_t type = 0;
  return v.component(component, type);
}

bool Validator::error(uint64_t offset, std::string message) {
  diags_.error(offset, std::move(message));
  return false;
}

bool Validator::component(const Component &c, uint32_t &typeOut) {
  Scope scope;
  scope.kind = ScopeKind::Component;
  scope.id = newScopeId();
  scopes_.push_back(&scope);
  bool ok = true;
  for (const Definition &d : c.definitions)
    if (!definition(c, d)) {
      ok = false;
      break;
    }
  if (ok)
    for (size_t i = 0; i < scope.values.size(); ++i)
      if (!scope.values[i].second) {
        ok = error(c.end,
                   "value index " + idx(static_cast<uint32_t>(i)) +
                       " was not used as part of an instantiation, start function, or export");
        break;
      }
  if (ok) {
    ComponentT t;
    t.imports = scope.imports;
    t.exports = scope.exports;
    t.importedResources = scope.importedResources;
    // Resources this component defines become fresh with every instantiation.
    t.definedResources.assign(scope.localResources.begin(), scope.localResources.end());
    for (uint32_t r : scope.definedResources)
      if (!scope.localResources.count(r)) t.definedResources.push_back(r);
    typeOut = store.addComponent(std::move(t));
  }
  scopes_.pop_back();
  return ok;
}

bool Validator::definition(const Component &c, const Definition &d) {
  using K = Definition::Kind;
  switch (d.kind) {
  case K::CoreModule:
    return coreModule(*c.coreModules[d.nested], d.offset);
  case K::CoreInstance:
    return coreInstance(std::get<CoreInstanceDef>(d.item));
  case K::CoreType:
    return coreTypeDef(std::get<CoreTypeDef>(d.item));
  case K::Component: {
    uint32_t type = 0;
    if (!component(*c.components[d.nested], type)) return false;
    cur().components.push_back(type);
    return true;
  }
  case K::Instance:
    return instance(std::get<InstanceDef>(d.item));
  case K::Alias:
    return alias(std::get<Alias>(d.item), false);
  case K::Type:
    return typeDef(std::get<TypeDef>(d.item));
  case K::Canon:
    return canon(std::get<CanonDef>(d.item));
  case K::Start:
    return start(std::get<StartDef>(d.item));
  case K::Import: {
    const ImportDef &imp = std::get<ImportDef>(d.item);
    return import(imp.name, imp.desc, imp.offset);
  }
  case K::Export: {
    return exportDef(std::get<ExportDef>(d.item));
  }
  case K::Value:
    return value(std::get<ValueDef>(d.item));
  }
  return true;
}

// ---- Core modules and instances ----

bool Validator::coreModule(const Module &m, uint64_t offset) {
  if (!validateModule(m, diags_)) return false;
  ModuleT t;
  for (size_t i = 0; i < m.imports.size(); ++i)
    for (size_t k = 0; k < i; ++k)
      if (m.imports[k].module == m.imports[i].module && m.imports[k].name == m.imports[i].name)
        return error(m.imports[i].offset, "duplicate import name `" + m.imports[i].module + ":" +
                                              m.imports[i].name + "`");
  for (const Import &imp : m.imports) {
    CoreExternT e;
    e.kind = imp.kind;
    switch (imp.kind) {
    case ExternKind::Func:
      e.func = m.types[imp.funcType.value];
      break;
    case ExternKind::Table:
      e.table = imp.table;
      e.table.elemType = moduleIndependent(m, e.table.elemType);
      break;
    case ExternKind::Memory:
      e.memory = imp.memory;
      break;
    case ExternKind::Global:
      e.global = imp.global;
      e.global.type = moduleIndependent(m, e.global.type);
      break;
    case ExternKind::Tag:
      e.func = m.types[imp.tagType.value];
      break;
    }
    t.imports.push_back({imp.module, imp.name, e});
  }
  for (const Export &exp : m.exports)
    t.exports.emplace_back(exp.name, coreExternOfModuleItem(m, exp.kind, exp.index));
  cur().coreModules.push_back(store.addModule(std::move(t)));
  (void)offset;
  return true;
}

bool Validator::coreInstance(const CoreInstanceDef &d) {
  Scope &s = cur();
  CoreInstanceT result;
  if (d.instantiate) {
    if (d.module.value >= s.coreModules.size())
      return error(d.offset,
                   "unknown module " + idx(d.module.value) + ": module index out of bounds");
    std::map<std::string, uint32_t> args;
    for (const CoreInstantiateArg &a : d.args) {
      if (a.instance.value >= s.coreInstances.size())
        return error(a.offset, "unknown core instance " + idx(a.instance.value) +
                                   ": instance index out of bounds");
      if (!args.emplace(a.name, s.coreInstances[a.instance.value]).second)
        return error(a.offset, "duplicate module instantiation argument named `" + a.name + "`");
    }
    const ModuleT module = store.modules[s.coreModules[d.module.value]];
    for (const ModuleT::Imp &imp : module.imports) {
      auto it = args.find(imp.module);
      if (it == args.end())
        return error(d.offset, "missing module instantiation argument named `" + imp.module + "`");
      const CoreExternT *actual = store.coreInstances[it->second].find(imp.name);
      if (!actual)
        return error(d.offset, "module instantiation argument `" + imp.module +
                                   "` does not export an item named `" + imp.name + "`");
      SubtypeChecker check(store);
      if (!check.coreExtern(*actual, imp.type))
        return error(d.offset, "type mismatch for export `" + imp.name +
                                   "` of module instantiation argument `" + imp.module +
                                   "`: " + check.error);
    }
    result.exports = module.exports;
  } else {
    for (const CoreInlineExport &e : d.exports) {
      CoreExternT t;
      switch (e.sort) {
      case CoreSort::Func:
        if (!coreFuncAt(e.index, e.offset, t.func)) return false;
        t.kind = ExternKind::Func;
        break;
      case CoreSort::Table:
        if (e.index >= s.coreTables.size())
          return error(e.offset, "unknown table " + idx(e.index) + ": table index out of bounds");
        t.kind = ExternKind::Table;
        t.table = s.coreTables[e.index];
        break;
      case CoreSort::Memory:
        if (e.index >= s.coreMemories.size())
          return error(e.offset, "unknown memory " + idx(e.index) + ": memory index out of bounds");
        t.kind = ExternKind::Memory;
        t.memory = s.coreMemories[e.index];
        break;
      case CoreSort::Global:
        if (e.index >= s.coreGlobals.size())
          return error(e.offset, "unknown global " + idx(e.index) + ": global index out of bounds");
        t.kind = ExternKind::Global;
        t.global = s.coreGlobals[e.index];
        break;
      case CoreSort::Tag:
        if (e.index >= s.coreTags.size())
          return error(e.offset, "unknown tag " + idx(e.index) + ": tag index out of bounds");
        t.kind = ExternKind::Tag;
        t.func = s.coreTags[e.index];
        break;
      default:
        return error(e.offset, "only funcs, tables, memories and globals can be exported from "
                               "a core instance");
      }
      if (result.find(e.name))
        return error(e.offset, "export name `" + e.name + "` already defined");
      result.exports.emplace_back(e.name, t);
    }
  }
  s.coreInstances.push_back(store.addCoreInstance(std::move(result)));
  return true;
}

bool Validator::coreTypeDef(const CoreTypeDef &d) {
  if (d.kind == CoreTypeDef::Kind::Gc) return coreGcTypes(d);
  CoreTypeEntry e;
  Scope &s = cur();
  if (d.kind == CoreTypeDef::Kind::Func) {
    uint32_t bound = static_cast<uint32_t>(s.coreTypes.size()) + 1; // itself included
    for (const auto *list : {&d.func.params, &d.func.results})
      for (ValType t : *list)
        if (!coreTypeRefs(s, t, bound, d.offset)) return false;
    e.func = d.func;
  } else {
    e.module = true;
    if (!buildModuleType(d, e.moduleId)) return false;
  }
  // Function types also take their place among the GC core types (module types a placeholder).
  e.gcIndex = static_cast<uint32_t>(s.gcTypes.types.size());
  addSyntheticCoreType(s, e.func, GcTypeDef{});
  if (!e.module) e.func = s.gcTypes.types[*e.gcIndex];
  s.coreTypes.push_back(std::move(e));
  return true;
}

// ---- Component instances ----

bool Validator::instance(const InstanceDef &d) {
  Scope &s = cur();
  InstanceT result;
  if (d.instantiate) {
    if (d.component.value >= s.components.size())
      return error(d.offset, "unknown component " + idx(d.component.value) +
                                 ": component index out of bounds");
    std::vector<std::pair<std::string, EntityT>> args;
    for (const InstantiateArg &a : d.args) {
      EntityT e;
      if (!entityOf(a.item, a.offset, e)) return false;
      if (e.kind == ExternDesc::Kind::Value) s.values[a.item.index].second = true;
      for (const auto &prev : args)
        if (prev.first == a.name)
          return error(a.offset, "instantiation argument `" + a.name +
                                     "` conflicts with previous argument `" + prev.first + "`");
      args.emplace_back(a.name, e);
    }
    const ComponentT comp = store.components[s.components[d.component.value]];
    SubtypeChecker check(store);
    check.bindable = comp.importedResources;
    Substitution typeArgs;
    for (const auto &[name, expected] : comp.imports) {
      const EntityT *actual = nullptr;
      for (const auto &a : args)
        if (a.first == name) actual = &a.second;
      if (!actual) return error(d.offset, "missing import named `" + name + "`");
      Substitution sofar;
      sofar.resources = check.bound;
      sofar.defined = typeArgs.defined;
      sofar.resourceIds = typeArgs.resourceIds;
      EntityT want = store.substitute(expected, sofar);
      if (!check.entity(*actual, want))
        return error(d.offset, "type mismatch for import `" + name + "`: " + check.error);
      // A type import (also one exported by an imported instance) is replaced by the argument
      // everywhere after it.
      bindTypeArgs(expected, *actual, typeArgs);
    }
    Substitution map;
    map.resources = check.bound;
    map.defined = typeArgs.defined;
    map.resourceIds = typeArgs.resourceIds;
    for (uint32_t r : comp.definedResources)
      map.resources[store.rootOf(r)] = store.addResource(ResourceT{store.resources[r].rep, 0});
    for (const auto &[name, e] : comp.exports) {
      EntityT sub = store.substitute(e, map);
      if (store.size(sub) > kMaxTypeSize)
        return error(d.offset, "effective type size exceeds the limit of 1000000");
      result.exports.emplace_back(name, sub);
    }
  } else {
    std::map<std::string, std::string> keys;
    for (const InlineExport &e : d.exports) {
      EntityT entity;
      if (!entityOf(e.item, e.offset, entity)) return false;
      if (entity.kind == ExternDesc::Kind::Value) s.values[e.item.index].second = true;
      ParsedName parsed;
      std::string err;
      if (!checkName(e.name, entity, false, parsed)) return false;
      if (!parseExternName(e.name.name, false, parsed, err, features_.nestedNames))
        return error(e.offset, "instance export name `" + e.name.name +
                                   "` is not a valid extern name: " + err);
      auto [it, fresh] = keys.emplace(parsed.key, e.name.name);
      if (!fresh)
        return error(e.offset, "instance export name `" + e.name.name +
                                   "` conflicts with previous name `" + it->second + "`");
      // A bag of exports names no resources: its type exports do not give them names.
      static const std::map<std::string, uint32_t> kNoNames;
      if (!checkAnnotatedFunc(parsed, entity, false, e.offset, &kNoNames)) return false;
      result.exports.emplace_back(e.name.name, entity);
    }
  }
  s.instances.push_back(store.addInstance(std::move(result)));
  return true;
}

// The entity an item of an index space stands for (instantiation arguments, exports).
bool Validator::entityOf(const SortIndex &item, uint64_t offset, EntityT &out) {
  Scope &s = cur();
  uint32_t i = item.index;
  auto oob = [&](const char *what) {
    return error(offset, std::string("unknown ") + what + " " + idx(i) + ": " + what +
                             " index out of bounds");
  };
  switch (item.sort.sort) {
  case Sort::Core:
    if (item.sort.core != CoreSort::Module)
      return error(offset, std::string(sortName(item.sort)) +
                               " is not a valid sort here: only core modules");
    if (i >= s.coreModules.size()) return oob("module");
    out.kind = ExternDesc::Kind::Module;
    out.id = s.coreModules[i];
    return true;
  case Sort::Func:
    if (i >= s.funcs.size()) return oob("function");
    out.kind = ExternDesc::Kind::Func;
    out.id = s.funcs[i];
    return true;
  case Sort::Value:
    if (i >= s.values.size()) return oob("value");
    if (s.values[i].second)
      return error(offset, "value index " + idx(i) + " has already been used");
    out.kind = ExternDesc::Kind::Value;
    out.value = s.values[i].first;
    return true;
  case Sort::Type:
    if (i >= s.types.size()) return oob("type");
    out.kind = ExternDesc::Kind::Type;
    out.type = out.referenced = s.types[i];
    return true;
  case Sort::Component:
    if (i >= s.components.size()) return oob("component");
    out.kind = ExternDesc::Kind::Component;
    out.id = s.components[i];
    return true;
  case Sort::Instance:
    if (i >= s.instances.size()) return oob("instance");
    out.kind = ExternDesc::Kind::Instance;
    out.id = s.instances[i];
    return true;
  }
  return false;
}

void Validator::pushEntity(const EntityT &e, bool valueUsed) {
  Scope &s = cur();
  switch (e.kind) {
  case ExternDesc::Kind::Module:
    s.coreModules.push_back(e.id);
    break;
  case ExternDesc::Kind::Func:
    s.funcs.push_back(e.id);
    break;
  case ExternDesc::Kind::Value:
    s.values.emplace_back(e.value, valueUsed);
    break;
  case ExternDesc::Kind::Type:
    s.types.push_back(e.type);
    break;
  case ExternDesc::Kind::Instance:
    s.instances.push_back(e.id);
    break;
  case ExternDesc::Kind::Component:
    s.components.push_back(e.id);
    break;
  }
}

// ---- Aliases ----

bool Validator::alias(const Alias &a, bool declarator) {
  Scope &s = cur();
  if (declarator) {
    bool ok = (a.kind == Alias::Kind::InstanceExport &&
               (a.sort.sort == Sort::Type || a.sort.sort == Sort::Instance)) ||
              (a.kind == Alias::Kind::Outer &&
               (a.sort.sort == Sort::Type ||
                (a.sort.sort == Sort::Core && a.sort.core == CoreSort::Type)));
    if (!ok)
      return error(a.offset,
                   "aliases in a component or instance type may only refer to types or instances");
  }
  switch (a.kind) {
  case Alias::Kind::InstanceExport: {
    if (a.instance >= s.instances.size())
      return error(a.offset,
                   "unknown instance " + idx(a.instance) + ": instance index out of bounds");
    const InstanceT &inst = store.instances[s.instances[a.instance]];
    const EntityT *found = nullptr;
    for (const auto &e : inst.exports)
      if (e.first == a.name) found = &e.second;
    if (!found)
      return error(a.offset,
                   "instance " + idx(a.instance) + " has no export named `" + a.name + "`");
    EntityT e = *found;
    ExternDesc::Kind want;
    switch (a.sort.sort) {
    case Sort::Core:
      if (a.sort.core != CoreSort::Module)
        return error(a.offset, "export `" + a.name + "` for instance " + idx(a.instance) +
                                   " is not a " + sortName(a.sort));
      want = ExternDesc::Kind::Module;
      break;
    case Sort::Func:
      want = ExternDesc::Kind::Func;
      break;
    case Sort::Value:
      want = ExternDesc::Kind::Value;
      break;
    case Sort::Type:
      want = ExternDesc::Kind::Type;
      break;
    case Sort::Component:
      want = ExternDesc::Kind::Component;
      break;
    default:
      want = ExternDesc::Kind::Instance;
      break;
    }
    if (e.kind != want)
      return error(a.offset,
                   "export `" + a.name + "` for instance " + idx(a.instance) + " is not a " +
                       (want == ExternDesc::Kind::Module ? "module" : externKindName(want)));
    pushEntity(e);
    return true;
  }
  case Alias::Kind::CoreInstanceExport: {
    if (a.instance >= s.coreInstances.size())
      return error(a.offset,
                   "unknown core instance " + idx(a.instance) + ": instance index out of bounds");
    const CoreInstanceT &inst = store.coreInstances[s.coreInstances[a.instance]];
    const CoreExternT *t = inst.find(a.name);
    if (!t)
      return error(a.offset,
                   "core instance " + idx(a.instance) + " has no export named `" + a.name + "`");
    ExternKind want;
    if (a.sort.sort != Sort::Core)
      return error(a.offset, "export `" + a.name + "` for core instance " + idx(a.instance) +
                                 " is not a " + sortName(a.sort));
    switch (a.sort.core) {
    case CoreSort::Func:
      want = ExternKind::Func;
      break;
    case CoreSort::Table:
      want = ExternKind::Table;
      break;
    case CoreSort::Memory:
      want = ExternKind::Memory;
      break;
    case CoreSort::Global:
      want = ExternKind::Global;
      break;
    case CoreSort::Tag:
      want = ExternKind::Tag;
      break;
    default:
      return error(a.offset, "export `" + a.name + "` for core instance " + idx(a.instance) +
                                 " is not a " + sortName(a.sort));
    }
    if (t->kind != want)
      return error(a.offset, "export `" + a.name + "` for core instance " + idx(a.instance) +
                                 " is not a " + sortName(a.sort));
    switch (want) {
    case ExternKind::Func:
      s.coreFuncs.push_back(t->func);
      break;
    case ExternKind::Table:
      s.coreTables.push_back(t->table);
      break;
    case ExternKind::Memory:
      s.coreMemories.push_back(t->memory);
      break;
    case ExternKind::Global:
      s.coreGlobals.push_back(t->global);
      break;
    case ExternKind::Tag:
      s.coreTags.push_back(t->func);
      break;
    }
    return true;
  }
  case Alias::Kind::Outer: {
    if (a.outerCount >= scopes_.size())
      return error(a.offset, "invalid outer alias count of " + idx(a.outerCount));
    Scope &target = *scopes_[scopes_.size() - 1 - a.outerCount];
    bool crossesComponent = false;
    for (uint32_t k = 0; k < a.outerCount; ++k)
      if (scopes_[scopes_.size() - 1 - k]->kind == ScopeKind::Component) crossesComponent = true;
    uint32_t i = a.outerIndex;
    if (a.sort.sort == Sort::Type) {
      if (i >= target.types.size())
        return error(a.offset, "unknown type " + idx(i) + ": type index out of bounds");
      AnyTypeId t = target.types[i];
      if (crossesComponent) {
        std::vector<uint32_t> resources;
        store.collectResources(t, resources);
        if (!resources.empty())
          return error(a.offset, "cannot alias outer type which transitively refers to resources "
                                 "not defined in the current component");
      }
      s.types.push_back(t);
      return true;
    }
    if (a.sort.sort == Sort::Component) {
      if (i >= target.components.size())
        return error(a.offset, "unknown component " + idx(i) + ": component index out of bounds");
      s.components.push_back(target.components[i]);
      return true;
    }
    if (a.sort.sort == Sort::Core && a.sort.core == CoreSort::Module) {
      if (i >= target.coreModules.size())
        return error(a.offset, "unknown module " + idx(i) + ": module index out of bounds");
      s.coreModules.push_back(target.coreModules[i]);
      return true;
    }
    if (a.sort.sort == Sort::Core && a.sort.core == CoreSort::Type) {
      if (i >= target.coreTypes.size())
        return error(a.offset, "unknown core type " + idx(i) + ": type index out of bounds");
      CoreTypeEntry e = target.coreTypes[i];
      // Its GC structure refers to the outer scope's indices: only its identity comes along.
      uint32_t at = static_cast<uint32_t>(s.gcTypes.types.size());
      GcTypeDef def;
      if (e.gcIndex) def.kind = target.gcTypes.typeDefs[*e.gcIndex].kind;
      def.recStart = at;
      s.gcTypes.types.push_back(e.func);
      s.gcTypes.typeDefs.push_back(def);
      s.gcTypes.canonKeys.push_back(e.gcIndex ? target.gcTypes.canonKeys[*e.gcIndex] : "");
      s.gcTypes.canonIds.push_back(at);
      e.gcIndex = at;
      s.coreTypes.push_back(std::move(e));
      return true;
    }
    return error(a.offset, "only outer aliases of types, modules and components are allowed");
  }
  }
  return true;
}

// ---- Start and values ----

bool Validator::start(const StartDef &d) {
  Scope &s = cur();
  if (d.func.value >= s.funcs.size())
    return error(d.offset,
                 "unknown function " + idx(d.func.value) + ": function index out of bounds");
  const FuncT f = store.funcs[s.funcs[d.func.value]];
  if (f.params.size() != d.args.size())
    return error(d.offset, "component start function requires " +
                               idx(static_cast<uint32_t>(f.params.size())) +
                               " arguments but was given " +
                               idx(static_cast<uint32_t>(d.args.size())));
  for (size_t k = 0; k < d.args.size(); ++k) {
    uint32_t v = d.args[k].value;
    if (v >= s.values.size())
      return error(d.offset, "unknown value " + idx(v) + ": value index out of bounds");
    if (s.values[v].second)
      return error(d.offset, "value index " + idx(v) + " has already been used");
    SubtypeChecker check(store);
    if (!check.valType(s.values[v].first, f.params[k].second))
      return error(d.offset, "value type mismatch for component start function argument " +
                                 idx(static_cast<uint32_t>(k)) + ": " + check.error);
    s.values[v].second = true;
  }
  uint32_t results = f.result ? 1 : 0;
  if (d.results != results)
    return error(d.offset, "component start function has a result count of " + idx(results) +
                               " but the function type has a result count of " + idx(d.results));
  if (f.result) s.values.emplace_back(*f.result, false);
  return true;
}

bool Validator::value(const ValueDef &v) {
  ValT t;
  if (!valType(v.type, t)) return false;
  cur().values.emplace_back(t, false);
  return true;
}

} // namespace w2n::component
