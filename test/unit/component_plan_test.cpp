// Static instantiation (compiler/lowering/component_plan.*) on small components assembled from
// test/unit/fixtures/components/*.wat (regen.sh): what the plan holds follows from reading each
// .wat, and the compiled executables exit as the canonical ABI and WASI 0.2 say.
#include "compiler/frontend/component/component_api.h"
#include "compiler/lowering/component_plan.h"
#include "test/unit/driver_test_support.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

#include "w2n/canon.h"

#include <catch2/catch.hpp>

using namespace w2n;

namespace {

std::string fixture(const std::string &name) {
  return std::string(W2N_UNIT_FIXTURES) + "/components/" + name;
}

struct Planned {
  std::unique_ptr<llvm::MemoryBuffer> bytes;
  component::Component root;
  plan::Plan plan;
  Diagnostics diags;
  bool ok = false;
};

std::unique_ptr<Planned> planOf(const std::string &name,
                                const component::ComponentFeatures &features = {}) {
  auto p = std::make_unique<Planned>();
  auto buffer = llvm::MemoryBuffer::getFile(fixture(name));
  REQUIRE(buffer);
  p->bytes = std::move(*buffer);
  const auto *data = reinterpret_cast<const uint8_t *>(p->bytes->getBufferStart());
  REQUIRE(component::readComponent(data, p->bytes->getBufferSize(), p->root, p->diags));
  REQUIRE(component::validateComponent(p->root, p->diags, features));
  p->ok = plan::buildPlan(p->root, p->plan, p->diags);
  return p;
}

} // namespace

TEST_CASE("plan: a lifted run export with no imports", "[component][plan]") {
  auto p = planOf("run-ok.wasm");
  REQUIRE(p->ok);
  const plan::Plan &plan = p->plan;
  CHECK(plan.modules.size() == 1);
  CHECK(plan.coreInstances.size() == 1);
  CHECK(plan.coreInstances[0].imports.empty());
  CHECK(plan.componentInstances == 1);
  REQUIRE(plan.lifted.size() == 1);
  CHECK(plan.lifted[0].core.kind == plan::CoreFunc::Kind::Export);
  CHECK(plan.lifted[0].core.name == "run");
  // func() -> result: no params, a result type with neither ok nor error payload.
  CHECK(plan.lifted[0].type.params.empty());
  REQUIRE(plan.lifted[0].type.result != plan::kNone);
  const plan::ValueType &result = plan.types[plan.lifted[0].type.result];
  CHECK(result.kind == W2N_CT_RESULT);
  CHECK(result.members == std::vector<uint32_t>{plan::kNone, plan::kNone});
  REQUIRE(plan.exports.size() == 1);
  CHECK(plan.exports[0].name == "wasi:cli/run@0.2.0#run");
  CHECK(plan.exports[0].lifted == 0);
}

TEST_CASE("plan: each instantiation of a component gets its own instances and resources",
          "[component][plan]") {
  auto p = planOf("nested.wasm");
  REQUIRE(p->ok);
  const plan::Plan &plan = p->plan;
  CHECK(plan.modules.size() == 1);       // compiled once
  CHECK(plan.coreInstances.size() == 2); // instantiated twice
  CHECK(plan.componentInstances == 3);   // the root, $a, $b
  REQUIRE(plan.resources.size() == 2);
  CHECK(!plan.resources[0].host);
  CHECK(plan.resources[0].instance != plan.resources[1].instance);
  REQUIRE(plan.resourceOps.size() == 2);
  CHECK(plan.resourceOps[0].resource == 0);
  CHECK(plan.resourceOps[1].resource == 1);
  // Each core instance imports its own instance's resource.new.
  for (uint32_t i = 0; i < 2; ++i) {
    REQUIRE(plan.coreInstances[i].imports.size() == 1);
    const plan::CoreFunc &f = plan.coreInstances[i].imports[0].func;
    CHECK(f.kind == plan::CoreFunc::Kind::ResourceNew);
    CHECK(f.index == i);
  }
  // make returns own<r> of its own instance's resource.
  REQUIRE(plan.lifted.size() == 2);
  for (uint32_t i = 0; i < 2; ++i) {
    const plan::ValueType &own = plan.types[plan.lifted[i].type.result];
    CHECK(own.kind == W2N_CT_OWN);
    CHECK(own.resource == i);
  }
  std::vector<std::string> names;
  for (const plan::Export &e : plan.exports)
    names.push_back(e.name);
  CHECK(names == std::vector<std::string>{"a#make", "b#make"});
}

