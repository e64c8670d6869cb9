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

// Value types of Wasm 2.0. The enumerators are the binary encodings.
enum class ValType : uint8_t {
  I32 = 0x7f,
  I64 = 0x7e,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b,
  FuncRef = 0x70,
  ExternRef = 0x6f,
  ExnRef = 0x69, // exception handling (Module::exceptions)
  // Only inside the validator: the unknown type of an unreachable stack slot.
  Bottom = 0x00,
};

inline bool isRefType(ValType t) {
  return t == ValType::FuncRef || t == ValType::ExternRef || t == ValType::ExnRef;
}
const char *valTypeName(ValType t);
// The one-letter code used in canonical signature symbols (__w2n_sig_<params>_<results>).
char valTypeLetter(ValType t);

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  friend bool operator==(const FuncType &, const FuncType &) = default;
};
// "iI_f" for (i32 i64) -> f32; the key that makes type ids equal across modules.
std::string signatureKey(const FuncType &type);

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
};

struct TableType {
  ValType elemType = ValType::FuncRef;
  Limits limits;
  bool is64 = false; // table64 (memory64 proposal; only inside components): i64 indices
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

// A constant expression: the validator allows exactly one producing instruction.
struct ConstExpr {
  enum class Kind : uint8_t { I32, I64, F32, F64, V128, RefNull, RefFunc, GlobalGet };
  Kind kind = Kind::I32;
  uint64_t bits = 0;                  // i32/i64 value, f32/f64 bit pattern, v128 low half, or index
  uint64_t bitsHi = 0;                // v128 high half
  ValType refType = ValType::FuncRef; // RefNull
  uint64_t offset = 0;
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

  std::vector<FuncType> types;
  std::vector<Import> imports;
  // Index spaces: imports first, then definitions. Each entry of funcs is a defined function.
  uint32_t numImportedFuncs = 0, numImportedTables = 0, numImportedMemories = 0,
           numImportedGlobals = 0, numImportedTags = 0;
  std::vector<TypeIndex> funcTypes;    // all functions, imported ones first
  std::vector<Function> funcs;         // defined functions only
  std::vector<TableType> tables;       // all tables, imported first
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

  // From the "name" custom section, when present (may be empty or partial).
  std::string moduleName;
  std::vector<std::string> funcNames; // indexed by function index; "" when unnamed

  const FuncType &funcType(FuncIndex f) const { return types[funcTypes[f.value].value]; }
  bool isImportedFunc(FuncIndex f) const { return f.value < numImportedFuncs; }
  bool isImportedGlobal(GlobalIndex g) const { return g.value < numImportedGlobals; }
  bool isImportedTag(TagIndex t) const { return t.value < numImportedTags; }
  const FuncType &tagType(TagIndex t) const { return types[tags[t.value].value]; }
};

} // namespace w2n
