// The static instantiation interpreter (component_plan.h): walks the root component's
// definitions in order, as instantiation at run time would, keeping each component instance's
// index spaces in an Env, and records every core instantiation, lift, lower and resource
// builtin in the Plan. Nested components are instantiated by walking them again with their
// arguments, so each instantiation gets its own core instances, resources and handle table.
#include "compiler/lowering/component_plan.h"

#include "w2n/canon.h"

#include <deque>
#include <memory>

namespace w2n::plan {

using namespace component;

std::pair<std::string, std::string> splitVersion(const std::string &name) {
  size_t at = name.find('@');
  if (at == std::string::npos) return {name, ""};
  return {name.substr(0, at), name.substr(at + 1)};
}

namespace {

struct Env;
struct InstanceVal;

struct ComponentVal {
  const Component *def = nullptr;
  Env *parent = nullptr; // where it was defined (outer aliases resolve there)
};

// An entry of the component type index space.
struct TypeVal {
  enum class Kind : uint8_t { Value, Func, Resource, Declared } kind = Kind::Value;
  uint32_t id = 0;              // Value: ValueType id; Func: func type id; Resource: resource id
  const TypeDef *def = nullptr; // Declared (component / instance type)
  Env *env = nullptr;           // where a Declared type was defined
};

struct FuncVal {
  bool host = false;
  uint32_t lifted = kNone;
  std::string importName, name; // host
  uint32_t type = kNone;        // func type id
};

// Anything a component-level name can refer to.
struct Item {
  Sort sort = Sort::Func;
  CoreSort coreSort = CoreSort::Module; // Sort::Core: only modules travel between components
  FuncVal func;
  std::shared_ptr<InstanceVal> instance;
  TypeVal type;
  ComponentVal component;
  const Module *module = nullptr;
};

struct InstanceVal {
  std::map<std::string, Item> exports;
};

struct CoreInstanceVal {
  std::map<std::string, CoreItem> exports;
};

struct Env {
  Env *parent = nullptr;
  uint32_t instance = 0; // component instance id
  std::vector<CoreFunc> coreFuncs;
  std::vector<CoreItem> coreTables, coreMemories, coreGlobals, coreTags;
  uint32_t coreTypes = 0;
  std::vector<const Module *> coreModules;
  std::vector<CoreInstanceVal> coreInstances;
  std::vector<FuncVal> funcs;
  std::vector<TypeVal> types;
  std::vector<std::shared_ptr<InstanceVal>> instances;
  std::vector<ComponentVal> components;
  std::shared_ptr<InstanceVal> exports = std::make_shared<InstanceVal>();
};

class Interpreter {
public:
  Interpreter(Plan &plan, Diagnostics &diags, const PlanLimits &limits)
      : plan_(plan), diags_(diags), limits_(limits) {
    for (uint32_t k = W2N_CT_BOOL; k <= W2N_CT_STRING; ++k) {
      ValueType t;
      t.kind = k;
      plan_.types.push_back(t);
    }
  }

  bool root(const Component &c, const Composition *composition) {
    composition_ = composition;
    if (composition) {
      unitExports_.resize(composition->units.size());
      for (uint32_t u : composition->order) {
        unit_ = u;
        diags_.setFile(composition->files[u]);
        if (!instantiate(*composition->units[u], nullptr, nullptr, unitExports_[u])) return false;
      }
      unit_ = 0;
      diags_.setFile("");
    }
    std::shared_ptr<InstanceVal> out;
    if (!instantiate(c, nullptr, nullptr, out)) return false;
    auto nameType = [&](const Item &item, const std::string &name) {
      if (item.sort == Sort::Type && item.type.kind == TypeVal::Kind::Value)
        plan_.typeNames.emplace(item.type.id, name);
    };
    auto exportFunc = [&](const FuncVal &f, const std::string &name) {
      FuncType type = f.type != kNone     ? funcTypes_[f.type]
                      : f.lifted != kNone ? plan_.lifted[f.lifted].type
                                          : FuncType{};
      plan_.exports.push_back({name, f.lifted, f.host, std::move(type)});
    };
    for (const auto &[name, item] : out->exports) {
      nameType(item, name);
      if (item.sort == Sort::Func) {
        exportFunc(item.func, name);
      } else if (item.sort == Sort::Instance) {
        for (const auto &[inner, innerItem] : item.instance->exports) {
          nameType(innerItem, name + "#" + inner);
          if (innerItem.sort == Sort::Func) exportFunc(innerItem.func, name + "#" + inner);
        }
      }
    }
    return true;
  }

private:
  bool error(uint64_t offset, const std::string &message) {
    diags_.error(offset, message);
    return false;
  }

