// Composition at compile time (--plug; compiler/frontend/component/component_compose.*): which
// versions match, and the fixtures plug-app.wat, plug-logger.wat and plug-echo.wat (two plugs
// whose interfaces mention the host's output-stream, imported by each of the three: one host
// resource, which the type check must see as one), composed, planned, compiled and run.
#include "compiler/frontend/component/component_compose.h"
#include "compiler/lowering/component_plan.h"
#include "test/unit/driver_test_support.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

#include <catch2/catch.hpp>

using namespace w2n;

TEST_CASE("compose: semver-compatible interface versions", "[component][compose]") {
  using component::versionCompatible;
  CHECK(versionCompatible("a:b/c@0.1.0", "a:b/c@0.1.0"));
  CHECK(versionCompatible("a:b/c@0.1.0", "a:b/c@0.1.3")); // 0.x: the minor version decides
  CHECK(versionCompatible("a:b/c@0.1.3", "a:b/c@0.1.0"));
  CHECK_FALSE(versionCompatible("a:b/c@0.1.0", "a:b/c@0.2.0"));
  CHECK(versionCompatible("a:b/c@1.2.0", "a:b/c@1.0.7")); // 1.x and up: the major one
  CHECK_FALSE(versionCompatible("a:b/c@1.2.0", "a:b/c@2.2.0"));
  CHECK_FALSE(versionCompatible("a:b/c@0.0.1", "a:b/c@0.0.2")); // 0.0.x: only itself
  CHECK_FALSE(versionCompatible("a:b/c@0.1.0", "a:b/d@0.1.0"));
  CHECK_FALSE(versionCompatible("a:b/c@0.1.0-rc1", "a:b/c@0.1.0")); // pre-releases: exactly
  CHECK_FALSE(versionCompatible("a:b/c@0.1.0", "a:b/c"));
  CHECK_FALSE(versionCompatible("a:b/c@01.0.0", "a:b/c@1.0.0")); // not semver
  CHECK(versionCompatible("f", "f"));
  CHECK_FALSE(versionCompatible("f", "g"));
}

namespace {

std::string fixture(const std::string &name) {
  return std::string(W2N_UNIT_FIXTURES) + "/components/" + name;
}

struct Loaded {
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> bytes;
  std::vector<std::unique_ptr<component::Component>> components;
  component::Composition composition;
  Diagnostics diags;
  std::string error;
};

std::unique_ptr<Loaded> load(const std::vector<std::string> &names) {
  auto l = std::make_unique<Loaded>();
  for (const std::string &name : names) {
    auto buffer = llvm::MemoryBuffer::getFile(fixture(name));
    REQUIRE(buffer);
    l->bytes.push_back(std::move(*buffer));
    const auto *data = reinterpret_cast<const uint8_t *>(l->bytes.back()->getBufferStart());
    l->components.push_back(std::make_unique<component::Component>());
    REQUIRE(component::readComponent(data, l->bytes.back()->getBufferSize(), *l->components.back(),
                                     l->diags));
    l->composition.units.push_back(l->components.back().get());
    l->composition.files.push_back(name);
  }
  return l;
}

} // namespace

TEST_CASE("compose: plugs that share the host's output-stream fit", "[component][compose]") {
  auto l = load({"plug-app.wasm", "plug-logger.wasm", "plug-echo.wasm"});
  bool ok = component::compose(l->composition, {}, l->diags, l->error);
  INFO(l->diags.format("?") << l->error);
  REQUIRE(ok);
  const component::Composition &c = l->composition;
  // The app takes test:log/api from the logger (unit 1) and test:log/echo from echo (unit 2);
  // WASI stays with the host; the plugs are instantiated in the order they are needed.
  REQUIRE(c.bindings[0].size() == 2);
  CHECK(c.bindings[0].at("test:log/api").unit == 1);
  CHECK(c.bindings[0].at("test:log/echo").unit == 2);
  CHECK(c.bindings[1].empty());
  CHECK(c.bindings[2].empty());
  CHECK(c.order == std::vector<uint32_t>{1, 2});

  plan::Plan plan;
  REQUIRE(plan::buildPlan(*c.units[0], plan, l->diags, {}, &c));
  CHECK(plan.componentInstances >= 3);
  // Every host import is WASI, each reported in the file that has it.
  for (const plan::HostImport &h : plan.hostImports) {
    INFO(h.name);
    CHECK(h.name.rfind("wasi:", 0) == 0);
    CHECK((h.file.empty() || h.file == "plug-logger.wasm" || h.file == "plug-echo.wasm"));
  }
  // The app's calls into the plugs are adapters to lifted functions, not host calls.
  size_t adapters = 0;
  for (const plan::Lowered &low : plan.lowered)
    adapters += !low.host;
  CHECK(adapters == 4); // [constructor]counter, [method]counter.bump, log, echo
}

TEST_CASE("compose: a missing provider goes to the host; an unused plug is an error",
          "[component][compose]") {
  auto l = load({"plug-app.wasm", "plug-logger.wasm"});
  REQUIRE(component::compose(l->composition, {}, l->diags, l->error));
  CHECK(l->composition.bindings[0].count("test:log/echo") == 0); // the host's: fails later

  auto u = load({"plug-logger.wasm", "plug-echo.wasm"});
  CHECK_FALSE(component::compose(u->composition, {}, u->diags, u->error));
  CHECK_FALSE(u->diags.hasErrors());
  CHECK(u->error == "plug plug-echo.wasm is not used: neither plug-logger.wasm nor a plug it "
                    "uses imports any of its exports (test:log/echo)");
}

#ifdef W2N_WASM2NATIVE

using namespace w2n::test;

TEST_CASE("--plug: the composed program runs, a handle of the host's passing through plugs",
          "[component][compose][exe]") {
  if (hostArch() != Arch::X86_64) return;
  TempDir dir;
  CliResult c = runCli({fixture("plug-app.wasm"), "--plug", fixture("plug-logger.wasm"), "--plug",
                        fixture("plug-echo.wasm"), "-o", dir.file("app")});
  INFO(c.err);
  REQUIRE(c.status == 0);
  std::string out = dir.file("out.txt"), err = dir.file("err.txt");
  std::optional<llvm::StringRef> redirects[] = {llvm::StringRef(""), llvm::StringRef(out),
                                                llvm::StringRef(err)};
  std::string exe = dir.file("app");
  llvm::StringRef args[] = {exe};
  CHECK(llvm::sys::ExecuteAndWait(exe, args, std::nullopt, redirects, 60) == 0);
  CHECK(readText(out) == "bump 4\nbump 5\necho\n"); // counter(3) bumped twice, then echo
  CHECK(readText(err).empty());
}

TEST_CASE("--plug: an import no plug provides is the host's, and reported as such",
          "[component][compose][exe]") {
  TempDir dir;
  CliResult c = runCli(
      {fixture("plug-app.wasm"), "--plug", fixture("plug-logger.wasm"), "-o", dir.file("app")});
  CHECK(c.status == 1);
  CHECK(countLines(c.err) == 1);
  CHECK(c.err.find("plug-app.wasm:0x") != std::string::npos);
  CHECK(c.err.find("import `test:log/echo` was not found") != std::string::npos);
  CHECK(dir.entries().empty());
}

#endif
