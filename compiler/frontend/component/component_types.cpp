// The TypeStore (sizes, resource collection, substitution) and canonical ABI flattening. The
// subtype checker lives in component_subtype.cpp.
#include "compiler/frontend/component/component_types.h"

#include <algorithm>

namespace w2n::component {

namespace {
uint32_t satAdd(uint32_t a, uint32_t b) {
  uint64_t s = uint64_t(a) + b;
  return s > kMaxTypeSize + 1 ? kMaxTypeSize + 1 : static_cast<uint32_t>(s);
}
} // namespace

const char *typeKindName(TypeKind k) {
  switch (k) {
  case TypeKind::Defined:
    return "defined type";
  case TypeKind::Func:
    return "func";
  case TypeKind::Component:
    return "component";
  case TypeKind::Instance:
    return "instance";
  case TypeKind::Resource:
    return "resource";
  }
  return "?";
}

const char *externKindName(ExternDesc::Kind k) {
  switch (k) {
  case ExternDesc::Kind::Module:
    return "module";
  case ExternDesc::Kind::Func:
    return "func";
  case ExternDesc::Kind::Value:
    return "value";
  case ExternDesc::Kind::Type:
    return "type";
  case ExternDesc::Kind::Component:
    return "component";
  case ExternDesc::Kind::Instance:
    return "instance";
  }
  return "?";
}

const CoreExternT *CoreInstanceT::find(const std::string &name) const {
  for (const auto &[n, t] : exports)
    if (n == name) return &t;
  return nullptr;
}

// ---- Store ----

uint32_t TypeStore::addDefined(DefinedT t) {
  uint32_t sz = 1;
  for (const auto &f : t.fields)
    sz = satAdd(sz, size(f.second));
  for (const auto &c : t.cases)
    if (c.second) sz = satAdd(sz, size(*c.second));
  for (ValT v : t.types)
    sz = satAdd(sz, size(v));
  if (t.ok) sz = satAdd(sz, size(*t.ok));
  if (t.err) sz = satAdd(sz, size(*t.err));
  sz = satAdd(sz, static_cast<uint32_t>(std::min<size_t>(t.labels.size(), kMaxTypeSize)));
  defined.push_back(std::move(t));
  definedSize.push_back(sz);
  return static_cast<uint32_t>(defined.size() - 1);
}

uint32_t TypeStore::addFunc(FuncT t) {
  funcs.push_back(std::move(t));
  return static_cast<uint32_t>(funcs.size() - 1);
}
uint32_t TypeStore::addInstance(InstanceT t) {
  instances.push_back(std::move(t));
  return static_cast<uint32_t>(instances.size() - 1);
}
uint32_t TypeStore::addComponent(ComponentT t) {
  components.push_back(std::move(t));
  return static_cast<uint32_t>(components.size() - 1);
}
uint32_t TypeStore::addModule(ModuleT t) {
  modules.push_back(std::move(t));
  return static_cast<uint32_t>(modules.size() - 1);
}
uint32_t TypeStore::addCoreInstance(CoreInstanceT t) {
  coreInstances.push_back(std::move(t));
  return static_cast<uint32_t>(coreInstances.size() - 1);
}
uint32_t TypeStore::addResource(ResourceT t) {
  if (t.root == UINT32_MAX) t.root = static_cast<uint32_t>(resources.size());
  resources.push_back(t);
  return static_cast<uint32_t>(resources.size() - 1);
}

AnyTypeId TypeStore::withUnique(AnyTypeId t) {
  switch (t.kind) {
  case TypeKind::Defined: {
    DefinedT copy = defined[t.id];
    return {TypeKind::Defined, addDefined(std::move(copy))};
  }
  case TypeKind::Func: {
    FuncT copy = funcs[t.id];
    return {TypeKind::Func, addFunc(std::move(copy))};
  }
  case TypeKind::Instance: {
    InstanceT copy = instances[t.id];
    return {TypeKind::Instance, addInstance(std::move(copy))};
  }
  case TypeKind::Component: {
    ComponentT copy = components[t.id];
    return {TypeKind::Component, addComponent(std::move(copy))};
  }
  case TypeKind::Resource: {
    ResourceT alias = resources[t.id];
    return {TypeKind::Resource, addResource(alias)};
  }
  }
  return t;
}

uint32_t TypeStore::size(ValT v) const { return v.prim ? 1 : definedSize[v.def]; }

uint32_t TypeStore::size(AnyTypeId t) const {
  switch (t.kind) {
  case TypeKind::Defined:
    return definedSize[t.id];
  case TypeKind::Resource:
    return 1;
  case TypeKind::Func: {
    uint32_t sz = 1;
    for (const auto &p : funcs[t.id].params)
      sz = satAdd(sz, size(p.second));
    if (funcs[t.id].result) sz = satAdd(sz, size(*funcs[t.id].result));
    return sz;
  }
  case TypeKind::Instance: {
    uint32_t sz = 1;
    for (const auto &e : instances[t.id].exports)
      sz = satAdd(sz, size(e.second));
    return sz;
  }
  case TypeKind::Component: {
    uint32_t sz = 1;
    for (const auto &e : components[t.id].imports)
      sz = satAdd(sz, size(e.second));
    for (const auto &e : components[t.id].exports)
      sz = satAdd(sz, size(e.second));
    return sz;
  }
  }
  return 1;
}

uint32_t TypeStore::size(const EntityT &e) const {
  switch (e.kind) {
  case ExternDesc::Kind::Module: {
    const ModuleT &m = modules[e.id];
    return satAdd(1, static_cast<uint32_t>(
                         std::min<size_t>(m.imports.size() + m.exports.size(), kMaxTypeSize)));
  }
  case ExternDesc::Kind::Func:
    return size(AnyTypeId{TypeKind::Func, e.id});
  case ExternDesc::Kind::Value:
    return size(e.value);
  case ExternDesc::Kind::Type:
    return size(e.referenced);
  case ExternDesc::Kind::Instance:
    return size(AnyTypeId{TypeKind::Instance, e.id});
  case ExternDesc::Kind::Component:
    return size(AnyTypeId{TypeKind::Component, e.id});
  }
  return 1;
}

// ---- Resources in types ----

void TypeStore::collectResources(ValT v, std::vector<uint32_t> &out) const {
  if (v.prim) return;
  const DefinedT &d = defined[v.def];
  if (d.kind == DefValType::Kind::Own || d.kind == DefValType::Kind::Borrow) {
    out.push_back(d.resource);
    return;
  }
  for (const auto &f : d.fields)
    collectResources(f.second, out);
  for (const auto &c : d.cases)
    if (c.second) collectResources(*c.second, out);
  for (ValT t : d.types)
    collectResources(t, out);
  if (d.ok) collectResources(*d.ok, out);
  if (d.err) collectResources(*d.err, out);
}

void TypeStore::collectResources(AnyTypeId t, std::vector<uint32_t> &out) const {
  switch (t.kind) {
  case TypeKind::Defined:
    collectResources(ValT{false, PrimType::Bool, t.id}, out);
    return;
  case TypeKind::Resource:
    out.push_back(t.id);
    return;
  case TypeKind::Func:
    for (const auto &p : funcs[t.id].params)
      collectResources(p.second, out);
    if (funcs[t.id].result) collectResources(*funcs[t.id].result, out);
    return;
  case TypeKind::Instance:
    for (const auto &e : instances[t.id].exports)
      collectResources(e.second, out);
    return;
  case TypeKind::Component:
    for (const auto &e : components[t.id].imports)
      collectResources(e.second, out);
    for (const auto &e : components[t.id].exports)
      collectResources(e.second, out);
    return;
  }
}

void TypeStore::collectResources(const EntityT &e, std::vector<uint32_t> &out) const {
  switch (e.kind) {
  case ExternDesc::Kind::Module:
    return;
  case ExternDesc::Kind::Func:
    return collectResources(AnyTypeId{TypeKind::Func, e.id}, out);
  case ExternDesc::Kind::Value:
    return collectResources(e.value, out);
  case ExternDesc::Kind::Type:
    return collectResources(e.referenced, out);
  case ExternDesc::Kind::Instance:
    return collectResources(AnyTypeId{TypeKind::Instance, e.id}, out);
  case ExternDesc::Kind::Component:
    return collectResources(AnyTypeId{TypeKind::Component, e.id}, out);
  }
}

bool TypeStore::containsBorrow(ValT v) const {
  if (v.prim) return false;
  const DefinedT &d = defined[v.def];
  if (d.kind == DefValType::Kind::Borrow) return true;
  if (d.kind == DefValType::Kind::Own) return false;
  for (const auto &f : d.fields)
    if (containsBorrow(f.second)) return true;
  for (const auto &c : d.cases)
    if (c.second && containsBorrow(*c.second)) return true;
  for (ValT t : d.types)
    if (containsBorrow(t)) return true;
  return (d.ok && containsBorrow(*d.ok)) || (d.err && containsBorrow(*d.err));
}

// ---- Substitution ----

// An imported resource type bound by id, else the image of its root; an alias (a second name of
// a resource) becomes one new alias of that image per substitution, so its name stays apart.
uint32_t TypeStore::substituteResource(uint32_t r, Substitution &m) {
  if (auto it = m.resourceIds.find(r); it != m.resourceIds.end()) return it->second;
  auto it = m.resources.find(rootOf(r));
  if (it == m.resources.end()) return r;
  if (rootOf(r) == r) return it->second;
  auto [a, fresh] = m.aliases.emplace(r, 0);
  if (fresh) {
    ResourceT alias = resources[it->second];
    alias.root = rootOf(it->second);
    a->second = addResource(alias);
  }
  return a->second;
}

ValT TypeStore::substitute(ValT v, Substitution &m) {
  if (v.prim || m.empty()) return v;
  if (auto it = m.defined.find(v.def); it != m.defined.end()) return ValT{false, v.p, it->second};
  if (auto it = m.copies.find(v.def); it != m.copies.end()) return ValT{false, v.p, it->second};
  DefinedT d = defined[v.def];
  bool changed = false;
  auto sub = [&](ValT &t) {
    ValT n = substitute(t, m);
    if (n.prim != t.prim || n.def != t.def) changed = true;
    t = n;
  };
  if (d.kind == DefValType::Kind::Own || d.kind == DefValType::Kind::Borrow) {
    uint32_t r = substituteResource(d.resource, m);
    if (r == d.resource) return v;
    d.resource = r;
    changed = true;
  }
  for (auto &f : d.fields)
    sub(f.second);
  for (auto &c : d.cases)
    if (c.second) sub(*c.second);
  for (ValT &t : d.types)
    sub(t);
  if (d.ok) sub(*d.ok);
  if (d.err) sub(*d.err);
  uint32_t out = changed ? addDefined(std::move(d)) : v.def;
  m.copies[v.def] = out;
  return ValT{false, PrimType::Bool, out};
}

AnyTypeId TypeStore::substitute(AnyTypeId t, Substitution &m) {
  if (m.empty()) return t;
  switch (t.kind) {
  case TypeKind::Defined:
    return {TypeKind::Defined, substitute(ValT{false, PrimType::Bool, t.id}, m).def};
  case TypeKind::Resource:
    return {TypeKind::Resource, substituteResource(t.id, m)};
  case TypeKind::Func: {
    FuncT f = funcs[t.id];
    for (auto &p : f.params)
      p.second = substitute(p.second, m);
    if (f.result) f.result = substitute(*f.result, m);
    return {TypeKind::Func, addFunc(std::move(f))};
  }
  case TypeKind::Instance: {
    InstanceT inst = instances[t.id];
    for (auto &e : inst.exports)
      e.second = substitute(e.second, m);
    for (uint32_t &r : inst.definedResources) {
      auto it = m.resources.find(rootOf(r));
      if (it != m.resources.end()) r = it->second;
    }
    return {TypeKind::Instance, addInstance(std::move(inst))};
  }
  case TypeKind::Component: {
    ComponentT c = components[t.id];
    for (auto &e : c.imports)
      e.second = substitute(e.second, m);
    for (auto &e : c.exports)
      e.second = substitute(e.second, m);
    for (auto *list : {&c.importedResources, &c.definedResources})
      for (uint32_t &r : *list) {
        auto it = m.resources.find(rootOf(r));
        if (it != m.resources.end()) r = it->second;
      }
    return {TypeKind::Component, addComponent(std::move(c))};
  }
  }
  return t;
}

EntityT TypeStore::substitute(const EntityT &e, Substitution &m) {
  if (m.empty()) return e;
  EntityT out = e;
  switch (e.kind) {
  case ExternDesc::Kind::Module:
    break;
  case ExternDesc::Kind::Func:
    out.id = substitute(AnyTypeId{TypeKind::Func, e.id}, m).id;
    break;
  case ExternDesc::Kind::Value:
    out.value = substitute(e.value, m);
    break;
  case ExternDesc::Kind::Type:
    out.referenced = substitute(e.referenced, m);
    out.type = e.type == e.referenced ? out.referenced : substitute(e.type, m);
    break;
  case ExternDesc::Kind::Instance:
    out.id = substitute(AnyTypeId{TypeKind::Instance, e.id}, m).id;
    break;
  case ExternDesc::Kind::Component:
    out.id = substitute(AnyTypeId{TypeKind::Component, e.id}, m).id;
    break;
  }
  return out;
}

// ---- Canonical ABI ----

bool needsMemory(const TypeStore &s, ValT v) {
  if (v.prim) return v.p == PrimType::String;
  const DefinedT &d = s.defined[v.def];
  using K = DefValType::Kind;
  switch (d.kind) {
  case K::Prim:
    return d.prim == PrimType::String;
  case K::List:
  case K::Map:
    return true;
  default:
    break;
  }
  for (const auto &f : d.fields)
    if (needsMemory(s, f.second)) return true;
  for (const auto &c : d.cases)
    if (c.second && needsMemory(s, *c.second)) return true;
  for (ValT t : d.types)
    if (needsMemory(s, t)) return true;
  return (d.ok && needsMemory(s, *d.ok)) || (d.err && needsMemory(s, *d.err));
}

uint32_t typeDepth(const TypeStore &s, ValT v) {
  if (v.prim) return 1;
  const DefinedT &d = s.defined[v.def];
  uint32_t depth = 0;
  for (const auto &f : d.fields)
    depth = std::max(depth, typeDepth(s, f.second));
  for (const auto &c : d.cases)
    if (c.second) depth = std::max(depth, typeDepth(s, *c.second));
  for (ValT t : d.types)
    depth = std::max(depth, typeDepth(s, t));
  if (d.ok) depth = std::max(depth, typeDepth(s, *d.ok));
  if (d.err) depth = std::max(depth, typeDepth(s, *d.err));
  return depth + 1;
}

std::string coreTypesList(const std::vector<ValType> &types) {
  std::string out = "[";
  for (size_t i = 0; i < types.size(); ++i) {
    if (i) out += ", ";
    switch (types[i]) {
    case ValType::I32:
      out += "I32";
      break;
    case ValType::I64:
      out += "I64";
      break;
    case ValType::F32:
      out += "F32";
      break;
    case ValType::F64:
      out += "F64";
      break;
    default:
      out += valTypeName(types[i]);
      break;
    }
  }
  return out + "]";
}

std::string describeValT(const TypeStore &s, ValT v) {
  if (v.prim) return primTypeName(v.p);
  const DefinedT &d = s.defined[v.def];
  using K = DefValType::Kind;
  switch (d.kind) {
  case K::Prim:
    return primTypeName(d.prim);
  case K::Record:
    return "record";
  case K::Variant:
    return "variant";
  case K::List:
    return "list";
  case K::FixedList:
    return "fixed size list";
  case K::Tuple:
    return "tuple";
  case K::Flags:
    return "flags";
  case K::Enum:
    return "enum";
  case K::Option:
    return "option";
  case K::Result:
    return "result";
  case K::Own:
    return "own";
  case K::Borrow:
    return "borrow";
  case K::Map:
    return "map";
  }
  return "?";
}

} // namespace w2n::component
