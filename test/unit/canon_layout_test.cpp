// The canonical ABI's layout and flattening (compiler/frontend/component/canon_layout.h,
// canon_flatten.h). Every expected value is derived by hand from CanonicalABI.md /
// canonical-abi/definitions.py (despecialize, alignment, elem_size, discriminant_type,
// flatten_type, join, flatten_functype); the derivation is written next to each check. Pointers are
// i32 (a 32-bit memory) unless a test says i64.
#include "compiler/frontend/component/canon_flatten.h"
#include "compiler/frontend/component/canon_layout.h"

#include <catch2/catch.hpp>

using namespace w2n;
using canon::PtrType;
using component::DefinedT;
using component::PrimType;
using component::ValT;
using Kind = component::DefValType::Kind;
using VT = w2n::ValType;

namespace {
const VT I32 = VT::I32, I64 = VT::I64, F32 = VT::F32, F64 = VT::F64;

// "f0", "c1", ...: appended rather than `prefix + to_string` (a GCC 12 -Wrestrict false positive).
std::string label(const char *prefix, size_t i) {
  std::string out = prefix;
  out += std::to_string(i);
  return out;
}

// Builds defined types in a TypeStore, as the validator would.
struct Types {
  component::TypeStore s;

  static ValT prim(PrimType p) { return ValT{true, p, 0}; }
  ValT def(DefinedT d) { return ValT{false, PrimType::Bool, s.addDefined(std::move(d))}; }
  ValT alias(PrimType p) {
    DefinedT d;
    d.kind = Kind::Prim;
    d.prim = p;
    return def(d);
  }
  ValT record(std::vector<ValT> fields) {
    DefinedT d;
    d.kind = Kind::Record;
    for (size_t i = 0; i < fields.size(); ++i)
      d.fields.push_back({label("f", i), fields[i]});
    return def(d);
  }
  ValT tuple(std::vector<ValT> ts) { return of(Kind::Tuple, std::move(ts)); }
  ValT variant(std::vector<std::optional<ValT>> cases) {
    DefinedT d;
    d.kind = Kind::Variant;
    for (size_t i = 0; i < cases.size(); ++i)
      d.cases.push_back({label("c", i), cases[i]});
    return def(d);
  }
  ValT labelled(Kind k, size_t n) {
    DefinedT d;
    d.kind = k;
    for (size_t i = 0; i < n; ++i)
      d.labels.push_back(label("l", i));
    return def(d);
  }
  ValT enumOf(size_t n) { return labelled(Kind::Enum, n); }
  ValT flags(size_t n) { return labelled(Kind::Flags, n); }
  ValT option(ValT t) { return of(Kind::Option, {t}); }
  ValT result(std::optional<ValT> ok, std::optional<ValT> err) {
    DefinedT d;
    d.kind = Kind::Result;
    d.ok = ok;
    d.err = err;
    return def(d);
  }
  ValT list(ValT t) { return of(Kind::List, {t}); }
  ValT fixedList(ValT t, uint32_t n) {
    DefinedT d;
    d.kind = Kind::FixedList;
    d.types = {t};
    d.length = n;
    return def(d);
  }
  ValT map(ValT k, ValT v) { return of(Kind::Map, {k, v}); }
  ValT handle(Kind k, uint32_t resource) {
    DefinedT d;
    d.kind = k;
    d.resource = resource;
    return def(d);
  }
  ValT of(Kind k, std::vector<ValT> ts) {
    DefinedT d;
    d.kind = k;
    d.types = std::move(ts);
    return def(d);
  }

  uint64_t align(ValT v, PtrType p = PtrType::I32) { return canon::alignment(s, v, p); }
  uint64_t size(ValT v, PtrType p = PtrType::I32) { return canon::elemSize(s, v, p); }
  std::vector<VT> flat(ValT v, PtrType p = PtrType::I32) {
    std::vector<VT> out;
    REQUIRE(canon::flattenType(s, v, p, 1000, out));
    return out;
  }
  canon::FlatFuncType func(std::vector<ValT> params, std::optional<ValT> result,
                           canon::FlatContext cx, PtrType p = PtrType::I32) {
    component::FuncT f;
    for (size_t i = 0; i < params.size(); ++i)
      f.params.push_back({label("p", i), params[i]});
    f.result = result;
    return canon::flattenFuncType(s, f, cx, p);
  }
};

const ValT kBool = Types::prim(PrimType::Bool), kS8 = Types::prim(PrimType::S8),
           kU8 = Types::prim(PrimType::U8), kS16 = Types::prim(PrimType::S16),
           kU16 = Types::prim(PrimType::U16), kS32 = Types::prim(PrimType::S32),
           kU32 = Types::prim(PrimType::U32), kS64 = Types::prim(PrimType::S64),
           kU64 = Types::prim(PrimType::U64), kF32 = Types::prim(PrimType::F32),
           kF64 = Types::prim(PrimType::F64), kChar = Types::prim(PrimType::Char),
           kString = Types::prim(PrimType::String);
} // namespace

