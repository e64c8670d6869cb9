// The semantic types of the component model, as validation builds them: every type lives once
// in a TypeStore and is named by a small id, so index spaces hold ids and type equality /
// subtyping walks the store. Resources are identities (a ResourceId is never structurally equal
// to another); instantiation substitutes them (Explainer.md "type checking"). Also the canonical
// ABI facts validation needs (whether memory/realloc are required, size limits; flattening is
// canon_flatten.h).
#pragma once

#include "compiler/frontend/component/component_model.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace w2n::component {

// Limits from the reference validator (wasmparser's limits.rs), so that the same inputs fail.
inline constexpr uint32_t kMaxTypeSize = 1000000;
inline constexpr uint32_t kMaxTypeDepth = 100;
inline constexpr size_t kMaxFlags = 32;

enum class TypeKind : uint8_t { Defined, Func, Component, Instance, Resource };

struct AnyTypeId {
  TypeKind kind = TypeKind::Defined;
  uint32_t id = 0;
  friend bool operator==(AnyTypeId a, AnyTypeId b) { return a.kind == b.kind && a.id == b.id; }
  friend bool operator<(AnyTypeId a, AnyTypeId b) {
    return a.kind != b.kind ? a.kind < b.kind : a.id < b.id;
  }
};
const char *typeKindName(TypeKind k); // "defined type", "func", "component", "instance", "resource"

// A component value type: a primitive or a defined type id.
struct ValT {
  bool prim = true;
  PrimType p = PrimType::Bool;
  uint32_t def = 0;
};

struct DefinedT {
  DefValType::Kind kind = DefValType::Kind::Prim;
  PrimType prim = PrimType::Bool;
  std::vector<std::pair<std::string, ValT>> fields;               // Record
  std::vector<std::pair<std::string, std::optional<ValT>>> cases; // Variant
  std::vector<ValT> types;         // Tuple; List/FixedList/Option: [elem]; Map: [key, value]
  std::vector<std::string> labels; // Flags, Enum
  std::optional<ValT> ok, err;     // Result
  uint32_t length = 0;             // FixedList
  uint32_t resource = 0;           // Own, Borrow: a resource id
};

struct FuncT {
  std::vector<std::pair<std::string, ValT>> params;
  std::optional<ValT> result;
};

// What an import/export/instance export is: the extern kinds of ExternDesc.
struct EntityT {
  ExternDesc::Kind kind = ExternDesc::Kind::Func;
  uint32_t id = 0;      // Module: module type; Func: FuncT; Instance/Component: their types
  ValT value;           // Value
  AnyTypeId type;       // Type: the type this name introduces ("created")
  AnyTypeId referenced; // Type: the type it is equal to
};

using NamedEntities = std::vector<std::pair<std::string, EntityT>>;

struct InstanceT {
  NamedEntities exports;
  // Resources this type introduces with (sub resource) exports: abstract, made fresh where an
  // instance of this type is imported.
  std::vector<uint32_t> definedResources;
};

struct ComponentT {
  NamedEntities imports, exports;
  std::vector<uint32_t> importedResources; // bound by instantiation arguments
  std::vector<uint32_t> definedResources;  // fresh for every instantiation
};

struct CoreExternT {
  ExternKind kind = ExternKind::Func;
  FuncType func;
  TableType table;
  MemoryType memory;
  GlobalType global;
};

struct ModuleT {
  struct Imp {
    std::string module, name;
    CoreExternT type;
  };
  std::vector<Imp> imports;
  std::vector<std::pair<std::string, CoreExternT>> exports;
};

struct CoreInstanceT {
  std::vector<std::pair<std::string, CoreExternT>> exports;
  const CoreExternT *find(const std::string &name) const;
};

// A resource, or an alias of one: exporting or importing a resource type under a name gives a
// new id (so that "is this type named?" can tell the two apart) with the same root, and
// resources are equal when their roots are.
struct ResourceT {
  std::optional<ValType> rep; // known for resources defined by a concrete component
  uint32_t owner = 0;         // the validation scope that defined it (0: abstract)
  uint32_t root = UINT32_MAX; // UINT32_MAX: itself
};