  // ---- Types ----
  uint32_t addType(ValueType t) {
    plan_.types.push_back(std::move(t));
    return static_cast<uint32_t>(plan_.types.size() - 1);
  }

  uint32_t primId(PrimType p) {
    switch (p) {
    case PrimType::Bool:
      return W2N_CT_BOOL;
    case PrimType::S8:
      return W2N_CT_S8;
    case PrimType::U8:
      return W2N_CT_U8;
    case PrimType::S16:
      return W2N_CT_S16;
    case PrimType::U16:
      return W2N_CT_U16;
    case PrimType::S32:
      return W2N_CT_S32;
    case PrimType::U32:
      return W2N_CT_U32;
    case PrimType::S64:
      return W2N_CT_S64;
    case PrimType::U64:
      return W2N_CT_U64;
    case PrimType::F32:
      return W2N_CT_F32;
    case PrimType::F64:
      return W2N_CT_F64;
    case PrimType::Char:
      return W2N_CT_CHAR;
    case PrimType::String:
      return W2N_CT_STRING;
    }
    return W2N_CT_BOOL;
  }

  bool valType(Env &env, const ValTypeRef &r, uint32_t &out) {
    if (r.isPrim) {
      out = primId(r.prim);
      return true;
    }
    if (r.index.value >= env.types.size() || env.types[r.index.value].kind != TypeVal::Kind::Value)
      return error(r.offset, "internal error: type index does not name a value type");
    out = env.types[r.index.value].id;
    return true;
  }

  bool optValType(Env &env, const std::optional<ValTypeRef> &r, uint32_t &out) {
    out = kNone;
    return !r || valType(env, *r, out);
  }

  bool resourceOf(Env &env, component::TypeIndex index, uint64_t offset, uint32_t &out) {
    if (index.value >= env.types.size() || env.types[index.value].kind != TypeVal::Kind::Resource)
      return error(offset, "internal error: type index does not name a resource");
    out = env.types[index.value].id;
    return true;
  }

  bool definedType(Env &env, const DefValType &d, uint64_t offset, uint32_t &out) {
    ValueType t;
    using K = DefValType::Kind;
    switch (d.kind) {
    case K::Prim:
      out = primId(d.prim);
      return true;
    case K::Record:
    case K::Tuple:
      t.kind = d.kind == K::Record ? W2N_CT_RECORD : W2N_CT_TUPLE;
      if (d.kind == K::Record) {
        for (const LabeledType &f : d.fields) {
          uint32_t m;
          if (!valType(env, f.type, m)) return false;
          t.members.push_back(m);
          t.labels.push_back(f.label);
        }
      } else {
        for (const ValTypeRef &r : d.types) {
          uint32_t m;
          if (!valType(env, r, m)) return false;
          t.members.push_back(m);
        }
      }
      break;
    case K::Variant:
      t.kind = W2N_CT_VARIANT;
      for (const VariantCase &c : d.cases) {
        uint32_t m;
        if (!optValType(env, c.type, m)) return false;
        t.members.push_back(m);
        t.labels.push_back(c.label);
      }
      break;
    case K::List:
    case K::FixedList: {
      t.kind = W2N_CT_LIST;
      uint32_t m;
      if (!valType(env, d.types[0], m)) return false;
      t.members.push_back(m);
      t.count = d.kind == K::FixedList ? d.length : 0;
      out = addType(std::move(t));
      return true;
    }
    case K::Map: {
      // map<k, v> is list<tuple<k, v>> in the canonical ABI.
      ValueType entry;
      entry.kind = W2N_CT_TUPLE;
      for (const ValTypeRef &r : d.types) {
        uint32_t m;
        if (!valType(env, r, m)) return false;
        entry.members.push_back(m);
      }
      entry.count = 2;
      t.kind = W2N_CT_LIST;
      t.members.push_back(addType(std::move(entry)));
      out = addType(std::move(t));
      return true;
    }
    case K::Flags:
      t.kind = W2N_CT_FLAGS;
      t.labels = d.labels;
      t.count = static_cast<uint32_t>(d.labels.size());
      out = addType(std::move(t));
      return true;
    case K::Enum:
      t.kind = W2N_CT_ENUM;
      t.labels = d.labels;
      t.count = static_cast<uint32_t>(d.labels.size());
      out = addType(std::move(t));
      return true;
    case K::Option: {
      t.kind = W2N_CT_OPTION;
      uint32_t m;
      if (!valType(env, d.types[0], m)) return false;
      t.members = {kNone, m};
      t.labels = {"none", "some"};
      break;
    }
    case K::Result: {
      t.kind = W2N_CT_RESULT;
      uint32_t ok, err;
      if (!optValType(env, d.ok, ok) || !optValType(env, d.err, err)) return false;
      t.members = {ok, err};
      t.labels = {"ok", "error"};
      break;
    }
    case K::Own:
    case K::Borrow:
      t.kind = d.kind == K::Own ? W2N_CT_OWN : W2N_CT_BORROW;
      if (!resourceOf(env, d.resource, offset, t.resource)) return false;
      out = addType(std::move(t));
      return true;
    }
    t.count = static_cast<uint32_t>(t.members.size());
    out = addType(std::move(t));
    return true;
  }

