// The component reader and validator: well-formed components (hand-assembled from Binary.md),
// bad binaries with their absolute offsets and messages, async features reported as
// unsupported, and hostile input (truncation and mutation at every byte, deep nesting, absurd
// counts) that must end in a diagnostic, never a crash.
#include "compiler/frontend/component/component_api.h"
#include "compiler/lowering/component_plan.h"
#include "frontend_wasm_builder.h"

#include "llvm/Support/MemoryBuffer.h"

#include <catch2/catch.hpp>

#include <set>

using namespace w2n;
using namespace w2n::test;

namespace {
Bytes componentHeader() { return {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00}; }
Bytes externName(const std::string &s) { return cat({{0x00}, name(s)}); }

struct Result {
  bool ok = false;
  uint64_t offset = 0;
  std::string message;
};

Result run(const Bytes &bin, bool validate = true,
           const component::ComponentFeatures &features = {}) {
  component::Component c;
  Diagnostics d;
  Result r;
  r.ok = component::readComponent(bin.data(), bin.size(), c, d) &&
         (!validate || component::validateComponent(c, d, features));
  // What validates is also interpreted (static instantiation): any answer, no crash.
  if (r.ok && validate) {
    plan::Plan plan;
    Diagnostics planDiags;
    plan::buildPlan(c, plan, planDiags);
  }
  if (!d.list().empty()) {
    r.offset = d.list().front().offset;
    r.message = d.list().front().message;
  }
  return r;
}

// (component
//   (core module (func (export "f") (param i32 i32) (result i32) unreachable)
//                (memory (export "m") 1)
//                (func (export "r") (param i32 i32 i32 i32) (result i32) unreachable))
//   (core instance (instantiate 0))
//   (alias core export 0 "f" (core func)) (alias core export 0 "m" (core memory))
//   (alias core export 0 "r" (core func))
//   (type (func (param "s" string) (result u32)))
//   (func (canon lift (core func 0) (memory 0) (realloc 1) (type 0)))
//   (export "run" (func 0)))
Bytes richComponent(std::set<size_t> *boundaries = nullptr) {
  Bytes fnType = {0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f};
  Bytes reallocType = {0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f};
  Bytes body = {0x00, 0x00, 0x0b};
  Bytes module = cat(
      {header(), section(1, cat({u(2), fnType, reallocType})), section(3, {0x02, 0x00, 0x01}),
       section(5, {0x01, 0x00, 0x01}),
       section(
           7,
           cat({u(3), name("f"), {0x00, 0x00}, name("m"), {0x02, 0x00}, name("r"), {0x00, 0x01}})),
       section(10, cat({u(2), u(body.size()), body, u(body.size()), body}))});
  std::vector<Bytes> sections = {
      section(1, module),
      section(2, {0x01, 0x00, 0x00, 0x00}),
      section(6, cat({u(3),
                      {0x00, 0x00, 0x01, 0x00},
                      name("f"),
                      {0x00, 0x02, 0x01, 0x00},
                      name("m"),
                      {0x00, 0x00, 0x01, 0x00},
                      name("r")})),
      section(7, cat({u(1), {0x40, 0x01}, name("s"), {0x73, 0x00, 0x79}})),
      section(8, {0x01, 0x00, 0x00, 0x00, 0x02, 0x03, 0x00, 0x04, 0x01, 0x00}),
      section(11, cat({u(1), externName("run"), {0x01, 0x00, 0x00}}))};
  Bytes out = componentHeader();
  if (boundaries) boundaries->insert(out.size());
  for (const Bytes &sec : sections) {
    out.insert(out.end(), sec.begin(), sec.end());
    if (boundaries) boundaries->insert(out.size());
  }
  return out;
}
} // namespace

TEST_CASE("components: a lifted function with memory and realloc validates", "[component]") {
  Bytes bin = richComponent();
  Result r = run(bin);
  INFO(r.message << " at " << r.offset);
  CHECK(r.ok);
  component::Component c;
  Diagnostics d;
  REQUIRE(component::readComponent(bin.data(), bin.size(), c, d));
  CHECK(c.coreModules.size() == 1);
  CHECK(c.definitions.size() == 8); // module, instance, 3 aliases, type, canon, export
  std::string wit;
  REQUIRE(component::printWit(c, wit, d));
  CHECK(wit.find("export run: func(s: string) -> u32;") != std::string::npos);
}