// ---- primitives ----

TEST_CASE("canon: primitive alignment and elem_size", "[canon]") {
  Types t;
  // The spec's table: bool/s8/u8 1, s16/u16 2, s32/u32/f32/char 4, s64/u64/f64 8 (size = align).
  struct Row {
    ValT v;
    uint64_t n;
  } rows[] = {{kBool, 1}, {kS8, 1},  {kU8, 1},  {kS16, 2}, {kU16, 2}, {kS32, 4},
              {kU32, 4},  {kS64, 8}, {kU64, 8}, {kF32, 4}, {kF64, 8}, {kChar, 4}};
  for (const Row &r : rows) {
    CHECK(t.align(r.v) == r.n);
    CHECK(t.size(r.v) == r.n);
    CHECK(t.align(r.v, PtrType::I64) == r.n); // independent of the pointer size
  }
  // string: alignment ptr_size, elem_size 2 * ptr_size (pointer and code-unit count).
  CHECK(t.align(kString) == 4);
  CHECK(t.size(kString) == 8);
  CHECK(t.align(kString, PtrType::I64) == 8);
  CHECK(t.size(kString, PtrType::I64) == 16);
}

TEST_CASE("canon: primitive flattening", "[canon]") {
  Types t;
  // bool, 8/16/32-bit integers and char are i32; 64-bit integers i64; floats themselves.
  for (ValT v : {kBool, kS8, kU8, kS16, kU16, kS32, kU32, kChar})
    CHECK(t.flat(v) == std::vector<VT>{I32});
  CHECK(t.flat(kS64) == std::vector<VT>{I64});
  CHECK(t.flat(kU64) == std::vector<VT>{I64});
  CHECK(t.flat(kF32) == std::vector<VT>{F32});
  CHECK(t.flat(kF64) == std::vector<VT>{F64});
  // string: [ptr_type, ptr_type].
  CHECK(t.flat(kString) == std::vector<VT>{I32, I32});
  CHECK(t.flat(kString, PtrType::I64) == std::vector<VT>{I64, I64});
}

TEST_CASE("canon: a defined type naming a primitive is that primitive", "[canon]") {
  Types t;
  ValT u16 = t.alias(PrimType::U16), str = t.alias(PrimType::String);
  CHECK(t.align(u16) == 2);
  CHECK(t.size(u16) == 2);
  CHECK(t.size(str) == 8);
  CHECK(t.flat(str) == std::vector<VT>{I32, I32});
  CHECK(canon::despecialize(t.s, u16).kind == canon::Kind::U16);
  CHECK(canon::despecialize(t.s, kChar).kind == canon::Kind::Char);
}

// ---- records and tuples ----

TEST_CASE("canon: record {u8, u32, u16}", "[canon]") {
  Types t;
  ValT r = t.record({kU8, kU32, kU16});
  // u8 at 0 (ends 1); u32 aligned to 4 -> 4 (ends 8); u16 at 8 (ends 10); align max = 4;
  // size align_to(10, 4) = 12.
  auto l = canon::recordLayout(t.s, r);
  CHECK(l.offsets == std::vector<uint64_t>{0, 4, 8});
  CHECK(l.size == 12);
  CHECK(l.align == 4);
  CHECK(t.size(r) == 12);
  CHECK(t.align(r) == 4);
  CHECK(t.flat(r) == std::vector<VT>{I32, I32, I32});
}

TEST_CASE("canon: record padding at the end and after small fields", "[canon]") {
  Types t;
  // {u8, u16, u8}: 0, 2 (ends 4), 4 (ends 5); align 2 -> size 6.
  auto a = canon::recordLayout(t.s, t.record({kU8, kU16, kU8}));
  CHECK(a.offsets == std::vector<uint64_t>{0, 2, 4});
  CHECK(a.size == 6);
  CHECK(a.align == 2);
  // {u64, u8}: 0, 8 (ends 9); align 8 -> size 16.
  auto b = canon::recordLayout(t.s, t.record({kU64, kU8}));
  CHECK(b.offsets == std::vector<uint64_t>{0, 8});
  CHECK(b.size == 16);
  CHECK(b.align == 8);
  // {bool}: a lone byte: size 1, align 1.
  CHECK(canon::recordLayout(t.s, t.record({kBool})).size == 1);
}