  bool funcType(Env &env, const FuncTypeDef &f, uint32_t &out) {
    FuncType ft;
    for (const LabeledType &p : f.params) {
      uint32_t m;
      if (!valType(env, p.type, m)) return false;
      ft.params.emplace_back(p.label, m);
    }
    if (!optValType(env, f.result, ft.result)) return false;
    funcTypes_.push_back(std::move(ft));
    out = static_cast<uint32_t>(funcTypes_.size() - 1);
    return true;
  }

  bool typeDef(Env &env, const TypeDef &t, TypeVal &out) {
    switch (t.kind) {
    case TypeDef::Kind::Defined:
      out.kind = TypeVal::Kind::Value;
      return definedType(env, t.defined, t.offset, out.id);
    case TypeDef::Kind::Func:
      out.kind = TypeVal::Kind::Func;
      return funcType(env, t.func, out.id);
    case TypeDef::Kind::Resource: {
      Resource r;
      r.rep64 = t.resource.rep == ValType::I64;
      r.instance = env.instance;
      r.name = kUnnamedResource + std::to_string(plan_.resources.size());
      if (t.resource.dtor) {
        if (t.resource.dtor->value >= env.coreFuncs.size())
          return error(t.offset, "internal error: resource destructor index");
        r.dtor = env.coreFuncs[t.resource.dtor->value];
      }
      plan_.resources.push_back(std::move(r));
      out.kind = TypeVal::Kind::Resource;
      out.id = static_cast<uint32_t>(plan_.resources.size() - 1);
      return true;
    }
    case TypeDef::Kind::Component:
    case TypeDef::Kind::Instance:
      out.kind = TypeVal::Kind::Declared;
      out.def = &t;
      out.env = &env;
      return true;
    }
    return false;
  }

  // ---- Host imports: the instance type's declarations, evaluated to host functions and
  // resources named after the import. ----
  bool hostInstance(const TypeVal &type, const std::string &importName, uint64_t offset,
                    std::shared_ptr<InstanceVal> &out) {
    if (type.kind != TypeVal::Kind::Declared || type.def->kind != TypeDef::Kind::Instance)
      return error(offset, "internal error: instance import without an instance type");
    Env &scope = newEnv(type.env, 0);
    out = std::make_shared<InstanceVal>();
    for (const TypeDecl &decl : type.def->decls) {
      switch (decl.kind) {
      case TypeDecl::Kind::CoreType:
        ++scope.coreTypes;
        break;
      case TypeDecl::Kind::Type: {
        TypeVal t;
        if (!typeDef(scope, *decl.type, t)) return false;
        scope.types.push_back(t);
        break;
      }
      case TypeDecl::Kind::Alias:
        if (!alias(scope, decl.alias)) return false;
        break;
      case TypeDecl::Kind::Import:
        return error(decl.offset, "internal error: import in instance type");
      case TypeDecl::Kind::Export: {
        Item item;
        if (!hostItem(scope, decl.desc, importName, decl.name.name, item)) return false;
        push(scope, item);
        out->exports[decl.name.name] = item;
        break;
      }
      }
    }
    return true;
  }

