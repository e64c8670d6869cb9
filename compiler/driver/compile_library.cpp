// --emit=lib and --emit=shared for a component: the instantiation code with the C API of
// component_library.h, every core module, all position-independent with only the API visible,
// as a static archive (with the library runtime's members) or a shared object linked by lld; and
// the C header beside it.
#include "compiler/driver/cache.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/report.h"

#include "compiler/lowering/component_c_names.h"
#include "compiler/lowering/component_library.h"
#include "compiler/lowering/component_main.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

namespace w2n::driver {

namespace {

// "build/libcalc.so" -> "calc": the name the library's C identifiers start with.
std::string libraryStem(const std::string &outputPath) {
  llvm::StringRef stem = llvm::sys::path::stem(outputPath);
  stem.consume_front("lib");
  return stem.empty() ? "component" : stem.str();
}

} // namespace

std::string defaultHeaderPath(const std::string &outputPath) {
  llvm::SmallString<256> path(outputPath);
  llvm::sys::path::remove_filename(path);
  llvm::sys::path::append(path, libraryStem(outputPath) + ".h");
  return path.str().str();
}

llvm::Error compileComponentLibrary(const plan::Plan &plan, const std::string &inputPath,
                                    const std::string &outputPath, const CompileOptions &given) {
  CompileOptions options = given;
  options.target.pic = true;
  // A library written into a device or FIFO (-o /dev/null) has no directory to put a header
  // beside: then there is a header only when --header names one.
  std::string headerPath = !options.header.empty()      ? options.header
                           : isDeviceOrFifo(outputPath) ? ""
                                                        : defaultHeaderPath(outputPath);
  if (!headerPath.empty())
    if (llvm::Error err = checkOutputPath(headerPath)) return err;
  std::string prefix = plan::cIdent(libraryStem(outputPath));

  // The instantiation code and the API; the header from the same description.
  std::string header;
  std::vector<std::string> api;
  auto objects = runPipeline(
      "component-library", options, Emit::Object,
      [&](llvm::Module &ir, llvm::TargetMachine &) -> llvm::Error {
        Diagnostics diags;
        ComponentLibrary lib;
        if (!emitComponentMain(plan, ComponentMainKind::Library, ir, diags, &lib))
          return llvm::make_error<InputError>(inputPath, std::move(diags));
        api = emitLibraryApi(plan, lib, prefix, ir);
        hideForLibrary(ir, api);
        header = libraryHeader(plan, lib, prefix, llvm::sys::path::filename(inputPath).str());
        return llvm::Error::success();
      });
  if (!objects) return objects.takeError();

  // Every core module, once, with nothing of it visible outside the library (or from the build
  // cache: see compile_component.cpp).
  ObjectCache cache(cacheDirectory(options));
  for (uint32_t i = 0; i < plan.modules.size(); ++i) {
    ReportPhase phase("core module", fmt::format("{} of {}", i + 1, plan.modules.size()));
    std::string prefix = componentModulePrefix(i);
    auto moduleObjects = cachedModuleObjects(cache, *plan.modules[i], options, prefix, "lib", [&] {
      return runPipeline(prefix + "module", options, Emit::ExecutableObjects,
                         [&](llvm::Module &ir, llvm::TargetMachine &) -> llvm::Error {
                           if (llvm::Error err = lowerInto(*plan.modules[i], inputPath, ir, options,
                                                           prefix, false))
                             return err;
                           hideForLibrary(ir, {});
                           return llvm::Error::success();
                         });
    });
    if (!moduleObjects) return moduleObjects.takeError();
    for (std::vector<char> &object : *moduleObjects)
      objects->push_back(std::move(object));
  }

  if (cache.enabled())
    reportNote(fmt::format("cache: {} hits, {} misses", cache.hits(), cache.misses()));
  bool shared = options.emit == OutputKind::SharedLibrary;
  ReportPhase phase("link and write");
  auto library = shared ? linkSharedLibrary(options.target.arch, *objects,
                                            llvm::sys::path::filename(outputPath).str(), api)
                        : writeStaticLibrary(options.target.arch, *objects,
                                             llvm::sys::path::stem(outputPath).str() + ".o", api);
  if (!library) return library.takeError();
  // The header first: a library without its header is not usable, a header alone is harmless
  // and replaced next time.
  if (!headerPath.empty())
    if (llvm::Error err =
            writeOutputFile(headerPath, llvm::ArrayRef<char>(header.data(), header.size())))
      return err;
  return writeOutputFile(outputPath, *library, /*executable=*/shared);
}

} // namespace w2n::driver
