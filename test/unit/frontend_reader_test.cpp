// Bad binaries: each test builds a small binary by hand and checks the exact message (as the spec's
// assert_malformed/assert_invalid cases spell it) and the absolute byte offset, which the comments
// work out from the layout. Also the good cases the reader must record correctly.
#include "compiler/frontend/gc_types.h"
#include "frontend_wasm_builder.h"

#include <catch2/catch.hpp>

using namespace w2n;
using namespace w2n::test;

namespace {
bool startsWith(const std::string &s, const std::string &prefix) { return s.rfind(prefix, 0) == 0; }
#define CHECK_ERROR(outcome, off, msg)                                                             \
  do {                                                                                             \
    Outcome o_ = (outcome);                                                                        \
    CHECK_FALSE(o_.ok);                                                                            \
    CHECK(o_.offset == (off));                                                                     \
    INFO("message: " << o_.message);                                                               \
    CHECK(startsWith(o_.message, msg));                                                            \
  } while (0)
} // namespace

TEST_CASE("header errors", "[reader]") {
  CHECK_ERROR(check({}), 0, "unexpected end");
  CHECK_ERROR(check({0x00, 0x61, 0x73}), 3, "unexpected end"); // where more was expected
  CHECK_ERROR(check({'w', 'a', 's', 'm', 1, 0, 0, 0}), 0, "magic header not detected");
  // Version bytes start at offset 4.
  CHECK_ERROR(check({0x00, 0x61, 0x73, 0x6d, 0x02, 0, 0, 0}), 4, "unknown binary version");
  CHECK_ERROR(check({0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00}), 4,
              "unknown binary version (this is a component");
  CHECK(check(header()).ok);
}

TEST_CASE("section framing errors", "[reader]") {
  // Section id 14 at offset 8 (13 is the exception-handling tag section).
  CHECK_ERROR(check(cat({header(), {0x0e, 0x00}})), 8, "malformed section id");
  CHECK_ERROR(check(cat({header(), {0x0d, 0x00}})), 8, "unsupported feature: exception handling");
  // Type section claims 5 bytes, only 2 follow: the size field is at offset 9.
  CHECK_ERROR(check(cat({header(), {0x01, 0x05, 0x01, 0x60}})), 9, "length out of bounds");
  // One type (01 60 00 00 at offsets 10..13) in a 5-byte section: the spare byte is at 14.
  CHECK_ERROR(check(cat({header(), {0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00}})), 14,
              "section size mismatch");
  // Two types declared, one present: the section ends at 14, where the second one should start.
  CHECK_ERROR(check(cat({header(), {0x01, 0x04, 0x02, 0x60, 0x00, 0x00}})), 14,
              "unexpected end of section or function");
  // A repeated type section: the second one starts at offset 11.
  CHECK_ERROR(check(cat({header(), {0x01, 0x01, 0x00, 0x01, 0x01, 0x00}})), 11,
              "unexpected content after last section");
  // Out of order: function section (3) after code section (10).
  CHECK_ERROR(check(cat({header(), {0x0a, 0x01, 0x00, 0x03, 0x01, 0x00}})), 11,
              "unexpected content after last section");
  // Custom sections may appear anywhere, even between ordered sections.
  CHECK(check(cat({header(), section(1, {0x00}), section(0, name("x")), section(3, {0x00})})).ok);
}

TEST_CASE("LEB128 errors carry the integer's offset", "[reader]") {
  // The type count starts at offset 10.
  CHECK_ERROR(check(cat({header(), section(1, {0x80, 0x80, 0x80, 0x80, 0x80, 0x00})})), 10,
              "integer representation too long");
  CHECK_ERROR(check(cat({header(), section(1, {0xff, 0xff, 0xff, 0xff, 0x1f})})), 10,
              "integer too large");
  // A section size that is itself over-long (offset 9).
  CHECK_ERROR(check(cat({header(), {0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}})), 9,
              "integer representation too long");
}