  bool hostItem(Env &env, const ExternDesc &desc, const std::string &importName,
                const std::string &name, Item &out) {
    using K = ExternDesc::Kind;
    switch (desc.kind) {
    case K::Func:
      out.sort = Sort::Func;
      out.func.host = true;
      out.func.importName = importName;
      out.func.name = name;
      if (desc.index >= env.types.size() || env.types[desc.index].kind != TypeVal::Kind::Func)
        return error(desc.offset, "internal error: func import type");
      out.func.type = env.types[desc.index].id;
      return true;
    case K::Type:
      out.sort = Sort::Type;
      if (desc.typeSubResource) {
        Resource r;
        r.host = true;
        r.hostInterface = splitVersion(importName).first;
        r.hostName = name;
        r.name = r.hostInterface.empty() ? name : r.hostInterface + "." + name;
        plan_.resources.push_back(std::move(r));
        out.type.kind = TypeVal::Kind::Resource;
        out.type.id = static_cast<uint32_t>(plan_.resources.size() - 1);
        return true;
      }
      if (desc.index >= env.types.size()) return error(desc.offset, "internal error: type index");
      out.type = env.types[desc.index];
      return true;
    case K::Instance:
      out.sort = Sort::Instance;
      if (desc.index >= env.types.size()) return error(desc.offset, "internal error: type index");
      return hostInstance(env.types[desc.index], importName.empty() ? name : importName,
                          desc.offset, out.instance);
    case K::Module:
      return error(desc.offset,
                   "import `" + name + "` was not found: the host provides no core modules");
    case K::Value:
      return error(desc.offset,
                   "import `" + name + "` was not found: the host provides no component values");
    case K::Component:
      return error(desc.offset,
                   "import `" + name + "` was not found: the host provides no components");
    }
    return false;
  }

  // ---- Index spaces ----
  // A resource defined without a name takes the first name it is exported under (for
  // messages and signatures: "counter" rather than "resource 0").
  static constexpr const char *kUnnamedResource = "resource ";
  void nameResource(const Item &item, const std::string &name) {
    if (item.sort != Sort::Type || item.type.kind != TypeVal::Kind::Resource) return;
    Resource &r = plan_.resources[item.type.id];
    if (!r.host && r.name.starts_with(kUnnamedResource)) r.name = name;
  }

  void push(Env &env, const Item &item) {
    switch (item.sort) {
    case Sort::Func:
      env.funcs.push_back(item.func);
      break;
    case Sort::Instance:
      env.instances.push_back(item.instance);
      break;
    case Sort::Type:
      env.types.push_back(item.type);
      break;
    case Sort::Component:
      env.components.push_back(item.component);
      break;
    case Sort::Core:
      env.coreModules.push_back(item.module);
      break;
    case Sort::Value:
      break;
    }
  }

  bool itemOf(Env &env, const SortIndex &si, uint64_t offset, Item &out) {
    out.sort = si.sort.sort;
    uint32_t i = si.index;
    auto bad = [&] { return error(offset, "internal error: index out of range"); };
    switch (si.sort.sort) {
    case Sort::Func:
      if (i >= env.funcs.size()) return bad();
      out.func = env.funcs[i];
      return true;
    case Sort::Instance:
      if (i >= env.instances.size()) return bad();
      out.instance = env.instances[i];
      return true;
    case Sort::Type:
      if (i >= env.types.size()) return bad();
      out.type = env.types[i];
      return true;
    case Sort::Component:
      if (i >= env.components.size()) return bad();
      out.component = env.components[i];
      return true;
    case Sort::Core:
      if (si.sort.core != CoreSort::Module)
        return error(offset, std::string("unsupported: passing a ") + sortName(si.sort) +
                                 " between components");
      if (i >= env.coreModules.size()) return bad();
      out.coreSort = CoreSort::Module;
      out.module = env.coreModules[i];
      return true;
    case Sort::Value:
      return error(offset, "unsupported feature: component values");
    }
    return bad();
  }

  bool coreItemOf(Env &env, CoreSort sort, uint32_t i, uint64_t offset, CoreItem &out) {
    auto bad = [&] { return error(offset, "internal error: core index out of range"); };
    switch (sort) {
    case CoreSort::Func:
      if (i >= env.coreFuncs.size()) return bad();
      out.kind = ExternKind::Func;
      out.func = env.coreFuncs[i];
      return true;
    case CoreSort::Table:
      if (i >= env.coreTables.size()) return bad();
      out = env.coreTables[i];
      return true;
    case CoreSort::Memory:
      if (i >= env.coreMemories.size()) return bad();
      out = env.coreMemories[i];
      return true;
    case CoreSort::Global:
      if (i >= env.coreGlobals.size()) return bad();
      out = env.coreGlobals[i];
      return true;
    case CoreSort::Tag:
      if (i >= env.coreTags.size()) return bad();
      out = env.coreTags[i];
      return true;
    default:
      return error(offset, std::string("unsupported feature: core ") +
                               sortName(SortRef{Sort::Core, sort}) + " in a core instance");
    }
  }