TEST_CASE("canon: record with a string, for both pointer sizes", "[canon]") {
  Types t;
  ValT r = t.record({kU8, kString});
  // i32: string align 4 -> offset 4, ends 12; align 4; size 12.
  auto l32 = canon::recordLayout(t.s, r, PtrType::I32);
  CHECK(l32.offsets == std::vector<uint64_t>{0, 4});
  CHECK(l32.size == 12);
  CHECK(l32.align == 4);
  // i64: string align 8 -> offset 8, ends 24; align 8; size 24.
  auto l64 = canon::recordLayout(t.s, r, PtrType::I64);
  CHECK(l64.offsets == std::vector<uint64_t>{0, 8});
  CHECK(l64.size == 24);
  CHECK(l64.align == 8);
  CHECK(t.flat(r) == std::vector<VT>{I32, I32, I32});
  CHECK(t.flat(r, PtrType::I64) == std::vector<VT>{I32, I64, I64});
}

TEST_CASE("canon: nested records", "[canon]") {
  Types t;
  ValT inner = t.record({kU16, kU8}); // 0, 2; ends 3; align 2 -> size 4
  ValT outer = t.record({kU8, inner});
  // u8 at 0; inner aligned to 2 -> 2, ends 6; align 2; size 6.
  CHECK(t.size(inner) == 4);
  auto l = canon::recordLayout(t.s, outer);
  CHECK(l.offsets == std::vector<uint64_t>{0, 2});
  CHECK(l.size == 6);
  CHECK(l.align == 2);
  // Flattening concatenates the fields, nesting included.
  CHECK(t.flat(outer) == std::vector<VT>{I32, I32, I32});
}

TEST_CASE("canon: tuple despecializes to a record with fields 0, 1, ...", "[canon]") {
  Types t;
  ValT tup = t.tuple({kF64, kU8, kF32});
  auto d = canon::despecialize(t.s, tup);
  REQUIRE(d.kind == canon::Kind::Record);
  REQUIRE(d.fields.size() == 3);
  CHECK(d.fields[0].label == "0");
  CHECK(d.fields[2].label == "2");
  CHECK(d.fields[1].type.p == PrimType::U8);
  // f64 at 0 (ends 8); u8 at 8 (ends 9); f32 aligned to 12 (ends 16); align 8; size 16.
  auto l = canon::recordLayout(t.s, tup);
  CHECK(l.offsets == std::vector<uint64_t>{0, 8, 12});
  CHECK(l.size == 16);
  CHECK(l.align == 8);
  CHECK(t.flat(tup) == std::vector<VT>{F64, I32, F32});
}

TEST_CASE("canon: record despecializes to itself", "[canon]") {
  Types t;
  auto d = canon::despecialize(t.s, t.record({kU8, kString}));
  REQUIRE(d.kind == canon::Kind::Record);
  REQUIRE(d.fields.size() == 2);
  CHECK(d.fields[0].label == "f0");
  CHECK(d.fields[1].type.p == PrimType::String);
}

// ---- variants, enums, options, results ----

TEST_CASE("canon: discriminant_type by case count", "[canon]") {
  // ceil(log2(n) / 8) bytes, 0 counting as 1: n = 1 -> u8; 256 = 2^8 -> u8; 257 -> u16;
  // 2^16 -> u16; 2^16 + 1 -> u32.
  CHECK(canon::discriminantType(1) == PrimType::U8);
  CHECK(canon::discriminantType(2) == PrimType::U8);
  CHECK(canon::discriminantType(256) == PrimType::U8);
  CHECK(canon::discriminantType(257) == PrimType::U16);
  CHECK(canon::discriminantType(300) == PrimType::U16);
  CHECK(canon::discriminantType(65536) == PrimType::U16);
  CHECK(canon::discriminantType(65537) == PrimType::U32);
  CHECK(canon::discriminantType(size_t(1) << 24) == PrimType::U32);
}

