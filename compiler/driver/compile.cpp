// The compilation pipeline: bytes → decoded and validated module → LLVM IR → optimized IR →
// object/assembly/IR → (linked with the embedded runtime) executable. compileFile reads top to
// bottom as the whole story; runPipeline is the one "target machine → module → build the IR →
// optimize → emit" path that every output (and the spec harness) goes through.
#include "compiler/driver/driver.h"
#include "compiler/driver/report.h"

#include "compiler/frontend/api.h"
#include "compiler/frontend/component/component_api.h"
#include "compiler/lowering/lower.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

namespace w2n::driver {

namespace {} // namespace

Emit emitFor(OutputKind kind) {
  switch (kind) {
  case OutputKind::Object:
    return Emit::Object;
  case OutputKind::Assembly:
    return Emit::Assembly;
  case OutputKind::LlvmIr:
    return Emit::LlvmIr;
  case OutputKind::Executable:
  case OutputKind::StaticLibrary:
  case OutputKind::SharedLibrary:
    break;
  }
  return Emit::ExecutableObjects;
}

llvm::Expected<std::vector<std::vector<char>>> runPipeline(const std::string &name,
                                                           const CompileOptions &options, Emit emit,
                                                           const BuildIR &build) {
  auto tm = createTargetMachine(options.target);
  if (!tm) return tm.takeError();
  llvm::LLVMContext context;
  llvm::Module ir(name, context);
  prepareModule(ir, **tm);
  {
    ReportPhase phase("build IR");
    if (llvm::Error err = build(ir, **tm)) return err;
  }
  {
    ReportPhase phase("optimize");
    if (llvm::Error err = optimizeModule(ir, **tm, options.target.optLevel)) return err;
  }
  ReportPhase phase("codegen");
  std::vector<std::vector<char>> out;
  switch (emit) {
  case Emit::LlvmIr: {
    std::string text;
    llvm::raw_string_ostream os(text);
    ir.print(os, nullptr);
    os.flush();
    out.emplace_back(text.begin(), text.end());
    return out;
  }
  case Emit::ExecutableObjects:
    // A large module is emitted as several objects, in parallel on all cores.
    if (unsigned partitions = codegenPartitions(ir); partitions > 1)
      return emitObjectsInParallel(ir, options.target, partitions, reportSteps);
    [[fallthrough]];
  case Emit::Object:
  case Emit::Assembly: {
    auto code = emitCode(ir, **tm, emit == Emit::Assembly ? EmitKind::Assembly : EmitKind::Object);
    if (!code) return code.takeError();
    out.push_back(std::move(*code));
    return out;
  }
  }
  return out;
}

llvm::Error lowerInto(const Module &module, const std::string &fileName, llvm::Module &ir,
                      const CompileOptions &options, const std::string &symbolPrefix,
                      bool programMain) {
  LowerOptions lowerOptions;
  lowerOptions.symbolPrefix = symbolPrefix;
  lowerOptions.stackChecks = options.stackChecks;
  lowerOptions.onProgress = reportSteps;
  Diagnostics diags;
  if (!lowerModule(module, ir, lowerOptions, diags) ||
      (programMain && !emitProgramMain(module, ir, lowerOptions, diags)))
    return llvm::make_error<InputError>(fileName, std::move(diags));
  return llvm::Error::success();
}

llvm::Error loadModule(llvm::ArrayRef<uint8_t> bytes, const std::string &fileName, Module &out,
                       const Features &features) {
  Diagnostics diags;
  if (!readModule(bytes.data(), bytes.size(), out, diags, features.exceptions, features.gc) ||
      !validateModule(out, diags))
    return llvm::make_error<InputError>(fileName, std::move(diags));
  return llvm::Error::success();
}

llvm::Expected<std::vector<char>> compileModuleToObject(const Module &module,
                                                        const std::string &fileName,
                                                        const CompileOptions &options,
                                                        const std::string &symbolPrefix,
                                                        bool programMain) {
  auto objects = runPipeline(
      fileName, options, Emit::Object, [&](llvm::Module &ir, llvm::TargetMachine &) -> llvm::Error {
        return lowerInto(module, fileName, ir, options, symbolPrefix, programMain);
      });
  if (!objects) return objects.takeError();
  return std::move(objects->front());
}

llvm::Error writeOutputs(const std::vector<std::vector<char>> &outputs, Arch arch, Emit emit,
                         const std::string &outputPath) {
  if (emit == Emit::ExecutableObjects) return buildExecutable(arch, outputs, outputPath);
  return writeOutputFile(outputPath, outputs.front());
}

llvm::Error buildExecutable(Arch arch, const std::vector<std::vector<char>> &objects,
                            const std::string &outputPath) {
  ReportPhase phase("link and write");
  auto linked = linkExecutable(arch, objects);
  if (!linked) return linked.takeError();
  return writeOutputFile(outputPath, *linked, /*executable=*/true);
}

llvm::Error compileFile(const std::string &inputPath, const std::string &outputPath,
                        const CompileOptions &options) {
  // Fail before any work when the result could not be written anyway.
  if (llvm::Error err = checkOutputPath(outputPath)) return err;

  // Frontend: decode and validate.
  auto bytes = [&] {
    ReportPhase phase("read");
    return readInputFile(inputPath);
  }();
  if (!bytes) return bytes.takeError();
  if (component::isComponentBinary(bytes->data(), bytes->size()))
    return compileComponent(*bytes, inputPath, outputPath, options);
  if (!options.plugs.empty())
    return llvm::createStringError("--plug composes components, and %s is a core module",
                                   inputPath.c_str());
  if (options.emit == OutputKind::StaticLibrary || options.emit == OutputKind::SharedLibrary)
    return llvm::createStringError("--emit=lib and --emit=shared take a component: a core module "
                                   "has no typed exports to declare in C (make it a component, "
                                   "e.g. with `jco new`)");
  Module module;
  {
    ReportPhase phase("decode and validate");
    if (llvm::Error err = loadModule(*bytes, inputPath, module, options.features)) return err;
  }
  if (options.emit == OutputKind::Executable)
    if (llvm::Error err = checkHostImports(module, options.target.arch, inputPath)) return err;

  // Lowering (the module and its program entry as LLVM IR for the target), then codegen.
  Emit emit = emitFor(options.emit);
  auto outputs = runPipeline(llvm::sys::path::filename(inputPath).str(), options, emit,
                             [&](llvm::Module &ir, llvm::TargetMachine &) -> llvm::Error {
                               if (llvm::Error err = lowerInto(module, inputPath, ir, options,
                                                               "w2n_m0_", /*programMain=*/true))
                                 return err;
                               emitWasiConfig(ir, options.wasi);
                               return llvm::Error::success();
                             });
  if (!outputs) return outputs.takeError();

  // Link (the objects plus the embedded runtime, in-process) or write what --emit asked for.
  return writeOutputs(*outputs, options.target.arch, emit, outputPath);
}

} // namespace w2n::driver
