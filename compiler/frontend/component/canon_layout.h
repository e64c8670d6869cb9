// The canonical ABI's type-directed facts about a component value type in linear memory
// (CanonicalABI.md "Despecialization", "Alignment", "Element Size"): despecialization to the core
// kinds, alignment, elem_size, record field offsets, variant discriminants and payload offsets,
// flags sizes. This is the one place that computes layouts: the validator's size limit, the
// descriptors the runtime's engine reads (lowering/component_layout.h) and generated C bindings
// all take them from here.
//
// The rules work on a TypeShape, which any representation of component types can describe its
// types with (the validator's TypeStore here, the static instantiation plan's types in lowering):
// layoutWith(shape, ptr, partLayout) combines the layouts of a type's parts, so a caller can
// memoize them per type.
//
// Inputs are validated types (component_validator): records and tuples have fields, variants and
// enums have cases, flags have 1..32 labels, fixed-size lists have a length > 0, and every
// elem_size is below 2^28. Async types (stream, future, error-context) are out of scope.
#pragma once

#include "compiler/frontend/component/component_types.h"
#include "compiler/frontend/module.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace w2n::canon {

using component::PrimType;
using component::TypeStore;
using component::ValT;

// The address type of the memory a value lives in (CanonicalABI.md `ptr_type`): i32, or i64
// for a 64-bit memory. Strings and lists are a pair of pointers of this size.
enum class PtrType : uint8_t { I32, I64 };
inline uint64_t ptrSize(PtrType p) { return p == PtrType::I32 ? 4 : 8; }

// What despecialize leaves: the primitives and the seven kinds layouts are defined on.
enum class Kind : uint8_t {
  Bool,
  S8,
  U8,
  S16,
  U16,
  S32,
  U32,
  S64,
  U64,
  F32,
  F64,
  Char,
  String,
  List,
  Record,
  Variant,
  Flags,
  Own,
  Borrow,
};
Kind primKind(PrimType p);

struct Field {
  std::string label;
  ValT type;
};

struct Case {
  std::string label;
  std::optional<ValT> type;
};

// A despecialized type (CanonicalABI.md `despecialize`): tuple -> record with fields "0", "1",
// ...; enum -> variant of payload-less cases; option -> variant {none, some(t)}; result ->
// variant {ok(t?), error(e?)}; map<k, v> -> list<record {"0": k, "1": v}> (its element is given
// as `entry`, since that record has no id in the store).
struct Despecialized {
  Kind kind = Kind::Bool;
  std::vector<Field> fields;      // Record
  std::vector<Case> cases;        // Variant
  uint32_t flagCount = 0;         // Flags
  std::optional<ValT> elem;       // List (absent for a map: see `entry`)
  std::vector<Field> entry;       // List from a map: the element record {k, v}
  std::optional<uint32_t> length; // List: the length of a fixed-size list
  uint32_t resource = 0;          // Own, Borrow
};
Despecialized despecialize(const TypeStore &s, ValT v);

uint64_t alignTo(uint64_t offset, uint64_t alignment);

// ---- Shapes: what layouts and flattening need to know of a type ----
enum class ShapeKind : uint8_t {
  Scalar,   // a number, bool, char, flags or handle: one core value, `size` bytes in memory
  Pointers, // string, list, map: two of the memory's pointer type
  Sequence, // record, tuple, fixed-size list: `parts` in order, `repeat` times
  Variant,  // variant, enum, option, result: a discriminant, then one case's payload
};

template <class T> struct TypeShape {
  using Kind = ShapeKind;
  Kind kind = Kind::Scalar;
  ValType scalar = ValType::I32; // Scalar: its flat type
  uint8_t size = 4;              // Scalar: bytes in memory, also its alignment
  // Sequence: the fields (all present); Variant: one per case, empty for a case without payload.
  std::vector<std::optional<T>> parts;
  uint32_t repeat = 1;
};