TEST_CASE("components: the preamble routes and is checked", "[component]") {
  Bytes core = header();
  CHECK_FALSE(component::isComponentBinary(core.data(), core.size()));
  Bytes comp = componentHeader();
  CHECK(component::isComponentBinary(comp.data(), comp.size()));
  CHECK(run(comp).ok); // the empty component
  Bytes wrongVersion = {0x00, 0x61, 0x73, 0x6d, 0x0c, 0x00, 0x01, 0x00};
  Result r = run(wrongVersion);
  CHECK_FALSE(r.ok);
  CHECK(r.offset == 4);
  CHECK(r.message.find("unknown binary version") != std::string::npos);
}

TEST_CASE("components: bad binaries report absolute offsets", "[component]") {
  SECTION("unknown section id") {
    Result r = run(cat({componentHeader(), {0x0d, 0x00}}));
    CHECK(r.offset == 8);
    CHECK(r.message.find("malformed section id") != std::string::npos);
  }
  SECTION("section larger than the file") {
    Result r = run(cat({componentHeader(), {0x07, 0x05, 0x01}}));
    CHECK(r.offset == 9);
    CHECK(r.message.find("unexpected end-of-file") != std::string::npos);
  }
  SECTION("a bad nested core module keeps file offsets") {
    // Core module section at 8; the module's magic is at 10 and is wrong.
    Result r = run(cat({componentHeader(), section(1, {0x00, 0x61, 0x73, 0x00, 1, 0, 0, 0})}));
    CHECK(r.offset == 10);
    CHECK(r.message == "magic header not detected");
  }
  SECTION("function result labels with a bad leading byte") {
    Result r = run(cat({componentHeader(), section(7, {0x01, 0x40, 0x00, 0x02})}));
    CHECK(r.offset == 13);
    CHECK(r.message == "invalid leading byte (0x02) for component function results");
  }
  SECTION("type index out of bounds") {
    // (import "f" (func (type 3)))
    Result r =
        run(cat({componentHeader(), section(10, cat({u(1), externName("f"), {0x01, 0x03}}))}));
    CHECK_FALSE(r.ok);
    CHECK(r.offset == 14); // the extern descriptor
    CHECK(r.message.find("type index out of bounds") != std::string::npos);
  }
  SECTION("import names must be kebab-case") {
    Result r = run(cat({componentHeader(), section(7, {0x01, 0x40, 0x00, 0x01, 0x00}),
                        section(10, cat({u(1), externName("Not_Kebab"), {0x01, 0x00}}))}));
    CHECK_FALSE(r.ok);
    CHECK(r.offset == 18); // the name (type section 8..14, import section 15, count 17)
    CHECK(r.message.find("is not in kebab case") != std::string::npos);
  }
  SECTION("borrow in a function result") {
    // (type (resource (rep i32))) (type (borrow 0)) (type (func (result 1)))
    Result r = run(cat({componentHeader(),
                        section(7, {0x03, 0x3f, 0x7f, 0x00, 0x68, 0x00, 0x40, 0x00, 0x00, 0x01})}));
    CHECK_FALSE(r.ok);
    CHECK(r.offset == 16); // the function type, after 3f 7f 00 (11..13) and 68 00 (14..15)
    CHECK(r.message == "function result cannot contain a `borrow` type");
  }
}

TEST_CASE("components: async features are unsupported, with their offset", "[component]") {
  Result r = run(cat({componentHeader(), section(7, {0x01, 0x66, 0x00})}));
  CHECK(r.offset == 11);
  CHECK(r.message == "unsupported feature: component model async (stream type)");
  r = run(cat({componentHeader(), section(8, {0x01, 0x1f})}));
  CHECK(r.offset == 11);
  CHECK(r.message.find("unsupported feature: component model async") == 0);
  r = run(cat({componentHeader(), section(7, {0x01, 0x43, 0x00, 0x01, 0x00})}));
  CHECK(r.message == "unsupported feature: component model async (async function type)");
}

TEST_CASE("components: truncation and mutation at every byte never crash", "[component][hostile]") {
  std::set<size_t> boundaries;
  Bytes bin = richComponent(&boundaries);
  for (size_t n = 0; n < bin.size(); ++n) {
    Bytes prefix(bin.begin(), bin.begin() + n);
    Result r = run(prefix, /*validate=*/false);
    // A prefix that ends inside a section cannot be read; one that ends between sections can.
    INFO("prefix length " << n << ": " << r.message);
    CHECK(r.ok == (boundaries.count(n) != 0));
    run(prefix); // validation of what was read: any answer, no crash
  }
  for (size_t i = 8; i < bin.size(); ++i)
    for (uint8_t x : {uint8_t(0x00), uint8_t(0x01), uint8_t(0x7f), uint8_t(0x80), uint8_t(0xff)}) {
      Bytes m = bin;
      m[i] = x;
      run(m); // any answer, no crash
    }
}