TEST_CASE("function, code and data count consistency", "[reader]") {
  Bytes types = section(1, cat({u(1), kVoidType})); // offsets 8..13
  Bytes funcs = section(3, {0x01, 0x00});           // offsets 14..17
  // Function section without code section: reported at the end of the module (18).
  CHECK_ERROR(check(cat({header(), types, funcs})), 18,
              "function and code section have inconsistent lengths");
  // Code section with 0 bodies: the count is at 20.
  CHECK_ERROR(check(cat({header(), types, funcs, section(10, {0x00})})), 20,
              "function and code section have inconsistent lengths");
  // Data count 1 with no data section: reported at the end (11).
  CHECK_ERROR(check(cat({header(), section(12, {0x01})})), 11,
              "data count and data section have inconsistent lengths");
  // Data count 2, data section with one passive segment: the data count of the data section is
  // at offset 13 (datacount section 8..10, data section id 11, size 12).
  CHECK_ERROR(check(cat({header(), section(12, {0x02}), section(11, {0x01, 0x01, 0x00})})), 13,
              "data count and data section have inconsistent lengths");
  // memory.init without a data count section: the instruction (FC 08 at offset 29) is reported.
  Bytes memory = section(5, {0x01, 0x00, 0x01}); // offsets 18..22
  Bytes code = {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x08, 0x00, 0x00, 0x0b};
  // Code section: id 23, size 24, count 25, body size 26, locals 27, code from 28; FC at 34.
  CHECK_ERROR(check(funcModule(kVoidType, code, {0x00}, memory)), 34,
              "data count section required");
}

TEST_CASE("names must be UTF-8", "[reader]") {
  // Import module name "\xff": its length byte is at offset 11 (id 8, size 9, count 10).
  Bytes imp = section(2, {0x01, 0x01, 0xff, 0x01, 'f', 0x00, 0x00});
  CHECK_ERROR(check(cat({header(), imp})), 11, "malformed UTF-8 encoding");
  // Overlong encoding of '/' (C0 AF) and a surrogate (ED A0 80) in a custom section name.
  CHECK_ERROR(check(cat({header(), section(0, {0x02, 0xc0, 0xaf})})), 10,
              "malformed UTF-8 encoding");
  CHECK_ERROR(check(cat({header(), section(0, {0x03, 0xed, 0xa0, 0x80})})), 10,
              "malformed UTF-8 encoding");
  // Four-byte U+10FFFF is fine, U+110000 is not.
  CHECK(check(cat({header(), section(0, {0x04, 0xf4, 0x8f, 0xbf, 0xbf})})).ok);
  CHECK_FALSE(check(cat({header(), section(0, {0x04, 0xf4, 0x90, 0x80, 0x80})})).ok);
}

TEST_CASE("features beyond Wasm 2.0 are named", "[reader]") {
  // Memory section: id 8, size 9, count 10, limits flags at 11.
  CHECK_ERROR(check(cat({header(), section(5, {0x01, 0x04, 0x01})})), 11,
              "unsupported feature: memory64");
  CHECK_ERROR(check(cat({header(), section(5, {0x01, 0x03, 0x01, 0x01})})), 11,
              "unsupported feature: threads");
  // A table limits flag of 2 is simply invalid.
  CHECK_ERROR(check(cat({header(), section(4, {0x01, 0x70, 0x02, 0x00})})), 12,
              "integer too large");
  // An atomic instruction (FE prefix) in a body: code starts at 23 (see funcModule layout).
  CHECK_ERROR(check(funcModule(kVoidType, {0xfe, 0x03, 0x00, 0x0b})), 23,
              "unsupported feature: threads");
  CHECK_ERROR(check(funcModule(kVoidType, {0x12, 0x00, 0x0b})), 23,
              "unsupported feature: tail calls");
  CHECK_ERROR(check(funcModule(kVoidType, {0x06, 0x40, 0x0b, 0x0b})), 23,
              "unsupported feature: exception handling");
  // throw / try_table decode but stay out of standalone (Wasm 2.0) modules.
  CHECK_ERROR(check(funcModule(kVoidType, {0x08, 0x00, 0x0b})), 23,
              "unsupported feature: exception handling");
  CHECK_ERROR(check(funcModule(kVoidType, {0x1f, 0x40, 0x00, 0x0b, 0x0b})), 23,
              "unsupported feature: exception handling");
  CHECK_ERROR(check(funcModule(kVoidType, {0x27, 0x0b})), 23, "illegal opcode");
}