  void pushCore(Env &env, const CoreItem &item) {
    switch (item.kind) {
    case ExternKind::Func:
      env.coreFuncs.push_back(item.func);
      break;
    case ExternKind::Table:
      env.coreTables.push_back(item);
      break;
    case ExternKind::Memory:
      env.coreMemories.push_back(item);
      break;
    case ExternKind::Global:
      env.coreGlobals.push_back(item);
      break;
    case ExternKind::Tag:
      env.coreTags.push_back(item);
      break;
    default:
      break;
    }
  }

  bool alias(Env &env, const Alias &a) {
    switch (a.kind) {
    case Alias::Kind::InstanceExport: {
      if (a.instance >= env.instances.size())
        return error(a.offset, "internal error: alias of a missing instance");
      auto it = env.instances[a.instance]->exports.find(a.name);
      if (it == env.instances[a.instance]->exports.end())
        return error(a.offset, "internal error: alias of a missing export " + a.name);
      push(env, it->second);
      return true;
    }
    case Alias::Kind::CoreInstanceExport: {
      if (a.instance >= env.coreInstances.size())
        return error(a.offset, "internal error: alias of a missing core instance");
      auto &exports = env.coreInstances[a.instance].exports;
      auto it = exports.find(a.name);
      if (it == exports.end())
        return error(a.offset, "internal error: alias of a missing core export " + a.name);
      pushCore(env, it->second);
      return true;
    }
    case Alias::Kind::Outer: {
      Env *e = &env;
      for (uint32_t n = 0; n < a.outerCount && e; ++n)
        e = e->parent;
      if (!e) return error(a.offset, "internal error: outer alias beyond the root");
      uint32_t i = a.outerIndex;
      if (a.sort.sort == Sort::Type) {
        if (i >= e->types.size()) return error(a.offset, "internal error: outer type index");
        env.types.push_back(e->types[i]);
      } else if (a.sort.sort == Sort::Component) {
        if (i >= e->components.size())
          return error(a.offset, "internal error: outer component index");
        env.components.push_back(e->components[i]);
      } else if (a.sort.sort == Sort::Core && a.sort.core == CoreSort::Module) {
        if (i >= e->coreModules.size())
          return error(a.offset, "internal error: outer module index");
        env.coreModules.push_back(e->coreModules[i]);
      } else if (a.sort.sort == Sort::Core && a.sort.core == CoreSort::Type) {
        ++env.coreTypes;
      } else {
        return error(a.offset, "internal error: outer alias of this sort");
      }
      return true;
    }
    }
    return false;
  }

  // ---- Definitions ----
  Env &newEnv(Env *parent, uint32_t instance) {
    envs_.emplace_back();
    Env &e = envs_.back();
    e.parent = parent;
    e.instance = instance;
    return e;
  }

  uint32_t moduleId(const Module *m) {
    for (size_t i = 0; i < plan_.modules.size(); ++i)
      if (plan_.modules[i] == m) return static_cast<uint32_t>(i);
    plan_.modules.push_back(m);
    return static_cast<uint32_t>(plan_.modules.size() - 1);
  }

  bool coreInstance(Env &env, const CoreInstanceDef &d) {
    CoreInstanceVal val;
    if (!d.instantiate) {
      for (const CoreInlineExport &e : d.exports) {
        CoreItem item;
        if (!coreItemOf(env, e.sort, e.index, e.offset, item)) return false;
        val.exports[e.name] = item;
      }
      env.coreInstances.push_back(std::move(val));
      return true;
    }
    if (d.module.value >= env.coreModules.size())
      return error(d.offset, "internal error: module index");
    const Module *m = env.coreModules[d.module.value];
    if (plan_.coreInstances.size() >= limits_.maxInstances)
      return error(d.offset, "too many core instances: the limit is " +
                                 std::to_string(limits_.maxInstances) +
                                 " (--max-instances raises it)");
    CoreInstance inst;
    inst.module = moduleId(m);
    inst.componentInstance = env.instance;
    for (const Import &imp : m->imports) {
      const CoreInstantiateArg *arg = nullptr;
      for (const CoreInstantiateArg &a : d.args)
        if (a.name == imp.module) arg = &a;
      if (!arg || arg->instance.value >= env.coreInstances.size())
        return error(d.offset, "internal error: missing instantiation argument " + imp.module);
      auto &exports = env.coreInstances[arg->instance.value].exports;
      auto it = exports.find(imp.name);
      if (it == exports.end())
        return error(d.offset, "internal error: missing import " + imp.module + "." + imp.name);
      inst.imports.push_back(it->second);
    }
    uint32_t id = static_cast<uint32_t>(plan_.coreInstances.size());
    plan_.coreInstances.push_back(std::move(inst));
    plan_.steps.push_back({Step::Kind::CoreInstance, id});
    for (const w2n::Export &e : m->exports) {
      CoreItem item;
      item.kind = e.kind;
      if (e.kind == ExternKind::Func) {
        item.func.kind = CoreFunc::Kind::Export;
        item.func.instance = id;
        item.func.name = e.name;
      } else {
        item.instance = id;
        item.name = e.name;
      }
      val.exports[e.name] = item;
    }
    env.coreInstances.push_back(std::move(val));
    return true;
  }