TEST_CASE("canon: enum despecializes to payload-less variant cases", "[canon]") {
  Types t;
  ValT e = t.enumOf(3);
  auto d = canon::despecialize(t.s, e);
  REQUIRE(d.kind == canon::Kind::Variant);
  REQUIRE(d.cases.size() == 3);
  CHECK(d.cases[1].label == "l1");
  CHECK(!d.cases[1].type);
  // u8 discriminant, no payload: size 1, align 1, flat [i32].
  CHECK(t.size(e) == 1);
  CHECK(t.align(e) == 1);
  CHECK(t.flat(e) == std::vector<VT>{I32});
}

TEST_CASE("canon: enums at the discriminant boundaries", "[canon]") {
  Types t;
  // 256 cases still fit u8; 257 need u16 (size 2, align 2); 65537 need u32 (size 4, align 4).
  CHECK(t.size(t.enumOf(256)) == 1);
  ValT e257 = t.enumOf(257);
  CHECK(t.size(e257) == 2);
  CHECK(t.align(e257) == 2);
  ValT e65537 = t.enumOf(65537);
  CHECK(t.size(e65537) == 4);
  CHECK(t.align(e65537) == 4);
  CHECK(canon::variantLayout(t.s, e65537).discriminant == PrimType::U32);
  // Whatever its width, the discriminant flattens to one i32.
  CHECK(t.flat(e65537) == std::vector<VT>{I32});
}

TEST_CASE("canon: variant with 300 cases has a u16 discriminant", "[canon]") {
  Types t;
  std::vector<std::optional<ValT>> cases(300);
  cases[7] = kU8;
  ValT v = t.variant(cases);
  // u16 discriminant (size 2); max case alignment 1 -> payload at 2; max case size 1 -> 3;
  // alignment max(2, 1) = 2 -> size 4.
  auto l = canon::variantLayout(t.s, v);
  CHECK(l.discriminant == PrimType::U16);
  CHECK(l.discriminantSize == 2);
  CHECK(l.payloadOffset == 2);
  CHECK(l.size == 4);
  CHECK(l.align == 2);
  CHECK(t.flat(v) == std::vector<VT>{I32, I32});
}

TEST_CASE("canon: option despecializes to variant {none, some}", "[canon]") {
  Types t;
  ValT o = t.option(kU8);
  auto d = canon::despecialize(t.s, o);
  REQUIRE(d.kind == canon::Kind::Variant);
  REQUIRE(d.cases.size() == 2);
  CHECK(d.cases[0].label == "none");
  CHECK(!d.cases[0].type);
  CHECK(d.cases[1].label == "some");
  CHECK(d.cases[1].type->p == PrimType::U8);
  // u8 discriminant; payload align 1 -> offset 1; size 1 + 1 = 2; align 1.
  auto l = canon::variantLayout(t.s, o);
  CHECK(l.payloadOffset == 1);
  CHECK(l.size == 2);
  CHECK(l.align == 1);
  CHECK(t.flat(o) == std::vector<VT>{I32, I32});
}

TEST_CASE("canon: option<u64> and option<string>", "[canon]") {
  Types t;
  // option<u64>: payload aligned to 8 -> offset 8; size 16; align 8; flat [i32, i64].
  ValT o64 = t.option(kU64);
  auto l = canon::variantLayout(t.s, o64);
  CHECK(l.payloadOffset == 8);
  CHECK(l.size == 16);
  CHECK(l.align == 8);
  CHECK(t.flat(o64) == std::vector<VT>{I32, I64});
  // option<string>: payload at 4; size 4 + 8 = 12; align 4; flat [i32, i32, i32].
  ValT os = t.option(kString);
  CHECK(canon::variantLayout(t.s, os).payloadOffset == 4);
  CHECK(t.size(os) == 12);
  CHECK(t.align(os) == 4);
  CHECK(t.flat(os) == std::vector<VT>{I32, I32, I32});
}

TEST_CASE("canon: result despecializes to variant {ok, error}", "[canon]") {
  Types t;
  auto d = canon::despecialize(t.s, t.result(kU64, std::nullopt));
  REQUIRE(d.kind == canon::Kind::Variant);
  REQUIRE(d.cases.size() == 2);
  CHECK(d.cases[0].label == "ok");
  CHECK(d.cases[0].type->p == PrimType::U64);
  CHECK(d.cases[1].label == "error");
  CHECK(!d.cases[1].type);
}

