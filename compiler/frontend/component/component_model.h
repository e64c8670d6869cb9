// The decoded form of a WebAssembly component (Component Model binary format, Binary.md): what
// the component reader produces and what the component validator, the WIT printer and static
// instantiation consume. It mirrors the binary closely: definitions keep their section order
// (index spaces are built incrementally), every item keeps its absolute byte offset, nested core
// modules are decoded core Modules, nested components are Components. Plain data.
#pragma once

#include "compiler/frontend/module.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace w2n::component {

// One index type per index space: core func/table/memory/global/type/module/instance and the
// component-level func/value/type/instance/component spaces.
using CoreFuncIndex = Index<struct CoreFuncIndexTag>;
using CoreTableIndex = Index<struct CoreTableIndexTag>;
using CoreMemoryIndex = Index<struct CoreMemoryIndexTag>;
using CoreGlobalIndex = Index<struct CoreGlobalIndexTag>;
using CoreTypeIndex = Index<struct CoreTypeIndexTag>;
using CoreModuleIndex = Index<struct CoreModuleIndexTag>;
using CoreInstanceIndex = Index<struct CoreInstanceIndexTag>;
using FuncIndex = Index<struct ComponentFuncIndexTag>;
using ValueIndex = Index<struct ValueIndexTag>;
using TypeIndex = Index<struct ComponentTypeIndexTag>;
using InstanceIndex = Index<struct InstanceIndexTag>;
using ComponentIndex = Index<struct ComponentIndexTag>;

// core:sort; the enumerators are the binary encodings.
enum class CoreSort : uint8_t {
  Func = 0x00,
  Table = 0x01,
  Memory = 0x02,
  Global = 0x03,
  Tag = 0x04,
  Type = 0x10,
  Module = 0x11,
  Instance = 0x12,
};

// sort; Core carries a CoreSort.
enum class Sort : uint8_t { Core = 0, Func = 1, Value = 2, Type = 3, Component = 4, Instance = 5 };

struct SortRef {
  Sort sort = Sort::Func;
  CoreSort core = CoreSort::Func; // when sort == Core
  friend bool operator==(const SortRef &, const SortRef &) = default;
};
const char *sortName(SortRef s); // "func", "core func", "instance", ...

struct SortIndex {
  SortRef sort;
  uint32_t index = 0;
};

// primvaltype; the enumerators are the binary encodings.
enum class PrimType : uint8_t {
  Bool = 0x7f,
  S8 = 0x7e,
  U8 = 0x7d,
  S16 = 0x7c,
  U16 = 0x7b,
  S32 = 0x7a,
  U32 = 0x79,
  S64 = 0x78,
  U64 = 0x77,
  F32 = 0x76,
  F64 = 0x75,
  Char = 0x74,
  String = 0x73,
};
const char *primTypeName(PrimType p); // WIT spelling: bool, s8, ..., f32, char, string

// valtype: a primitive or a type index (which must name a defined value type).
struct ValTypeRef {
  bool isPrim = true;
  PrimType prim = PrimType::Bool;
  TypeIndex index;
  uint64_t offset = 0;
};

struct LabeledType {
  std::string label;
  ValTypeRef type;
};

struct VariantCase {
  std::string label;
  std::optional<ValTypeRef> type;
  std::optional<uint32_t> refines; // legacy `refines` (must be absent)
};

// defvaltype
struct DefValType {
  enum class Kind : uint8_t {
    Prim,
    Record,
    Variant,
    List,
    FixedList,
    Tuple,
    Flags,
    Enum,
    Option,
    Result,
    Own,
    Borrow,
    Map,
  };
  Kind kind = Kind::Prim;
  PrimType prim = PrimType::Bool;    // Prim
  std::vector<LabeledType> fields;   // Record
  std::vector<VariantCase> cases;    // Variant
  std::vector<ValTypeRef> types;     // Tuple; List/FixedList/Option: [elem]; Map: [key, value]
  std::vector<std::string> labels;   // Flags, Enum
  std::optional<ValTypeRef> ok, err; // Result
  uint32_t length = 0;               // FixedList
  TypeIndex resource;                // Own, Borrow
};