  bool options(Env &env, const CanonOptions &o, uint64_t offset, Options &out) {
    out.instance = env.instance;
    if (o.encoding) out.encoding = static_cast<uint32_t>(*o.encoding);
    if (o.memory) {
      CoreItem m;
      if (!coreItemOf(env, CoreSort::Memory, o.memory->value, offset, m)) return false;
      const Module &mod = *plan_.modules[plan_.coreInstances[m.instance].module];
      for (const w2n::Export &e : mod.exports)
        if (e.kind == ExternKind::Memory && e.name == m.name && mod.memories[e.index].is64)
          out.memory64 = true;
      out.memory = m;
    }
    if (o.realloc) {
      CoreItem f;
      if (!coreItemOf(env, CoreSort::Func, o.realloc->value, offset, f)) return false;
      out.realloc = f.func;
    }
    if (o.postReturn) {
      CoreItem f;
      if (!coreItemOf(env, CoreSort::Func, o.postReturn->value, offset, f)) return false;
      out.postReturn = f.func;
    }
    return true;
  }

  // The gc option passes values as GC references; compiled only where that is the flat ABI
  // (numbers, chars, enums, flags), i.e. for signatures without strings, lists, records,
  // variants or handles.
  bool gcSignatureSupported(const FuncType &f, uint64_t offset) {
    auto scalar = [&](uint32_t t) {
      uint32_t k = plan_.types[t].kind;
      return k < W2N_CT_STRING || k == W2N_CT_ENUM || k == W2N_CT_FLAGS;
    };
    bool ok = f.result == kNone || scalar(f.result);
    for (const auto &p : f.params)
      ok = ok && scalar(p.second);
    if (ok) return true;
    return error(offset, "unsupported feature: component model GC (the `gc` canonical option "
                         "with strings, lists, records, variants or handles)");
  }

  bool canon(Env &env, const CanonDef &d) {
    if (d.options.gc && d.kind == CanonDef::Kind::Lift) {
      if (d.type.value < env.types.size() && env.types[d.type.value].kind == TypeVal::Kind::Func &&
          !gcSignatureSupported(funcTypes_[env.types[d.type.value].id], d.offset))
        return false;
    } else if (d.options.gc && d.kind == CanonDef::Kind::Lower && d.func < env.funcs.size() &&
               !gcSignatureSupported(funcTypes_[env.funcs[d.func].type], d.offset)) {
      return false;
    }
    switch (d.kind) {
    case CanonDef::Kind::Lift: {
      Lifted l;
      CoreItem core;
      if (!coreItemOf(env, CoreSort::Func, d.func, d.offset, core)) return false;
      l.core = core.func;
      if (d.type.value >= env.types.size() || env.types[d.type.value].kind != TypeVal::Kind::Func)
        return error(d.offset, "internal error: lift type");
      l.type = funcTypes_[env.types[d.type.value].id];
      if (!options(env, d.options, d.offset, l.options)) return false;
      uint32_t id = static_cast<uint32_t>(plan_.lifted.size());
      plan_.lifted.push_back(std::move(l));
      plan_.steps.push_back({Step::Kind::Lifted, id});
      FuncVal f;
      f.lifted = id;
      f.type = env.types[d.type.value].id;
      env.funcs.push_back(f);
      return true;
    }
    case CanonDef::Kind::Lower: {
      if (d.func >= env.funcs.size()) return error(d.offset, "internal error: lower index");
      const FuncVal &f = env.funcs[d.func];
      Lowered l;
      l.type = funcTypes_[f.type];
      l.offset = d.offset;
      if (!options(env, d.options, d.offset, l.options)) return false;
      if (f.host) {
        // The WASI host's functions read and write guest memory with 32-bit pointers.
        if (l.options.memory64)
          return error(d.offset, "unsupported feature: host function `" + f.name + "` of `" +
                                     f.importName + "` lowered with a 64-bit memory (cm64)");
        l.host = true;
        l.importName = f.importName;
        l.hostInterface = splitVersion(f.importName).first;
        l.hostName = f.name;
      } else {
        l.lifted = f.lifted;
      }
      uint32_t id = static_cast<uint32_t>(plan_.lowered.size());
      plan_.lowered.push_back(std::move(l));
      plan_.steps.push_back({Step::Kind::Lowered, id});
      CoreFunc cf;
      cf.kind = CoreFunc::Kind::Lowered;
      cf.index = id;
      env.coreFuncs.push_back(cf);
      return true;
    }
    case CanonDef::Kind::ResourceNew:
    case CanonDef::Kind::ResourceRep:
    case CanonDef::Kind::ResourceDrop: {
      uint32_t r = 0;
      if (!resourceOf(env, d.type, d.offset, r)) return false;
      CoreFunc cf;
      cf.kind = d.kind == CanonDef::Kind::ResourceNew   ? CoreFunc::Kind::ResourceNew
                : d.kind == CanonDef::Kind::ResourceRep ? CoreFunc::Kind::ResourceRep
                                                        : CoreFunc::Kind::ResourceDrop;
      cf.index = static_cast<uint32_t>(plan_.resourceOps.size());
      plan_.resourceOps.push_back({r, env.instance});
      plan_.steps.push_back({Step::Kind::Resource, cf.index});
      env.coreFuncs.push_back(cf);
      return true;
    }
    }
    return false;
  }