TEST_CASE("plan: a lowered host import names its interface without the version",
          "[component][plan]") {
  auto p = planOf("host-exit.wasm");
  REQUIRE(p->ok);
  REQUIRE(p->plan.lowered.size() == 1);
  const plan::Lowered &l = p->plan.lowered[0];
  CHECK(l.host);
  CHECK(l.hostInterface == "wasi:cli/exit");
  CHECK(l.hostName == "exit");
  CHECK(l.importName == "wasi:cli/exit@0.2.3");
  REQUIRE(l.type.params.size() == 1);
  CHECK(p->plan.types[l.type.params[0].second].kind == W2N_CT_RESULT);
  // The lowered function is what the module's import is bound to.
  REQUIRE(p->plan.coreInstances[0].imports.size() == 1);
  CHECK(p->plan.coreInstances[0].imports[0].func.kind == plan::CoreFunc::Kind::Lowered);
}

TEST_CASE("plan: a component start function is a step after its instance", "[component][plan]") {
  auto p = planOf("start.wasm");
  REQUIRE(p->ok);
  // Steps: the core instance, the lifted start function, its start, the lifted run.
  REQUIRE(p->plan.steps.size() >= 3);
  size_t core = 0, start = 0;
  for (size_t k = 0; k < p->plan.steps.size(); ++k) {
    if (p->plan.steps[k].kind == plan::Step::Kind::CoreInstance) core = k;
    if (p->plan.steps[k].kind == plan::Step::Kind::Start) start = k;
  }
  CHECK(start > core);
  CHECK(p->plan.lifted[p->plan.steps[start].index].core.name == "start");
  // With a result (a component value) it is refused with one line.
  auto q = planOf("start-values.wasm");
  CHECK(!q->ok);
  REQUIRE(q->diags.hasErrors());
  CHECK(q->diags.list()[0].message ==
        "unsupported feature: component values (start function arguments or results)");
}

TEST_CASE("plan: the root's component imports and re-exported imports are refused",
          "[component][plan]") {
  // Both validate (the spec allows them); only the compiled root cannot have them.
  auto p = planOf("root-restrictions.wasm");
  CHECK(!p->ok);
  REQUIRE(p->diags.hasErrors());
  CHECK(p->diags.list()[0].message == "root-level component imports are not supported");
  auto q = planOf("reexport-import.wasm");
  CHECK(!q->ok);
  REQUIRE(q->diags.hasErrors());
  CHECK(q->diags.list()[0].message ==
        "component export `g` is a reexport of an imported function which is not implemented");
}

TEST_CASE("splitVersion", "[component][plan]") {
  CHECK(plan::splitVersion("wasi:io/streams@0.2.12") ==
        std::pair<std::string, std::string>("wasi:io/streams", "0.2.12"));
  CHECK(plan::splitVersion("bench") == std::pair<std::string, std::string>("bench", ""));
}

#ifdef W2N_WASM2NATIVE

using namespace w2n::test;

namespace {

// Compiles with the real binary (lld links once per process) and runs the result.
int compileAndRun(const std::string &name, std::string &errText) {
  TempDir dir;
  std::string exe = dir.file("app"), errPath = dir.file("err.txt");
  std::optional<llvm::StringRef> redirects[] = {llvm::StringRef(""), llvm::StringRef(""),
                                                llvm::StringRef(errPath)};
  std::string input = fixture(name);
  llvm::StringRef compile[] = {W2N_WASM2NATIVE, input, "-o", exe};
  if (llvm::sys::ExecuteAndWait(W2N_WASM2NATIVE, compile, std::nullopt, redirects, 300) != 0) {
    errText = readText(errPath);
    return -1;
  }
  llvm::StringRef args[] = {exe};
  int status = llvm::sys::ExecuteAndWait(exe, args, std::nullopt, redirects, 60);
  errText = readText(errPath);
  return status;
}

} // namespace

TEST_CASE("a component start function runs before wasi:cli/run", "[component][exe]") {
  if (hostArch() != Arch::X86_64) return;
  std::string err;
  CHECK(compileAndRun("start.wasm", err) == 0); // run saw the global start set
  INFO(err);
}