struct FuncTypeDef {
  std::vector<LabeledType> params;
  std::optional<ValTypeRef> result;
};

struct ResourceTypeDef {
  ValType rep = ValType::I32; // core value type of the representation
  std::optional<CoreFuncIndex> dtor;
};

// externtype (externdesc): what an import or export declares.
struct ExternDesc {
  enum class Kind : uint8_t {
    Module = 0,
    Func = 1,
    Value = 2,
    Type = 3,
    Component = 4,
    Instance = 5
  };
  Kind kind = Kind::Func;
  uint32_t index = 0;           // core type index (Module), type index (Func/Component/Instance)
  bool typeSubResource = false; // Type: (sub resource) rather than (eq index)
  bool valueEq = false;         // Value: (eq valueidx) rather than a valtype
  ValTypeRef valType;           // Value (when !valueEq)
  uint64_t offset = 0;
};

// nameattributes: the name plus optional attributes (implements, versionsuffix, external-id).
struct ExternName {
  std::string name;
  std::optional<std::string> implements;
  std::optional<std::string> versionSuffix;
  std::optional<std::string> externalId;
  uint64_t offset = 0;
};

struct Alias {
  enum class Kind : uint8_t { InstanceExport = 0, CoreInstanceExport = 1, Outer = 2 };
  SortRef sort;
  Kind kind = Kind::InstanceExport;
  uint32_t instance = 0; // InstanceExport / CoreInstanceExport
  std::string name;
  uint32_t outerCount = 0, outerIndex = 0; // Outer
  uint64_t offset = 0;
};

// ---- Core types (core:type) ----

struct CoreExternType {
  ExternKind kind = ExternKind::Func;
  uint32_t funcType = 0; // a core type index (in the enclosing core type space)
  TableType table;
  MemoryType memory;
  GlobalType global;
};

struct ModuleTypeDecl {
  enum class Kind : uint8_t { Import = 0, Type = 1, Alias = 2, Export = 3 };
  Kind kind = Kind::Import;
  std::string module, name;     // Import: module/name; Export: name
  CoreExternType desc;          // Import / Export
  FuncType funcType;            // Type: a function type
  std::vector<GcTypeDef> group; // Type: the GC types it declares (a rec group or one)
  std::vector<FuncType> groupFuncs;
  uint32_t outerCount = 0, outerIndex = 0; // Alias (outer core type)
  uint64_t offset = 0;
};

struct CoreTypeDef {
  // Gc: a recursion group (or one sub/struct/array type) of the GC proposal, its types in
  // `group` with their signatures (function types) in `groupFuncs`; type indices inside are
  // checked by validation, which knows the core type index space.
  enum class Kind : uint8_t { Func, Module, Gc };
  Kind kind = Kind::Func;
  FuncType func;
  std::vector<GcTypeDef> group;
  std::vector<FuncType> groupFuncs;
  std::vector<ModuleTypeDecl> moduleDecls;
  uint64_t offset = 0;
};

// ---- Component-level types (type) ----

struct TypeDef;

// componentdecl / instancedecl.
struct TypeDecl {
  enum class Kind : uint8_t { CoreType = 0, Type = 1, Alias = 2, Import = 3, Export = 4 };
  Kind kind = Kind::Type;
  std::unique_ptr<CoreTypeDef> coreType;
  std::unique_ptr<TypeDef> type;
  Alias alias;
  ExternName name; // Import / Export
  ExternDesc desc;
  uint64_t offset = 0;
};

struct TypeDef {
  enum class Kind : uint8_t { Defined, Func, Component, Instance, Resource };
  Kind kind = Kind::Defined;
  DefValType defined;
  FuncTypeDef func;
  std::vector<TypeDecl> decls; // Component / Instance
  ResourceTypeDef resource;
  uint64_t offset = 0;
};

// ---- Definitions, in section order ----

