// Target machines for the two supported targets. Only the X86 and AArch64 backends are
// initialized: the compiler cross-compiles between exactly these, whatever the host is.
#include "compiler/codegen/codegen.h"

#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

extern "C" {
void LLVMInitializeX86TargetInfo();
void LLVMInitializeX86Target();
void LLVMInitializeX86TargetMC();
void LLVMInitializeX86AsmPrinter();
void LLVMInitializeX86AsmParser();
void LLVMInitializeAArch64TargetInfo();
void LLVMInitializeAArch64Target();
void LLVMInitializeAArch64TargetMC();
void LLVMInitializeAArch64AsmPrinter();
void LLVMInitializeAArch64AsmParser();
}

namespace w2n {

namespace {

void initializeTargets() {
  static std::once_flag once;
  std::call_once(once, [] {
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86Target();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmPrinter();
    LLVMInitializeX86AsmParser(); // inline assembly
    LLVMInitializeAArch64TargetInfo();
    LLVMInitializeAArch64Target();
    LLVMInitializeAArch64TargetMC();
    LLVMInitializeAArch64AsmPrinter();
    LLVMInitializeAArch64AsmParser();
  });
}

llvm::CodeGenOptLevel codeGenLevel(int optLevel) {
  switch (optLevel) {
  case 0:
    return llvm::CodeGenOptLevel::None;
  case 1:
    return llvm::CodeGenOptLevel::Less;
  case 3:
    return llvm::CodeGenOptLevel::Aggressive;
  default:
    return llvm::CodeGenOptLevel::Default;
  }
}

} // namespace

Arch hostArch() {
#if defined(__aarch64__)
  return Arch::AArch64;
#else
  return Arch::X86_64;
#endif
}

const char *archName(Arch arch) { return arch == Arch::AArch64 ? "aarch64" : "x86_64"; }

const char *targetTriple(Arch arch) {
  return arch == Arch::AArch64 ? "aarch64-unknown-linux-gnu" : "x86_64-unknown-linux-gnu";
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetOptions &opts) {
  initializeTargets();
  if (opts.optLevel < 0 || opts.optLevel > 3)
    return llvm::createStringError("optimization level must be 0..3, not %d", opts.optLevel);

  llvm::Triple triple(targetTriple(opts.arch));
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple.str(), error);
  if (!target)
    return llvm::createStringError("no LLVM backend for %s: %s", triple.str().c_str(),
                                   error.c_str());

  // The default CPUs are portable baselines; x86-64-v2 brings SSE4.1 (roundss for
  // ceil/floor/trunc/nearest) which every x86-64 server of the last decade has. On x86-64 the
  // default is x86-64-v2's instructions with "generic" tuning for current CPUs of both vendors
  // (clang's -march=x86-64-v2 -mtune=generic): tuned for x86-64-v2 itself, LLVM rotates with
  // SHLD, which made hash loops (SipHash, BLAKE3, ChaCha20) twice as slow on AMD Zen as ROL.
  std::string cpu = opts.cpu;
  std::string features;
  if (cpu.empty() && opts.arch == Arch::X86_64) {
    cpu = "generic";
    features = "+cx8,+cx16,+crc32,+sahf,+popcnt,+sse3,+ssse3,+sse4.1,+sse4.2";
  } else if (cpu.empty()) {
    cpu = "generic";
  } else if (cpu == "native") {
    if (opts.arch != hostArch())
      return llvm::createStringError("--cpu native needs the host architecture (%s) as target",
                                     archName(hostArch()));
    cpu = llvm::sys::getHostCPUName().str();
    llvm::SubtargetFeatures featureList;
    for (const auto &feature : llvm::sys::getHostCPUFeatures())
      featureList.AddFeature(feature.first(), feature.second);
    features = featureList.getString();
  }
  // Probe with the empty CPU: constructing subtarget info for an unknown CPU prints a warning.
  std::unique_ptr<llvm::MCSubtargetInfo> probe(target->createMCSubtargetInfo(triple.str(), "", ""));
  if (!probe || !probe->isCPUStringValid(cpu))
    return llvm::createStringError("unknown CPU '%s' for %s", cpu.c_str(), archName(opts.arch));

  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> tm(
      target->createTargetMachine(triple.str(), cpu, features, options,
                                  opts.pic ? llvm::Reloc::PIC_ : llvm::Reloc::Static,
                                  llvm::CodeModel::Small, codeGenLevel(opts.optLevel)));
  if (!tm)
    return llvm::createStringError("cannot create a target machine for %s", triple.str().c_str());
  return tm;
}

void prepareModule(llvm::Module &module, llvm::TargetMachine &tm) {
  module.setTargetTriple(tm.getTargetTriple().str());
  module.setDataLayout(tm.createDataLayout());
}

} // namespace w2n