TEST_CASE("components: an imported instance's types are bound at instantiation", "[component]") {
  auto buffer = llvm::MemoryBuffer::getFile(std::string(W2N_UNIT_FIXTURES) +
                                            "/components/instance-type-args.wasm");
  REQUIRE(buffer);
  Bytes bin((*buffer)->getBufferStart(), (*buffer)->getBufferEnd());
  Result r = run(bin);
  INFO(r.message);
  CHECK(r.ok);
}

TEST_CASE("components with core tags: every byte mutation is handled", "[component][hostile]") {
  auto buffer =
      llvm::MemoryBuffer::getFile(std::string(W2N_UNIT_FIXTURES) + "/components/tags.wasm");
  REQUIRE(buffer);
  Bytes bin((*buffer)->getBufferStart(), (*buffer)->getBufferEnd());
  REQUIRE(run(bin).ok);
  for (size_t i = 8; i < bin.size(); ++i)
    for (uint8_t x : {uint8_t(0x00), uint8_t(0x01), uint8_t(0x04), uint8_t(0x7f), uint8_t(0xff)}) {
      Bytes m = bin;
      m[i] = x;
      run(m); // any answer, no crash
    }
}

TEST_CASE("components with GC types and options: every byte mutation is handled",
          "[component][hostile]") {
  auto buffer = llvm::MemoryBuffer::getFile(std::string(W2N_UNIT_FIXTURES) + "/components/gc.wasm");
  REQUIRE(buffer);
  Bytes bin((*buffer)->getBufferStart(), (*buffer)->getBufferEnd());
  REQUIRE(run(bin).ok);
  for (size_t i = 8; i < bin.size(); ++i)
    for (uint8_t x : {uint8_t(0x00), uint8_t(0x01), uint8_t(0x4e), uint8_t(0x50), uint8_t(0x63),
                      uint8_t(0x64), uint8_t(0xff)}) {
      Bytes m = bin;
      m[i] = x;
      run(m); // any answer, no crash
    }
}

TEST_CASE("components with cm64 options, table64 and shared types: every byte mutation is "
          "handled",
          "[component][hostile]") {
  auto buffer =
      llvm::MemoryBuffer::getFile(std::string(W2N_UNIT_FIXTURES) + "/components/cm64-shared.wasm");
  REQUIRE(buffer);
  Bytes bin((*buffer)->getBufferStart(), (*buffer)->getBufferEnd());
  component::ComponentFeatures cm64;
  cm64.cm64 = true;
  REQUIRE(run(bin, true, cm64).ok);
  CHECK_FALSE(run(bin).ok); // the i64 resource and the 64-bit memory need cm64
  for (size_t i = 8; i < bin.size(); ++i)
    for (uint8_t x : {uint8_t(0x00), uint8_t(0x01), uint8_t(0x03), uint8_t(0x04), uint8_t(0x65),
                      uint8_t(0x7e), uint8_t(0xff)}) {
      Bytes m = bin;
      m[i] = x;
      run(m, true, cm64); // any answer, no crash
    }
}

TEST_CASE("components: deep nesting and absurd counts", "[component][hostile]") {
  // 5000 components nested in component sections: refused at the nesting limit.
  Bytes inner = componentHeader();
  for (int k = 0; k < 5000; ++k)
    inner = cat({componentHeader(), section(4, inner)});
  Result r = run(inner);
  CHECK_FALSE(r.ok);
  CHECK(r.message.find("nested too deeply") != std::string::npos);
  // Instance types nested 5000 deep.
  Bytes type = {0x42, 0x00};
  for (int k = 0; k < 5000; ++k)
    type = cat({{0x42, 0x01, 0x01}, type});
  r = run(cat({componentHeader(), section(7, cat({u(1), type}))}));
  CHECK_FALSE(r.ok);
  // A type count of 2^32-1 in a 6-byte section.
  r = run(cat({componentHeader(), section(7, {0xff, 0xff, 0xff, 0xff, 0x0f, 0x73})}));
  CHECK_FALSE(r.ok);
  CHECK(r.message.find("unexpected end-of-file") != std::string::npos);
}
