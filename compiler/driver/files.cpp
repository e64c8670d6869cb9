// File input and output for the driver: whole-file reads, output paths checked before the work
// starts, and atomic writes (temporary file in the target directory, renamed into place).
#include "compiler/driver/driver.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace w2n::driver {

llvm::Expected<std::vector<uint8_t>> readInputFile(const std::string &path) {
  if (llvm::sys::fs::is_directory(path))
    return llvm::createStringError(std::make_error_code(std::errc::is_a_directory),
                                   "cannot read '%s': it is a directory", path.c_str());
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer)
    return llvm::createStringError(buffer.getError(), "cannot read '%s': %s", path.c_str(),
                                   buffer.getError().message().c_str());
  llvm::StringRef data = (*buffer)->getBuffer();
  return std::vector<uint8_t>(data.bytes_begin(), data.bytes_end());
}

llvm::Error checkOutputPath(const std::string &path) {
  if (path.empty()) return llvm::createStringError("the output path is empty");
  if (llvm::sys::fs::is_directory(path))
    return llvm::createStringError("cannot write '%s': it is a directory", path.c_str());
  llvm::SmallString<256> dir(path);
  llvm::sys::path::remove_filename(dir);
  if (dir.empty()) dir = ".";
  if (!llvm::sys::fs::is_directory(dir))
    return llvm::createStringError("cannot write '%s': directory '%s' does not exist", path.c_str(),
                                   dir.c_str());
  // The output is created in its directory and renamed over the target, so the directory must
  // be writable (access() also honours read-only mounts).
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    return llvm::createStringError("cannot write '%s': %s", path.c_str(), std::strerror(errno));
  return llvm::Error::success();
}

llvm::Error writeFileAtomically(const std::string &path, llvm::ArrayRef<char> bytes) {
  llvm::Expected<llvm::sys::fs::TempFile> temp =
      llvm::sys::fs::TempFile::create(path + ".w2n-tmp-%%%%%%%%");
  if (!temp)
    return llvm::createStringError("cannot write '%s': %s", path.c_str(),
                                   llvm::toString(temp.takeError()).c_str());
  {
    llvm::raw_fd_ostream out(temp->FD, /*shouldClose=*/false);
    out.write(bytes.data(), bytes.size());
    out.flush();
    if (out.has_error()) {
      std::string message = out.error().message();
      out.clear_error();
      llvm::consumeError(temp->discard());
      return llvm::createStringError("cannot write '%s': %s", path.c_str(), message.c_str());
    }
  }
  if (llvm::Error err = temp->keep(path)) {
    std::string message = llvm::toString(std::move(err));
    llvm::consumeError(temp->discard());
    return llvm::createStringError("cannot write '%s': %s", path.c_str(), message.c_str());
  }
  return llvm::Error::success();
}

std::string defaultOutputPath(const std::string &inputPath, OutputKind emit) {
  std::string name = llvm::sys::path::filename(inputPath).str();
  llvm::StringRef stem(name);
  bool hadWasmSuffix = stem.consume_back(".wasm");
  std::string base = stem.empty() ? "a" : stem.str();
  switch (emit) {
  case OutputKind::Object:
    return base + ".o";
  case OutputKind::Assembly:
    return base + ".s";
  case OutputKind::LlvmIr:
    return base + ".ll";
  case OutputKind::Executable:
    break;
  }
  // Without a .wasm suffix the plain name could be the input itself.
  return hadWasmSuffix ? base : base + ".out";
}

} // namespace w2n::driver
