// GC types in the frontend: reading recursion groups and subtypes from
// test/unit/fixtures/gc/all.wat, canonical identities (iso-recursive equivalence), subtyping,
// and the validation rules of GC code on hand-built bodies.
#include "compiler/frontend/gc_types.h"
#include "frontend_wasm_builder.h"

#include "llvm/Support/MemoryBuffer.h"

#include <catch2/catch.hpp>

using namespace w2n;
using namespace w2n::test;

namespace {

struct Loaded {
  std::unique_ptr<llvm::MemoryBuffer> bytes;
  Module m;
  Diagnostics d;
};

std::unique_ptr<Loaded> loadAll() {
  auto l = std::make_unique<Loaded>();
  auto buffer = llvm::MemoryBuffer::getFile(std::string(W2N_UNIT_FIXTURES) + "/gc/all.wasm");
  REQUIRE(buffer);
  l->bytes = std::move(*buffer);
  const auto *data = reinterpret_cast<const uint8_t *>(l->bytes->getBufferStart());
  REQUIRE(readModule(data, l->bytes->getBufferSize(), l->m, l->d, false, true));
  INFO(l->d.format("all.wasm"));
  REQUIRE(validateModule(l->m, l->d));
  return l;
}

ValType ref(uint32_t type, bool nullable) { return makeRef(heap::kConcrete + type, nullable); }

} // namespace

TEST_CASE("GC types are read with their groups, supertypes and fields", "[frontend][gc]") {
  auto l = loadAll();
  const Module &m = l->m;
  // The ten declared types come first (the assembler appends the functions' inline types).
  REQUIRE(m.types.size() >= 10);
  REQUIRE(m.typeDefs.size() == m.types.size());
  // $s: non-final struct of (mut i32) (mut i8) (mut (ref null $s)); $t: final subtype of $s.
  CHECK(m.typeDefs[0].kind == CompositeKind::Struct);
  CHECK_FALSE(m.typeDefs[0].final);
  CHECK(m.typeDefs[0].fields.size() == 3);
  CHECK(m.typeDefs[0].fields[1].packedBytes == 1);
  CHECK(m.typeDefs[0].fields[2].type == ref(0, true));
  CHECK(m.typeDefs[1].super == std::optional<uint32_t>(0));
  CHECK(m.typeDefs[1].final);
  CHECK(m.typeDefs[1].depth == 1);
  CHECK(m.typeDefs[2].kind == CompositeKind::Array);
  // The two recursion groups of two types each.
  CHECK(m.typeDefs[4].recStart == 4);
  CHECK(m.typeDefs[5].recSize == 2);
  CHECK(m.typeDefs[7].recStart == 6);
  CHECK(m.typeDefs[9].kind == CompositeKind::Func);
}

TEST_CASE("identical recursion groups give equal types, other positions do not", "[frontend][gc]") {
  auto l = loadAll();
  const Module &m = l->m;
  CHECK(m.canonIds[6] == m.canonIds[4]); // $p2 == $p1
  CHECK(m.canonIds[7] == m.canonIds[5]); // $q2 == $q1
  CHECK(m.canonKeys[7] == m.canonKeys[5]);
  // $lone has $q1's shape but is alone in its group.
  CHECK(m.canonIds[8] != m.canonIds[5]);
  CHECK(m.canonKeys[8] != m.canonKeys[5]);
  CHECK(m.canonIds[0] != m.canonIds[1]);
  // A function type with references gets a canonical part in its signature key.
  CHECK(m.types[9].canon.empty()); // (i32) -> i32: its letters identify it
  CHECK(isSubtype(m, ref(6, false), ref(4, true)));
}

TEST_CASE("subtyping follows the GC hierarchy", "[frontend][gc]") {
  auto l = loadAll();
  const Module &m = l->m;
  // Declared: $t <: $s, not the other way.
  CHECK(isSubtype(m, ref(1, false), ref(0, false)));
  CHECK_FALSE(isSubtype(m, ref(0, false), ref(1, false)));
  // Nullability: (ref $t) <: (ref null $s), (ref null $t) is not <: (ref $s).
  CHECK(isSubtype(m, ref(1, false), ref(0, true)));
  CHECK_FALSE(isSubtype(m, ref(1, true), ref(0, false)));
  // Concrete structs and arrays under struct/array, eq, any; functions under func only.
  CHECK(isSubtype(m, ref(0, false), ValType::StructRef));
  CHECK(isSubtype(m, ref(2, false), ValType::ArrayRef));
  CHECK_FALSE(isSubtype(m, ref(2, false), ValType::StructRef));
  CHECK(isSubtype(m, ref(2, false), ValType::EqRef));
  CHECK(isSubtype(m, ValType::I31Ref, ValType::AnyRef));
  CHECK(isSubtype(m, ref(9, false), ValType::FuncRef));
  CHECK_FALSE(isSubtype(m, ref(9, false), ValType::AnyRef));
  // The bottoms: none below every struct, nofunc below function types, not across.
  CHECK(isSubtype(m, ValType::NullRef, ref(0, true)));
  CHECK(isSubtype(m, ValType::NullFuncRef, ref(9, true)));
  CHECK_FALSE(isSubtype(m, ValType::NullRef, ref(9, true)));
  CHECK_FALSE(isSubtype(m, ValType::NullExternRef, ValType::AnyRef));
  CHECK_FALSE(isSubtype(m, ValType::I32, ValType::AnyRef));
}

