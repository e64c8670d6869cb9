// The decoded form of one core WebAssembly module: what the binary reader produces, what the
// validator checks and what lowering consumes. Plain data; byte offsets are kept wherever a later
// stage may need to report an error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace w2n {

// Strongly typed indices so a function index is never passed where a type index is expected.
template <typename Tag> struct Index {
  uint32_t value = 0;
  constexpr Index() = default;
  constexpr explicit Index(uint32_t v) : value(v) {}
  friend constexpr bool operator==(Index a, Index b) { return a.value == b.value; }
  friend constexpr bool operator<(Index a, Index b) { return a.value < b.value; }
};
using TypeIndex = Index<struct TypeIndexTag>;
using FuncIndex = Index<struct FuncIndexTag>;
using TableIndex = Index<struct TableIndexTag>;
using MemoryIndex = Index<struct MemoryIndexTag>;
using GlobalIndex = Index<struct GlobalIndexTag>;
using ElemIndex = Index<struct ElemIndexTag>;
using DataIndex = Index<struct DataIndexTag>;
using TagIndex = Index<struct TagIndexTag>;

// Value types. The low byte is the binary encoding of the type's first byte; Wasm 2.0's types
// and the nullable abstract references (funcref, anyref, ...) are that byte alone. A general
// reference type (GC / typed function references) is 0x63 (ref null) or 0x64 (ref) with its
// heap type in the upper 24 bits: an abstract heap type's byte (0x69..0x74) or kConcreteHeap +
// a type index of the module. (ref null <abstract>) is always written in its short form, so that
// equal types have equal encodings.
enum class ValType : uint32_t {
  I32 = 0x7f,
  I64 = 0x7e,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b,
  FuncRef = 0x70,
  ExternRef = 0x6f,
  ExnRef = 0x69, // exception handling (Module::exceptions)
  // GC (Module::gc): (ref null <abstract>)
  AnyRef = 0x6e,
  EqRef = 0x6d,
  I31Ref = 0x6c,
  StructRef = 0x6b,
  ArrayRef = 0x6a,
  NullRef = 0x71,
  NullExternRef = 0x72,
  NullFuncRef = 0x73,
  NullExnRef = 0x74,
  // Only inside the validator: the unknown type of an unreachable stack slot.
  Bottom = 0x00,
};

// Heap types: the abstract ones by their byte, concrete ones as kConcreteHeap + type index.
// Shared-everything threads' shared abstract types, (shared func) etc., carry kShared; a
// concrete type is shared when its definition is (GcTypeDef::shared).
namespace heap {
inline constexpr uint32_t Exn = 0x69, Array = 0x6a, Struct = 0x6b, I31 = 0x6c, Eq = 0x6d,
                          Any = 0x6e, Extern = 0x6f, Func = 0x70, None = 0x71, NoExtern = 0x72,
                          NoFunc = 0x73, NoExn = 0x74;
inline constexpr uint32_t kConcrete = 0x100;
inline constexpr uint32_t kShared = 0x80; // on abstract heap types only
// An implementation limit on type indices that still fit the encoding (V8 allows 1,000,000).
inline constexpr uint32_t kMaxTypes = 1'000'000;
inline bool isConcrete(uint32_t h) { return h >= kConcrete; }
inline uint32_t typeIndex(uint32_t h) { return h - kConcrete; }
inline bool isSharedAbstract(uint32_t h) { return !isConcrete(h) && (h & kShared); }
inline uint32_t unshared(uint32_t h) { return isConcrete(h) ? h : h & ~kShared; }
} // namespace heap