TEST_CASE("memory proposals inside components", "[reader][validator]") {
  auto embedded = [](const Bytes &bytes) { return check(bytes, true, true); };
  // memory64 (flags 0x04): addresses are i64. The 5-byte memory section goes before the code
  // section, so the code starts at 23 + 5 = 28. i64.const 0; i32.load; drop is valid; with
  // i32.const 0 (28, 29) the i32.load at 30 fails.
  Bytes mem64 = section(5, {0x01, 0x04, 0x01});
  CHECK(embedded(funcModule(kVoidType, {0x42, 0x00, 0x28, 0x02, 0x00, 0x1a, 0x0b}, {0x00}, mem64))
            .ok);
  CHECK_ERROR(
      embedded(funcModule(kVoidType, {0x41, 0x00, 0x28, 0x02, 0x00, 0x1a, 0x0b}, {0x00}, mem64)),
      30, "type mismatch in i32.load, expected i64 but got i32");
  // memory.size of a 64-bit memory is i64: memory.size (28, 29), i32.const 1 (30, 31), and the
  // i32.add at 32 fails.
  CHECK_ERROR(
      embedded(funcModule(kVoidType, {0x3f, 0x00, 0x41, 0x01, 0x6a, 0x1a, 0x0b}, {0x00}, mem64)),
      32, "type mismatch in i32.add, expected i32 but got i64");
  // Shared (0x03: max present) and a custom page size of 1 byte (0x08, log2 0 after the limits).
  CHECK(embedded(cat({header(), section(5, {0x01, 0x03, 0x01, 0x02})})).ok);
  CHECK_ERROR(embedded(cat({header(), section(5, {0x01, 0x02, 0x01})})), 0,
              "shared memory must have maximum");
  CHECK(embedded(cat({header(), section(5, {0x01, 0x08, 0x01, 0x00})})).ok);
  CHECK_ERROR(embedded(cat({header(), section(5, {0x01, 0x08, 0x01, 0x03})})), 13,
              "invalid custom page size");
  // Standalone modules stay Wasm 2.0.
  CHECK_ERROR(check(cat({header(), section(5, {0x01, 0x08, 0x01, 0x00})})), 11,
              "unsupported feature: custom page sizes");
}