  bool instance(Env &env, const InstanceDef &d) {
    if (!d.instantiate) {
      auto val = std::make_shared<InstanceVal>();
      for (const InlineExport &e : d.exports) {
        Item item;
        if (!itemOf(env, e.item, e.offset, item)) return false;
        val->exports[e.name.name] = item;
      }
      env.instances.push_back(val);
      return true;
    }
    if (d.component.value >= env.components.size())
      return error(d.offset, "internal error: component index");
    ComponentVal c = env.components[d.component.value];
    if (plan_.componentInstances >= limits_.maxInstances)
      return error(d.offset, "too many component instances: the limit is " +
                                 std::to_string(limits_.maxInstances) +
                                 " (--max-instances raises it)");
    std::map<std::string, Item> args;
    for (const InstantiateArg &a : d.args) {
      Item item;
      if (!itemOf(env, a.item, a.offset, item)) return false;
      args[a.name] = item;
    }
    std::shared_ptr<InstanceVal> out;
    if (!instantiate(*c.def, c.parent, &args, out)) return false;
    env.instances.push_back(out);
    return true;
  }

  bool import(Env &env, const ImportDef &d, const std::map<std::string, Item> *args) {
    Item item;
    if (!args && composition_) {
      // Plugged: the plug's export, as an instantiation argument would be.
      const auto &bindings = composition_->bindings[unit_];
      if (auto it = bindings.find(d.name.name); it != bindings.end()) {
        const auto &exports = unitExports_[it->second.unit]->exports;
        auto e = exports.find(it->second.exportName);
        if (e == exports.end())
          return error(d.offset, "internal error: plug export " + it->second.exportName);
        push(env, e->second);
        return true;
      }
    }
    if (args) {
      auto it = args->find(d.name.name);
      if (it == args->end())
        return error(d.offset, "internal error: missing instantiation argument " + d.name.name);
      item = it->second;
    } else {
      // The root is what gets compiled: nothing can supply a component at run time.
      if (d.desc.kind == ExternDesc::Kind::Component)
        return error(d.offset, "root-level component imports are not supported");
      std::string importName = d.desc.kind == ExternDesc::Kind::Instance ? d.name.name : "";
      if (!hostItem(env, d.desc, importName, d.name.name, item)) return false;
      recordHostImport(d, item);
    }
    push(env, item);
    return true;
  }

  void recordHostImport(const ImportDef &d, const Item &item) {
    HostImport h;
    h.name = d.name.name;
    h.offset = d.offset;
    if (unit_ != 0) h.file = composition_->files[unit_];
    if (item.sort == Sort::Func) {
      h.funcs.push_back(d.name.name);
    } else if (item.sort == Sort::Instance) {
      h.instance = true;
      for (const auto &[name, inner] : item.instance->exports) {
        if (inner.sort == Sort::Func) h.funcs.push_back(name);
        // Only the resources this import introduces ((sub resource)), not the ones its types
        // refer to ((eq ...) of another interface's resource).
        if (inner.sort == Sort::Type && inner.type.kind == TypeVal::Kind::Resource) {
          const Resource &r = plan_.resources[inner.type.id];
          if (r.host && r.hostName == name && r.hostInterface == splitVersion(h.name).first)
            h.resources.push_back(name);
        }
      }
    } else if (item.sort != Sort::Type) {
      return;
    }
    plan_.hostImports.push_back(std::move(h));
  }