struct CoreInstantiateArg {
  std::string name;
  CoreInstanceIndex instance;
  uint64_t offset = 0;
};
struct CoreInlineExport {
  std::string name;
  CoreSort sort = CoreSort::Func;
  uint32_t index = 0;
  uint64_t offset = 0;
};
struct CoreInstanceDef {
  bool instantiate = true;
  CoreModuleIndex module;
  std::vector<CoreInstantiateArg> args;  // instantiate
  std::vector<CoreInlineExport> exports; // from exports
  uint64_t offset = 0;
};

struct InstantiateArg {
  std::string name;
  SortIndex item;
  uint64_t offset = 0;
};
struct InlineExport {
  ExternName name;
  SortIndex item;
  uint64_t offset = 0;
};
struct InstanceDef {
  bool instantiate = true;
  ComponentIndex component;
  std::vector<InstantiateArg> args;
  std::vector<InlineExport> exports;
  uint64_t offset = 0;
};

struct CanonOptions {
  enum class Encoding : uint8_t { Utf8, Utf16, Latin1Utf16 };
  std::optional<Encoding> encoding;
  std::optional<CoreMemoryIndex> memory;
  std::optional<CoreFuncIndex> realloc;
  std::optional<CoreFuncIndex> postReturn;
  // The component model GC options (wasm-tools' cm-gc): values as GC references, the core
  // function type a lowering produces.
  bool gc = false;
  std::optional<uint32_t> coreType;
  // Offsets of each option (for diagnostics).
  uint64_t memoryOffset = 0, reallocOffset = 0, postReturnOffset = 0, gcOffset = 0;
};

struct CanonDef {
  enum class Kind : uint8_t { Lift, Lower, ResourceNew, ResourceDrop, ResourceRep };
  Kind kind = Kind::Lift;
  uint32_t func = 0; // Lift: core func index; Lower: component func index
  TypeIndex type;    // Lift: function type; Resource*: resource type
  CanonOptions options;
  uint64_t offset = 0;
};

struct StartDef {
  FuncIndex func;
  std::vector<ValueIndex> args;
  uint32_t results = 0;
  uint64_t offset = 0;
};

struct ImportDef {
  ExternName name;
  ExternDesc desc;
  uint64_t offset = 0;
};

struct ExportDef {
  ExternName name;
  SortIndex item;
  std::optional<ExternDesc> desc;
  uint64_t offset = 0;
};

// 🪙 value definitions: kept as their type and encoded bytes.
struct ValueDef {
  ValTypeRef type;
  uint64_t dataOffset = 0;
  uint32_t dataSize = 0;
  uint64_t offset = 0;
};

struct Component;

struct Definition {
  enum class Kind : uint8_t {
    CoreModule,   // index into Component::coreModules
    CoreInstance, // CoreInstanceDef
    CoreType,     // CoreTypeDef
    Component,    // index into Component::components
    Instance,     // InstanceDef
    Alias,        // Alias
    Type,         // TypeDef
    Canon,        // CanonDef
    Start,        // StartDef
    Import,       // ImportDef
    Export,       // ExportDef
    Value,        // ValueDef
  };
  Kind kind = Kind::CoreModule;
  uint32_t nested = 0; // CoreModule / Component: index into the owner's vectors
  std::variant<std::monostate, CoreInstanceDef, CoreTypeDef, InstanceDef, Alias, TypeDef, CanonDef,
               StartDef, ImportDef, ExportDef, ValueDef>
      item;
  uint64_t offset = 0;
};

struct Component {
  // The whole file (bytes outlive the Component; nested modules are read in place).
  const uint8_t *bytes = nullptr;
  size_t size = 0;
  uint64_t offset = 0; // where this component's header starts
  uint64_t end = 0;    // and where it ends
  std::vector<Definition> definitions;
  std::vector<std::unique_ptr<Module>> coreModules;
  std::vector<std::unique_ptr<Component>> components;
  std::string name; // from the component-name custom section, when present
};

} // namespace w2n::component