TEST_CASE("shared-everything types inside components", "[reader][validator]") {
  auto embedded = [](const Bytes &bytes) { return check(bytes, true, true); };
  // Table section (id 4 at 8, size 9, count 10): (ref null (shared func)) in its short form
  // 0x65 0x70 at 11, limits flags 0x03 (max, shared) at 13.
  CHECK(embedded(cat({header(), section(4, {0x01, 0x65, 0x70, 0x03, 0x01, 0x02})})).ok);
  // A shared table of unshared funcref (0x70 at 11).
  CHECK_ERROR(embedded(cat({header(), section(4, {0x01, 0x70, 0x03, 0x01, 0x02})})), 11,
              "shared tables must have a shared element type");
  // 0x65 followed by a byte that is no abstract heap type (0x7f at 12).
  CHECK_ERROR(embedded(cat({header(), section(4, {0x01, 0x65, 0x7f, 0x03, 0x01, 0x02})})), 12,
              "malformed heap type");
  // Type section: (shared (struct (field i32))) = 0x65 0x5f 0x01 0x7f 0x00, and the unshared
  // struct, are different types, each with the shared flag as written.
  Bytes types =
      cat({header(), section(1, {0x02, 0x65, 0x5f, 0x01, 0x7f, 0x00, 0x5f, 0x01, 0x7f, 0x00})});
  Module m;
  Diagnostics d;
  REQUIRE(readModule(types.data(), 0, types.size(), m, d));
  REQUIRE(m.typeDefs.size() == 2);
  CHECK(m.typeDefs[0].shared);
  CHECK_FALSE(m.typeDefs[1].shared);
  CHECK(m.canonIds[0] != m.canonIds[1]);
  // Each lies in its own hierarchy: below (shared struct) / struct, not the other.
  uint32_t shared = heap::kConcrete + 0, plain = heap::kConcrete + 1;
  CHECK(isHeapSubtype(m, shared, heap::Struct | heap::kShared));
  CHECK(isHeapSubtype(m, shared, heap::Any | heap::kShared));
  CHECK_FALSE(isHeapSubtype(m, shared, heap::Struct));
  CHECK(isHeapSubtype(m, plain, heap::Struct));
  CHECK_FALSE(isHeapSubtype(m, plain, heap::Struct | heap::kShared));
  CHECK(isHeapSubtype(m, heap::None | heap::kShared, shared));
  CHECK_FALSE(isHeapSubtype(m, heap::None, shared));
  CHECK(heapTop(m, shared) == (heap::Any | heap::kShared));
  CHECK(valTypeName(makeRef(heap::Func | heap::kShared, true)) == "(ref null (shared func))");
  // Standalone modules: shared types are named as unsupported (0x65 at 11).
  CHECK_ERROR(check(cat({header(), section(4, {0x01, 0x65, 0x70, 0x00, 0x01})})), 11,
              "unsupported feature: shared-everything threads");
}

TEST_CASE("function body validation errors", "[reader][validator]") {
  // funcModule layout: types 8..13 (14..17 with kI32Result: 8..14), function section, code
  // section id, size, count, body size, locals byte, then the code. For kVoidType the code starts
  // at 23; with kI32Result (one byte longer type section) at 24.
  // i32.const 0 (23,24) i64.const 0 (25,26) i32.add (27).
  Outcome o = check(funcModule(kVoidType, {0x41, 0x00, 0x42, 0x00, 0x6a, 0x1a, 0x0b}));
  CHECK_ERROR(o, 27, "type mismatch");
  CHECK(o.message == "type mismatch in i32.add, expected i32 but got i64");
  CHECK_ERROR(check(funcModule(kVoidType, {0x20, 0x05, 0x1a, 0x0b})), 23, "unknown local 5");
  CHECK_ERROR(check(funcModule(kVoidType, {0x23, 0x00, 0x1a, 0x0b})), 23, "unknown global 0");
  CHECK_ERROR(check(funcModule(kVoidType, {0x10, 0x07, 0x0b})), 23, "unknown function 7");
  CHECK_ERROR(check(funcModule(kVoidType, {0x0c, 0x01, 0x0b})), 23, "unknown label 1");
  CHECK_ERROR(check(funcModule(kVoidType, {0x41, 0x00, 0x28, 0x02, 0x00, 0x1a, 0x0b})), 25,
              "unknown memory 0");
  // Falling off the end of () -> i32 with nothing on the stack: reported at the final end (24).
  CHECK_ERROR(check(funcModule(kI32Result, {0x0b})), 24, "type mismatch");
  // A value left over at the end of a () -> () function.
  CHECK_ERROR(check(funcModule(kVoidType, {0x41, 0x00, 0x0b})), 25, "type mismatch");
  // Code after the function's final end: reported where it starts (24).
  CHECK_ERROR(check(funcModule(kVoidType, {0x0b, 0x01})), 24, "section size mismatch");
  // A body that ends inside a block: the body ends at 26 (block 23,24; nop 25).
  CHECK_ERROR(check(funcModule(kVoidType, {0x02, 0x40, 0x01})), 26,
              "unexpected end of section or function");
}