inline uint8_t valTypeCode(ValType t) { return static_cast<uint8_t>(static_cast<uint32_t>(t)); }
inline bool isRefType(ValType t) {
  uint8_t c = valTypeCode(t);
  return c == 0x63 || c == 0x64 || (c >= 0x69 && c <= 0x74);
}
inline bool isNullable(ValType t) { return valTypeCode(t) != 0x64; }
// The heap type of a reference type.
inline uint32_t heapOf(ValType t) {
  uint8_t c = valTypeCode(t);
  return c == 0x63 || c == 0x64 ? static_cast<uint32_t>(t) >> 8 : c;
}
inline ValType makeRef(uint32_t heapType, bool nullable) {
  if (nullable && !heap::isConcrete(heapType) && !heap::isSharedAbstract(heapType))
    return static_cast<ValType>(heapType);
  return static_cast<ValType>((heapType << 8) | (nullable ? 0x63u : 0x64u));
}
// Whether a local of this type has a default value (non-nullable references have none).
inline bool isDefaultable(ValType t) { return valTypeCode(t) != 0x64; }
std::string valTypeName(ValType t);
std::string heapTypeName(uint32_t heapType);
// The one-letter code used in canonical signature symbols (__w2n_sig_<params>_<results>).
char valTypeLetter(ValType t);

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  // GC modules: the canonical identity (gc_types.h) of a type that the letters of
  // signatureKey do not determine (concrete references, subtyping, recursion groups); empty
  // otherwise, so plain function types match across modules and the host by their letters.
  std::string canon{};
  // The signature keys of its declared supertypes, nearest first (GC subtyping of function
  // imports across modules and components, call_indirect and casts).
  std::vector<std::string> canonSupers{};
  friend bool operator==(const FuncType &, const FuncType &) = default;
};
// "iI_f" for (i32 i64) -> f32; the key that makes type ids equal across modules.
std::string signatureKey(const FuncType &type);

// The GC proposal's defined types beside the function types (Module::typeDefs).
enum class CompositeKind : uint8_t { Func, Struct, Array };
struct FieldType {
  ValType type = ValType::I32;
  uint8_t packedBytes = 0; // 1 (i8) or 2 (i16) for packed storage types, else 0
  bool mutable_ = false;
  friend bool operator==(const FieldType &, const FieldType &) = default;
};
struct GcTypeDef {
  CompositeKind kind = CompositeKind::Func;
  std::vector<FieldType> fields; // struct fields, or an array's one element type
  std::optional<uint32_t> super; // declared supertype
  bool final = true;
  uint32_t recStart = 0, recSize = 1; // the recursion group this type belongs to
  uint32_t depth = 0;                 // number of supertypes above it
  uint64_t offset = 0;
  bool shared = false; // shared-everything threads: (shared (func ...)) etc.
};

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
};

struct TableType {
  ValType elemType = ValType::FuncRef;
  Limits limits;
  bool is64 = false; // table64 (memory64 proposal; only inside components): i64 indices
  // Shared-everything threads (only inside components); with no threads a shared table is an
  // ordinary one, only types tell them apart.
  bool shared = false;
  ValType indexType() const { return is64 ? ValType::I64 : ValType::I32; }
};

struct MemoryType {
  Limits limits; // in 64 KiB pages
  // The threads proposal's shared flag (only inside components, see Module::multiMemory). No
  // threads exist, so a shared memory behaves as any other; only types tell them apart.
  bool shared = false;
  // The custom-page-sizes proposal (also only inside components): 0 (1-byte pages) or 16.
  uint8_t pageSizeLog2 = 16;
  // memory64 (also only inside components): addresses are i64. Validated; not compiled yet.
  bool is64 = false;
  ValType addressType() const { return is64 ? ValType::I64 : ValType::I32; }
};

struct GlobalType {
  ValType type = ValType::I32;
  bool mutable_ = false;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3, Tag = 4 };

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  TypeIndex funcType; // kind == Func
  TableType table;    // kind == Table
  MemoryType memory;  // kind == Memory
  GlobalType global;  // kind == Global
  TypeIndex tagType;  // kind == Tag: a function type with no results
  uint64_t offset = 0;
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0; // into the index space of `kind` (imports first)
  uint64_t offset = 0;
};

