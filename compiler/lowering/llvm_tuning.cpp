// applyWasmLLVMTuning (llvm_tuning.h): sets LLVM's global options by name.
#include "compiler/lowering/llvm_tuning.h"

#include "llvm/Support/CommandLine.h"

namespace w2n {

void applyWasmLLVMTuning() {
  llvm::StringMap<llvm::cl::Option *> &options = llvm::cl::getRegisteredOptions();
  auto it = options.find("indvars-widen-indvars");
  if (it != options.end())
    if (auto *flag = static_cast<llvm::cl::opt<bool> *>(it->second)) flag->setValue(false);
}

} // namespace w2n