// What instantiation substitutes: resources (by root) and imported types (by id: `defined`, and
// `resourceIds` for resource type imports, whose argument may be an alias). `copies` remembers
// the copy made of each defined type, so that one substitution maps a type to one new id wherever
// it meets it: an exported named type and the function that uses it must still refer to the
// same type afterwards (identity is what "is this type named?" checks). `aliases` does the same
// for the aliases of a substituted resource: each stays an alias of its own (WIT names it:
// `type trailers = fields`), of the new root.
struct Substitution {
  std::unordered_map<uint32_t, uint32_t> resources, defined, resourceIds;
  std::unordered_map<uint32_t, uint32_t> copies, aliases;
  bool empty() const { return resources.empty() && defined.empty() && resourceIds.empty(); }
};

// Every type of one validation run.
class TypeStore {
public:
  std::vector<DefinedT> defined;
  std::vector<uint32_t> definedSize; // type-size units per defined type
  std::vector<FuncT> funcs;
  std::vector<InstanceT> instances;
  std::vector<ComponentT> components;
  std::vector<ModuleT> modules;
  std::vector<CoreInstanceT> coreInstances;
  std::vector<ResourceT> resources;

  uint32_t addDefined(DefinedT t);
  uint32_t addFunc(FuncT t);
  uint32_t addInstance(InstanceT t);
  uint32_t addComponent(ComponentT t);
  uint32_t addModule(ModuleT t);
  uint32_t addCoreInstance(CoreInstanceT t);
  uint32_t addResource(ResourceT t);

  // A new id for the same type ("created" by a type import/export); resources keep their id.
  AnyTypeId withUnique(AnyTypeId t);

  // Type sizes (nodes), as the reference validator counts them, capped at kMaxTypeSize + 1.
  uint32_t size(ValT v) const;
  uint32_t size(AnyTypeId t) const;
  uint32_t size(const EntityT &e) const;

  // Resources transitively referenced by a type (own/borrow targets and resource types).
  void collectResources(const EntityT &e, std::vector<uint32_t> &out) const;
  void collectResources(AnyTypeId t, std::vector<uint32_t> &out) const;
  void collectResources(ValT v, std::vector<uint32_t> &out) const;
  bool containsBorrow(ValT v) const;

  // Substitution of resource ids (instantiation, fresh imports): copies what refers to a mapped
  // resource, shares the rest; each defined type is copied once per Substitution (m.copies).
  uint32_t rootOf(uint32_t r) const { return resources[r].root; }
  uint32_t substituteResource(uint32_t r, Substitution &m);
  ValT substitute(ValT v, Substitution &m);
  AnyTypeId substitute(AnyTypeId t, Substitution &m);
  EntityT substitute(const EntityT &e, Substitution &m);
};

// Subtyping (a <: b) with resource binding: resources of `bindable` met on the `b` side are
// bound to what `a` has there (instantiation arguments bind a component's imported resources).
class SubtypeChecker {
public:
  SubtypeChecker(TypeStore &store) : s_(store) {}
  std::vector<uint32_t> bindable;
  std::unordered_map<uint32_t, uint32_t> bound; // resource roots of `bindable` -> actual
  std::string error;

  bool entity(const EntityT &a, const EntityT &b);
  bool type(AnyTypeId a, AnyTypeId b);
  bool valType(ValT a, ValT b);
  bool defined(uint32_t a, uint32_t b);
  bool func(uint32_t a, uint32_t b);
  bool instance(uint32_t a, uint32_t b);
  bool component(uint32_t a, uint32_t b);
  bool module(uint32_t a, uint32_t b);
  bool resource(uint32_t a, uint32_t b);
  bool coreExtern(const CoreExternT &a, const CoreExternT &b);

private:
  bool fail(std::string message);
  TypeStore &s_;
};

// Whether lifting or lowering a value needs linear memory / a realloc: strings and lists.
bool needsMemory(const TypeStore &s, ValT v);
// Binary.md requires elem_size < 2^28 for every defined value type (checked with canon_layout).
inline constexpr uint64_t kMaxValueSize = uint64_t(1) << 28;
// Nesting depth of a value type (a primitive is 1).
uint32_t typeDepth(const TypeStore &s, ValT v);

std::string describeValT(const TypeStore &s, ValT v);
std::string coreTypesList(const std::vector<ValType> &types); // "[I32, I64]"
const char *externKindName(ExternDesc::Kind k);               // "func", "instance", ...

} // namespace w2n::component
