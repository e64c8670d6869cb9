// File input and output for the driver: whole-file reads, output paths checked before the work
// starts, and output writes: atomic (temporary file in the target directory, renamed into place)
// for regular files and new paths, straight into the file for devices and FIFOs (`-o /dev/null`
// must never replace /dev/null).
#include "compiler/driver/driver.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
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

namespace {

llvm::Error outputError(const std::string &path, const std::string &reason) {
  return llvm::createStringError("cannot write '%s': %s", path.c_str(), reason.c_str());
}

// What is at the output path now (symbolic links followed): nothing, something to replace, or a
// device or FIFO to write into. Sockets and directories are refused.
enum class OutputTarget { Replace, WriteInto };

llvm::Expected<OutputTarget> classifyOutput(const std::string &path) {
  if (path.empty()) return llvm::createStringError("the output path is empty");
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return OutputTarget::Replace; // new, or a dangling link
  if (S_ISDIR(st.st_mode)) return outputError(path, "it is a directory");
  if (S_ISSOCK(st.st_mode)) return outputError(path, "it is a socket");
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode))
    return OutputTarget::WriteInto;
  return OutputTarget::Replace;
}

// Writes all of `bytes` into an existing device or FIFO: no temporary file, no rename, no chmod.
llvm::Error writeInto(const std::string &path, llvm::ArrayRef<char> bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return outputError(path, std::strerror(errno));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int saved = n < 0 ? errno : EIO;
      ::close(fd);
      return outputError(path, std::strerror(saved));
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0 && errno != EINTR) return outputError(path, std::strerror(errno));
  return llvm::Error::success();
}

// A temporary file beside the target renamed over it: readers never see a partial file and a
// failure leaves nothing behind. A symbolic link at the path is replaced, as ld and lld do.
llvm::Error replaceAtomically(const std::string &path, llvm::ArrayRef<char> bytes,
                              bool executable) {
  unsigned mode = llvm::sys::fs::all_read | llvm::sys::fs::all_write;
  if (executable) mode |= llvm::sys::fs::all_exe; // then narrowed by the umask, as cc does
  llvm::Expected<llvm::sys::fs::TempFile> temp =
      llvm::sys::fs::TempFile::create(path + ".w2n-tmp-%%%%%%%%", mode);
  if (!temp) {
    std::error_code ec = llvm::errorToErrorCode(temp.takeError());
    return outputError(path, ec.message());
  }
  {
    llvm::raw_fd_ostream out(temp->FD, /*shouldClose=*/false);
    out.write(bytes.data(), bytes.size());
    out.flush();
    if (out.has_error()) {
      std::string message = out.error().message();
      out.clear_error();
      llvm::consumeError(temp->discard());
      return outputError(path, message);
    }
  }
  if (llvm::Error err = temp->keep(path)) {
    std::error_code ec = llvm::errorToErrorCode(std::move(err));
    llvm::consumeError(temp->discard());
    return outputError(path, ec.message());
  }
  return llvm::Error::success();
}

} // namespace

llvm::Error checkOutputPath(const std::string &path) {
  auto target = classifyOutput(path);
  if (!target) return target.takeError();
  if (*target == OutputTarget::WriteInto) {
    if (::access(path.c_str(), W_OK) != 0) return outputError(path, std::strerror(errno));
    return llvm::Error::success();
  }
  llvm::SmallString<256> dir(path);
  llvm::sys::path::remove_filename(dir);
  if (dir.empty()) dir = ".";
  if (!llvm::sys::fs::is_directory(dir))
    return outputError(path, "directory '" + dir.str().str() + "' does not exist");
  // The output is created in its directory and renamed over the target, so the directory must
  // be writable (access() also honours read-only mounts).
  if (::access(dir.c_str(), W_OK | X_OK) != 0) return outputError(path, std::strerror(errno));
  return llvm::Error::success();
}

bool isDeviceOrFifo(const std::string &path) {
  auto target = classifyOutput(path);
  if (!target) {
    llvm::consumeError(target.takeError());
    return false;
  }
  return *target == OutputTarget::WriteInto;
}

llvm::Error writeOutputFile(const std::string &path, llvm::ArrayRef<char> bytes, bool executable) {
  auto target = classifyOutput(path);
  if (!target) return target.takeError();
  if (*target == OutputTarget::WriteInto) return writeInto(path, bytes);
  return replaceAtomically(path, bytes, executable);
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
  case OutputKind::StaticLibrary:
    return "lib" + base + ".a";
  case OutputKind::SharedLibrary:
    return "lib" + base + ".so";
  case OutputKind::Executable:
    break;
  }
  // Without a .wasm suffix the plain name could be the input itself.
  return hadWasmSuffix ? base : base + ".out";
}

} // namespace w2n::driver
