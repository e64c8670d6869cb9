// Hostile input: truncation at every byte, byte mutations, absurd counts, many locals and very
// deep nesting. The frontend must answer with a diagnostic (or accept), never crash, and never
// allocate according to an attacker-chosen count.
#include "compiler/frontend/function_decoder.h"
#include "frontend_wasm_builder.h"

#include <catch2/catch.hpp>

#include <set>

using namespace w2n;
using namespace w2n::test;

namespace {
// A module touching most sections; `boundaries` receives the offsets where a section ends (a
// prefix ending there may be a valid module by itself).
Bytes richModule(std::set<size_t> &boundaries) {
  // f0: () -> () with one i32 local: block, loop, local.get/tee, i32.add, call 1, br_if.
  Bytes f0 = {0x01, 0x01, 0x7f, 0x02, 0x40, 0x03, 0x40, 0x20, 0x00, 0x41, 0x01,
              0x6a, 0x22, 0x00, 0x10, 0x01, 0x0d, 0x00, 0x0b, 0x0b, 0x0b};
  // f1: (i32) -> i32: if/else with results.
  Bytes f1 = {0x00, 0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0b, 0x0b};
  // Function names: function 0 is "run".
  Bytes names = cat({u(1), u(0), name("run")});
  std::vector<Bytes> sections = {
      section(1, cat({u(2), kVoidType, {0x60, 0x01, 0x7f, 0x01, 0x7f}})),
      section(2, cat({u(1), name("env"), name("g"), {0x03, 0x7f, 0x00}})),
      section(3, {0x02, 0x00, 0x01}),
      section(4, {0x01, 0x70, 0x00, 0x02}),
      section(5, {0x01, 0x01, 0x01, 0x02}),
      section(6, {0x01, 0x7f, 0x01, 0x23, 0x00, 0x0b}),
      section(7, cat({u(2), name("run"), {0x00, 0x00}, name("mem"), {0x02, 0x00}})),
      section(9, cat({u(1), {0x00, 0x41, 0x00, 0x0b, 0x02, 0x00, 0x01}})),
      section(12, {0x01}),
      section(10, cat({u(2), u(f0.size()), f0, u(f1.size()), f1})),
      section(11, cat({u(1), {0x00, 0x41, 0x08, 0x0b}, name("hello")})),
      section(0, cat({name("name"), {0x01}, u(names.size()), names})),
  };
  Bytes out = header();
  boundaries.insert(out.size());
  for (const Bytes &s : sections) {
    out.insert(out.end(), s.begin(), s.end());
    boundaries.insert(out.size());
  }
  return out;
}
} // namespace

TEST_CASE("the rich module is valid", "[hostile]") {
  std::set<size_t> boundaries;
  Bytes bin = richModule(boundaries);
  Outcome o = check(bin);
  INFO(o.message << " at " << o.offset);
  CHECK(o.ok);
  Module m;
  Diagnostics d;
  REQUIRE(readModule(bin.data(), bin.size(), m, d));
  CHECK(m.funcNames.at(0) == "run");
  CHECK(m.funcNames.at(1).empty());
  CHECK(m.numImportedGlobals == 1);
  CHECK(m.elems.size() == 1);
  CHECK(m.datas.size() == 1);
}

TEST_CASE("truncation at every byte gives an error", "[hostile]") {
  std::set<size_t> boundaries;
  Bytes bin = richModule(boundaries);
  for (size_t n = 0; n < bin.size(); ++n) {
    Bytes prefix(bin.begin(), bin.begin() + n);
    Outcome o = check(prefix);
    INFO("prefix length " << n);
    if (!boundaries.count(n)) {
      CHECK_FALSE(o.ok);
      CHECK_FALSE(o.message.empty());
      CHECK(o.offset <= n);
    }
  }
}

TEST_CASE("every single-byte mutation is handled", "[hostile]") {
  std::set<size_t> boundaries;
  Bytes bin = richModule(boundaries);
  const uint8_t values[] = {0x00, 0x01, 0x0b, 0x40, 0x7f, 0x80, 0xff};
  size_t rejected = 0, total = 0;
  for (size_t i = 8; i < bin.size(); ++i)
    for (uint8_t v : values) {
      Bytes mutated = bin;
      if (mutated[i] == v) continue;
      mutated[i] = v;
      Outcome o = check(mutated);
      ++total;
      if (!o.ok) {
        ++rejected;
        CHECK_FALSE(o.message.empty());
        CHECK(o.offset <= mutated.size());
      }
    }
  CHECK(rejected > 0);     // none may crash; many are rejected
  CHECK(rejected < total); // and some (e.g. in data bytes or names) are still valid
}

