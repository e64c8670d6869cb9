// The component pipeline: decode and validate the component, interpret its instantiation into a
// flat plan (static instantiation), lower every core module it instantiates into an object of
// its own (module i with the symbol prefix w2n_m<i>_), emit the instantiation code and program
// main, and link everything with the runtime and the WASI 0.2 host (or, for --emit, link their
// LLVM modules into one and emit that).
#include "compiler/driver/cache.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/report.h"

#include "compiler/frontend/component/component_api.h"
#include "compiler/lowering/component_main.h"
#include "compiler/lowering/component_plan.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Target/TargetMachine.h"

#include <fmt/format.h>
#include <optional>

namespace w2n::driver {

namespace {

// The instantiation code and program main of a plan, with the executable's WASI configuration.
llvm::Error buildComponentMain(const plan::Plan &plan, const std::string &inputPath,
                               const CompileOptions &options, llvm::Module &ir) {
  Diagnostics diags;
  ComponentMainKind kind =
      options.componentScript ? ComponentMainKind::Script : programKindOf(plan);
  if (!emitComponentMain(plan, kind, ir, diags, nullptr, options.trapUnknownImports))
    return llvm::make_error<InputError>(inputPath, std::move(diags));
  emitWasiConfig(ir, options.wasi);
  return llvm::Error::success();
}

// --emit=obj/asm/llvm: the instantiation code and every core module linked into one LLVM module
// (their symbols are prefixed apart), optimized and emitted as one file.
llvm::Error linkComponentModules(const plan::Plan &plan, const std::string &inputPath,
                                 const CompileOptions &options, llvm::Module &ir,
                                 llvm::TargetMachine &tm) {
  if (llvm::Error err = buildComponentMain(plan, inputPath, options, ir)) return err;
  for (uint32_t i = 0; i < plan.modules.size(); ++i) {
    auto part = std::make_unique<llvm::Module>(inputPath, ir.getContext());
    prepareModule(*part, tm);
    if (llvm::Error err =
            lowerInto(*plan.modules[i], inputPath, *part, options, componentModulePrefix(i), false))
      return err;
    if (llvm::Linker::linkModules(ir, std::move(part)))
      return llvm::createStringError(std::errc::invalid_argument,
                                     "internal error: linking the component's modules failed");
  }
  return llvm::Error::success();
}

} // namespace

llvm::Error compileComponent(llvm::ArrayRef<uint8_t> bytes, const std::string &inputPath,
                             const std::string &outputPath, const CompileOptions &options) {
  // Frontend: decode, validate, and interpret the instantiation.
  Diagnostics diags;
  component::Component root;
  plan::Plan plan;
  Plugs plugs; // --plug: read, validated and checked with the root; the plan points into them
  {
    ReportPhase phase("decode and validate");
    if (!component::readComponent(bytes.data(), bytes.size(), root, diags))
      return llvm::make_error<InputError>(inputPath, std::move(diags));
    if (llvm::Error err = validateWithPlugs(root, inputPath, options, plugs)) return err;
  }
  {
    ReportPhase phase("plan");
    if (!plan::buildPlan(root, plan, diags, options.limits, plugs.get()))
      return llvm::make_error<InputError>(inputPath, std::move(diags));
  }
  for (const Module *m : plan.modules)
    for (const MemoryType &mem : m->memories)
      if (mem.pageSizeLog2 != 16)
        return llvm::createStringError(
            std::errc::not_supported,
            "unsupported feature: custom page sizes (a memory with 1-byte pages)");

  if (options.emit == OutputKind::StaticLibrary || options.emit == OutputKind::SharedLibrary)
    return compileComponentLibrary(plan, inputPath, outputPath, options);
  Emit emit = emitFor(options.emit);
  if (emit != Emit::ExecutableObjects) {
    auto outputs = runPipeline(inputPath, options, emit,
                               [&](llvm::Module &ir, llvm::TargetMachine &tm) -> llvm::Error {
                                 return linkComponentModules(plan, inputPath, options, ir, tm);
                               });
    if (!outputs) return outputs.takeError();
    return writeOutputs(*outputs, options.target.arch, emit, outputPath);
  }

  // The instantiation code first: it checks the host imports, so that errors come before the
  // expensive work.
  std::optional<ReportPhase> mainPhase(std::in_place, "instantiation code");
  auto objects = runPipeline("component-main", options, Emit::Object,
                             [&](llvm::Module &ir, llvm::TargetMachine &) -> llvm::Error {
                               return buildComponentMain(plan, inputPath, options, ir);
                             });
  if (!objects) return objects.takeError();
  mainPhase.reset();

  // Every core module, once, however often it is instantiated (or from the build cache). Its
  // LLVM module is named by its index, not the input, so that its object is the same in every
  // component that has it.
  ObjectCache cache(cacheDirectory(options));
  for (uint32_t i = 0; i < plan.modules.size(); ++i) {
    ReportPhase phase("core module", fmt::format("{} of {}", i + 1, plan.modules.size()));
    std::string prefix = componentModulePrefix(i);
    auto moduleObjects = cachedModuleObjects(cache, *plan.modules[i], options, prefix, "exe", [&] {
      return runPipeline(prefix + "module", options, Emit::ExecutableObjects,
                         [&](llvm::Module &ir, llvm::TargetMachine &) -> llvm::Error {
                           return lowerInto(*plan.modules[i], inputPath, ir, options, prefix,
                                            false);
                         });
    });
    if (!moduleObjects) return moduleObjects.takeError();
    for (std::vector<char> &object : *moduleObjects)
      objects->push_back(std::move(object));
  }
  if (cache.enabled())
    reportNote(fmt::format("cache: {} hits, {} misses", cache.hits(), cache.misses()));
  return buildExecutable(options.target.arch, *objects, outputPath);
}

} // namespace w2n::driver