TEST_CASE("canon: result<u64, string>", "[canon]") {
  Types t;
  ValT r = t.result(kU64, kString);
  // u8 discriminant; max case alignment max(8, 4) = 8 -> payload at 8; max case size
  // max(8, 8) = 8 -> 16; align 8 -> size 16.
  auto l = canon::variantLayout(t.s, r);
  CHECK(l.discriminantSize == 1);
  CHECK(l.payloadOffset == 8);
  CHECK(l.maxCaseSize == 8);
  CHECK(l.size == 16);
  CHECK(l.align == 8);
  // Flat: discriminant i32, then ok [i64] joined with error [i32, i32]: position 0
  // join(i64, i32) = i64, position 1 only error's i32 -> [i32, i64, i32].
  CHECK(t.flat(r) == std::vector<VT>{I32, I64, I32});
}

TEST_CASE("canon: result without payloads", "[canon]") {
  Types t;
  ValT r = t.result(std::nullopt, std::nullopt);
  // Two payload-less cases: u8 discriminant only: size 1, align 1, flat [i32].
  CHECK(t.size(r) == 1);
  CHECK(t.align(r) == 1);
  CHECK(canon::variantLayout(t.s, r).payloadOffset == 1);
  CHECK(t.flat(r) == std::vector<VT>{I32});
  // result<_, u32>: payload at 4, size 8, align 4, flat [i32, i32].
  ValT e = t.result(std::nullopt, kU32);
  CHECK(t.size(e) == 8);
  CHECK(t.align(e) == 4);
  CHECK(t.flat(e) == std::vector<VT>{I32, I32});
}

TEST_CASE("canon: join of case payloads", "[canon]") {
  Types t;
  // join: equal types stay; i32 with f32 -> i32; any other mix -> i64.
  CHECK(canon::join(F32, F32) == F32);
  CHECK(canon::join(I32, F32) == I32);
  CHECK(canon::join(F32, I32) == I32);
  CHECK(canon::join(F64, F32) == I64);
  CHECK(canon::join(I32, I64) == I64);
  CHECK(canon::join(F64, I32) == I64);
  CHECK(canon::join(F64, F64) == F64);
  CHECK(t.flat(t.result(kF32, kU32)) == std::vector<VT>{I32, I32});
  CHECK(t.flat(t.result(kF32, kF32)) == std::vector<VT>{I32, F32});
  CHECK(t.flat(t.result(kF64, kF32)) == std::vector<VT>{I32, I64});
  CHECK(t.flat(t.result(kF64, std::nullopt)) == std::vector<VT>{I32, F64});
}

TEST_CASE("canon: variant {a(u8), b(u64), c}", "[canon]") {
  Types t;
  ValT v = t.variant({kU8, kU64, std::nullopt});
  // u8 discriminant; max case alignment 8 -> payload at 8; size 8 + 8 = 16; align 8.
  auto l = canon::variantLayout(t.s, v);
  CHECK(l.payloadOffset == 8);
  CHECK(l.size == 16);
  CHECK(l.align == 8);
  // Flat: [i32] ++ join(i32, i64) = [i32, i64].
  CHECK(t.flat(v) == std::vector<VT>{I32, I64});
  auto d = canon::despecialize(t.s, v);
  REQUIRE(d.kind == canon::Kind::Variant);
  CHECK(d.cases[2].label == "c2");
  CHECK(!d.cases[2].type);
}

TEST_CASE("canon: variant cases of different flat lengths", "[canon]") {
  Types t;
  // {a(tuple<f32, f32>), b(f64)}: a [f32, f32], b [f64]: position 0 join(f32, f64) = i64,
  // position 1 f32 -> [i32, i64, f32]. Layout: a align 4 size 8, b align 8 size 8 ->
  // payload at 8, size 16, align 8.
  ValT v = t.variant({t.tuple({kF32, kF32}), kF64});
  CHECK(t.flat(v) == std::vector<VT>{I32, I64, F32});
  CHECK(t.size(v) == 16);
  CHECK(t.align(v) == 8);
  // {a(string), b(u64)}: [i32, i32] and [i64] -> [i32, join(i32, i64) = i64, i32].
  ValT w = t.variant({kString, kU64});
  CHECK(t.flat(w) == std::vector<VT>{I32, I64, I32});
  CHECK(canon::variantLayout(t.s, w).payloadOffset == 8);
  CHECK(t.size(w) == 16);
}

