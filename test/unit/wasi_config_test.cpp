// The WASI capability configuration: parsing --dir and --env, and the emitted
// `__w2n_wasi_config` constant, whose LLVM layout must equal the C struct w2n_wasi_config of
// wasi-shim/wasi.h (offsets from the C++ compiler) on both targets.
#include "compiler/codegen/codegen.h"
#include "compiler/driver/driver.h"
#include "compiler/lowering/wasi_config.h"
#include "wasi-shim/wasi.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Target/TargetMachine.h"

#include <catch2/catch.hpp>

#include <cstddef>
#include <sstream>

using namespace w2n;

namespace {

std::string errorText(llvm::Error e) { return llvm::toString(std::move(e)); }

// Catch cannot test an llvm::Error or Expected directly (their bool conversion is not const).
bool failed(llvm::Error e) {
  bool f = static_cast<bool>(e);
  llvm::consumeError(std::move(e));
  return f;
}

template <typename T> bool ok(llvm::Expected<T> &e) { return static_cast<bool>(e); }

std::string stringAt(const llvm::Constant *array, unsigned i) {
  auto *g = llvm::cast<llvm::GlobalVariable>(array);
  auto *elem = llvm::cast<llvm::GlobalVariable>(g->getInitializer()->getAggregateElement(i));
  return llvm::cast<llvm::ConstantDataArray>(elem->getInitializer())->getAsCString().str();
}

} // namespace

TEST_CASE("--dir HOST[::GUEST] parsing", "[wasi]") {
  auto plain = parseDirFlag("data");
  REQUIRE(ok(plain));
  CHECK(plain->host == "data");
  CHECK(plain->guest == "data");
  auto mapped = parseDirFlag("/srv/files::/");
  REQUIRE(ok(mapped));
  CHECK(mapped->host == "/srv/files");
  CHECK(mapped->guest == "/");
  auto twice = parseDirFlag("a::b::c"); // split at the first "::"
  REQUIRE(ok(twice));
  CHECK(twice->host == "a");
  CHECK(twice->guest == "b::c");
  for (const char *bad : {"", "::guest", "host::"}) {
    auto r = parseDirFlag(bad);
    REQUIRE_FALSE(ok(r));
    CHECK(errorText(r.takeError()).find("--dir expects HOST or HOST::GUEST") != std::string::npos);
  }
}

TEST_CASE("--env NAME[=VALUE] checking", "[wasi]") {
  CHECK_FALSE(failed(checkEnvFlag("NAME=value")));
  CHECK_FALSE(failed(checkEnvFlag("NAME=")));
  CHECK_FALSE(failed(checkEnvFlag("NAME")));
  CHECK_FALSE(failed(checkEnvFlag("A=b=c")));
  CHECK(errorText(checkEnvFlag("")).find("--env expects") != std::string::npos);
  CHECK(errorText(checkEnvFlag("=value")).find("--env expects") != std::string::npos);
}

TEST_CASE("__w2n_wasi_config matches the C layout on both targets", "[wasi]") {
  WasiConfig config;
  config.preopens = {{"host/a", "a"}, {"/tmp/b", "/b"}};
  config.env = {"X=1", "HOME"};
  config.inheritEnv = true;
  for (Arch arch : {Arch::X86_64, Arch::AArch64}) {
    auto tm = createTargetMachine(TargetOptions{arch, 2, ""});
    REQUIRE(ok(tm));
    llvm::LLVMContext ctx;
    llvm::Module m("config", ctx);
    prepareModule(m, **tm);
    emitWasiConfig(m, config);
    CHECK_FALSE(llvm::verifyModule(m, &llvm::errs()));
    llvm::GlobalVariable *g = m.getGlobalVariable("__w2n_wasi_config");
    REQUIRE(g);
    CHECK(g->isConstant());
    CHECK(g->getLinkage() == llvm::GlobalValue::ExternalLinkage);
    auto *type = llvm::cast<llvm::StructType>(g->getValueType());
    const llvm::StructLayout *sl = m.getDataLayout().getStructLayout(type);
    CHECK(sl->getSizeInBytes() == sizeof(w2n_wasi_config));
    CHECK(sl->getElementOffset(0) == offsetof(w2n_wasi_config, version));
    CHECK(sl->getElementOffset(1) == offsetof(w2n_wasi_config, inherit_env));
    CHECK(sl->getElementOffset(2) == offsetof(w2n_wasi_config, num_preopens));
    CHECK(sl->getElementOffset(3) == offsetof(w2n_wasi_config, num_env));
    CHECK(sl->getElementOffset(4) == offsetof(w2n_wasi_config, preopen_host));
    CHECK(sl->getElementOffset(5) == offsetof(w2n_wasi_config, preopen_guest));
    CHECK(sl->getElementOffset(6) == offsetof(w2n_wasi_config, env));
    llvm::Constant *init = g->getInitializer();
    auto field = [&](unsigned i) {
      return llvm::cast<llvm::ConstantInt>(init->getAggregateElement(i))->getZExtValue();
    };
    CHECK(field(0) == W2N_WASI_CONFIG_VERSION);
    CHECK(field(1) == 1);
    CHECK(field(2) == 2);
    CHECK(field(3) == 2);
    CHECK(stringAt(init->getAggregateElement(4), 0) == "host/a");
    CHECK(stringAt(init->getAggregateElement(4), 1) == "/tmp/b");
    CHECK(stringAt(init->getAggregateElement(5), 1) == "/b");
    CHECK(stringAt(init->getAggregateElement(6), 0) == "X=1");
    CHECK(stringAt(init->getAggregateElement(6), 1) == "HOME");
  }
}

TEST_CASE("an empty configuration grants nothing", "[wasi]") {
  auto tm = createTargetMachine(TargetOptions{Arch::X86_64, 2, ""});
  REQUIRE(ok(tm));
  llvm::LLVMContext ctx;
  llvm::Module m("config", ctx);
  prepareModule(m, **tm);
  emitWasiConfig(m, WasiConfig{});
  llvm::Constant *init = m.getGlobalVariable("__w2n_wasi_config")->getInitializer();
  for (unsigned i = 1; i < 4; ++i)
    CHECK(llvm::cast<llvm::ConstantInt>(init->getAggregateElement(i))->isZero());
  for (unsigned i = 4; i < 7; ++i)
    CHECK(llvm::isa<llvm::ConstantPointerNull>(init->getAggregateElement(i)));
}

TEST_CASE("the command line takes one value per --dir and --env", "[wasi]") {
  auto run = [](std::vector<const char *> args, std::string &err) {
    std::ostringstream out, errors;
    int status = driver::runCommandLine(static_cast<int>(args.size()), args.data(), out, errors);
    err = errors.str();
    return status;
  };
  std::string err;
  // The input after --dir/--env is the input, not a second value (it does not exist: read error).
  CHECK(run({"wasm2native", "--dir", "a", "--env", "X=1", "missing-input.wasm"}, err) == 1);
  CHECK(err.find("missing-input.wasm") != std::string::npos);
  CHECK(err.find("no input file") == std::string::npos);
  CHECK(run({"wasm2native", "in.wasm", "--dir", "::guest"}, err) == 1);
  CHECK(err == "wasm2native: error: --dir expects HOST or HOST::GUEST with non-empty paths, got "
               "'::guest'\n");
  CHECK(run({"wasm2native", "in.wasm", "--env", "=v"}, err) == 1);
  CHECK(err == "wasm2native: error: --env expects NAME=VALUE or NAME, got '=v'\n");
}
