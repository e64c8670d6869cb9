// The codegen library under the driver: target machines, the verifying optimizer, in-memory
// emission (one object, or several in parallel), and the embedded runtime archives. Linking is
// tested through the real binary (driver_exe_test.cpp): lld links once per process.
#include "test/unit/driver_test_support.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Object/Archive.h"
#include "llvm/Target/TargetMachine.h"

#include <catch2/catch.hpp>

using namespace w2n;
using namespace w2n::test;

namespace {

std::unique_ptr<llvm::TargetMachine> machine(Arch arch, int optLevel = 2) {
  TargetOptions opts;
  opts.arch = arch;
  opts.optLevel = optLevel;
  auto tm = createTargetMachine(opts);
  REQUIRE(static_cast<bool>(tm));
  return std::move(*tm);
}

// `count` functions f0..fN-1 (i32 -> i32, a little arithmetic each) and "__w2n_program_main".
std::unique_ptr<llvm::Module> sampleModule(llvm::LLVMContext &context, llvm::TargetMachine &tm,
                                           int count) {
  auto module = std::make_unique<llvm::Module>("sample", context);
  prepareModule(*module, tm);
  llvm::IRBuilder<> b(context);
  auto *type = llvm::FunctionType::get(b.getInt32Ty(), {b.getInt32Ty()}, false);
  for (int i = 0; i < count; ++i) {
    // (A Twine: GCC 12 warns falsely about "f" + std::to_string(i).)
    auto *f = llvm::Function::Create(type, llvm::Function::ExternalLinkage,
                                     llvm::Twine("f") + llvm::Twine(i), *module);
    f->addFnAttr(llvm::Attribute::NoInline);
    b.SetInsertPoint(llvm::BasicBlock::Create(context, "entry", f));
    llvm::Value *x = b.CreateMul(f->getArg(0), b.getInt32(i + 3));
    b.CreateRet(b.CreateXor(x, b.getInt32(i)));
  }
  auto *main =
      llvm::Function::Create(llvm::FunctionType::get(b.getInt32Ty(), false),
                             llvm::Function::ExternalLinkage, "__w2n_program_main", *module);
  b.SetInsertPoint(llvm::BasicBlock::Create(context, "entry", main));
  b.CreateRet(b.getInt32(42));
  return module;
}

uint16_t elfMachine(const std::vector<char> &object) {
  REQUIRE(object.size() > 20);
  REQUIRE(std::string(object.data(), 4) == "\x7f"
                                           "ELF");
  return uint16_t(uint8_t(object[18]) | uint8_t(object[19]) << 8);
}

} // namespace

TEST_CASE("target machines for both targets with portable default CPUs", "[codegen]") {
  auto x86 = machine(Arch::X86_64);
  CHECK(x86->getTargetTriple().str() == "x86_64-unknown-linux-gnu");
  // x86-64-v2's instructions, generic tuning (see target.cpp)
  CHECK(x86->getTargetCPU() == "generic");
  CHECK(x86->getTargetFeatureString().contains("+sse4.2"));
  CHECK(x86->getTargetFeatureString().contains("+popcnt"));
  CHECK(x86->getRelocationModel() == llvm::Reloc::Static);
  auto arm = machine(Arch::AArch64);
  CHECK(arm->getTargetTriple().str() == "aarch64-unknown-linux-gnu");
  CHECK(arm->getTargetCPU() == "generic");
  CHECK(std::string(archName(Arch::AArch64)) == "aarch64");
}

TEST_CASE("target machine errors", "[codegen]") {
  TargetOptions opts;
  opts.optLevel = 4;
  CHECK(!static_cast<bool>(createTargetMachine(opts)));
  llvm::consumeError(createTargetMachine(opts).takeError());
  opts.optLevel = 2;
  opts.cpu = "no-such-cpu";
  auto unknown = createTargetMachine(opts);
  REQUIRE(!unknown);
  CHECK(llvm::toString(unknown.takeError()).find("no-such-cpu") != std::string::npos);
  opts.cpu = "native";
  opts.arch = hostArch() == Arch::X86_64 ? Arch::AArch64 : Arch::X86_64;
  auto foreign = createTargetMachine(opts);
  REQUIRE(!foreign);
  CHECK(llvm::toString(foreign.takeError()).find("native") != std::string::npos);
  opts.arch = hostArch();
  CHECK(static_cast<bool>(createTargetMachine(opts)));
}

TEST_CASE("optimizeModule rejects invalid IR with an error instead of crashing", "[codegen]") {
  auto tm = machine(Arch::X86_64);
  llvm::LLVMContext context;
  llvm::Module module("bad", context);
  prepareModule(module, *tm);
  auto *f = llvm::Function::Create(llvm::FunctionType::get(llvm::Type::getVoidTy(context), false),
                                   llvm::Function::ExternalLinkage, "f", module);
  llvm::BasicBlock::Create(context, "entry", f); // no terminator
  llvm::Error err = optimizeModule(module, *tm, 2);
  REQUIRE(static_cast<bool>(err));
  CHECK(llvm::toString(std::move(err)).find("invalid LLVM IR") != std::string::npos);
}

TEST_CASE("emitCode: objects and assembly for both targets, deterministic", "[codegen]") {
  for (Arch arch : {Arch::X86_64, Arch::AArch64}) {
    for (int level : {0, 2}) {
      auto tm = machine(arch, level);
      llvm::LLVMContext context;
      std::vector<char> first, second;
      for (std::vector<char> *out : {&first, &second}) {
        auto module = sampleModule(context, *tm, 3);
        REQUIRE(!optimizeModule(*module, *tm, level));
        auto object = emitCode(*module, *tm, EmitKind::Object);
        REQUIRE(static_cast<bool>(object));
        *out = std::move(*object);
      }
      CHECK(elfMachine(first) == (arch == Arch::X86_64 ? 62 : 183));
      CHECK(first == second);
      auto module = sampleModule(context, *tm, 1);
      auto assembly = emitCode(*module, *tm, EmitKind::Assembly);
      REQUIRE(static_cast<bool>(assembly));
      CHECK(std::string(assembly->begin(), assembly->end()).find("__w2n_program_main:") !=
            std::string::npos);
    }
  }
}

TEST_CASE("parallel emission: one object per partition, same bytes every time", "[codegen]") {
  auto tm = machine(Arch::X86_64);
  TargetOptions opts;
  std::vector<std::vector<char>> runs[2];
  for (auto &run : runs) {
    llvm::LLVMContext context;
    auto module = sampleModule(context, *tm, 12);
    REQUIRE(!optimizeModule(*module, *tm, 2));
    CHECK(codegenPartitions(*module) == 1); // small: not worth splitting
    auto objects = emitObjectsInParallel(*module, opts, 3);
    REQUIRE(static_cast<bool>(objects));
    run = std::move(*objects);
  }
  REQUIRE(runs[0].size() == 3);
  for (const std::vector<char> &object : runs[0])
    CHECK(elfMachine(object) == 62);
  CHECK(runs[0] == runs[1]);
}

TEST_CASE("the embedded runtime archives define the process entry", "[codegen]") {
  for (Arch arch : {Arch::X86_64, Arch::AArch64}) {
    llvm::StringRef bytes = runtimeArchive(arch);
    REQUIRE(bytes.starts_with("!<arch>\n"));
    auto archive = llvm::object::Archive::create(llvm::MemoryBufferRef(bytes, "runtime"));
    REQUIRE(static_cast<bool>(archive));
    bool hasStart = false;
    for (const auto &symbol : (*archive)->symbols())
      hasStart |= symbol.getName() == "_start";
    CHECK(hasStart);
  }
}
