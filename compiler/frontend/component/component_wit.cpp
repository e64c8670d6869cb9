// `wasm2native wit`: the world of a validated component in WIT, as `wasm-tools component wit`
// prints it: `package root:component;`, `world root { ... }` with its imports and exports, then
// one nested `package ns:pkg@ver { interface ... }` block per package that holds the
// interface-named imports/exports. A type that an interface (or the world) gets from another
// interface is printed as a `use` of it: which one is decided by type identity, as wasm-tools'
// decoder decides it (a type export whose bound is exactly the type another interface's export
// created). The items themselves are printed by component_wit_items.cpp.
#include "compiler/frontend/component/component_wit.h"

#include "compiler/frontend/component/component_api.h"
#include "compiler/frontend/component/component_validator.h"

#include <cctype>
#include <cstdio>
#include <cstring>
#include <set>

namespace w2n::component {

namespace wit {

std::string ident(const std::string &name) {
  static const std::set<std::string> kKeywords = {
      "use",         "type",    "func",         "u8",       "u16",    "u32",    "u64",
      "s8",          "s16",     "s32",          "s64",      "f32",    "f64",    "float32",
      "float64",     "char",    "bool",         "string",   "option", "result", "list",
      "record",      "flags",   "variant",      "enum",     "tuple",  "import", "export",
      "world",       "package", "interface",    "resource", "own",    "borrow", "static",
      "constructor", "include", "with",         "as",       "from",   "future", "stream",
      "async",       "map",     "error-context"};
  if (!kKeywords.count(name)) return name;
  std::string out(1, '%');
  return out.append(name);
}

namespace {

// A WIT string literal as wasm-tools writes one: letters, digits and ` -./:_` as they are,
// quotes, backslashes, tabs and line ends escaped, every other code point as \u{hex}.
std::string witString(const std::string &s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp = c;
    size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    if (len > 1) {
      cp = c & (0xff >> (len + 1));
      for (size_t k = 1; k < len && i + k < s.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    }
    i += len;
    if (cp < 0x80 && (std::isalnum(static_cast<int>(cp)) || std::strchr(" -./:_", int(cp)))) {
      out += static_cast<char>(cp);
      continue;
    }
    switch (cp) {
    case '"':
      out += "\\\"";
      continue;
    case '\\':
      out += "\\\\";
      continue;
    case '\t':
      out += "\\t";
      continue;
    case '\r':
      out += "\\r";
      continue;
    case '\n':
      out += "\\n";
      continue;
    default:
      break;
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "\\u{%x}", cp);
    out += buf;
  }
  return out + "\"";
}

// ns:pkg/iface@ver -> package "ns:pkg@ver", interface "iface"; false for the nested forms of
// cm-nested-names (more namespaces or projections), which WIT cannot name.
bool splitInterfaceName(const std::string &name, std::string &package, std::string &iface) {
  size_t colon = name.find(':');
  size_t slash = name.find('/');
  if (colon == std::string::npos || slash == std::string::npos) return false;
  size_t at = name.find('@', slash);
  iface = name.substr(slash + 1, at == std::string::npos ? at : at - slash - 1);
  package = name.substr(0, slash) + (at == std::string::npos ? "" : name.substr(at));
  return name.find(':', colon + 1) > slash && iface.find('/') == std::string::npos;
}

} // namespace

std::string Printer::attrLine(int self, const std::string &dir, const std::string &name,
                              const std::string &indent) {
  if (self != kWorld) return "";
  const auto &map = attrs[dir == "export " ? 1 : 0];
  auto it = map.find(name);
  if (it == map.end() || !it->second.hasExternalId) return "";
  return indent + "@external-id(" + witString(it->second.externalId) + ")\n";
}

bool Printer::fail(const std::string &message) {
  if (error.empty()) {
    error = message;
    errorName = worldItem_;
  }
  return false;
}

std::string Printer::kindName(ExternDesc::Kind k) {
  std::string name = externKindName(k);
  return (name == "instance" ? "an " : "a ") + name;
}

bool Printer::print(const ComponentT &world, std::string &out) {
  collect(world);
  std::string text = "package root:component;\n\n" + worldText(world) + packagesText();
  if (!error.empty()) return false;
  out = std::move(text);
  return true;
}

// Interfaces and type origins, in the order the component defines them (imports, then
// exports): an interface can only use what came before it. What WIT cannot say is refused as
// wasm-tools refuses it: a world exports functions and interfaces only, an interface holds
// types and functions only; imported modules, components and values are left out.
void Printer::collect(const ComponentT &world) {
  for (int pass = 0; pass < 2; ++pass) {
    const NamedEntities &list = pass == 0 ? world.imports : world.exports;
    for (const auto &[name, e] : list) {
      worldItem_ = name;
      if (pass == 1 && e.kind != ExternDesc::Kind::Func && e.kind != ExternDesc::Kind::Instance) {
        fail("a world exports only functions and interfaces, not " + kindName(e.kind));
        continue;
      }
      ParsedName parsed;
      std::string err;
      parseExternName(name, pass == 0, parsed, err, true);
      // Types and functions are named by labels; interfaces by labels or interface names.
      bool named =
          parsed.kind == ParsedName::Kind::Label ||
          (e.kind == ExternDesc::Kind::Instance && parsed.kind == ParsedName::Kind::Interface) ||
          (e.kind == ExternDesc::Kind::Func && parsed.kind != ParsedName::Kind::Interface &&
           parsed.kind != ParsedName::Kind::Dependency && parsed.kind != ParsedName::Kind::Url &&
           parsed.kind != ParsedName::Kind::Hash);
      if (!named && e.kind != ExternDesc::Kind::Module && e.kind != ExternDesc::Kind::Component &&
          e.kind != ExternDesc::Kind::Value) {
        fail(kindName(e.kind) + " named so has no WIT form");
        continue;
      }
      if (e.kind == ExternDesc::Kind::Type) {
        if (witType(name, e)) collectScope({{name, e}}, kWorld, true);
        continue;
      }
      if (e.kind != ExternDesc::Kind::Instance) continue;
      for (const auto &[item, x] : s_.instances[e.id].exports)
        if (x.kind != ExternDesc::Kind::Type && x.kind != ExternDesc::Kind::Func)
          fail("an interface holds only types and functions, not " + kindName(x.kind) + " (`" +
               item + "`)");
      Iface f;
      f.worldName = name;
      f.item = name;
      f.instance = e.id;
      Attrs a;
      if (auto it = attrs[pass].find(name); it != attrs[pass].end()) a = it->second;
      std::string iface = name;
      if (!a.implements.empty()) {
        f.implementer = name;
        iface = a.implements;
      }
      if (parsed.kind == ParsedName::Kind::Interface || !a.implements.empty()) {
        f.worldName = iface + a.versionSuffix;
        if (!splitInterfaceName(f.worldName, f.package, f.label))
          fail("a nested package or interface name has no WIT form");
      } else {
        f.label = name;
      }
      // An interface imported and exported (or implemented twice) is one interface of its
      // package: the first one describes it.
      int self = static_cast<int>(ifaces_.size());
      bool again = false;
      for (const Iface &other : ifaces_)
        again |= !f.package.empty() && other.worldName == f.worldName;
      ifaces_.push_back(f);
      if (!again) collectScope(s_.instances[e.id].exports, self, false);
    }
  }
  Names &worldNames = names_[kWorld];
  for (const NamedEntities *list : {&world.imports, &world.exports})
    for (const auto &[name, e] : *list)
      if (e.kind == ExternDesc::Kind::Type) {
        Names n = namesOf({{name, e}});
        using Map = std::map<uint32_t, std::string> Names::*;
        for (Map m : {&Names::defined, &Names::resources, &Names::roots})
          (worldNames.*m).insert((n.*m).begin(), (n.*m).end());
      }
}

// The type exports of one scope: each is a `use` when its bound is a type another scope's
// export created, else a definition that later scopes may use.
void Printer::collectScope(const NamedEntities &items, int self, bool typesOnly) {
  for (const auto &[name, e] : items) {
    if (e.kind != ExternDesc::Kind::Type) continue;
    if (!witType(name, e)) continue;
    std::map<uint32_t, Origin> &origins =
        e.referenced.kind == TypeKind::Resource ? resourceOrigin_ : definedOrigin_;
    auto it = origins.find(e.referenced.id);
    if (it != origins.end() && it->second.iface != self) uses_[self].push_back({it->second, name});
    // A used type can be used again from here (wasm-tools names the nearest interface).
    origins.emplace(e.type.id, Origin{self, name});
  }
  if (!typesOnly) names_[self] = namesOf(items);
}

// How scope `from` names interface `to` in a `use`.
std::string Printer::usePath(int from, int to) {
  if (to == kWorld) {
    fail("an interface that uses a type of the world has no WIT form");
    return "root";
  }
  const Iface &t = ifaces_[to];
  if (t.package.empty()) {
    fail("a type of the inline interface `" + t.item + "` used elsewhere has no WIT form");
    return ident(t.label);
  }
  if (from != kWorld && ifaces_[from].package == t.package) return ident(t.label);
  size_t at = t.package.find('@');
  return t.package.substr(0, at) + "/" + ident(t.label) +
         (at == std::string::npos ? "" : t.package.substr(at));
}

// `use path.{a, b as c};` lines, one per interface used from, in first-use order.
std::string Printer::usesText(int self, const std::string &indent) {
  std::vector<int> order;
  std::map<int, std::string> lists;
  for (const Use &u : uses_[self]) {
    std::string item = ident(u.origin.name);
    if (u.origin.name != u.name) item += " as " + ident(u.name);
    std::string &l = lists[u.origin.iface];
    if (l.empty()) order.push_back(u.origin.iface);
    l += (l.empty() ? "" : ", ") + item;
  }
  std::string out;
  for (int to : order)
    out += indent + "use " + usePath(self, to) + ".{" + lists[to] + "};\n";
  return out;
}

std::string Printer::worldText(const ComponentT &world) {
  std::string sections[2];
  size_t next = 0; // interfaces are in ifaces_ in world order
  for (int pass = 0; pass < 2; ++pass) {
    const NamedEntities &list = pass == 0 ? world.imports : world.exports;
    std::string dir = pass == 0 ? "import " : "export ";
    std::string &out = sections[pass];
    for (const auto &[name, e] : list) {
      if (e.kind != ExternDesc::Kind::Instance) continue;
      int self = static_cast<int>(next++);
      const Iface &f = ifaces_[self];
      worldItem_ = name;
      out += attrLine(kWorld, dir, name, "  ");
      if (!f.implementer.empty()) {
        out += "  " + dir + ident(f.implementer) + ": " + f.worldName + ";\n";
        continue;
      }
      if (!f.package.empty()) {
        out += "  " + dir + f.worldName + ";\n";
        continue;
      }
      out += "  " + dir + ident(name) + ": interface {\n" +
             items(s_.instances[e.id].exports, self, names_[self], "    ", "") + "  }\n";
    }
    out += items(list, kWorld, names_[kWorld], "  ", dir);
  }
  std::string gap = sections[0].empty() || sections[1].empty() ? "" : "\n";
  return "world root {\n" + usesText(kWorld, "  ") + sections[0] + gap + sections[1] + "}\n";
}

// One block per package, its interfaces in world order.
std::string Printer::packagesText() {
  std::vector<std::string> packages;
  std::map<std::string, std::string> bodies;
  std::set<std::string> printed;
  for (size_t i = 0; i < ifaces_.size(); ++i) {
    const Iface &f = ifaces_[i];
    if (f.package.empty() || !printed.insert(f.worldName).second) continue;
    int self = static_cast<int>(i);
    worldItem_ = f.item;
    std::string &body = bodies[f.package];
    if (body.empty()) packages.push_back(f.package);
    body += "  interface " + ident(f.label) + " {\n" +
            items(s_.instances[f.instance].exports, self, names_[self], "    ", "") + "  }\n";
  }
  std::string out;
  for (const std::string &p : packages)
    out += "\npackage " + p + " {\n" + bodies[p] + "}\n";
  return out;
}

} // namespace wit

bool printWit(const Component &component, std::string &out, Diagnostics &diags) {
  // Printing is not where features are policed: accept them all.
  Validator v(diags, ComponentFeatures{true, true, true});
  uint32_t type = 0;
  if (!v.component(component, type)) return false;
  ComponentT world = v.store.components[type];
  wit::Printer printer(v.store);
  for (const Definition &d : component.definitions) {
    const ExternName *name = nullptr;
    int pass = 0;
    if (const auto *i = std::get_if<ImportDef>(&d.item)) name = &i->name;
    if (const auto *x = std::get_if<ExportDef>(&d.item)) {
      name = &x->name;
      pass = 1;
    }
    if (!name) continue;
    wit::Attrs &a = printer.attrs[pass][name->name];
    a.implements = name->implements.value_or("");
    a.versionSuffix = name->versionSuffix.value_or("");
    a.hasExternalId = name->externalId.has_value();
    a.externalId = name->externalId.value_or("");
  }
  if (printer.print(world, out)) return true;
  // The offset of the import/export the problem is about.
  uint64_t offset = component.offset;
  for (const Definition &d : component.definitions) {
    if (const auto *i = std::get_if<ImportDef>(&d.item); i && i->name.name == printer.errorName)
      offset = d.offset;
    if (const auto *x = std::get_if<ExportDef>(&d.item); x && x->name.name == printer.errorName)
      offset = d.offset;
  }
  std::string about = printer.errorName.empty() ? "" : " (`" + printer.errorName + "`)";
  diags.error(offset, "the world cannot be printed as WIT" + about + ": " + printer.error);
  return false;
}

} // namespace w2n::component
