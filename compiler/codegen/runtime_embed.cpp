// Access to the runtime archives that the build embeds in the compiler (runtime-lib/CMakeLists.txt
// generates an .incbin file defining w2n_runtime_<arch>_begin/_end for executables and
// w2n_runtime_lib_<arch>_begin/_end for libraries), so that linking for any supported target needs
// nothing from the build machine. For runtime development, the environment variable
// W2N_RUNTIME_ARCHIVE_<ARCH> (X86_64 / AARCH64) names an executable runtime archive to link
// instead, so a rebuilt runtime can be tried without relinking the compiler.
#include "compiler/codegen/codegen.h"

#include "llvm/Support/MemoryBuffer.h"

#include <cstdlib>
#include <memory>

extern "C" {
extern const char w2n_runtime_x86_64_begin[], w2n_runtime_x86_64_end[];
extern const char w2n_runtime_aarch64_begin[], w2n_runtime_aarch64_end[];
extern const char w2n_runtime_lib_x86_64_begin[], w2n_runtime_lib_x86_64_end[];
extern const char w2n_runtime_lib_aarch64_begin[], w2n_runtime_lib_aarch64_end[];
}

namespace w2n {

namespace {

// The override archive's contents, read once per process (kept for the process's lifetime).
llvm::StringRef overrideArchive(const char *variable) {
  static std::unique_ptr<llvm::MemoryBuffer> buffers[2];
  const char *path = std::getenv(variable);
  if (!path || !*path) return {};
  std::unique_ptr<llvm::MemoryBuffer> &slot = buffers[variable[20] == 'A' ? 1 : 0];
  if (!slot) {
    auto buffer = llvm::MemoryBuffer::getFile(path);
    if (!buffer) return {};
    slot = std::move(*buffer);
  }
  return slot->getBuffer();
}

} // namespace

llvm::StringRef libraryRuntimeArchive(Arch arch) {
  if (arch == Arch::AArch64)
    return llvm::StringRef(w2n_runtime_lib_aarch64_begin,
                           w2n_runtime_lib_aarch64_end - w2n_runtime_lib_aarch64_begin);
  return llvm::StringRef(w2n_runtime_lib_x86_64_begin,
                         w2n_runtime_lib_x86_64_end - w2n_runtime_lib_x86_64_begin);
}

llvm::StringRef runtimeArchive(Arch arch) {
  if (arch == Arch::AArch64) {
    if (llvm::StringRef o = overrideArchive("W2N_RUNTIME_ARCHIVE_AARCH64"); !o.empty()) return o;
    return llvm::StringRef(w2n_runtime_aarch64_begin,
                           w2n_runtime_aarch64_end - w2n_runtime_aarch64_begin);
  }
  if (llvm::StringRef o = overrideArchive("W2N_RUNTIME_ARCHIVE_X86_64"); !o.empty()) return o;
  return llvm::StringRef(w2n_runtime_x86_64_begin,
                         w2n_runtime_x86_64_end - w2n_runtime_x86_64_begin);
}

} // namespace w2n
