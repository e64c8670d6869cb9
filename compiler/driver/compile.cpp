// The compilation pipeline: bytes → decoded and validated module → LLVM IR → optimized IR →
// object/assembly/IR → (linked with the embedded runtime) executable. compileFile reads top to
// bottom as the whole story; the other functions are its steps, shared with the spec harness.
#include "compiler/driver/driver.h"

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

namespace {

// Removes a scratch directory tree when it goes out of scope.
struct ScratchDir {
  llvm::SmallString<128> path;
  ~ScratchDir() {
    if (!path.empty()) llvm::sys::fs::remove_directories(path);
  }
};

// The objects of an executable: one, or for a large module several compiled on all cores.
llvm::Expected<std::vector<std::vector<char>>>
emitExecutableObjects(llvm::Module &ir, llvm::TargetMachine &tm, const TargetOptions &target) {
  unsigned partitions = codegenPartitions(ir);
  if (partitions > 1) return emitObjectsInParallel(ir, target, partitions);
  auto code = emitCode(ir, tm, EmitKind::Object);
  if (!code) return code.takeError();
  return std::vector<std::vector<char>>{std::move(*code)};
}

} // namespace

llvm::Error lowerInto(const Module &module, const std::string &fileName, llvm::Module &ir,
                      const CompileOptions &options, const std::string &symbolPrefix,
                      bool programMain) {
  LowerOptions lowerOptions;
  lowerOptions.symbolPrefix = symbolPrefix;
  lowerOptions.stackChecks = options.stackChecks;
  Diagnostics diags;
  if (!lowerModule(module, ir, lowerOptions, diags) ||
      (programMain && !emitProgramMain(module, ir, lowerOptions, diags)))
    return llvm::make_error<InputError>(fileName, std::move(diags));
  return llvm::Error::success();
}

llvm::Error emitNonExecutable(llvm::Module &ir, llvm::TargetMachine &tm,
                              const CompileOptions &options, const std::string &outputPath) {
  if (llvm::Error err = optimizeModule(ir, tm, options.target.optLevel)) return err;
  if (options.emit == OutputKind::LlvmIr) {
    std::string text;
    llvm::raw_string_ostream os(text);
    ir.print(os, nullptr);
    os.flush();
    return writeOutputFile(outputPath, llvm::ArrayRef<char>(text.data(), text.size()));
  }
  auto code = emitCode(
      ir, tm, options.emit == OutputKind::Assembly ? EmitKind::Assembly : EmitKind::Object);
  if (!code) return code.takeError();
  return writeOutputFile(outputPath, *code);
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
  auto tm = createTargetMachine(options.target);
  if (!tm) return tm.takeError();
  llvm::LLVMContext context;
  llvm::Module ir(fileName, context);
  prepareModule(ir, **tm);
  if (llvm::Error err = lowerInto(module, fileName, ir, options, symbolPrefix, programMain))
    return err;
  if (llvm::Error err = optimizeModule(ir, **tm, options.target.optLevel)) return err;
  return emitCode(ir, **tm, EmitKind::Object);
}

llvm::Expected<std::vector<std::vector<char>>>
compileModuleToObjects(const Module &module, const std::string &fileName,
                       const CompileOptions &options, const std::string &symbolPrefix) {
  auto tm = createTargetMachine(options.target);
  if (!tm) return tm.takeError();
  llvm::LLVMContext context;
  llvm::Module ir(fileName, context);
  prepareModule(ir, **tm);
  if (llvm::Error err = lowerInto(module, fileName, ir, options, symbolPrefix, false)) return err;
  if (llvm::Error err = optimizeModule(ir, **tm, options.target.optLevel)) return err;
  return emitExecutableObjects(ir, **tm, options.target);
}

llvm::Expected<std::vector<char>>
compileScriptMainObject(const std::vector<std::string> &descriptorSymbols,
                        const CompileOptions &options) {
  auto tm = createTargetMachine(options.target);
  if (!tm) return tm.takeError();
  llvm::LLVMContext context;
  llvm::Module ir("script-main", context);
  prepareModule(ir, **tm);
  emitScriptMain(ir, descriptorSymbols);
  if (llvm::Error err = optimizeModule(ir, **tm, options.target.optLevel)) return err;
  return emitCode(ir, **tm, EmitKind::Object);
}

llvm::Error buildExecutable(Arch arch, const std::vector<std::vector<char>> &objects,
                            const std::string &outputPath) {
  ScratchDir scratch;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("w2n-objects", scratch.path))
    return llvm::createStringError(ec, "cannot create a temporary directory: %s",
                                   ec.message().c_str());
  std::vector<std::string> objectPaths;
  for (size_t i = 0; i < objects.size(); ++i) {
    llvm::SmallString<128> path(scratch.path);
    llvm::sys::path::append(path, "module" + std::to_string(i) + ".o");
    std::error_code ec;
    llvm::raw_fd_ostream out(path, ec, llvm::sys::fs::OF_None);
    if (!ec) {
      out.write(objects[i].data(), objects[i].size());
      out.close();
      ec = out.error();
    }
    if (ec)
      return llvm::createStringError(ec, "cannot write a temporary object file: %s",
                                     ec.message().c_str());
    objectPaths.push_back(path.str().str());
  }
  auto linked = linkExecutable(arch, objectPaths);
  if (!linked) return linked.takeError();
  return writeOutputFile(outputPath, *linked, /*executable=*/true);
}

llvm::Error compileFile(const std::string &inputPath, const std::string &outputPath,
                        const CompileOptions &options) {
  // Fail before any work when the result could not be written anyway.
  if (llvm::Error err = checkOutputPath(outputPath)) return err;

  // Frontend: decode and validate.
  auto bytes = readInputFile(inputPath);
  if (!bytes) return bytes.takeError();
  if (component::isComponentBinary(bytes->data(), bytes->size()))
    return compileComponent(*bytes, inputPath, outputPath, options);
  Module module;
  if (llvm::Error err = loadModule(*bytes, inputPath, module, options.features)) return err;
  if (options.emit == OutputKind::Executable)
    if (llvm::Error err = checkHostImports(module, options.target.arch, inputPath)) return err;

  // Lowering: the module and its program entry as LLVM IR for the target.
  auto tm = createTargetMachine(options.target);
  if (!tm) return tm.takeError();
  llvm::LLVMContext context;
  llvm::Module ir(llvm::sys::path::filename(inputPath), context);
  prepareModule(ir, **tm);
  if (llvm::Error err = lowerInto(module, inputPath, ir, options, "w2n_m0_", /*programMain=*/true))
    return err;
  emitWasiConfig(ir, options.wasi);

  // Codegen: optimize, then emit what was asked for.
  if (options.emit != OutputKind::Executable)
    return emitNonExecutable(ir, **tm, options, outputPath);
  if (llvm::Error err = optimizeModule(ir, **tm, options.target.optLevel)) return err;
  auto objects = emitExecutableObjects(ir, **tm, options.target);
  if (!objects) return objects.takeError();

  // Link: the objects plus the embedded runtime, in-process.
  return buildExecutable(options.target.arch, *objects, outputPath);
}

} // namespace w2n::driver