// A constant expression: one producing instruction, or (GC modules: struct.new, array.new_fixed,
// extended arithmetic, ...) Kind::Expr, the instructions at [offset, offset + exprSize) up to and
// including the final `end`, which the function decoder validates and lowering compiles.
struct ConstExpr {
  enum class Kind : uint8_t { I32, I64, F32, F64, V128, RefNull, RefFunc, GlobalGet, Expr };
  Kind kind = Kind::I32;
  uint64_t bits = 0;                  // i32/i64 value, f32/f64 bit pattern, v128 low half, or index
  uint64_t bitsHi = 0;                // v128 high half
  ValType refType = ValType::FuncRef; // RefNull
  uint64_t offset = 0;
  uint32_t exprSize = 0; // Expr
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

struct Function {
  TypeIndex type;
  // The body as it stands in the binary: locals vector and code, for the function decoder.
  uint64_t bodyOffset = 0; // absolute offset of the first byte after the body size
  uint32_t bodySize = 0;
};

struct ElemSegment {
  enum class Mode : uint8_t { Active, Passive, Declarative };
  Mode mode = Mode::Passive;
  TableIndex table;
  ConstExpr offsetExpr; // Active
  ValType elemType = ValType::FuncRef;
  std::vector<ConstExpr> items; // ref.func / ref.null / global.get
  uint64_t offset = 0;
};

struct DataSegment {
  enum class Mode : uint8_t { Active, Passive };
  Mode mode = Mode::Passive;
  MemoryIndex memory;
  ConstExpr offsetExpr;
  uint64_t dataOffset = 0; // absolute offset of the bytes in the binary
  uint32_t dataSize = 0;
  uint64_t offset = 0;
};

struct Module {
  // The whole binary stays alive and addressable: function bodies and data are read in place.
  const uint8_t *bytes = nullptr;
  size_t size = 0;

  // Every defined type: for function types the signature (for struct and array types an empty
  // one), and typeDefs beside it with the GC proposal's structure.
  std::vector<FuncType> types;
  std::vector<GcTypeDef> typeDefs;
  // GC modules: canonical type ids (gc_types.h), equal for equivalent types of this module, and
  // the canonical keys behind them, equal for equivalent types of any module.
  std::vector<uint32_t> canonIds;
  std::vector<std::string> canonKeys;
  std::vector<Import> imports;
  // Index spaces: imports first, then definitions. Each entry of funcs is a defined function.
  uint32_t numImportedFuncs = 0, numImportedTables = 0, numImportedMemories = 0,
           numImportedGlobals = 0, numImportedTags = 0;
  std::vector<TypeIndex> funcTypes; // all functions, imported ones first
  std::vector<Function> funcs;      // defined functions only
  std::vector<TableType> tables;    // all tables, imported first
  // Defined tables' initializer expressions (typed function references; RefNull when absent).
  std::vector<ConstExpr> tableInits;
  std::vector<MemoryType> memories;    // all memories, imported first
  std::vector<GlobalType> globalTypes; // all globals, imported first
  std::vector<Global> globals;         // defined globals only
  std::vector<TypeIndex> tags;         // all tags (their function types), imported first
  std::vector<Export> exports;
  std::optional<FuncIndex> start;
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;
  std::optional<uint32_t> dataCount;
  // Functions that may be referenced by ref.func in function bodies (C.refs in the spec).
  std::vector<bool> declaredFuncRefs;

  // The multi-memory proposal (Wasm 3.0): on for core modules inside components, whose
  // toolchains enable it by default; off for standalone modules, validated as Wasm 2.0.
  bool multiMemory = false;
  // The exception handling proposal (Wasm 3.0: tags, throw, throw_ref, try_table, exnref): on
  // with multiMemory, for the same reason.
  bool exceptions = false;
  // GC and typed function references (Wasm 3.0): on with multiMemory too.
  bool gc = false;

  // From the "name" custom section, when present (may be empty or partial).
  std::string moduleName;
  std::vector<std::string> funcNames; // indexed by function index; "" when unnamed

  const FuncType &funcType(FuncIndex f) const { return types[funcTypes[f.value].value]; }
  bool isImportedFunc(FuncIndex f) const { return f.value < numImportedFuncs; }
  bool isImportedGlobal(GlobalIndex g) const { return g.value < numImportedGlobals; }
  bool isImportedTag(TagIndex t) const { return t.value < numImportedTags; }
  const FuncType &tagType(TagIndex t) const { return types[tags[t.value].value]; }
  bool isFuncType(uint32_t type) const {
    return type < types.size() &&
           (type >= typeDefs.size() || typeDefs[type].kind == CompositeKind::Func);
  }
};

} // namespace w2n