TEST_CASE("memory instructions", "[reader][validator]") {
  Bytes memory = section(5, {0x01, 0x00, 0x01}); // offsets 18..22; code starts at 28
  // i32.load with alignment 2^3 > 4 bytes: the instruction is at 30.
  CHECK_ERROR(
      check(funcModule(kVoidType, {0x41, 0x00, 0x28, 0x03, 0x00, 0x1a, 0x0b}, {0x00}, memory)), 30,
      "alignment must not be larger than natural");
  CHECK(
      check(funcModule(kVoidType, {0x41, 0x00, 0x28, 0x02, 0x00, 0x1a, 0x0b}, {0x00}, memory)).ok);
  // memory.grow's reserved byte (at 31) must be zero.
  CHECK_ERROR(check(funcModule(kVoidType, {0x41, 0x00, 0x40, 0x01, 0x1a, 0x0b}, {0x00}, memory)),
              31, "zero byte expected");
  // A memarg with the multi-memory bit (0x40) in its alignment field (at 31).
  CHECK_ERROR(check(funcModule(kVoidType, {0x41, 0x00, 0x28, 0x42, 0x00, 0x00, 0x1a, 0x0b}, {0x00},
                               memory)),
              31, "unsupported feature: multi-memory");
  // Two memories: reported at the second memory (validation).
  Outcome two = check(cat({header(), section(5, {0x02, 0x00, 0x01, 0x00, 0x01})}));
  CHECK_FALSE(two.ok);
  CHECK(two.message == "multiple memories");
  CHECK_FALSE(check(cat({header(), section(5, {0x01, 0x00, 0x81, 0x80, 0x04})})).ok); // 65537
  CHECK(check(cat({header(), section(5, {0x01, 0x00, 0x80, 0x80, 0x04})})).ok);       // 65536
  Outcome minMax = check(cat({header(), section(5, {0x01, 0x01, 0x02, 0x01})}));
  CHECK(minMax.message == "size minimum must not be greater than maximum");
}

TEST_CASE("SIMD immediates", "[reader][validator]") {
  // v128.const (FD 0C + 16 bytes) then i8x16.extract_lane_s (FD 15) with lane 16: the
  // instruction is at 23 + 18 = 41.
  Bytes code = {0xfd, 0x0c};
  code.insert(code.end(), 16, 0x00);
  Bytes bad = cat({code, {0xfd, 0x15, 0x10, 0x1a, 0x0b}});
  CHECK_ERROR(check(funcModule(kVoidType, bad)), 41, "invalid lane index");
  Bytes good = cat({code, {0xfd, 0x15, 0x0f, 0x1a, 0x0b}});
  CHECK(check(funcModule(kVoidType, good)).ok);
  // i8x16.shuffle lanes must be < 32.
  Bytes shuffle = cat({code, code, {0xfd, 0x0d}});
  shuffle.insert(shuffle.end(), 15, 0x1f);
  shuffle.push_back(0x20);
  shuffle.insert(shuffle.end(), {0x1a, 0x0b});
  CHECK_ERROR(check(funcModule(kVoidType, shuffle)), 59, "invalid lane index");
}

TEST_CASE("references", "[reader][validator]") {
  // ref.func 0 in a body without any declaration: code at 23.
  CHECK_ERROR(check(funcModule(kVoidType, {0xd2, 0x00, 0x1a, 0x0b})), 23,
              "undeclared function reference");
  // Exporting the function declares it.
  Bytes exports = section(7, cat({u(1), name("f"), {0x00, 0x00}}));
  CHECK(check(funcModule(kVoidType, {0xd2, 0x00, 0x1a, 0x0b}, {0x00}, exports)).ok);
  // A declarative element segment (flags 3, elemkind 0, one index) declares it too.
  Bytes elems = section(9, {0x01, 0x03, 0x00, 0x01, 0x00});
  CHECK(check(funcModule(kVoidType, {0xd2, 0x00, 0x1a, 0x0b}, {0x00}, elems)).ok);
  // ref.null with a non-reference type byte: the heap type is at 24.
  CHECK_ERROR(check(funcModule(kVoidType, {0xd0, 0x7f, 0x1a, 0x0b})), 24,
              "malformed reference type");
  // Untyped select of references is invalid, typed select is fine.
  Bytes refs = {0xd0, 0x70, 0xd0, 0x70, 0x41, 0x00};
  CHECK_ERROR(check(funcModule(kVoidType, cat({refs, {0x1b, 0x1a, 0x0b}}))), 29, "type mismatch");
  CHECK(check(funcModule(kVoidType, cat({refs, {0x1c, 0x01, 0x70, 0x1a, 0x0b}}))).ok);
  CHECK_ERROR(check(funcModule(kVoidType, cat({refs, {0x1c, 0x02, 0x70, 0x70, 0x1a, 0x0b}}))), 29,
              "invalid result arity");
}

