// The WIT printer behind `wasm2native wit`, shared by its two files: component_wit.cpp lays out
// the world and its packages and decides which types are `use`d from which interface (type
// identity), component_wit_items.cpp prints the items of one interface or world (types,
// resources with their functions, function signatures).
#pragma once

#include "compiler/frontend/component/component_names.h"
#include "compiler/frontend/component/component_types.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace w2n::component::wit {

// WIT identifiers that are keywords get a '%' prefix.
std::string ident(const std::string &name);

// The attributes of a top-level import/export name (Binary.md `nameattributes`).
struct Attrs {
  std::string implements, externalId, versionSuffix;
  bool hasExternalId = false;
};

// An interface of the world: an interface-named import/export (printed in its package's
// block) or a plain-named one (printed inline in the world).
struct Iface {
  std::string worldName;   // "ns:pkg/name@ver" (version suffix included), or the plain label
  std::string package;     // "ns:pkg@ver"; empty when inline
  std::string label;       // its name inside the package, or the plain label
  std::string implementer; // a plain label naming an interface (`import a: ns:pkg/name;`)
  std::string item;        // the import/export name
  uint32_t instance = 0;
};

// Which scope a type comes from: the interface whose export created the type id (index into the
// printer's interfaces; kWorld for the world's own types), and its name there.
inline constexpr int kWorld = -1;
struct Origin {
  int iface = kWorld;
  std::string name;
};

// The names a scope (an interface or the world) gives to types: defined types and resources by
// the ids its type exports created and are bound to (a second name of a resource has an id of its
// own, so handles keep the name they were given), resources also by root (handles made by type
// substitution).
struct Names {
  std::map<uint32_t, std::string> defined, resources, roots;
};

// One `use`: `name` is the local name of the type `origin.name` of `origin.iface`.
struct Use {
  Origin origin;
  std::string name;
};

class Printer {
public:
  explicit Printer(TypeStore &s) : s_(s) {}
  std::map<std::string, Attrs> attrs[2]; // of the world's imports and exports, by name
  // The world's WIT; false with `error` set when it cannot be expressed in WIT.
  bool print(const ComponentT &world, std::string &out);
  std::string error;
  std::string errorName; // the import/export the error is about
  // An item of an interface, or a whole interface (`interface { ... }`), as WIT on one line for
  // messages, types named as `scope` names them; what has no WIT form prints as best it can
  // (defined in component_compose.cpp, which needs it for --plug's misfit errors).
  std::string oneLine(const std::string &name, const EntityT &e, const NamedEntities &scope);

private:
  // component_wit.cpp
  void collect(const ComponentT &world);
  void collectScope(const NamedEntities &items, int self, bool typesOnly);
  std::string usePath(int from, int to);
  std::string usesText(int self, const std::string &indent);
  std::string worldText(const ComponentT &world);
  std::string packagesText();
  // Records the first reason the world has no WIT form (about worldItem_).
  bool fail(const std::string &message);
  static std::string kindName(ExternDesc::Kind k); // "a func", "an instance", ...
  std::string inItem() const;
  // `@external-id("...")` before a world item (`self` is kWorld) that has one.
  std::string attrLine(int self, const std::string &dir, const std::string &name,
                       const std::string &indent);

  // component_wit_items.cpp
  // The body of an interface or world: types (resources with their functions) and functions;
  // `dir` is "import "/"export " at the world's level, "" inside an interface.
  std::string items(const NamedEntities &list, int self, const Names &names,
                    const std::string &indent, const std::string &dir);
  std::string typeDecl(const std::string &name, const EntityT &e, const Names &names,
                       const NamedEntities &list, const std::string &indent);
  std::string resourceBlock(const std::string &name, const NamedEntities &list, const Names &names,
                            const std::string &indent);
  std::string funcSig(uint32_t func, const Names &names, size_t skipParams = 0,
                      const char *keyword = "func");
  std::string valType(ValT v, const Names &names);
  std::string definedType(uint32_t id, const Names &names, bool useName);
  std::string resourceName(uint32_t resource, const Names &names);
  bool witType(const std::string &name, const EntityT &e);
  Names namesOf(const NamedEntities &list) const;

  TypeStore &s_;
  std::vector<Iface> ifaces_;
  // Types by the id an export created (resources: that id too), where they come from.
  std::map<uint32_t, Origin> definedOrigin_, resourceOrigin_;
  // Per interface (and kWorld at the end): the types it uses from elsewhere, in order.
  std::map<int, std::vector<Use>> uses_;
  std::map<int, Names> names_;
  std::string worldItem_; // the import/export being looked at
  std::string current_;   // the type or function being printed
};

} // namespace w2n::component::wit