// A primitive's shape: a scalar (its flat type and size), or Pointers for a string.
struct PrimFacts {
  ShapeKind kind = ShapeKind::Scalar;
  ValType flat = ValType::I32;
  uint8_t size = 4;
};
PrimFacts primFacts(PrimType p);
template <class T> TypeShape<T> primShape(PrimType p) {
  PrimFacts f = primFacts(p);
  TypeShape<T> s;
  s.kind = f.kind;
  s.scalar = f.flat;
  s.size = f.size;
  return s;
}
// A scalar of `size` bytes that flattens to one i32: flags (flagsSize) and handles (4).
template <class T> TypeShape<T> scalarShape(uint8_t size) {
  TypeShape<T> s;
  s.size = size;
  return s;
}

// The shape of one of the validator's types.
TypeShape<ValT> shapeOf(const TypeStore &s, ValT v);

// ---- Layouts ----
// `alignment` and `elem_size` of one type.
struct Layout {
  uint64_t size = 0;
  uint64_t align = 1;
};

// A record (or tuple, or map entry) in memory: each field at its offset, in field order.
struct RecordLayout {
  std::vector<uint64_t> offsets;
  uint64_t size = 0;
  uint64_t align = 1;
};
RecordLayout recordLayout(const std::vector<Layout> &fields);

// `discriminant_type`: the smallest of u8/u16/u32 that numbers `caseCount` (> 0) cases.
PrimType discriminantType(size_t caseCount);

// A variant in memory: the discriminant at offset 0, the payload (of any case) at
// payloadOffset, the whole padded to its alignment.
struct VariantLayout {
  PrimType discriminant = PrimType::U8;
  uint64_t discriminantSize = 1;
  uint64_t payloadOffset = 1; // the discriminant's size aligned to max_case_alignment
  uint64_t maxCaseSize = 0;
  uint64_t size = 1;
  uint64_t align = 1;
};
// One entry per case: its payload's layout, or none.
VariantLayout variantLayout(const std::vector<std::optional<Layout>> &cases);

// Flags (1..32 labels) are one integer of 1, 2 or 4 bytes, aligned to its size.
uint64_t flagsSize(size_t labelCount);

// Everything a lift or lower needs of one type's layout: its own, and where its parts go.
struct TypeLayout {
  Layout layout;
  std::vector<uint64_t> offsets; // records, tuples: each field's offset
  uint64_t discriminantSize = 0; // variant-likes: 1, 2 or 4
  uint64_t payloadOffset = 0;    // variant-likes: where every case's payload starts
};
// The layout of a type of `kind` whose parts (as in TypeShape::parts) have the layouts `parts`.
TypeLayout layoutOfParts(ShapeKind kind, uint64_t scalarSize, PtrType ptr,
                         const std::vector<std::optional<Layout>> &parts, uint32_t repeat);

// The layout of a type of this shape; `partLayout(part)` gives each part's Layout.
template <class T, class PartLayout>
TypeLayout layoutWith(const TypeShape<T> &shape, PtrType ptr, const PartLayout &partLayout) {
  std::vector<std::optional<Layout>> parts;
  parts.reserve(shape.parts.size());
  for (const auto &p : shape.parts)
    parts.push_back(p ? std::optional<Layout>(partLayout(*p)) : std::nullopt);
  return layoutOfParts(shape.kind, shape.size, ptr, parts, shape.repeat);
}

// ---- The validator's types ----
Layout layout(const TypeStore &s, ValT v, PtrType ptr = PtrType::I32);
// `alignment` and `elem_size` of CanonicalABI.md.
uint64_t alignment(const TypeStore &s, ValT v, PtrType ptr = PtrType::I32);
uint64_t elemSize(const TypeStore &s, ValT v, PtrType ptr = PtrType::I32);
RecordLayout recordLayout(const TypeStore &s, const std::vector<ValT> &fields,
                          PtrType ptr = PtrType::I32);
// For a value whose despecialized kind is Record (record, tuple).
RecordLayout recordLayout(const TypeStore &s, ValT v, PtrType ptr = PtrType::I32);
VariantLayout variantLayout(const TypeStore &s, const std::vector<std::optional<ValT>> &cases,
                            PtrType ptr = PtrType::I32);
// For a value whose despecialized kind is Variant (variant, enum, option, result).
VariantLayout variantLayout(const TypeStore &s, ValT v, PtrType ptr = PtrType::I32);

} // namespace w2n::canon