TEST_CASE("absurd counts are errors, not allocations", "[hostile]") {
  // 2^32-1 types / imports / functions / segments, with nothing behind them.
  for (uint8_t id : {1, 2, 3, 4, 5, 6, 7, 9, 10, 11}) {
    INFO("section " << int(id));
    Outcome o = check(cat({header(), section(id, {0xff, 0xff, 0xff, 0xff, 0x0f})}));
    CHECK_FALSE(o.ok);
  }
  // A function type with 2^32-1 params.
  CHECK_FALSE(check(cat({header(), section(1, {0x01, 0x60, 0xff, 0xff, 0xff, 0xff, 0x0f})})).ok);
  // br_table with 2^32-1 targets: code at 23, table count runs past the body.
  Outcome table =
      check(funcModule(kVoidType, {0x41, 0x00, 0x0e, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x0b}));
  CHECK_FALSE(table.ok);
  CHECK(table.message == "unexpected end of section or function");
  // A name, data segment or body longer than what remains.
  CHECK(check(cat({header(), section(0, {0xff, 0xff, 0xff, 0xff, 0x0f})})).message ==
        "length out of bounds");
  CHECK(check(cat({header(), {0x00, 0xff, 0xff, 0xff, 0xff, 0x0f}})).message ==
        "length out of bounds");
}

TEST_CASE("locals: 50,000 validate, too many are rejected", "[hostile]") {
  // 50,000 i32 locals (one group), then local.get 49999; drop.
  Bytes locals = cat({u(1), u(50000), {0x7f}});
  Bytes code = cat({{0x20}, u(49999), {0x1a, 0x0b}});
  Bytes bin = funcModule(kVoidType, code, locals);
  Outcome o = check(bin);
  INFO(o.message);
  CHECK(o.ok);
  Module m;
  Diagnostics d;
  REQUIRE(readModule(bin.data(), bin.size(), m, d));
  NullInterface null;
  FunctionDecoder<NullInterface> decoder(m, FuncIndex(0), null, d);
  CHECK(decoder.decode());
  CHECK(decoder.localTypes().size() == 50000);
  // local.get 50000 is out of range.
  CHECK(check(funcModule(kVoidType, cat({{0x20}, u(50000), {0x1a, 0x0b}}), locals)).message ==
        "unknown local 50000");
  // Two groups of 2^31 (spec binary.wast overflows 2^32-1 like this): the first group already
  // passes the implementation limit and is reported (locals vector at 22, first group at 23).
  Bytes huge = cat({u(2), u(0x80000000u), {0x7f}, u(0x80000000u), {0x7e}});
  Outcome tooMany = check(funcModule(kVoidType, {0x0b}, huge));
  CHECK_FALSE(tooMany.ok);
  CHECK(tooMany.message.rfind("too many locals", 0) == 0);
  CHECK(tooMany.offset == 23);
  // Past the implementation limit but under 2^32: rejected before anything is allocated.
  Outcome limit = check(funcModule(kVoidType, {0x0b}, cat({u(1), u(0x7fffffffu), {0x7f}})));
  CHECK_FALSE(limit.ok);
  CHECK(limit.message.rfind("too many locals", 0) == 0);
}

TEST_CASE("100,000 nested blocks do not recurse", "[hostile]") {
  const size_t depth = 100000;
  for (uint8_t opcode : {0x02, 0x03}) { // block, loop
    Bytes code;
    code.reserve(depth * 3 + 1);
    for (size_t i = 0; i < depth; ++i)
      code.insert(code.end(), {opcode, 0x40});
    code.insert(code.end(), depth + 1, 0x0b);
    Outcome o = check(funcModule(kVoidType, code));
    INFO(o.message);
    CHECK(o.ok);
  }
  // Nested ifs carrying an i32 through every level, with a branch out of the innermost.
  Bytes code = {0x41, 0x01};
  for (size_t i = 0; i < depth; ++i)
    code.insert(code.end(), {0x41, 0x01, 0x04, 0x7f}); // i32.const 1; if (result i32)
  code.insert(code.end(), {0x41, 0x00, 0x0c, 0x05});   // i32.const 0; br 5
  for (size_t i = 0; i < depth; ++i)
    code.insert(code.end(), {0x05, 0x41, 0x02, 0x0b});
  code.insert(code.end(), {0x1a, 0x1a, 0x0b});
  Outcome o = check(funcModule(kVoidType, code));
  INFO(o.message << " at " << o.offset);
  CHECK(o.ok);
  // Unclosed deep nesting: the body just ends.
  Bytes open;
  for (size_t i = 0; i < depth; ++i)
    open.insert(open.end(), {0x02, 0x40});
  CHECK(check(funcModule(kVoidType, open)).message == "unexpected end of section or function");
}

TEST_CASE("a tall operand stack", "[hostile]") {
  const size_t n = 200000;
  Bytes code;
  for (size_t i = 0; i < n; ++i)
    code.insert(code.end(), {0x41, 0x07});
  code.insert(code.end(), n, 0x1a);
  code.push_back(0x0b);
  CHECK(check(funcModule(kVoidType, code)).ok);
}
