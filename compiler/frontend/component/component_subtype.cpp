// Subtyping between component types (Explainer.md; the checks instantiation arguments, export
// ascriptions and imports go through). Value types are compared structurally; resources by
// identity, except that resources of `bindable` on the expected side are bound to the actual
// ones on first sight. Error texts follow the reference validator's.
#include "compiler/frontend/component/component_types.h"
#include "compiler/frontend/gc_types.h"

#include <algorithm>

namespace w2n::component {

namespace {
std::string kebabLower(const std::string &s) {
  std::string out = s;
  for (char &c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

const char *coreKindName(ExternKind k) {
  switch (k) {
  case ExternKind::Func:
    return "func";
  case ExternKind::Table:
    return "table";
  case ExternKind::Memory:
    return "memory";
  case ExternKind::Global:
    return "global";
  case ExternKind::Tag:
    return "tag";
  }
  return "?";
}

template <typename List> auto findNamed(List &list, const std::string &name) {
  for (auto &entry : list)
    if (entry.first == name) return &entry;
  return static_cast<decltype(&list[0])>(nullptr);
}
} // namespace

bool SubtypeChecker::fail(std::string message) {
  error = std::move(message);
  return false;
}

bool SubtypeChecker::resource(uint32_t a, uint32_t b) {
  a = s_.rootOf(a);
  b = s_.rootOf(b);
  auto it = bound.find(b);
  if (it != bound.end()) {
    if (it->second == a) return true;
    return fail("resource types are not the same");
  }
  bool canBind = false;
  for (uint32_t x : bindable)
    if (s_.rootOf(x) == b) canBind = true;
  if (canBind) {
    bound[b] = a;
    return true;
  }
  if (a == b) return true;
  return fail("resource types are not the same");
}

bool SubtypeChecker::valType(ValT a, ValT b) {
  auto primOf = [&](ValT v, PrimType &p) {
    if (v.prim) {
      p = v.p;
      return true;
    }
    const DefinedT &d = s_.defined[v.def];
    if (d.kind != DefValType::Kind::Prim) return false;
    p = d.prim;
    return true;
  };
  PrimType pa{}, pb{};
  bool aPrim = primOf(a, pa), bPrim = primOf(b, pb);
  if (aPrim && bPrim) {
    if (pa == pb) return true;
    return fail(std::string("expected primitive `") + primTypeName(pb) + "` found primitive `" +
                primTypeName(pa) + "`");
  }
  if (bPrim) return fail("expected primitive, found " + describeValT(s_, a));
  if (aPrim) return fail("expected " + describeValT(s_, b) + ", found " + primTypeName(pa));
  return defined(a.def, b.def);
}

bool SubtypeChecker::defined(uint32_t ai, uint32_t bi) {
  if (ai == bi) return true;
  const DefinedT &a = s_.defined[ai];
  const DefinedT &b = s_.defined[bi];
  using K = DefValType::Kind;
  if (a.kind != b.kind || a.kind == K::Prim) {
    if (a.kind == K::Prim || b.kind == K::Prim)
      return valType(ValT{false, PrimType::Bool, ai}, ValT{false, PrimType::Bool, bi});
    return fail("expected " + describeValT(s_, ValT{false, PrimType::Bool, bi}) + ", found " +
                describeValT(s_, ValT{false, PrimType::Bool, ai}));
  }
  switch (a.kind) {
  case K::Prim:
    return true;
  case K::Record:
    if (a.fields.size() != b.fields.size())
      return fail("expected " + std::to_string(b.fields.size()) + " fields, found " +
                  std::to_string(a.fields.size()));
    for (size_t i = 0; i < a.fields.size(); ++i) {
      if (kebabLower(a.fields[i].first) != kebabLower(b.fields[i].first))
        return fail("expected field name `" + b.fields[i].first + "`, found `" + a.fields[i].first +
                    "`");
      if (!valType(a.fields[i].second, b.fields[i].second))
        return fail("type mismatch in record field `" + a.fields[i].first + "`: " + error);
    }
    return true;
  case K::Variant:
    if (a.cases.size() != b.cases.size())
      return fail("expected " + std::to_string(b.cases.size()) + " cases, found " +
                  std::to_string(a.cases.size()));
    for (size_t i = 0; i < a.cases.size(); ++i) {
      if (kebabLower(a.cases[i].first) != kebabLower(b.cases[i].first))
        return fail("expected case named `" + b.cases[i].first + "`, found `" + a.cases[i].first +
                    "`");
      const auto &ta = a.cases[i].second, &tb = b.cases[i].second;
      if (ta.has_value() != tb.has_value())
        return fail(tb ? "expected case `" + a.cases[i].first + "` to have a type, found none"
                       : "expected case `" + a.cases[i].first + "` to have no type");
      if (ta && !valType(*ta, *tb))
        return fail("type mismatch in variant case `" + a.cases[i].first + "`: " + error);
    }
    return true;
  case K::Tuple:
    if (a.types.size() != b.types.size())
      return fail("expected " + std::to_string(b.types.size()) + " types, found " +
                  std::to_string(a.types.size()));
    for (size_t i = 0; i < a.types.size(); ++i)
      if (!valType(a.types[i], b.types[i]))
        return fail("type mismatch in tuple field " + std::to_string(i) + ": " + error);
    return true;
  case K::List:
  case K::Option:
    return valType(a.types[0], b.types[0]);
  case K::FixedList:
    if (a.length != b.length)
      return fail("expected fixed size list of length " + std::to_string(b.length) +
                  ", found length " + std::to_string(a.length));
    return valType(a.types[0], b.types[0]);
  case K::Map:
    return valType(a.types[0], b.types[0]) && valType(a.types[1], b.types[1]);
  case K::Flags:
  case K::Enum: {
    const char *what = a.kind == K::Flags ? "flags" : "enum cases";
    if (a.labels.size() != b.labels.size())
      return fail(std::string("expected ") + std::to_string(b.labels.size()) + " " + what +
                  ", found " + std::to_string(a.labels.size()));
    for (size_t i = 0; i < a.labels.size(); ++i)
      if (kebabLower(a.labels[i]) != kebabLower(b.labels[i]))
        return fail("expected " + std::string(a.kind == K::Flags ? "flag" : "enum case") +
                    " named `" + b.labels[i] + "`, found `" + a.labels[i] + "`");
    return true;
  }
  case K::Result:
    if (a.ok.has_value() != b.ok.has_value())
      return fail(b.ok ? "expected ok type, but found none" : "expected ok type to not be present");
    if (a.ok && !valType(*a.ok, *b.ok)) return fail("type mismatch in ok variant: " + error);
    if (a.err.has_value() != b.err.has_value())
      return fail(b.err ? "expected err type, but found none"
                        : "expected err type to not be present");
    if (a.err && !valType(*a.err, *b.err)) return fail("type mismatch in err variant: " + error);
    return true;
  case K::Own:
  case K::Borrow:
    return resource(a.resource, b.resource);
  }
  return true;
}

bool SubtypeChecker::func(uint32_t ai, uint32_t bi) {
  if (ai == bi) return true;
  const FuncT &a = s_.funcs[ai];
  const FuncT &b = s_.funcs[bi];
  if (a.params.size() != b.params.size())
    return fail("expected " + std::to_string(b.params.size()) + " parameters, found " +
                std::to_string(a.params.size()));
  for (size_t i = 0; i < a.params.size(); ++i) {
    if (kebabLower(a.params[i].first) != kebabLower(b.params[i].first))
      return fail("expected parameter named `" + b.params[i].first + "`, found `" +
                  a.params[i].first + "`");
    if (!valType(a.params[i].second, b.params[i].second))
      return fail("type mismatch in function parameter `" + a.params[i].first + "`: " + error);
  }
  if (a.result.has_value() != b.result.has_value())
    return fail(b.result ? "expected a result, found none" : "expected no result, found one");
  if (a.result && !valType(*a.result, *b.result))
    return fail("type mismatch with result type: " + error);
  return true;
}

bool SubtypeChecker::instance(uint32_t ai, uint32_t bi) {
  if (ai == bi) return true;
  // Copies: binding may add types to the store, which would invalidate references.
  NamedEntities aExports = s_.instances[ai].exports;
  NamedEntities bExports = s_.instances[bi].exports;
  for (const auto &[name, bt] : bExports) {
    auto *at = findNamed(aExports, name);
    if (!at) return fail("missing expected export `" + name + "`");
    if (!entity(at->second, bt))
      return fail("type mismatch in instance export `" + name + "`: " + error);
  }
  return true;
}

bool SubtypeChecker::component(uint32_t ai, uint32_t bi) {
  if (ai == bi) return true;
  ComponentT a = s_.components[ai];
  ComponentT b = s_.components[bi];
  std::vector<uint32_t> saved = bindable;
  // Imports are contravariant: everything `a` imports must be provided by what `b` imports;
  // a's abstract imported resources are bound to b's.
  bindable.insert(bindable.end(), a.importedResources.begin(), a.importedResources.end());
  for (const auto &[name, at] : a.imports) {
    auto *bt = findNamed(b.imports, name);
    if (!bt) {
      bindable = saved;
      return fail("missing expected import `" + name + "`");
    }
    if (!entity(bt->second, at)) {
      bindable = saved;
      return fail("type mismatch in import `" + name + "`: " + error);
    }
  }
  bindable = saved;
  bindable.insert(bindable.end(), b.definedResources.begin(), b.definedResources.end());
  for (const auto &[name, bt] : b.exports) {
    auto *at = findNamed(a.exports, name);
    if (!at) {
      bindable = saved;
      return fail("missing expected export `" + name + "`");
    }
    Substitution sub;
    sub.resources = bound;
    EntityT actual = s_.substitute(at->second, sub);
    if (!entity(actual, bt)) {
      bindable = saved;
      return fail("type mismatch in export `" + name + "`: " + error);
    }
  }
  bindable = saved;
  return true;
}

bool SubtypeChecker::coreExtern(const CoreExternT &a, const CoreExternT &b) {
  if (a.kind != b.kind)
    return fail(std::string("expected ") + coreKindName(b.kind) + ", found " +
                coreKindName(a.kind));
  auto limitsOk = [](const Limits &x, const Limits &y) {
    if (x.min < y.min) return false;
    if (!y.max) return true;
    return x.max && *x.max <= *y.max;
  };
  switch (a.kind) {
  case ExternKind::Func: // GC types compare by canonical identity and declared supertypes
    if (funcTypeMatches(a.func, b.func)) return true;
    return fail("type mismatch: expected func (" + signatureKey(b.func) + "), found func (" +
                signatureKey(a.func) + ")");
  case ExternKind::Table:
    if (a.table.is64 != b.table.is64) return fail("mismatch in index type used for tables");
    if (a.table.shared != b.table.shared) return fail("mismatch in the shared flag for tables");
    if (a.table.elemType != b.table.elemType)
      return fail(std::string("expected table element type ") + valTypeName(b.table.elemType) +
                  ", found " + valTypeName(a.table.elemType));
    if (!limitsOk(a.table.limits, b.table.limits)) return fail("mismatch in table limits");
    return true;
  case ExternKind::Memory:
    if (a.memory.is64 != b.memory.is64) return fail("mismatch in index type used for memories");
    if (a.memory.shared != b.memory.shared) return fail("mismatch in the shared flag for memories");
    if (a.memory.pageSizeLog2 != b.memory.pageSizeLog2)
      return fail("mismatch in page size for memories");
    if (!limitsOk(a.memory.limits, b.memory.limits)) return fail("mismatch in memory limits");
    return true;
  case ExternKind::Tag:
    if (signatureKey(a.func) == signatureKey(b.func)) return true;
    return fail("type mismatch: expected tag (" + signatureKey(b.func) + "), found tag (" +
                signatureKey(a.func) + ")");
  case ExternKind::Global:
    if (a.global.mutable_ != b.global.mutable_) return fail("global types differ in mutability");
    if (a.global.type != b.global.type)
      return fail(std::string("expected global type ") + valTypeName(b.global.type) + ", found " +
                  valTypeName(a.global.type));
    return true;
  }
  return true;
}

bool SubtypeChecker::module(uint32_t ai, uint32_t bi) {
  if (ai == bi) return true;
  const ModuleT &a = s_.modules[ai];
  const ModuleT &b = s_.modules[bi];
  for (const auto &ia : a.imports) {
    const ModuleT::Imp *ib = nullptr;
    for (const auto &x : b.imports)
      if (x.module == ia.module && x.name == ia.name) ib = &x;
    if (!ib) return fail("missing expected import `" + ia.module + "::" + ia.name + "`");
    if (!coreExtern(ib->type, ia.type))
      return fail("type mismatch in import `" + ia.module + "::" + ia.name + "`: " + error);
  }
  for (const auto &[name, bt] : b.exports) {
    const CoreExternT *at = nullptr;
    for (const auto &x : a.exports)
      if (x.first == name) at = &x.second;
    if (!at) return fail("missing expected export `" + name + "`");
    if (!coreExtern(*at, bt)) return fail("type mismatch in export `" + name + "`: " + error);
  }
  return true;
}

bool SubtypeChecker::type(AnyTypeId a, AnyTypeId b) {
  if (a.kind != b.kind)
    return fail(std::string("expected ") + typeKindName(b.kind) + ", found " +
                typeKindName(a.kind));
  switch (a.kind) {
  case TypeKind::Defined:
    return defined(a.id, b.id);
  case TypeKind::Func:
    return func(a.id, b.id);
  case TypeKind::Instance:
    return instance(a.id, b.id);
  case TypeKind::Component:
    return component(a.id, b.id);
  case TypeKind::Resource:
    return resource(a.id, b.id);
  }
  return true;
}

bool SubtypeChecker::entity(const EntityT &a, const EntityT &b) {
  if (a.kind != b.kind)
    return fail(std::string("expected ") + externKindName(b.kind) + ", found " +
                externKindName(a.kind));
  switch (a.kind) {
  case ExternDesc::Kind::Module:
    return module(a.id, b.id);
  case ExternDesc::Kind::Func:
    return func(a.id, b.id);
  case ExternDesc::Kind::Value:
    return valType(a.value, b.value);
  case ExternDesc::Kind::Type:
    return type(a.referenced, b.referenced);
  case ExternDesc::Kind::Instance:
    return instance(a.id, b.id);
  case ExternDesc::Kind::Component:
    return component(a.id, b.id);
  }
  return true;
}

} // namespace w2n::component