TEST_CASE("canon: nested options", "[canon]") {
  Types t;
  // option<u8>: size 2 align 1; option<option<u8>>: payload at 1, size 3;
  // option<option<option<u8>>>: size 4. Flat: one i32 discriminant per level plus the u8.
  ValT o1 = t.option(kU8), o2 = t.option(o1), o3 = t.option(o2);
  CHECK(t.size(o1) == 2);
  CHECK(t.size(o2) == 3);
  CHECK(t.size(o3) == 4);
  CHECK(t.align(o3) == 1);
  CHECK(t.flat(o3) == std::vector<VT>{I32, I32, I32, I32});
}

// ---- flags ----

TEST_CASE("canon: flags size by label count", "[canon]") {
  Types t;
  // 1..8 labels: one byte; 9..16: u16; 17..32: u32 (the current spec allows 1..32 flags;
  // the validator rejects more, so 33 has no layout). Size equals alignment; flat [i32].
  struct Row {
    size_t n;
    uint64_t bytes;
  } rows[] = {{1, 1}, {8, 1}, {9, 2}, {16, 2}, {17, 4}, {32, 4}};
  for (const Row &r : rows) {
    ValT f = t.flags(r.n);
    CHECK(canon::flagsSize(r.n) == r.bytes);
    CHECK(t.size(f) == r.bytes);
    CHECK(t.align(f) == r.bytes);
    CHECK(t.flat(f) == std::vector<VT>{I32});
    auto d = canon::despecialize(t.s, f);
    CHECK(d.kind == canon::Kind::Flags);
    CHECK(d.flagCount == r.n);
  }
}

TEST_CASE("canon: record of flags and option<char>", "[canon]") {
  Types t;
  // flags(9): size 2 align 2 at 0; option<char>: payload at 4, size 8, align 4 -> at 4,
  // ends 12; align 4; size 12.
  ValT r = t.record({t.flags(9), t.option(kChar)});
  auto l = canon::recordLayout(t.s, r);
  CHECK(l.offsets == std::vector<uint64_t>{0, 4});
  CHECK(l.size == 12);
  CHECK(l.align == 4);
  CHECK(t.flat(r) == std::vector<VT>{I32, I32, I32});
}

// ---- lists ----

TEST_CASE("canon: list<T> is a pointer and a length", "[canon]") {
  Types t;
  ValT l = t.list(kU8);
  // alignment ptr_size, elem_size 2 * ptr_size, flat [ptr, ptr], whatever the element.
  CHECK(t.align(l) == 4);
  CHECK(t.size(l) == 8);
  CHECK(t.flat(l) == std::vector<VT>{I32, I32});
  CHECK(t.align(l, PtrType::I64) == 8);
  CHECK(t.size(l, PtrType::I64) == 16);
  CHECK(t.flat(l, PtrType::I64) == std::vector<VT>{I64, I64});
  ValT big = t.list(t.record({kU64, kString}));
  CHECK(t.size(big) == 8);
  CHECK(t.align(big) == 4);
  auto d = canon::despecialize(t.s, l);
  REQUIRE(d.kind == canon::Kind::List);
  CHECK(d.elem->p == PrimType::U8);
  CHECK(!d.length);
}

TEST_CASE("canon: fixed-size lists are their elements in a row", "[canon]") {
  Types t;
  // list<u16, 3>: alignment of u16 (2), size 3 * 2 = 6, flat 3 x [i32].
  ValT a = t.fixedList(kU16, 3);
  CHECK(t.align(a) == 2);
  CHECK(t.size(a) == 6);
  CHECK(t.flat(a) == std::vector<VT>{I32, I32, I32});
  // list<string, 2>: align 4, size 16, flat 4 x i32.
  ValT b = t.fixedList(kString, 2);
  CHECK(t.align(b) == 4);
  CHECK(t.size(b) == 16);
  CHECK(t.flat(b) == std::vector<VT>{I32, I32, I32, I32});
  // list<record {u32, u8}, 2>: the element is 8 bytes (padded), so 16.
  CHECK(t.size(t.fixedList(t.record({kU32, kU8}), 2)) == 16);
  auto d = canon::despecialize(t.s, a);
  REQUIRE(d.kind == canon::Kind::List);
  CHECK(d.length == 3u);
}

