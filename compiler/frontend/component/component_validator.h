// Validation and type checking of components (Binary.md, Explainer.md, CanonicalABI.md), split
// by concern: component_validator.cpp (the definition walk: core modules and instances,
// instances, aliases, imports, exports, start), component_validator_types.cpp (type
// definitions, component and instance types, core module types), component_validator_canon.cpp
// (canonical definitions). Index spaces live in a Scope per component / component type /
// instance type; types in one TypeStore. The first error ends validation, with its offset.
#pragma once

#include "compiler/frontend/component/component_api.h"
#include "compiler/frontend/component/component_model.h"
#include "compiler/frontend/component/component_names.h"
#include "compiler/frontend/component/component_types.h"
#include "compiler/frontend/diagnostics.h"

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace w2n::component {

enum class ScopeKind : uint8_t { Component, ComponentType, InstanceType };

struct CoreTypeEntry {
  bool module = false;
  FuncType func;
  uint32_t moduleId = 0;
  std::optional<uint32_t> gcIndex; // in Scope::gcTypes (GC core types, component_validator_gc)
};

struct Scope {
  ScopeKind kind = ScopeKind::Component;
  uint32_t id = 0;
  // Core index spaces.
  std::vector<FuncType> coreFuncs;
  std::vector<TableType> coreTables;
  std::vector<MemoryType> coreMemories;
  std::vector<GlobalType> coreGlobals;
  std::vector<FuncType> coreTags; // a tag's type: its parameters
  std::vector<CoreTypeEntry> coreTypes;
  // The core types as a module's type section (GC structure, canonical identities), index for
  // index with coreTypes.
  Module gcTypes;
  std::vector<uint32_t> coreModules;   // ModuleT ids
  std::vector<uint32_t> coreInstances; // CoreInstanceT ids
  // Component index spaces.
  std::vector<uint32_t> funcs;               // FuncT ids
  std::vector<std::pair<ValT, bool>> values; // type, consumed
  std::vector<AnyTypeId> types;
  std::vector<uint32_t> instances;  // InstanceT ids
  std::vector<uint32_t> components; // ComponentT ids
  // Imports and exports (component, component type: both; instance type: exports).
  NamedEntities imports, exports;
  std::map<std::string, std::string> importKeys, exportKeys; // strong-uniqueness key -> name
  std::vector<uint32_t> importedResources, definedResources;
  std::set<AnyTypeId> importedTypes, exportedTypes; // named types (for import/export checks)
  // Resources named by top-level type imports/exports, for [constructor]/[method]/[static].
  std::map<std::string, uint32_t> importedResourceNames, exportedResourceNames;
  std::set<uint32_t> localResources; // defined here with (resource (rep ...))
};

class Validator {
public:
  Validator(Diagnostics &diags, const ComponentFeatures &features)
      : diags_(diags), features_(features) {}
  // Validates `c` as a nested or top-level component and gives its ComponentT id.
  bool component(const Component &c, uint32_t &typeOut);

  TypeStore store;

private:
  friend struct TypeBuilder;
  bool error(uint64_t offset, std::string message);
  Scope &cur() { return *scopes_.back(); }

  bool definition(const Component &c, const Definition &d);
  bool coreModule(const Module &m, uint64_t offset);
  bool coreInstance(const CoreInstanceDef &d);
  bool coreTypeDef(const CoreTypeDef &d);
  // component_validator_gc.cpp
  bool coreGcTypes(const CoreTypeDef &d);
  // A reference to a core type below `bound` that is not a module type.
  bool coreTypeRefs(const Scope &s, ValType t, uint32_t bound, uint64_t offset);
  void addSyntheticCoreType(Scope &s, const FuncType &func, GcTypeDef def);
  // The gc / core-type options of a lift or lower of `f`; `lowered` gets a lowering's core type.
  bool gcOptions(const CanonDef &d, const FuncT &f, FuncType &lowered);
  bool instance(const InstanceDef &d);
  bool alias(const Alias &a, bool declarator);
  bool typeDef(const TypeDef &t);
  bool canon(const CanonDef &d);
  bool start(const StartDef &d);
  bool import(const ExternName &name, const ExternDesc &desc, uint64_t offset);
  bool exportDef(const ExportDef &e);
  bool value(const ValueDef &v);

  // Type construction (component_validator_types.cpp).
  bool buildType(const TypeDef &t, AnyTypeId &out);
  bool buildDefined(const DefValType &d, uint64_t offset, AnyTypeId &out);
  bool buildFunc(const FuncTypeDef &f, uint64_t offset, AnyTypeId &out);
  bool buildDeclaredType(const TypeDef &t, AnyTypeId &out); // component / instance types
  bool buildModuleType(const CoreTypeDef &d, uint32_t &out);
  bool valType(const ValTypeRef &r, ValT &out);
  bool entityFromDesc(const ExternDesc &desc, EntityT &out);
  bool coreExternFromDesc(const CoreExternType &d, const std::vector<CoreTypeEntry> &types,
                          uint64_t offset, CoreExternT &out);

  // Imports/exports shared by components and component/instance types.
  bool addExtern(const ExternName &name, EntityT entity, bool import, uint64_t offset);
  bool checkName(const ExternName &name, const EntityT &entity, bool import, ParsedName &parsed);
  // `names`: the resource names in this context (default: the scope's imported or exported
  // ones; a bag of exports has none).
  bool checkAnnotatedFunc(const ParsedName &parsed, const EntityT &entity, bool import,
                          uint64_t offset, const std::map<std::string, uint32_t> *names = nullptr);
  void pushEntity(const EntityT &e, bool valueUsed = false);
  bool namedTypesOk(const EntityT &e, bool import, bool top);
  bool allNamed(AnyTypeId t, const std::set<AnyTypeId> &set);
  bool valNamed(ValT v, const std::set<AnyTypeId> &set);
  bool entityOf(const SortIndex &item, uint64_t offset, EntityT &out);
  // Fresh resources for the ones an instance type introduces; `created` gets them.
  EntityT freshenImport(EntityT e, std::vector<uint32_t> &created);

  // Index lookups with the reference validator's messages.
  bool coreFuncAt(uint32_t i, uint64_t offset, FuncType &out);
  bool typeAt(uint32_t i, uint64_t offset, AnyTypeId &out);
  bool resourceAt(uint32_t i, uint64_t offset, uint32_t &out);

  uint32_t newScopeId() { return ++scopeCounter_; }

  Diagnostics &diags_;
  ComponentFeatures features_;
  // Instantiation: the types an import declares (directly, or as exports of an imported
  // instance, recursively), mapped to the argument's (args.defined, args.resourceIds).
  void bindTypeArgs(const EntityT &expected, const EntityT &actual, Substitution &args);
  std::vector<Scope *> scopes_;
  uint32_t scopeCounter_ = 0;
};

} // namespace w2n::component