namespace {
// One GC function module (read as inside a component): types = `types` (vector contents),
// function 0 of type `funcType` with body `locals` + `code`.
Outcome gcModule(const Bytes &types, uint8_t funcType, const Bytes &code,
                 const Bytes &locals = {0x00}) {
  Bytes body = cat({locals, code});
  Bytes bin = cat({header(), section(1, types), section(3, {0x01, funcType}),
                   section(10, cat({u(1), u(body.size()), body}))});
  return check(bin, true, true);
}
// Type 0: (struct (field i32)); type 1: (func (param (ref null 0)) (result i32)).
const Bytes kStructAndGetter = {0x02, 0x5f, 0x01, 0x7f, 0x00, 0x60, 0x01, 0x63, 0x00, 0x01, 0x7f};
} // namespace

TEST_CASE("GC code follows the validation rules", "[frontend][gc]") {
  // struct.get 0 0 on the parameter: valid.
  CHECK(gcModule(kStructAndGetter, 1, {0x20, 0x00, 0xfb, 0x02, 0x00, 0x00, 0x0b}).ok);
  // Field 1 does not exist.
  Outcome o = gcModule(kStructAndGetter, 1, {0x20, 0x00, 0xfb, 0x02, 0x00, 0x01, 0x0b});
  CHECK(o.message == "unknown field 1");
  // struct.get_s on an unpacked field.
  o = gcModule(kStructAndGetter, 1, {0x20, 0x00, 0xfb, 0x03, 0x00, 0x00, 0x0b});
  CHECK(o.message == "type mismatch: field is not packed");
  // struct.set of an immutable field.
  o = gcModule(kStructAndGetter, 1,
               {0x20, 0x00, 0x41, 0x01, 0xfb, 0x05, 0x00, 0x00, 0x41, 0x00, 0x0b});
  CHECK(o.message == "field is immutable");
  // A (ref 0) local read before it is set: uninitialized (locals: one group of one (ref 0)).
  o = gcModule(kStructAndGetter, 1, {0x20, 0x01, 0xfb, 0x02, 0x00, 0x00, 0x0b},
               {0x01, 0x01, 0x64, 0x00});
  CHECK(o.message == "uninitialized local 1");
  // ref.test with a type index that does not exist.
  o = gcModule(kStructAndGetter, 1, {0x20, 0x00, 0xfb, 0x14, 0x05, 0x0b});
  CHECK(o.message == "unknown type 5");
  // br_on_cast whose target is not a subtype of its source: (ref 0) -> (ref func).
  o = gcModule(
      kStructAndGetter, 1,
      {0x02, 0x70, 0x20, 0x00, 0xfb, 0x18, 0x01, 0x00, 0x00, 0x70, 0x0b, 0x1a, 0x41, 0x00, 0x0b});
  CHECK(o.message == "type mismatch: the cast's target type is not a subtype of its source type");
  // Without the proposal (a standalone module) the GC prefix is refused as unsupported.
  Bytes body = {0x00, 0xfb, 0x01, 0x00, 0x1a, 0x0b}; // struct.new_default 0; drop
  Bytes bin = cat({header(), section(1, {0x01, 0x60, 0x00, 0x00}), section(3, {0x01, 0x00}),
                   section(10, cat({u(1), u(body.size()), body}))});
  CHECK(check(bin).message.find("unsupported feature: GC instructions") == 0);
}

TEST_CASE("declared subtypes must match their supertypes", "[frontend][gc]") {
  // Type 1 = sub 0 (struct (field i64)) where 0 = sub (struct (field i32)): fields differ.
  Bytes types = {0x02, 0x50, 0x00, 0x5f, 0x01, 0x7f, 0x00,
                 0x50, 0x01, 0x00, 0x5f, 0x01, 0x7e, 0x00};
  Outcome o = check(cat({header(), section(1, types)}), true, true);
  CHECK(o.message == "type 1 does not match its supertype 0");
  // A final supertype.
  types = {0x02, 0x4f, 0x00, 0x5f, 0x00, 0x50, 0x01, 0x00, 0x5f, 0x00};
  o = check(cat({header(), section(1, types)}), true, true);
  CHECK(o.message == "type 1 cannot be a subtype of final type 0");
  // A supertype defined later.
  types = {0x02, 0x50, 0x01, 0x01, 0x5f, 0x00, 0x50, 0x00, 0x5f, 0x00};
  o = check(cat({header(), section(1, types)}), true, true);
  CHECK(o.message == "unknown type 1");
}