TEST_CASE("canon: flattening stops at the caller's limit", "[canon]") {
  Types t;
  // A list<u8, 2^30> is 2^30 bytes and would flatten to 2^30 values: the bounded flattening
  // reports "more than the limit" without producing them.
  ValT huge = t.fixedList(kU8, 1u << 30);
  CHECK(t.size(huge) == (uint64_t(1) << 30));
  std::vector<VT> out;
  CHECK_FALSE(canon::flattenType(t.s, huge, PtrType::I32, 16, out));
  // A record of 17 u8 fields flattens to 17 values: over 16, within 17.
  ValT r17 = t.record(std::vector<ValT>(17, kU8));
  out.clear();
  CHECK_FALSE(canon::flattenType(t.s, r17, PtrType::I32, 16, out));
  out.clear();
  CHECK(canon::flattenType(t.s, r17, PtrType::I32, 17, out));
  CHECK(out.size() == 17);
  // A variant whose payload is too long is too long as a whole.
  out.clear();
  CHECK_FALSE(canon::flattenType(t.s, t.option(r17), PtrType::I32, 17, out));
}

TEST_CASE("canon: map<k, v> is list<tuple<k, v>>", "[canon]") {
  Types t;
  ValT m = t.map(kString, kU32);
  // As a list: align 4, size 8, flat [i32, i32].
  CHECK(t.align(m) == 4);
  CHECK(t.size(m) == 8);
  CHECK(t.flat(m) == std::vector<VT>{I32, I32});
  auto d = canon::despecialize(t.s, m);
  REQUIRE(d.kind == canon::Kind::List);
  CHECK(!d.elem);
  REQUIRE(d.entry.size() == 2);
  CHECK(d.entry[0].label == "0");
  CHECK(d.entry[1].label == "1");
  // The entry record {string, u32}: string at 0 (8 bytes), u32 at 8; size 12, align 4.
  auto l = canon::recordLayout(t.s, {d.entry[0].type, d.entry[1].type});
  CHECK(l.offsets == std::vector<uint64_t>{0, 8});
  CHECK(l.size == 12);
  CHECK(l.align == 4);
}

// ---- handles ----

TEST_CASE("canon: own and borrow are i32 handles", "[canon]") {
  Types t;
  // Handle indices: size 4, align 4, flat [i32], for either pointer size.
  for (Kind k : {Kind::Own, Kind::Borrow}) {
    ValT h = t.handle(k, 5);
    CHECK(t.size(h) == 4);
    CHECK(t.align(h) == 4);
    CHECK(t.size(h, PtrType::I64) == 4);
    CHECK(t.flat(h) == std::vector<VT>{I32});
    auto d = canon::despecialize(t.s, h);
    CHECK(d.kind == (k == Kind::Own ? canon::Kind::Own : canon::Kind::Borrow));
    CHECK(d.resource == 5);
  }
  // option<own>: payload at 4, size 8.
  CHECK(t.size(t.option(t.handle(Kind::Own, 0))) == 8);
}

TEST_CASE("canon: 64-bit memory layouts", "[canon]") {
  Types t;
  // option<list<u8>> with i64 pointers: payload aligned to 8 -> 8, size 8 + 16 = 24, align 8;
  // flat [i32, i64, i64].
  ValT o = t.option(t.list(kU8));
  CHECK(t.size(o, PtrType::I64) == 24);
  CHECK(t.align(o, PtrType::I64) == 8);
  CHECK(canon::variantLayout(t.s, o, PtrType::I64).payloadOffset == 8);
  CHECK(t.flat(o, PtrType::I64) == std::vector<VT>{I32, I64, I64});
  // Same with i32 pointers: payload at 4, size 12.
  CHECK(t.size(o) == 12);
}

TEST_CASE("canon: layouts of types of the wrong kind are empty", "[canon]") {
  Types t;
  CHECK(canon::recordLayout(t.s, kU32).offsets.empty());
  CHECK(canon::recordLayout(t.s, t.list(kU8)).offsets.empty());
  CHECK(canon::variantLayout(t.s, t.record({kU8})).maxCaseSize == 0);
}

// ---- function types ----

TEST_CASE("canon: functype with no params and no result", "[canon]") {
  Types t;
  auto f = t.func({}, std::nullopt, canon::FlatContext::Lift);
  CHECK(f.params.empty());
  CHECK(f.results.empty());
  CHECK_FALSE(f.paramsInMemory);
  CHECK_FALSE(f.resultsInMemory);
}

TEST_CASE("canon: functype within the flat limits", "[canon]") {
  Types t;
  // (u64) -> u64: [i64] -> [i64] in both directions.
  for (auto cx : {canon::FlatContext::Lift, canon::FlatContext::Lower}) {
    auto f = t.func({kU64}, kU64, cx);
    CHECK(f.params == std::vector<VT>{I64});
    CHECK(f.results == std::vector<VT>{I64});
  }
  // (f32, bool, char) -> f32.
  auto g = t.func({kF32, kBool, kChar}, kF32, canon::FlatContext::Lift);
  CHECK(g.params == std::vector<VT>{F32, I32, I32});
  CHECK(g.results == std::vector<VT>{F32});
}

