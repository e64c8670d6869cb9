// The items of one interface or world in WIT: type definitions (records, variants, enums, flags,
// aliases), resources with the functions the component model names after them
// (`[constructor]r`, `[method]r.m`, `[static]r.s` become `constructor(...)`, `m: func(...)` and
// `s: static func(...)` inside `resource r { }`), and the remaining functions. Types are printed
// by the name their scope gives them (Names); component_wit.cpp decides what is `use`d.
#include "compiler/frontend/component/component_wit.h"

#include <set>

namespace w2n::component::wit {

namespace {

ParsedName parseName(const std::string &name) {
  ParsedName parsed;
  std::string err;
  parseExternName(name, true, parsed, err, true);
  return parsed;
}

bool isResourceMember(ParsedName::Kind k) {
  return k == ParsedName::Kind::Constructor || k == ParsedName::Kind::Method ||
         k == ParsedName::Kind::Static;
}

} // namespace

// Defined types by the ids the scope's type exports created and are bound to (the first name
// wins, so a second name for the same type prints as an alias of the first), resources by root.
Names Printer::namesOf(const NamedEntities &list) const {
  Names n;
  for (const auto &[name, e] : list) {
    if (e.kind != ExternDesc::Kind::Type) continue;
    std::map<uint32_t, std::string> *byId = nullptr;
    if (e.referenced.kind == TypeKind::Resource) {
      n.roots.emplace(s_.rootOf(e.referenced.id), name);
      byId = &n.resources;
    } else if (e.referenced.kind == TypeKind::Defined) {
      byId = &n.defined;
    } else {
      continue;
    }
    byId->emplace(e.type.id, name);
    byId->emplace(e.referenced.id, name);
  }
  return n;
}

// " (in `f`)" when the item being printed is not the import/export itself.
std::string Printer::inItem() const {
  return current_ == worldItem_ ? "" : " (in `" + current_ + "`)";
}

// Types of other kinds (functions, components, instances) cannot be named in WIT.
bool Printer::witType(const std::string &name, const EntityT &e) {
  if (e.referenced.kind == TypeKind::Resource || e.referenced.kind == TypeKind::Defined)
    return true;
  return fail(std::string("a ") + typeKindName(e.referenced.kind) + " type has no WIT form (`" +
              name + "`)");
}

std::string Printer::items(const NamedEntities &list, int self, const Names &names,
                           const std::string &indent, const std::string &dir) {
  std::set<std::string> used;
  for (const Use &u : uses_[self])
    used.insert(u.name);
  std::set<std::string> resources; // defined here: their functions go in their blocks
  std::string types, funcs;
  bool lastBlock = false; // a blank line around definitions of more than one line
  for (const auto &[name, e] : list) {
    if (e.kind != ExternDesc::Kind::Type || used.count(name) || !witType(name, e)) continue;
    current_ = name;
    if (self == kWorld) worldItem_ = name;
    if (e.referenced.kind == TypeKind::Resource) resources.insert(name);
    std::string decl = attrLine(self, dir, name, indent);
    decl += indent + typeDecl(name, e, names, list, indent);
    bool block = decl.find('{') != std::string::npos;
    if (!types.empty() && (block || lastBlock)) types += "\n";
    types += decl;
    lastBlock = block;
  }
  for (const auto &[name, e] : list) {
    if (e.kind != ExternDesc::Kind::Func) continue;
    current_ = name;
    if (self == kWorld) worldItem_ = name;
    ParsedName parsed = parseName(name);
    if (isResourceMember(parsed.kind)) {
      if (!resources.count(parsed.resource))
        fail("`" + name + "` is a function of a resource not defined here: no WIT form");
      continue;
    }
    funcs += attrLine(self, dir, name, indent) + indent + dir + ident(name) + ": " +
             funcSig(e.id, names) + ";\n";
  }
  // Inside an interface its `use`s come first (the world prints its own at its top).
  std::string out = self == kWorld ? "" : usesText(self, indent);
  for (const std::string *part : {&types, &funcs}) {
    if (part->empty()) continue;
    if (!out.empty()) out += "\n";
    out += *part;
  }
  return out;
}

// A type declaration: a resource (with its functions), a record/variant/enum/flags definition,
// or `type name = ...` for anything else (including a second name of a type).
std::string Printer::typeDecl(const std::string &name, const EntityT &e, const Names &names,
                              const NamedEntities &list, const std::string &indent) {
  AnyTypeId t = e.referenced;
  if (t.kind == TypeKind::Resource) {
    auto it = names.resources.find(t.id);
    if (it != names.resources.end() && it->second != name)
      return "type " + ident(name) + " = " + ident(it->second) + ";\n";
    return resourceBlock(name, list, names, indent);
  }
  if (auto it = names.defined.find(t.id); it != names.defined.end() && it->second != name)
    return "type " + ident(name) + " = " + ident(it->second) + ";\n";
  const DefinedT &d = s_.defined[t.id];
  using K = DefValType::Kind;
  std::string out;
  switch (d.kind) {
  case K::Record:
    out = "record " + ident(name) + " {\n";
    for (const auto &f : d.fields)
      out += indent + "  " + ident(f.first) + ": " + valType(f.second, names) + ",\n";
    return out + indent + "}\n";
  case K::Variant:
    out = "variant " + ident(name) + " {\n";
    for (const auto &c : d.cases) {
      std::string payload;
      if (c.second) payload.append("(").append(valType(*c.second, names)).append(")");
      out += indent + "  " + ident(c.first) + payload + ",\n";
    }
    return out + indent + "}\n";
  case K::Enum:
  case K::Flags:
    out = std::string(d.kind == K::Enum ? "enum " : "flags ") + ident(name) + " {\n";
    for (const auto &l : d.labels)
      out += indent + "  " + ident(l) + ",\n";
    return out + indent + "}\n";
  default:
    return "type " + ident(name) + " = " + definedType(t.id, names, false) + ";\n";
  }
}

// `resource r;`, or `resource r { ... }` with the functions of `list` named after it.
std::string Printer::resourceBlock(const std::string &name, const NamedEntities &list,
                                   const Names &names, const std::string &indent) {
  std::string body;
  for (const auto &[fname, e] : list) {
    if (e.kind != ExternDesc::Kind::Func) continue;
    ParsedName parsed = parseName(fname);
    if (!isResourceMember(parsed.kind) || parsed.resource != name) continue;
    current_ = fname;
    const FuncT &f = s_.funcs[e.id];
    std::string line;
    switch (parsed.kind) {
    case ParsedName::Kind::Constructor: {
      // The result is implied when it is the resource itself (a fallible constructor says so).
      std::string sig = funcSig(e.id, names, 0, "constructor");
      bool plain = false;
      if (f.result && !f.result->prim) {
        const DefinedT &r = s_.defined[f.result->def];
        plain = r.kind == DefValType::Kind::Own && resourceName(r.resource, names) == ident(name);
      }
      if (plain) sig = sig.substr(0, sig.rfind(" -> "));
      line = sig;
      break;
    }
    case ParsedName::Kind::Method:
      line = ident(parsed.item) + ": " + funcSig(e.id, names, 1);
      break;
    default:
      line = ident(parsed.item) + ": " + funcSig(e.id, names, 0, "static func");
      break;
    }
    body += indent + "  " + line + ";\n";
  }
  if (body.empty()) return "resource " + ident(name) + ";\n";
  return "resource " + ident(name) + " {\n" + body + indent + "}\n";
}

// `func(a: t, ...) -> r`; `skipParams` leaves out a method's `self`.
std::string Printer::funcSig(uint32_t id, const Names &names, size_t skipParams,
                             const char *keyword) {
  const FuncT &f = s_.funcs[id];
  std::string out = std::string(keyword) + "(";
  for (size_t i = skipParams; i < f.params.size(); ++i) {
    if (i > skipParams) out += ", ";
    out += ident(f.params[i].first) + ": " + valType(f.params[i].second, names);
  }
  out += ")";
  if (f.result) out += " -> " + valType(*f.result, names);
  return out;
}

std::string Printer::valType(ValT v, const Names &names) {
  if (v.prim) return primTypeName(v.p);
  return definedType(v.def, names, true);
}

std::string Printer::resourceName(uint32_t resource, const Names &names) {
  auto it = names.resources.find(resource);
  if (it != names.resources.end()) return ident(it->second);
  it = names.roots.find(s_.rootOf(resource));
  if (it != names.roots.end()) return ident(it->second);
  fail("a handle of a resource that has no name where it is used" + inItem());
  return "resource";
}

std::string Printer::definedType(uint32_t id, const Names &names, bool useName) {
  if (useName) {
    auto it = names.defined.find(id);
    if (it != names.defined.end()) return ident(it->second);
  }
  const DefinedT &d = s_.defined[id];
  using K = DefValType::Kind;
  switch (d.kind) {
  case K::Prim:
    return primTypeName(d.prim);
  case K::List:
    return "list<" + valType(d.types[0], names) + ">";
  case K::FixedList:
    return "list<" + valType(d.types[0], names) + ", " + std::to_string(d.length) + ">";
  case K::Map:
    return "map<" + valType(d.types[0], names) + ", " + valType(d.types[1], names) + ">";
  case K::Option:
    return "option<" + valType(d.types[0], names) + ">";
  case K::Tuple: {
    std::string out = "tuple<";
    for (size_t i = 0; i < d.types.size(); ++i)
      out += (i ? ", " : "") + valType(d.types[i], names);
    return out + ">";
  }
  case K::Result:
    if (!d.ok && !d.err) return "result";
    if (!d.err) return "result<" + valType(*d.ok, names) + ">";
    return "result<" + (d.ok ? valType(*d.ok, names) : std::string("_")) + ", " +
           valType(*d.err, names) + ">";
  case K::Own:
    return resourceName(d.resource, names);
  case K::Borrow:
    return "borrow<" + resourceName(d.resource, names) + ">";
  default:
    break;
  }
  // A record/variant/enum/flags only has a WIT form by name.
  fail("a record, variant, enum or flags type that has no name where it is used" + inItem());
  return "record";
}

} // namespace w2n::component::wit
