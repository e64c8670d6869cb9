// The driver library: everything the `wasm2native` command does, as functions that the CLI, the
// spec harness and the tests call without starting a process. The CLI (main.cpp) only forwards
// its arguments to runCommandLine.
#pragma once

#include "compiler/codegen/codegen.h"
#include "compiler/frontend/component/component_api.h"
#include "compiler/frontend/diagnostics.h"
#include "compiler/frontend/module.h"
#include "compiler/lowering/component_plan.h"
#include "compiler/lowering/wasi_config.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace w2n::driver {

enum class OutputKind { Executable, Object, Assembly, LlvmIr, StaticLibrary, SharedLibrary };

// --features: proposals beyond the defaults.
struct Features {
  component::ComponentFeatures component;
  bool exceptions = false; // exception handling in standalone core modules (always on inside
                           // components)
  bool gc = false;         // GC and typed function references, likewise
};

// "cm-nested-names,-cm-implements,exceptions" into features (a leading '-' turns one off); an
// unknown name is an error.
llvm::Error parseFeatures(llvm::StringRef list, Features &out);

struct CompileOptions {
  TargetOptions target;
  OutputKind emit = OutputKind::Executable;
  bool stackChecks = true;
  WasiConfig wasi; // capabilities baked into an executable (--dir, --env, --inherit-env)
  // Components: serve the component wast driver's protocol instead of running wasi:cli/run.
  bool componentScript = false;
  Features features;       // --features
  plan::PlanLimits limits; // --max-instances, --max-definitions
  // --plug: components whose exports satisfy the imports (composition at compile time).
  std::vector<std::string> plugs;
  // --trap-unknown-imports: imported functions the host lacks trap when called.
  bool trapUnknownImports = false;
  std::string header; // --header: the library's C header (default: beside the library)
  bool timeReport = false; // --time-report: each phase's time and peak memory on stderr
  bool quiet = false;      // --quiet: no progress line (there is one only on a terminal)
  std::string cacheDir;    // --cache-dir (else $WASM2NATIVE_CACHE_DIR; cache.h)
};

// A parsed command line: what to do, and with what.
struct Command {
  enum class Kind { Compile, Validate, Wit, Print };
  Kind kind = Kind::Compile;
  std::vector<std::string> files; // Compile and Wit: the one input; Validate: every file
  std::string output;             // Compile: the output path (the default filled in)
  CompileOptions options;         // Compile; Validate uses its features
  std::string text;               // Print: --help or --version text
};

// Parses argv (argv[0] is the program) without doing anything; errors are one line each.
llvm::Expected<Command> parseCommandLine(int argc, const char *const *argv);

// Every option of the main command as written ("--target", "-o", ...), from the same
// registrations as --help.
std::vector<std::string> commandLineOptions();

// A problem in the input module, with byte offsets: prints as "file:0x1f3: error: message" lines.
class InputError : public llvm::ErrorInfo<InputError> {
public:
  static char ID;
  InputError(std::string file, Diagnostics diags)
      : file_(std::move(file)), diags_(std::move(diags)) {}
  void log(llvm::raw_ostream &os) const override;
  std::error_code convertToErrorCode() const override;
  const Diagnostics &diagnostics() const { return diags_; }

private:
  std::string file_;
  Diagnostics diags_;
};

// The lines to print for an error: InputErrors as they are, anything else behind
// "wasm2native: error: ". Each line ends with '\n'.
std::string formatError(llvm::Error error);

llvm::Expected<std::vector<uint8_t>> readInputFile(const std::string &path);

// readModule and validateModule. `bytes` must outlive `out`.
llvm::Error loadModule(llvm::ArrayRef<uint8_t> bytes, const std::string &fileName, Module &out,
                       const Features &features = {});

// For an executable: every function import must be a host function of the embedded runtime.
llvm::Error checkHostImports(const Module &module, Arch arch, const std::string &fileName);

// What runPipeline emits: the objects of an executable (a large module as several, compiled in
// parallel on all cores), or one object, assembly or LLVM IR text.
enum class Emit { ExecutableObjects, Object, Assembly, LlvmIr };
Emit emitFor(OutputKind kind);

// Builds the IR of one output into `ir` (whose triple and data layout are set for `tm`).
using BuildIR = std::function<llvm::Error(llvm::Module &ir, llvm::TargetMachine &tm)>;