TEST_CASE("constant expressions", "[reader][validator]") {
  // Global section: id 8, size 9, count 10, type 11, mut 12, init expr from 13.
  auto global = [](Bytes init) {
    return cat({header(), section(6, cat({{0x01, 0x7f, 0x00}, init}))});
  };
  CHECK(check(global({0x41, 0x2a, 0x0b})).ok);
  CHECK_ERROR(check(global({0x0b})), 13, "type mismatch");
  CHECK_ERROR(check(global({0x42, 0x00, 0x0b})), 13, "type mismatch");
  // i32.const 0 i32.const 1 i32.add: the add (at 17) is not constant in Wasm 2.0.
  CHECK_ERROR(check(global({0x41, 0x00, 0x41, 0x01, 0x6a, 0x0b})), 17,
              "constant expression required");
  CHECK_ERROR(check(global({0x41, 0x00, 0x41, 0x01, 0x0b})), 15, "type mismatch");
  CHECK_ERROR(check(global({0x01, 0x0b})), 13, "constant expression required");
  CHECK_ERROR(check(global({0xf3, 0x0b})), 13, "illegal opcode");
  // global.get of a module-defined global is not allowed in Wasm 2.0.
  Bytes twoGlobals = cat(
      {header(), section(6, {0x02, 0x7f, 0x00, 0x41, 0x00, 0x0b, 0x7f, 0x00, 0x23, 0x00, 0x0b})});
  // The second global's init expression starts at 18 (first global 11..15, type/mut 16..17).
  CHECK_ERROR(check(twoGlobals), 18, "unknown global 0");
  // global.get of an imported mutable global is not constant.
  Bytes imported = cat({header(), section(2, cat({u(1), name("m"), name("g"), {0x03, 0x7f, 0x01}})),
                        section(6, {0x01, 0x7f, 0x00, 0x23, 0x00, 0x0b})});
  CHECK_FALSE(check(imported).ok);
  CHECK(check(imported).message == "constant expression required");
}

