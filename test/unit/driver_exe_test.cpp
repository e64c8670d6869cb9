// The real wasm2native binary (its path comes from the build as W2N_WASM2NATIVE) making static
// executables: they run and exit with the status the module asked for, natively and as AArch64
// under qemu-aarch64-static, and a failed link leaves nothing behind. A process per compile,
// because lld links once per process.
#include "test/unit/driver_test_support.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Program.h"

#include <catch2/catch.hpp>

#ifdef W2N_WASM2NATIVE

using namespace w2n::test;

namespace {

int run(const std::string &program, std::vector<std::string> args, std::string *errText = nullptr,
        const std::string &errPath = "") {
  args.insert(args.begin(), program);
  std::vector<llvm::StringRef> refs(args.begin(), args.end());
  std::optional<llvm::StringRef> redirects[] = {llvm::StringRef(""), llvm::StringRef(""),
                                                llvm::StringRef(errPath)};
  int status = llvm::sys::ExecuteAndWait(
      program, refs, std::nullopt,
      errPath.empty() ? llvm::ArrayRef<std::optional<llvm::StringRef>>() : redirects, 120);
  if (errText && !errPath.empty()) *errText = readText(errPath);
  return status;
}

} // namespace

TEST_CASE("wasm2native makes a static x86-64 executable that runs", "[driver][exe]") {
  TempDir dir;
  std::string input = dir.file("exit7.wasm");
  writeBytes(input, kExit7Module);
  std::string err;
  REQUIRE(run(W2N_WASM2NATIVE, {input, "-o", dir.file("exit7"), "--target", "x86_64-linux"}, &err,
              dir.file("err.txt")) == 0);
  INFO(err);
  ElfFacts elf = inspectElf(dir.file("exit7"));
  CHECK(elf.type == 2);     // ET_EXEC
  CHECK(elf.machine == 62); // EM_X86_64
  CHECK(!elf.hasInterpreter);
  CHECK(!elf.hasDynamic);
  if (w2n::hostArch() == w2n::Arch::X86_64) CHECK(run(dir.file("exit7"), {}) == 7); // proc_exit(7)
  // Only the input, the executable and the captured stderr: no temporary files left.
  CHECK(dir.entries().size() == 3);
}

TEST_CASE("--features exceptions compiles a standalone module that throws and catches",
          "[driver][exe]") {
  TempDir dir;
  std::string input = dir.file("throw42.wasm");
  writeBytes(input, kThrow42Module);
  std::string err;
  // Without the feature a standalone module is Wasm 2.0: one line, status 1, no output.
  CHECK(run(W2N_WASM2NATIVE, {input, "-o", dir.file("plain")}, &err, dir.file("err1.txt")) == 1);
  CHECK(err.find("unsupported feature: exception handling (tag section; --features exceptions "
                 "turns it on)") != std::string::npos);
  CHECK_FALSE(llvm::sys::fs::exists(dir.file("plain")));
  REQUIRE(run(W2N_WASM2NATIVE, {input, "-o", dir.file("throw42"), "--features", "exceptions"}, &err,
              dir.file("err2.txt")) == 0);
  INFO(err);
  CHECK(run(dir.file("throw42"), {}) == 42); // the caught payload reaches proc_exit
}

TEST_CASE("--target aarch64-linux makes an AArch64 executable", "[driver][exe]") {
  TempDir dir;
  std::string input = dir.file("exit7.wasm");
  writeBytes(input, kExit7Module);
  REQUIRE(run(W2N_WASM2NATIVE, {input, "-o", dir.file("exit7"), "--target", "aarch64-linux"}) == 0);
  ElfFacts elf = inspectElf(dir.file("exit7"));
  CHECK(elf.type == 2);
  CHECK(elf.machine == 183); // EM_AARCH64
  CHECK(!elf.hasInterpreter);
  CHECK(!elf.hasDynamic);
  auto qemu = llvm::sys::findProgramByName("qemu-aarch64-static");
  if (!qemu) {
    WARN("qemu-aarch64-static not installed: not running the AArch64 executable");
    return;
  }
  CHECK(run(*qemu, {dir.file("exit7")}) == 7);
}

TEST_CASE("the default output is the input's name without .wasm, in the current directory",
          "[driver][exe]") {
  TempDir dir;
  writeBytes(dir.file("prog.wasm"), kExit7Module);
  llvm::SmallString<256> cwd;
  llvm::sys::fs::current_path(cwd);
  llvm::sys::fs::set_current_path(dir.path);
  int status = run(W2N_WASM2NATIVE, {"prog.wasm"});
  llvm::sys::fs::set_current_path(cwd);
  REQUIRE(status == 0);
  CHECK(inspectElf(dir.file("prog")).type == 2);
}

TEST_CASE("an unknown import fails to compile with one error line and no output", "[driver][exe]") {
  // (module (import "env" "nope" (func)) (func (export "_start") call 0))
  const std::vector<uint8_t> module = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00,
      0x00, 0x02, 0x0c, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x04, 0x6e, 0x6f, 0x70, 0x65,
      0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x0a, 0x01, 0x06, 0x5f, 0x73, 0x74,
      0x61, 0x72, 0x74, 0x00, 0x01, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x10, 0x00, 0x0b};
  TempDir dir;
  std::string input = dir.file("imp.wasm");
  writeBytes(input, module);
  std::string err;
  CHECK(run(W2N_WASM2NATIVE, {input, "-o", dir.file("imp")}, &err, dir.file("err.txt")) == 1);
  CHECK(countLines(err) == 1);
  CHECK(err.find("nope") != std::string::npos);
  CHECK(!llvm::sys::fs::exists(dir.file("imp")));
}

#endif