TEST_CASE("a command component's run result is its exit status", "[component][exe]") {
  if (hostArch() != Arch::X86_64) return;
  std::string err;
  CHECK(compileAndRun("run-ok.wasm", err) == 0); // ok
  INFO(err);
}

TEST_CASE("core modules inside components may use several memories", "[component][exe]") {
  if (hostArch() != Arch::X86_64) return;
  std::string err;
  CHECK(compileAndRun("multi-memory.wasm", err) == 0); // every check in the .wat held
  INFO(err);
}

TEST_CASE("wasi:cli/exit with an error ends the process with status 1", "[component][exe]") {
  if (hostArch() != Arch::X86_64) return;
  std::string err;
  CHECK(compileAndRun("host-exit.wasm", err) == 1);
  INFO(err);
}

TEST_CASE("an import the WASI 0.2 host lacks is a one-line error naming it", "[component][exe]") {
  TempDir dir;
  CliResult c = runCli({fixture("host-missing.wasm"), "-o", dir.file("app")});
  CHECK(c.status == 1);
  CHECK(countLines(c.err) == 1);
  CHECK(c.err.find("import `wasi:sockets/tcp@0.2.0` was not found") != std::string::npos);
  CHECK(c.err.find("does not provide wasi:sockets/tcp") != std::string::npos);
  CHECK(dir.entries().empty());
}

TEST_CASE("plan: the gc option is compiled only for number-like values", "[component][plan]") {
  auto p = planOf("gc-option-string.wasm"); // validates (checked by planOf)
  CHECK_FALSE(p->ok);
  INFO(p->diags.format("gc-option-string.wasm"));
  REQUIRE(p->diags.list().size() == 1);
  CHECK(p->diags.list()[0].message.find("unsupported feature: component model GC") == 0);
}

TEST_CASE("plan: host functions are not lowered with a 64-bit memory", "[component][plan]") {
  component::ComponentFeatures cm64;
  cm64.cm64 = true;
  auto p = planOf("cm64-host.wasm", cm64);
  CHECK_FALSE(p->ok);
  INFO(p->diags.format("cm64-host.wasm"));
  REQUIRE(p->diags.list().size() == 1);
  CHECK(p->diags.list()[0].message ==
        "unsupported feature: host function `get-arguments` of `wasi:cli/environment@0.2.0` "
        "lowered with a 64-bit memory (cm64)");
}

TEST_CASE("--emit writes a component's code as one object, assembly or IR file",
          "[component][driver]") {
  TempDir dir;
  std::string input = fixture("host-exit.wasm");
  REQUIRE(runCli({input, "--emit=llvm", "-O0", "-o", dir.file("c.ll")}).status == 0);
  std::string ir = readText(dir.file("c.ll"));
  CHECK(ir.find("define") != std::string::npos);
  CHECK(ir.find("__w2n_program_main") != std::string::npos); // the instantiation code
  CHECK(ir.find("@w2n_m0_") != std::string::npos);           // and the core module, linked in
  REQUIRE(runCli({input, "--emit=asm", "-o", dir.file("c.s")}).status == 0);
  CHECK(readText(dir.file("c.s")).find("__w2n_program_main:") != std::string::npos);
  CliResult a = runCli({input, "--emit=obj", "--target", "aarch64-linux", "-o", dir.file("c.o")});
  INFO(a.err);
  REQUIRE(a.status == 0);
  ElfFacts f = inspectElf(dir.file("c.o"));
  CHECK(f.type == 1);      // ET_REL
  CHECK(f.machine == 183); // EM_AARCH64
}

TEST_CASE("a function the host's interface lacks is an error naming it", "[component][exe]") {
  TempDir dir;
  CliResult c = runCli({fixture("host-missing-func.wasm"), "-o", dir.file("app")});
  CHECK(c.status == 1);
  CHECK(countLines(c.err) == 1);
  CHECK(c.err.find("no function `no-such-function` in wasi:cli/environment") != std::string::npos);
  CHECK(dir.entries().empty());
}

