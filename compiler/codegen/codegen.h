// From LLVM IR to bytes: target machines for the supported targets, the optimization pipeline,
// object/assembly emission, and linking with lld in-process against the embedded runtime.
#pragma once

#include "llvm/Support/Error.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace w2n {

enum class Arch { X86_64, AArch64 };

struct TargetOptions {
  Arch arch = Arch::X86_64;
  int optLevel = 2; // 0..3
  std::string cpu;  // empty: the portable default for the arch; "native": the host CPU
  bool pic = false; // position-independent code (libraries: a host may be PIE or load a .so)
};

Arch hostArch();
const char *archName(Arch arch);     // "x86_64", "aarch64"
const char *targetTriple(Arch arch); // "x86_64-unknown-linux-gnu", ...

llvm::Expected<std::unique_ptr<llvm::TargetMachine>> createTargetMachine(const TargetOptions &opts);
// Sets the module's triple and data layout for `tm`.
void prepareModule(llvm::Module &module, llvm::TargetMachine &tm);
// Runs the new pass manager's default pipeline for the level (verifies the module first).
llvm::Error optimizeModule(llvm::Module &module, llvm::TargetMachine &tm, int optLevel);

enum class EmitKind { Object, Assembly };
llvm::Expected<std::vector<char>> emitCode(llvm::Module &module, llvm::TargetMachine &tm,
                                           EmitKind kind);

// Large modules are compiled in parts on all cores: the number of parts for `module` (1 for
// small ones) depends only on its size, so output is the same on every machine.
unsigned codegenPartitions(const llvm::Module &module);
// Splits the (optimized) module into `partitions` objects generated in parallel; linked together
// they are equivalent to emitCode's single object. Local symbols of `module` become hidden
// globals in the process, and its functions lose their bodies (their memory is freed).
// `onDone(done, partitions)` is called (from the worker threads) as each object is finished.
llvm::Expected<std::vector<std::vector<char>>>
emitObjectsInParallel(llvm::Module &module, const TargetOptions &opts, unsigned partitions,
                      const std::function<void(size_t, size_t)> &onDone = nullptr);

// Links objects (in memory) with the embedded runtime of `arch` into a static executable and
// returns its bytes (lld works in a private scratch directory, removed afterwards).
// Runs lld in-process; lld keeps global state, so call it at most once per process.
llvm::Expected<std::vector<char>> linkExecutable(Arch arch,
                                                 const std::vector<std::vector<char>> &objects);

// A static library (its bytes): one member, `memberName`, holding the objects and the library
// runtime linked together (lld -r), every symbol local but `exported`. lld runs at most once
// per process.
llvm::Expected<std::vector<char>> writeStaticLibrary(Arch arch,
                                                     const std::vector<std::vector<char>> &objects,
                                                     const std::string &memberName,
                                                     const std::vector<std::string> &exported);
// A shared library linked by lld in-process from the objects and the library runtime (its
// bytes), exporting only `exported`; `soname` is its DT_SONAME. lld runs at most once per process.
llvm::Expected<std::vector<char>> linkSharedLibrary(Arch arch,
                                                    const std::vector<std::vector<char>> &objects,
                                                    const std::string &soname,
                                                    const std::vector<std::string> &exported);

// The embedded runtime archive for `arch`: for executables, and for libraries (PIC, hidden
// symbols, the library entry points instead of the process entry).
llvm::StringRef runtimeArchive(Arch arch);
llvm::StringRef libraryRuntimeArchive(Arch arch);

} // namespace w2n
