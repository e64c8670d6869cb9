// `wasm2native wit`: the world of a validated component in WIT, in the layout of
// `wasm-tools component wit`: `package root:component;`, `world root { import ...; export ...; }`,
// then one package block per interface-named import/export holding its interface (types,
// resources and functions). Types are printed by name where an import/export names them.
#include "compiler/frontend/component/component_api.h"
#include "compiler/frontend/component/component_names.h"
#include "compiler/frontend/component/component_validator.h"

#include <map>
#include <set>

namespace w2n::component {

namespace {

// WIT identifiers that are keywords get a '%' prefix.
std::string ident(const std::string &name) {
  static const std::set<std::string> kKeywords = {
      "use",       "type",     "func",   "u8",     "u16",    "u32",         "u64",
      "s8",        "s16",      "s32",    "s64",    "f32",    "f64",         "char",
      "bool",      "string",   "option", "result", "list",   "record",      "flags",
      "variant",   "enum",     "tuple",  "import", "export", "world",       "package",
      "interface", "resource", "own",    "borrow", "static", "constructor", "include",
      "with",      "as",       "from",   "future", "stream", "async",       "map"};
  if (!kKeywords.count(name)) return name;
  std::string out(1, '%');
  return out.append(name);
}

class WitPrinter {
public:
  explicit WitPrinter(TypeStore &s) : s_(s) {}

  std::string print(const ComponentT &world) {
    // Names first, so that references print by name.
    for (const auto *list : {&world.imports, &world.exports})
      for (const auto &[name, e] : *list)
        collectNames(e);
    std::string out = "package root:component;\n\nworld root {\n";
    std::string packages;
    for (int pass = 0; pass < 2; ++pass) {
      const NamedEntities &list = pass == 0 ? world.imports : world.exports;
      const char *dir = pass == 0 ? "import" : "export";
      // Types named at the world level come first, as WIT has them.
      for (const auto &[name, e] : list) {
        if (e.kind == ExternDesc::Kind::Type)
          out += "  " + std::string(pass == 0 ? "" : "export ") + typeDecl(name, e, "  ");
      }
      // Instances (interfaces) first, then functions, as wasm-tools orders them.
      for (int kind = 0; kind < 2; ++kind)
        for (const auto &[name, e] : list) {
          if ((kind == 0) != (e.kind == ExternDesc::Kind::Instance)) continue;
          ParsedName parsed;
          std::string err;
          parseExternName(name, true, parsed, err, true);
          if (e.kind == ExternDesc::Kind::Instance) {
            if (parsed.kind == ParsedName::Kind::Interface) {
              out += "  " + std::string(dir) + " " + name + ";\n";
              packages += interfacePackage(name, e.id);
            } else {
              out += "  " + std::string(dir) + " " + ident(name) + ": interface {\n" +
                     interfaceBody(e.id, "    ") + "  }\n";
            }
          } else if (e.kind == ExternDesc::Kind::Func) {
            out += "  " + std::string(dir) + " " + ident(name) + ": " + funcSig(e.id) + ";\n";
          }
        }
    }
    out += "}\n" + packages;
    return out;
  }

private:
  void collectNames(const EntityT &e) {
    if (e.kind == ExternDesc::Kind::Type) return; // named where declared
    if (e.kind != ExternDesc::Kind::Instance) return;
    for (const auto &[n, x] : s_.instances[e.id].exports) {
      if (x.kind != ExternDesc::Kind::Type) continue;
      nameOf(x.type, n);
      nameOf(x.referenced, n);
    }
  }
  void nameOf(AnyTypeId t, const std::string &n) {
    if (t.kind == TypeKind::Resource)
      resourceNames_.emplace(s_.rootOf(t.id), n);
    else if (t.kind == TypeKind::Defined)
      definedNames_.emplace(t.id, n);
  }

  std::string interfacePackage(const std::string &name, uint32_t instance) {
    // ns:pkg/iface@ver -> package ns:pkg@ver { interface iface { ... } }
    size_t slash = name.find('/');
    size_t at = name.find('@', slash);
    std::string pkg = name.substr(0, slash);
    std::string iface =
        name.substr(slash + 1, at == std::string::npos ? std::string::npos : at - slash - 1);
    std::string version = at == std::string::npos ? "" : name.substr(at);
    return "\npackage " + pkg + version + " {\n  interface " + ident(iface) + " {\n" +
           interfaceBody(instance, "    ") + "  }\n}\n";
  }