TEST_CASE("a component that is not a command becomes a program that calls its exports",
          "[component][exe]") {
  TempDir dir;
  CliResult c = runCli({fixture("nested.wasm"), "-o", dir.file("app")});
  INFO(c.err);
  REQUIRE(c.status == 0);
  if (hostArch() != Arch::X86_64) return;
  int runs = 0;
  auto run = [&](std::vector<std::string> argv, std::string &out) {
    // Fresh files each run: the redirection does not truncate.
    ++runs;
    std::string exe = dir.file("app"), outPath = dir.file("out" + std::to_string(runs));
    std::string errPath = dir.file("err" + std::to_string(runs));
    argv.insert(argv.begin(), exe);
    std::vector<llvm::StringRef> refs(argv.begin(), argv.end());
    std::optional<llvm::StringRef> redirects[] = {llvm::StringRef(""), llvm::StringRef(outPath),
                                                  llvm::StringRef(errPath)};
    int status = llvm::sys::ExecuteAndWait(exe, refs, std::nullopt, redirects, 60);
    out = readText(outPath) + readText(errPath);
    return status;
  };
  std::string out;
  // nested.wat: two instances of one component, each exporting make: func() -> own<r>.
  CHECK(run({"--list"}, out) == 0);
  CHECK(out == "a#make: func() -> own<r>\nb#make: func() -> own<r>\n");
  // make() creates a handle whose representation is 42; the host holds it as #42.
  CHECK(run({"a.make()", "b#make()"}, out) == 0);
  CHECK(out == "#42\n#42\n");
  // Two exports answer to make(): one error line, status 1.
  CHECK(run({"make()"}, out) == 1);
  CHECK(out.find("ambiguous") != std::string::npos);
}

#endif

namespace {

// (component (component ...) (instance (instantiate 0)) (instance (instantiate 0))), nested
// `depth` deep: 1 + 2 + 4 + ... + 2^depth component instances.
std::vector<uint8_t> nestedComponent(int depth) {
  const std::vector<uint8_t> preamble = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  auto section = [](std::vector<uint8_t> &out, uint8_t id, const std::vector<uint8_t> &body) {
    out.push_back(id);
    for (size_t n = body.size();; n >>= 7) { // unsigned LEB128
      out.push_back(uint8_t((n & 0x7f) | (n >= 0x80 ? 0x80 : 0)));
      if (n < 0x80) break;
    }
    out.insert(out.end(), body.begin(), body.end());
  };
  std::vector<uint8_t> inner = preamble;
  for (int i = 0; i < depth; ++i) {
    std::vector<uint8_t> outer = preamble;
    section(outer, 4, inner);                       // the nested component
    section(outer, 5, {2, 0x00, 0, 0, 0x00, 0, 0}); // instantiate it twice, no arguments
    inner = std::move(outer);
  }
  return inner;
}

std::unique_ptr<Planned> planBytes(const std::vector<uint8_t> &bytes, const plan::PlanLimits &l) {
  auto p = std::make_unique<Planned>();
  REQUIRE(component::readComponent(bytes.data(), bytes.size(), p->root, p->diags));
  REQUIRE(component::validateComponent(p->root, p->diags, {}));
  p->ok = plan::buildPlan(p->root, p->plan, p->diags, l);
  return p;
}

} // namespace

TEST_CASE("plan: instances are counted before they are made", "[component][plan]") {
  // Two levels: the root, two children, four grandchildren.
  auto fits = planBytes(nestedComponent(2), {7, 1000});
  REQUIRE(fits->ok);
  CHECK(fits->plan.componentInstances == 7);
  auto over = planBytes(nestedComponent(2), {6, 1000});
  CHECK_FALSE(over->ok);
  REQUIRE(over->diags.count() == 1);
  CHECK(over->diags.list()[0].message ==
        "too many component instances: the limit is 6 (--max-instances raises it)");
  // At the instantiation that crossed it: the second entry of the child's instance section
  // (root preamble 8 bytes, section id and size 2, child preamble 8, its component section 2 +
  // 8, instance section id, size and count 3, first entry 3 bytes: 8+2+8+10+3+3 = 34).
  CHECK(over->diags.list()[0].offset == 34);
  // 22 levels (2^23 - 1 instances from 500 bytes) stop at the default limit at once.
  auto nest = planBytes(nestedComponent(22), {});
  CHECK_FALSE(nest->ok);
  REQUIRE(nest->diags.count() == 1);
  CHECK(nest->plan.componentInstances == plan::PlanLimits().maxInstances);
  // With the instance limit out of the way, the definition budget stops it.
  auto budget = planBytes(nestedComponent(22), {UINT32_MAX, 1000});
  CHECK_FALSE(budget->ok);
  REQUIRE(budget->diags.count() == 1);
  CHECK(budget->diags.list()[0].message.find("more than 1000 definitions interpreted") !=
        std::string::npos);
}
