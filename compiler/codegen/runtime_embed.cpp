// Access to the runtime archives that the build embeds in the compiler (runtime-lib/CMakeLists.txt
// generates an .incbin file defining w2n_runtime_<arch>_begin/_end), so that linking for any
// supported target needs nothing from the build machine.
#include "compiler/codegen/codegen.h"

extern "C" {
extern const char w2n_runtime_x86_64_begin[], w2n_runtime_x86_64_end[];
extern const char w2n_runtime_aarch64_begin[], w2n_runtime_aarch64_end[];
}

namespace w2n {

llvm::StringRef runtimeArchive(Arch arch) {
  if (arch == Arch::AArch64)
    return llvm::StringRef(w2n_runtime_aarch64_begin,
                           w2n_runtime_aarch64_end - w2n_runtime_aarch64_begin);
  return llvm::StringRef(w2n_runtime_x86_64_begin,
                         w2n_runtime_x86_64_end - w2n_runtime_x86_64_begin);
}

} // namespace w2n