TEST_CASE("element segment encodings", "[reader]") {
  Bytes table = section(4, {0x01, 0x70, 0x00, 0x01});
  Bytes offset = {0x41, 0x00, 0x0b};
  // All eight encodings, each with one element naming function 0.
  std::vector<Bytes> segments = {
      cat({{0x00}, offset, {0x01, 0x00}}),
      {0x01, 0x00, 0x01, 0x00},
      cat({{0x02, 0x00}, offset, {0x00, 0x01, 0x00}}),
      {0x03, 0x00, 0x01, 0x00},
      cat({{0x04}, offset, {0x01, 0xd2, 0x00, 0x0b}}),
      {0x05, 0x70, 0x01, 0xd0, 0x70, 0x0b},
      cat({{0x06, 0x00}, offset, {0x70, 0x01, 0xd2, 0x00, 0x0b}}),
      {0x07, 0x70, 0x01, 0xd2, 0x00, 0x0b},
  };
  const ElemSegment::Mode modes[] = {ElemSegment::Mode::Active, ElemSegment::Mode::Passive,
                                     ElemSegment::Mode::Active, ElemSegment::Mode::Declarative,
                                     ElemSegment::Mode::Active, ElemSegment::Mode::Passive,
                                     ElemSegment::Mode::Active, ElemSegment::Mode::Declarative};
  for (size_t i = 0; i < segments.size(); ++i) {
    INFO("flags " << i);
    Bytes bin =
        funcModule(kVoidType, {0x0b}, {0x00}, cat({table, section(9, cat({u(1), segments[i]}))}));
    Module m;
    Diagnostics d;
    REQUIRE(readModule(bin.data(), bin.size(), m, d));
    CHECK(validateModule(m, d));
    REQUIRE(m.elems.size() == 1);
    CHECK(m.elems[0].mode == modes[i]);
    REQUIRE(m.elems[0].items.size() == 1);
    bool isNull = i == 5;
    CHECK(m.elems[0].items[0].kind ==
          (isNull ? ConstExpr::Kind::RefNull : ConstExpr::Kind::RefFunc));
    CHECK(m.declaredFuncRefs[0] == !isNull);
  }
  // Flags 8 do not exist; an element kind other than 0 is malformed.
  CHECK_FALSE(
      check(funcModule(kVoidType, {0x0b}, {0x00}, cat({table, section(9, {0x01, 0x08})}))).ok);
  CHECK_FALSE(check(funcModule(kVoidType, {0x0b}, {0x00},
                               cat({table, section(9, {0x01, 0x01, 0x01, 0x00})})))
                  .ok);
}

TEST_CASE("name section", "[reader]") {
  Bytes base = funcModule(kVoidType, {0x0b});
  // Module name "m", function 0 named "main".
  Bytes names =
      cat({name("name"), {0x00}, u(2), name("m"), {0x01}, u(7), {0x01, 0x00}, name("main")});
  Bytes good = cat({base, section(0, names)});
  Module m;
  Diagnostics d;
  REQUIRE(readModule(good.data(), good.size(), m, d));
  CHECK(m.moduleName == "m");
  REQUIRE(m.funcNames.size() == 1);
  CHECK(m.funcNames[0] == "main");
  // A truncated or garbled name section never fails the module; what parsed before the damage
  // (here the module name subsection) is kept, the broken function names are not.
  Bytes broken = cat({name("name"),
                      {0x00},
                      u(2),
                      name("m"),
                      {0x01},
                      u(7),
                      {0x01, 0x00, 0x09, 'm', 'a', 'i', 'n'}});
  Bytes bad = cat({base, section(0, broken)});
  Module m2;
  Diagnostics d2;
  REQUIRE(readModule(bad.data(), bad.size(), m2, d2));
  CHECK(validateModule(m2, d2));
  CHECK(m2.moduleName == "m");
  CHECK(m2.funcNames[0].empty());
  Bytes garbage = cat({base, section(0, cat({name("name"), {0x01, 0xff, 0xff, 0xff}}))});
  CHECK(check(garbage).ok);
}

TEST_CASE("module-level validation", "[validator]") {
  // Duplicate export names.
  Bytes exports = section(7, cat({u(2), name("f"), {0x00, 0x00}, name("f"), {0x00, 0x00}}));
  Outcome dup = check(funcModule(kVoidType, {0x0b}, {0x00}, exports));
  CHECK_FALSE(dup.ok);
  CHECK(startsWith(dup.message, "duplicate export name"));
  // Start function must be [] -> [].
  Bytes start = section(8, {0x00});
  CHECK(check(funcModule(kVoidType, {0x0b}, {0x00}, start)).ok);
  Outcome badStart = check(funcModule(kI32Result, {0x41, 0x00, 0x0b}, {0x00}, start));
  CHECK_FALSE(badStart.ok);
  CHECK(startsWith(badStart.message, "start function"));
  // A function whose type index does not exist.
  Bytes badType = cat({header(), section(1, cat({u(1), kVoidType})), section(3, {0x01, 0x05}),
                       section(10, {0x01, 0x02, 0x00, 0x0b})});
  CHECK(check(badType).message == "unknown type 5");
}