  std::string interfaceBody(uint32_t instance, const std::string &indent) {
    std::string out;
    NamedEntities exports = s_.instances[instance].exports;
    for (const auto &[n, e] : exports)
      if (e.kind == ExternDesc::Kind::Type) out += indent + typeDecl(n, e, indent);
    bool sep = !out.empty();
    for (const auto &[n, e] : exports) {
      if (e.kind != ExternDesc::Kind::Func) continue;
      if (sep) {
        out += "\n";
        sep = false;
      }
      ParsedName parsed;
      std::string err;
      parseExternName(n, false, parsed, err, true);
      if (parsed.kind == ParsedName::Kind::Label)
        out += indent + ident(n) + ": " + funcSig(e.id) + ";\n";
    }
    return out;
  }

  // A type declaration: record/variant/enum/flags/resource definitions, or an alias.
  std::string typeDecl(const std::string &name, const EntityT &e, const std::string &indent) {
    AnyTypeId t = e.referenced;
    if (t.kind == TypeKind::Resource) {
      uint32_t root = s_.rootOf(t.id);
      auto it = resourceNames_.find(root);
      if (it != resourceNames_.end() && it->second != name)
        return "type " + ident(name) + " = " + ident(it->second) + ";\n";
      resourceNames_[root] = name;
      return "resource " + ident(name) + ";\n";
    }
    if (t.kind != TypeKind::Defined) return "type " + ident(name) + " = func;\n";
    const DefinedT &d = s_.defined[t.id];
    using K = DefValType::Kind;
    std::string out;
    switch (d.kind) {
    case K::Record:
      out = "record " + ident(name) + " {\n";
      for (const auto &f : d.fields)
        out += indent + "  " + ident(f.first) + ": " + valType(f.second) + ",\n";
      return out + indent + "}\n";
    case K::Variant:
      out = "variant " + ident(name) + " {\n";
      for (const auto &c : d.cases) {
        std::string payload;
        if (c.second) payload.append("(").append(valType(*c.second)).append(")");
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
      return "type " + ident(name) + " = " + definedType(t.id, /*useName=*/false) + ";\n";
    }
  }

  std::string funcSig(uint32_t id) {
    const FuncT &f = s_.funcs[id];
    std::string out = "func(";
    for (size_t i = 0; i < f.params.size(); ++i) {
      if (i) out += ", ";
      out += ident(f.params[i].first) + ": " + valType(f.params[i].second);
    }
    out += ")";
    if (f.result) out += " -> " + valType(*f.result);
    return out;
  }

  std::string valType(ValT v) {
    if (v.prim) return primTypeName(v.p);
    return definedType(v.def, true);
  }

  std::string definedType(uint32_t id, bool useName) {
    if (useName) {
      auto it = definedNames_.find(id);
      if (it != definedNames_.end()) return ident(it->second);
    }
    const DefinedT &d = s_.defined[id];
    using K = DefValType::Kind;
    auto resourceName = [&](uint32_t r) {
      auto it = resourceNames_.find(s_.rootOf(r));
      return it == resourceNames_.end() ? std::string("resource") : ident(it->second);
    };
    switch (d.kind) {
    case K::Prim:
      return primTypeName(d.prim);
    case K::List:
      return "list<" + valType(d.types[0]) + ">";
    case K::FixedList:
      return "list<" + valType(d.types[0]) + ", " + std::to_string(d.length) + ">";
    case K::Map:
      return "map<" + valType(d.types[0]) + ", " + valType(d.types[1]) + ">";
    case K::Option:
      return "option<" + valType(d.types[0]) + ">";
    case K::Tuple: {
      std::string out = "tuple<";
      for (size_t i = 0; i < d.types.size(); ++i)
        out += (i ? ", " : "") + valType(d.types[i]);
      return out + ">";
    }
    case K::Result:
      if (!d.ok && !d.err) return "result";
      if (!d.err) return "result<" + valType(*d.ok) + ">";
      return "result<" + (d.ok ? valType(*d.ok) : std::string("_")) + ", " + valType(*d.err) + ">";
    case K::Own:
      return resourceName(d.resource);
    case K::Borrow:
      return "borrow<" + resourceName(d.resource) + ">";
    default:
      return "record"; // an anonymous record/variant/enum/flags cannot appear in valid WIT
    }
  }

  TypeStore &s_;
  std::map<uint32_t, std::string> definedNames_, resourceNames_;
};

} // namespace

bool printWit(const Component &component, std::string &out, Diagnostics &diags) {
  // Printing is not where features are policed: accept them all.
  Validator v(diags, ComponentFeatures{true, true});
  uint32_t type = 0;
  if (!v.component(component, type)) return false;
  ComponentT world = v.store.components[type];
  out = WitPrinter(v.store).print(world);
  return true;
}

} // namespace w2n::component
