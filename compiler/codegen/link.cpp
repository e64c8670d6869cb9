// Linking with lld in-process: the objects plus the embedded runtime archive of the target become
// a static executable. No external linker or sysroot is involved, so cross-linking works on any
// host. lld writes into a private scratch directory and the bytes are handed back: where they go
// (a rename into place, or straight into a device) is the driver's business.
#include "compiler/codegen/codegen.h"

#include "lld/Common/Driver.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ObjCopy/ConfigManager.h"
#include "llvm/ObjCopy/ObjCopy.h"
#include "llvm/Object/Archive.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Object/Binary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

LLD_HAS_DRIVER(elf)

namespace w2n {

namespace {

// lld keeps global state; after a link that it cannot recover from, it must not run again.
bool linkerUsable = true;

// Removes a directory tree when it goes out of scope (the private scratch directory).
struct ScratchDir {
  llvm::SmallString<128> path;
  ~ScratchDir() {
    if (!path.empty()) llvm::sys::fs::remove_directories(path);
  }
};

llvm::Error writeFile(llvm::StringRef path, llvm::StringRef bytes) {
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return llvm::createStringError(ec, "cannot write '%s': %s", path.str().c_str(),
                                   ec.message().c_str());
  out << bytes;
  out.close();
  if (out.has_error())
    return llvm::createStringError(out.error(), "cannot write '%s': %s", path.str().c_str(),
                                   out.error().message().c_str());
  return llvm::Error::success();
}

// lld reports "ld.lld: error: message" lines (some followed by ">>> detail" lines); the first
// error says what went wrong, and the count tells how much more there is.
std::string summarizeLinkErrors(llvm::StringRef output) {
  llvm::SmallVector<llvm::StringRef, 16> lines;
  output.split(lines, '\n', -1, false);
  std::string first;
  size_t errors = 0;
  for (llvm::StringRef line : lines) {
    size_t at = line.find("error: ");
    if (at == llvm::StringRef::npos) continue;
    if (errors++ == 0) first = line.substr(at + 7).str();
  }
  if (errors == 0) return output.empty() ? "link failed" : "link failed: " + output.trim().str();
  std::string message = "link failed: " + first;
  if (errors > 1) message += " (and " + std::to_string(errors - 1) + " more errors)";
  return message;
}

} // namespace

namespace {

// Links objects with `archive` (the embedded runtime) by lld in-process, in a private scratch
// directory; `options` go before the inputs. Returns the linked file's bytes.
llvm::Expected<std::vector<char>> runLinker(Arch arch, llvm::StringRef archive,
                                            std::vector<std::string> options,
                                            const std::vector<std::vector<char>> &objects,
                                            const std::string &versionScript = "") {
  if (!linkerUsable)
    return llvm::createStringError("the in-process linker cannot run again in this process");

  ScratchDir scratch;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("w2n-link", scratch.path))
    return llvm::createStringError(ec, "cannot create a temporary directory: %s",
                                   ec.message().c_str());
  llvm::SmallString<128> archivePath(scratch.path);
  llvm::sys::path::append(archivePath, std::string("libw2nrt-") + archName(arch) + ".a");
  if (llvm::Error err = writeFile(archivePath, archive)) return err;
  llvm::SmallString<128> linkedPath(scratch.path);
  llvm::sys::path::append(linkedPath, "a.out");
  std::vector<std::string> objectPaths;
  for (size_t i = 0; i < objects.size(); ++i) {
    llvm::SmallString<128> path(scratch.path);
    llvm::sys::path::append(path, "part" + std::to_string(i) + ".o");
    if (llvm::Error err = writeFile(path, llvm::StringRef(objects[i].data(), objects[i].size())))
      return err;
    objectPaths.push_back(path.str().str());
  }
  if (!versionScript.empty()) {
    llvm::SmallString<128> scriptPath(scratch.path);
    llvm::sys::path::append(scriptPath, "exports.map");
    if (llvm::Error err = writeFile(scriptPath, versionScript)) return err;
    options.push_back("--version-script=" + scriptPath.str().str());
  }

  std::vector<std::string> args = {"ld.lld", "-m",
                                   arch == Arch::AArch64 ? "aarch64linux" : "elf_x86_64"};
  args.insert(args.end(), options.begin(), options.end());
  args.insert(args.end(), {"-o", linkedPath.str().str()});
  for (const std::string &object : objectPaths)
    args.push_back(object);
  args.push_back(archivePath.str().str());
  std::vector<const char *> argv;
  for (const std::string &arg : args)
    argv.push_back(arg.c_str());