  bool instantiate(const Component &c, Env *parent, const std::map<std::string, Item> *args,
                   std::shared_ptr<InstanceVal> &out) {
    Env &env = newEnv(parent, plan_.componentInstances++);
    for (const Definition &d : c.definitions) {
      if (++definitions_ > limits_.maxDefinitions)
        return error(d.offset, "instantiation is too large: more than " +
                                   std::to_string(limits_.maxDefinitions) +
                                   " definitions interpreted (--max-definitions raises it)");
      bool ok = true;
      switch (d.kind) {
      case Definition::Kind::CoreModule:
        env.coreModules.push_back(c.coreModules[d.nested].get());
        break;
      case Definition::Kind::CoreInstance:
        ok = coreInstance(env, std::get<CoreInstanceDef>(d.item));
        break;
      case Definition::Kind::CoreType:
        ++env.coreTypes;
        break;
      case Definition::Kind::Component:
        env.components.push_back({c.components[d.nested].get(), &env});
        break;
      case Definition::Kind::Instance:
        ok = instance(env, std::get<InstanceDef>(d.item));
        break;
      case Definition::Kind::Alias:
        ok = alias(env, std::get<Alias>(d.item));
        break;
      case Definition::Kind::Type: {
        TypeVal t;
        ok = typeDef(env, std::get<TypeDef>(d.item), t);
        if (ok) env.types.push_back(t);
        break;
      }
      case Definition::Kind::Canon:
        ok = canon(env, std::get<CanonDef>(d.item));
        break;
      case Definition::Kind::Start: {
        // Without component values a start function takes and returns nothing.
        const StartDef &sd = std::get<StartDef>(d.item);
        if (!sd.args.empty() || sd.results != 0)
          return error(d.offset, "unsupported feature: component values (start function "
                                 "arguments or results)");
        Item f;
        if (!itemOf(env, SortIndex{SortRef{Sort::Func}, sd.func.value}, d.offset, f)) return false;
        if (f.func.lifted == kNone)
          return error(d.offset, "unsupported feature: a host function as a start function");
        plan_.steps.push_back({Step::Kind::Start, f.func.lifted});
        break;
      }
      case Definition::Kind::Import:
        ok = import(env, std::get<ImportDef>(d.item), args);
        break;
      case Definition::Kind::Export: {
        const ExportDef &e = std::get<ExportDef>(d.item);
        if (!env.parent && e.item.sort.sort == Sort::Component)
          return error(e.offset, "exporting a component from the root component is not supported");
        Item item;
        ok = itemOf(env, e.item, e.offset, item);
        // A function exported with an ascribed type is seen with that type (same structure,
        // the exporter's type names).
        if (ok && item.sort == Sort::Func && e.desc && e.desc->kind == ExternDesc::Kind::Func &&
            e.desc->index < env.types.size() &&
            env.types[e.desc->index].kind == TypeVal::Kind::Func)
          item.func.type = env.types[e.desc->index].id;
        // The executable calls what the root exports; a host import passed straight through
        // has no code to call (Wasmtime has the same restriction). A plug may pass one on.
        if (ok && !env.parent && unit_ == 0 && item.sort == Sort::Func && item.func.host)
          return error(e.offset, "component export `" + e.name.name +
                                     "` is a reexport of an imported function which is not "
                                     "implemented");
        if (ok) {
          nameResource(item, e.name.name);
          env.exports->exports[e.name.name] = item;
          push(env, item);
        }
        break;
      }
      case Definition::Kind::Value:
        return error(d.offset, "unsupported feature: component values");
      }
      if (!ok) return false;
    }
    out = env.exports;
    return true;
  }

  Plan &plan_;
  Diagnostics &diags_;
  const PlanLimits &limits_;
  const Composition *composition_ = nullptr;
  uint32_t unit_ = 0; // the unit of the composition being instantiated (0: the root)
  std::vector<std::shared_ptr<InstanceVal>> unitExports_; // per instantiated plug
  uint64_t definitions_ = 0;
  std::deque<Env> envs_;
  std::vector<FuncType> funcTypes_;
};

} // namespace

bool buildPlan(const Component &root, Plan &out, Diagnostics &diags, const PlanLimits &limits,
               const Composition *composition) {
  Interpreter interpreter(out, diags, limits);
  return interpreter.root(root, composition);
}

} // namespace w2n::plan