// The one pipeline: target machine → LLVM module → `build` → optimize → emit.
llvm::Expected<std::vector<std::vector<char>>> runPipeline(const std::string &name,
                                                           const CompileOptions &options, Emit emit,
                                                           const BuildIR &build);

// Writes runPipeline's outputs: linked into an executable (ExecutableObjects) or the one file.
llvm::Error writeOutputs(const std::vector<std::vector<char>> &outputs, Arch arch, Emit emit,
                         const std::string &outputPath);

// Lowers a validated module into `ir` (symbols prefixed with `symbolPrefix`; with
// __w2n_program_main when `programMain`).
llvm::Error lowerInto(const Module &module, const std::string &fileName, llvm::Module &ir,
                      const CompileOptions &options, const std::string &symbolPrefix,
                      bool programMain);

// runPipeline over lowerInto: one object (the spec harness compiles each module of a script).
llvm::Expected<std::vector<char>> compileModuleToObject(const Module &module,
                                                        const std::string &fileName,
                                                        const CompileOptions &options,
                                                        const std::string &symbolPrefix,
                                                        bool programMain);

// Links objects (in memory) with the embedded runtime into an executable written to `outputPath`
// (writeOutputFile). Uses lld in-process: at most once per process.
llvm::Error buildExecutable(Arch arch, const std::vector<std::vector<char>> &objects,
                            const std::string &outputPath);

// The whole `wasm2native INPUT -o OUTPUT` pipeline.
llvm::Error compileFile(const std::string &inputPath, const std::string &outputPath,
                        const CompileOptions &options);

// --emit=lib / --emit=shared of a component whose plan is made: the library and its C header.
llvm::Error compileComponentLibrary(const plan::Plan &plan, const std::string &inputPath,
                                    const std::string &outputPath, const CompileOptions &options);
// "out/libcalc.a" -> "out/calc.h".
std::string defaultHeaderPath(const std::string &outputPath);

// The component part of compileFile: `bytes` is a component binary.
llvm::Error compileComponent(llvm::ArrayRef<uint8_t> bytes, const std::string &inputPath,
                             const std::string &outputPath, const CompileOptions &options);

// --plug: the plugged components, kept for as long as the plan that points into them.
struct Plugs {
  std::vector<std::vector<uint8_t>> bytes;
  std::vector<std::unique_ptr<component::Component>> components;
  component::Composition composition;
  // For buildPlan: null without plugs.
  const component::Composition *get() const { return components.empty() ? nullptr : &composition; }
};

// Validates the root component; with options.plugs, also reads and validates the plugs and
// checks the composition (every plug fits and is used).
llvm::Error validateWithPlugs(const component::Component &root, const std::string &inputPath,
                              const CompileOptions &options, Plugs &plugs);

// `wasm2native validate FILE...`: returns the number of files that failed, printing their errors.
int validateFiles(const std::vector<std::string> &paths, std::ostream &err,
                  const Features &features = {});

// `wasm2native wit FILE`: prints the world of a component in WIT; returns the exit status.
int printWitFile(const std::string &path, std::ostream &out, std::ostream &err);

// Fails early, with a clear message, when `path` cannot be written: a directory, a socket, a
// missing or unwritable directory, an unwritable device.
llvm::Error checkOutputPath(const std::string &path);
// Writes an output. A new path or a regular file (or a symbolic link, which is replaced) gets a
// temporary file in the same directory renamed into place, so that a reader never sees a partial
// file and a failure leaves nothing behind; an existing character or block device or FIFO is
// written into directly. `executable` adds execute permission (narrowed by the umask).
llvm::Error writeOutputFile(const std::string &path, llvm::ArrayRef<char> bytes,
                            bool executable = false);
// Is `path` an existing character or block device or FIFO (written into, not replaced)?
bool isDeviceOrFifo(const std::string &path);

// The default output path for an input: its base name without ".wasm" (plus an extension for
// the non-executable kinds).
std::string defaultOutputPath(const std::string &inputPath, OutputKind emit);

// The command line. Returns the process exit status.
int runCommandLine(int argc, const char *const *argv, std::ostream &out, std::ostream &err);

} // namespace w2n::driver