  std::string linkerOutput;
  llvm::raw_string_ostream outStream(linkerOutput), errStream(linkerOutput);
  lld::Result result = lld::lldMain(argv, outStream, errStream, {{lld::Gnu, &lld::elf::link}});
  outStream.flush();
  errStream.flush();
  linkerUsable = result.canRunAgain;
  if (result.retCode != 0) return llvm::createStringError(summarizeLinkErrors(linkerOutput));

  auto linked = llvm::MemoryBuffer::getFile(linkedPath, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!linked)
    return llvm::createStringError(linked.getError(), "cannot read the linked output: %s",
                                   linked.getError().message().c_str());
  llvm::StringRef bytes = (*linked)->getBuffer();
  return std::vector<char>(bytes.begin(), bytes.end());
}

} // namespace

llvm::Expected<std::vector<char>> linkExecutable(Arch arch,
                                                 const std::vector<std::vector<char>> &objects) {
  return runLinker(
      arch, runtimeArchive(arch),
      {"-static", "-e", "_start", "--gc-sections", "-z", "noexecstack", "--build-id=none"},
      objects);
}

llvm::Expected<std::vector<char>> linkSharedLibrary(Arch arch,
                                                    const std::vector<std::vector<char>> &objects,
                                                    const std::string &soname,
                                                    const std::vector<std::string> &exported) {
  // Only the API is exported (a version script makes everything else local, linker-defined
  // symbols too); the host's C library provides malloc and free at load time.
  std::string script = "{\n  global:\n";
  for (const std::string &name : exported)
    script += "    " + name + ";\n";
  script += "  local: *;\n};\n";
  return runLinker(arch, libraryRuntimeArchive(arch),
                   {"-shared", "-soname", soname, "--gc-sections", "-z", "noexecstack", "-z",
                    "relro", "-z", "now", "--build-id=none", "--hash-style=gnu"},
                   objects, script);
}

llvm::Expected<std::vector<char>> writeStaticLibrary(Arch arch,
                                                     const std::vector<std::vector<char>> &objects,
                                                     const std::string &memberName,
                                                     const std::vector<std::string> &exported) {
  // One relocatable object (lld -r: the objects and the runtime members they need), whose
  // symbols are all made local but the API's: two libraries in one host share no symbol, so
  // neither can bind to the other's functions or runtime (their internal names are the same).
  auto combined = runLinker(arch, libraryRuntimeArchive(arch), {"-r"}, objects);
  if (!combined) return combined.takeError();
  llvm::objcopy::ConfigManager config;
  config.Common.InputFilename = memberName;
  config.Common.OutputFilename = memberName;
  auto literal = [](const std::string &name) {
    return llvm::objcopy::NameOrPattern::create(name, llvm::objcopy::MatchStyle::Literal,
                                                [](llvm::Error e) { return e; });
  };
  for (const std::string &name : exported) {
    if (llvm::Error err = config.Common.SymbolsToKeepGlobal.addMatcher(literal(name))) return err;
    // The error functions every library exports alike: weak, so that two libraries link
    // together (either's serves both; their w2n_error is the same).
    if (llvm::StringRef(name).starts_with("w2n_error_"))
      if (llvm::Error err = config.Common.SymbolsToWeaken.addMatcher(literal(name))) return err;
  }
  llvm::MemoryBufferRef input(llvm::StringRef(combined->data(), combined->size()), memberName);
  auto binary = llvm::object::createBinary(input);
  if (!binary) return binary.takeError();
  llvm::SmallVector<char, 0> localized;
  llvm::raw_svector_ostream localizedStream(localized);
  if (llvm::Error err = llvm::objcopy::executeObjcopyOnBinary(config, **binary, localizedStream))
    return err;

  std::vector<llvm::NewArchiveMember> members;
  members.emplace_back(
      llvm::MemoryBufferRef(llvm::StringRef(localized.data(), localized.size()), memberName));
  auto bytes = llvm::writeArchiveToBuffer(members, llvm::SymtabWritingMode::NormalSymtab,
                                          llvm::object::Archive::K_GNU, /*Deterministic=*/true,
                                          /*Thin=*/false);
  if (!bytes) return bytes.takeError();
  llvm::StringRef data = (*bytes)->getBuffer();
  return std::vector<char>(data.begin(), data.end());
}

} // namespace w2n
