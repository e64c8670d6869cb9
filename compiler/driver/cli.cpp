// The command line of wasm2native (CLI11): options are parsed here and handed to the driver
// library; every failure becomes one "wasm2native: error: ..." line (or file:offset lines for
// problems in the input) and exit status 1.
#include "compiler/driver/driver.h"

#include "llvm/Config/llvm-config.h"

#include <CLI/CLI.hpp>

namespace w2n::driver {

namespace {

constexpr const char *kVersion = "0.1.0";

const std::map<std::string, Arch> kTargets = {{"x86_64-linux", Arch::X86_64},
                                              {"aarch64-linux", Arch::AArch64}};
const std::map<std::string, OutputKind> kEmitKinds = {{"exe", OutputKind::Executable},
                                                      {"obj", OutputKind::Object},
                                                      {"asm", OutputKind::Assembly},
                                                      {"llvm", OutputKind::LlvmIr}};

const char *hostTargetName() {
  return hostArch() == Arch::AArch64 ? "aarch64-linux" : "x86_64-linux";
}

} // namespace

int runCommandLine(int argc, const char *const *argv, std::ostream &out, std::ostream &err) {
  CLI::App app("wasm2native: compiles a WebAssembly core module (WASI preview1) or a "
               "wasi:cli/command component (WASI 0.2) into a self-contained static executable.",
               "wasm2native");
  app.set_version_flag("--version", std::string("wasm2native ") + kVersion + " (LLVM " +
                                        LLVM_VERSION_STRING + ")");
  app.footer(
      "Usage: wasm2native INPUT.wasm [-o OUTPUT] [options]\n"
      "       wasm2native validate [--features LIST] FILE...\n"
      "       wasm2native wit COMPONENT.wasm\n\n"
      "The default output is the input's file name without .wasm (in the current directory;\n"
      "with --emit=obj/asm/llvm: .o/.s/.ll). The output is written to a temporary file and\n"
      "renamed into place, so a failed run leaves no partial file. Errors are printed one per\n"
      "line and give exit status 1.\n");

  std::string input, output, target = hostTargetName(), emit = "exe", cpu;
  int optLevel = 2;
  app.add_option("input", input, "The WebAssembly module or component (.wasm) to compile");
  app.add_option("-o,--output", output, "Output path");
  app.add_option("--target", target,
                 std::string("Target: x86_64-linux or aarch64-linux (default: ") +
                     hostTargetName() + ", the host)")
      ->check(CLI::IsMember({"x86_64-linux", "aarch64-linux"}));
  app.add_option("-O", optLevel, "Optimization level 0..3, written -O0 .. -O3 (default: -O2)")
      ->check(CLI::Range(0, 3));
  app.add_option("--emit", emit,
                 "What to write: exe (static executable, default), obj (object file), asm "
                 "(assembly), llvm (LLVM IR after optimization); components: exe only")
      ->check(CLI::IsMember({"exe", "obj", "asm", "llvm"}));
  app.add_option("--cpu", cpu,
                 "CPU to generate code for (default: x86-64-v2 on x86_64, generic on aarch64; "
                 "native: the build machine's CPU)");
  std::vector<std::string> dirs, envs;
  bool inheritEnv = false;
  app.add_option("--dir", dirs,
                 "Grant the program a host directory, HOST[::GUEST] (GUEST defaults to HOST; a "
                 "relative HOST is resolved against the working directory when it runs). "
                 "Repeatable; without it the program sees no files")
      ->expected(1)
      ->allow_extra_args(false) // one value per --dir, so the input can follow
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--env", envs,
                 "Give the program an environment variable: NAME=VALUE, or NAME for the value "
                 "NAME has when it runs. Repeatable; without it the environment is empty")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  std::vector<std::string> features;
  app.add_option("--features", features,
                 "Proposals to turn on, or off with a leading '-', comma-separated: exceptions "
                 "(exception handling) and gc (GC and typed function references) in core "
                 "modules (both always on inside components), and for "
                 "components cm-nested-names (default off), cm-implements (default on), cm64 "
                 "(default off; validation only)")
      ->delimiter(',')
      ->allow_extra_args(false);
  bool componentScript = false;
  // For the component wast runner (test/component): not a user feature, so not in --help.
  app.add_flag("--component-script", componentScript)->group("");
  app.add_flag("--inherit-env", inheritEnv,
               "Give the program the whole environment it runs with (--env entries override it)");

  CLI::App *validate =
      app.add_subcommand("validate", "Decode and validate modules: exit status 0, or one line "
                                     "per error (file:0xOFFSET: error: message) and status 1");
  std::vector<std::string> validateInputs;
  validate->add_option("files", validateInputs, "Modules to validate")->required();
  validate->add_option("--features", features, "As for compiling")
      ->delimiter(',')
      ->allow_extra_args(false);
  CLI::App *wit = app.add_subcommand("wit", "Print the world of a component in WIT");
  std::string witInput;
  wit->add_option("file", witInput, "The component (.wasm)")->required();
  app.require_subcommand(0, 1);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp &) {
    out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion &e) {
    out << e.what() << "\n";
    return 0;
  } catch (const CLI::ParseError &e) {
    std::string message = e.what();
    for (char &c : message)
      if (c == '\n') c = ' ';
    err << "wasm2native: error: " << message << " (see --help)\n";
    return 1;
  }

  if (wit->parsed()) return printWitFile(witInput, out, err);
  Features parsedFeatures;
  if (llvm::Error error = parseFeatures(features, parsedFeatures)) {
    err << formatError(std::move(error));
    return 1;
  }
  if (validate->parsed()) {
    if (!input.empty() || !output.empty()) {
      err << "wasm2native: error: validate takes only files (see --help)\n";
      return 1;
    }
    return validateFiles(validateInputs, err, parsedFeatures) == 0 ? 0 : 1;
  }
  if (input.empty()) {
    err << "wasm2native: error: no input file (see --help)\n";
    return 1;
  }

  CompileOptions options;
  options.target.arch = kTargets.at(target);
  options.target.optLevel = optLevel;
  options.target.cpu = cpu;
  options.emit = kEmitKinds.at(emit);
  for (const std::string &dir : dirs) {
    auto preopen = parseDirFlag(dir);
    if (!preopen) {
      err << formatError(preopen.takeError());
      return 1;
    }
    options.wasi.preopens.push_back(*preopen);
  }
  for (const std::string &env : envs) {
    if (llvm::Error error = checkEnvFlag(env)) {
      err << formatError(std::move(error));
      return 1;
    }
  }
  options.wasi.env = envs;
  options.wasi.inheritEnv = inheritEnv;
  options.componentScript = componentScript;
  options.features = parsedFeatures;
  if (output.empty()) output = defaultOutputPath(input, options.emit);
  if (llvm::Error error = compileFile(input, output, options)) {
    err << formatError(std::move(error));
    return 1;
  }
  return 0;
}

} // namespace w2n::driver