TEST_CASE("canon: 16 flat params stay flat, 17 go through memory", "[canon]") {
  Types t;
  // MAX_FLAT_PARAMS = 16: exactly 16 i32 stay; 17 become one i32 pointer.
  auto f16 = t.func(std::vector<ValT>(16, kU32), std::nullopt, canon::FlatContext::Lift);
  CHECK(f16.params == std::vector<VT>(16, I32));
  CHECK_FALSE(f16.paramsInMemory);
  for (auto cx : {canon::FlatContext::Lift, canon::FlatContext::Lower}) {
    auto f17 = t.func(std::vector<ValT>(17, kU32), std::nullopt, cx);
    CHECK(f17.params == std::vector<VT>{I32});
    CHECK(f17.paramsInMemory);
    CHECK(f17.results.empty());
  }
  // One param of 8 strings flattens to 16 values: flat; 8 strings and a bool: 17: memory.
  ValT r8 = t.record(std::vector<ValT>(8, kString));
  CHECK(t.func({r8}, std::nullopt, canon::FlatContext::Lift).params.size() == 16);
  auto over = t.func({r8, kBool}, std::nullopt, canon::FlatContext::Lift);
  CHECK(over.params == std::vector<VT>{I32});
  // A fixed-size list far beyond the limit: one pointer (i64 for a 64-bit memory).
  auto big =
      t.func({t.fixedList(kU8, 1000000)}, std::nullopt, canon::FlatContext::Lift, PtrType::I64);
  CHECK(big.params == std::vector<VT>{I64});
}

TEST_CASE("canon: results beyond one flat value: return pointer or out-pointer", "[canon]") {
  Types t;
  // (string) -> string. Lift: params [i32, i32]; the result's 2 flat values exceed
  // MAX_FLAT_RESULTS = 1, so the callee returns a pointer: results [i32].
  auto lift = t.func({kString}, kString, canon::FlatContext::Lift);
  CHECK(lift.params == std::vector<VT>{I32, I32});
  CHECK(lift.results == std::vector<VT>{I32});
  CHECK(lift.resultsInMemory);
  // Lower: the caller passes where the result goes: params [i32, i32, i32], results [].
  auto lower = t.func({kString}, kString, canon::FlatContext::Lower);
  CHECK(lower.params == std::vector<VT>{I32, I32, I32});
  CHECK(lower.results.empty());
  CHECK(lower.resultsInMemory);
  // result<u32, _> flattens to [i32, i32]: also through memory.
  auto r = t.func({}, t.result(kU32, std::nullopt), canon::FlatContext::Lower);
  CHECK(r.params == std::vector<VT>{I32});
  CHECK(r.results.empty());
  // A one-value result (an enum) stays flat.
  auto e = t.func({}, t.enumOf(4), canon::FlatContext::Lower);
  CHECK(e.params.empty());
  CHECK(e.results == std::vector<VT>{I32});
}

TEST_CASE("canon: params and results both in memory", "[canon]") {
  Types t;
  // Lower with 17 params and a string result: [params pointer, result pointer] -> [].
  auto lower = t.func(std::vector<ValT>(17, kU8), kString, canon::FlatContext::Lower);
  CHECK(lower.params == std::vector<VT>{I32, I32});
  CHECK(lower.results.empty());
  // Lift: [params pointer] -> [result pointer].
  auto lift = t.func(std::vector<ValT>(17, kU8), kString, canon::FlatContext::Lift);
  CHECK(lift.params == std::vector<VT>{I32});
  CHECK(lift.results == std::vector<VT>{I32});
}

TEST_CASE("canon: functype pointers for a 64-bit memory", "[canon]") {
  Types t;
  // (string) -> string with i64 pointers: lift [i64, i64] -> [i64]; lower
  // [i64, i64, i64] -> [].
  auto lift = t.func({kString}, kString, canon::FlatContext::Lift, PtrType::I64);
  CHECK(lift.params == std::vector<VT>{I64, I64});
  CHECK(lift.results == std::vector<VT>{I64});
  auto lower = t.func({kString}, kString, canon::FlatContext::Lower, PtrType::I64);
  CHECK(lower.params == std::vector<VT>{I64, I64, I64});
  CHECK(lower.results.empty());
}
