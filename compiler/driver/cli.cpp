// The command line of wasm2native (CLI11): options are parsed here into a Command and handed to
// the driver library; every failure becomes one "wasm2native: error: ..." line (or file:offset
// lines for problems in the input) and exit status 1. The options registered here are the one
// source of --help, of the usage synopsis, and (checked by a unit test) of the README's usage.
#include "compiler/driver/driver.h"
#include "compiler/driver/report.h"

#include "llvm/Config/llvm-config.h"

#include <CLI/CLI.hpp>

namespace w2n::driver {

namespace {

constexpr const char *kVersion = "0.1.0";

const std::map<std::string, Arch> kTargets = {{"x86_64-linux", Arch::X86_64},
                                              {"aarch64-linux", Arch::AArch64}};
const std::map<std::string, OutputKind> kEmitKinds = {
    {"exe", OutputKind::Executable},    {"obj", OutputKind::Object},
    {"asm", OutputKind::Assembly},      {"llvm", OutputKind::LlvmIr},
    {"lib", OutputKind::StaticLibrary}, {"shared", OutputKind::SharedLibrary}};

const char *hostTargetName() {
  return hostArch() == Arch::AArch64 ? "aarch64-linux" : "x86_64-linux";
}

std::string joinKeys(const auto &map, const char *separator) {
  std::string out;
  for (const auto &[key, value] : map)
    out += (out.empty() ? "" : separator) + key;
  return out;
}

// Everything the options write into, so that the app can be built for parsing and for help.
struct Values {
  std::string input, output, target = hostTargetName(), emit = "exe", cpu, witInput, header;
  int optLevel = 2;
  std::vector<std::string> dirs, envs, validateInputs, plugs;
  std::string features;
  bool inheritEnv = false, componentScript = false, trapUnknownImports = false;
  bool timeReport = false, quiet = false;
  std::string cacheDir;
  uint32_t maxInstances = plan::PlanLimits().maxInstances;
  uint64_t maxDefinitions = plan::PlanLimits().maxDefinitions;
};

struct App {
  CLI::App app{"wasm2native: compiles a WebAssembly core module (WASI preview1) or a component "
               "(WASI 0.2) into a self-contained static executable.",
               "wasm2native"};
  CLI::App *validate = nullptr, *wit = nullptr;
};

// The synopsis of the main command, generated from its options: "[-o OUTPUT] [--target ...]".
std::string synopsis(const CLI::App &app) {
  std::string out = "wasm2native INPUT.wasm";
  for (const CLI::Option *opt : app.get_options()) {
    if (opt->get_group().empty() || opt->get_positional()) continue;
    std::string name = opt->get_name(false, true);
    if (name.find("--help") != std::string::npos || name == "--version") continue;
    name = name.substr(0, name.find(','));
    std::string value = opt->get_type_name();
    out += " [" + name + (value.empty() ? "" : " " + value) + "]";
    if (opt->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll) out += "...";
  }
  return out;
}

void buildApp(App &a, Values &v) {
  CLI::App &app = a.app;
  app.set_version_flag("--version", std::string("wasm2native ") + kVersion + " (LLVM " +
                                        LLVM_VERSION_STRING + ")");
  app.add_option("input", v.input, "The WebAssembly module or component (.wasm) to compile");
  app.add_option("-o,--output", v.output,
                 "Output path (default: the input's name without .wasm, or NAME.out for an "
                 "input without .wasm; with --emit=obj/asm/llvm: .o/.s/.ll)")
      ->type_name("OUTPUT");
  app.add_option("--target", v.target,
                 std::string("Target (default: ") + hostTargetName() + ", the host)")
      ->type_name(joinKeys(kTargets, "|"))
      ->check(CLI::IsMember(kTargets).description(""));
  app.add_option("-O", v.optLevel, "Optimization level, written -O0 .. -O3 (default: -O2)")
      ->type_name("0|1|2|3")
      ->check(CLI::Range(0, 3).description(""));
  app.add_option("--emit", v.emit,
                 "What to write: exe (static executable, default), obj (object file), asm "
                 "(assembly), llvm (LLVM IR after optimization); for a component, obj/asm/llvm "
                 "hold the instantiation code and every core module in one file, and lib "
                 "(static library, libNAME.a) or shared (shared library, libNAME.so) make a "
                 "library with a C header (NAME.h beside it)")
      ->type_name(joinKeys(kEmitKinds, "|"))
      ->check(CLI::IsMember(kEmitKinds).description(""));
  app.add_option("--header", v.header,
                 "Where --emit=lib/shared writes the C header (default: NAME.h beside the "
                 "library libNAME.a or libNAME.so)")
      ->type_name("PATH");
  app.add_option("--cpu", v.cpu,
                 "CPU to generate code for (default: x86-64-v2 on x86_64, generic on aarch64; "
                 "native: the build machine's CPU)")
      ->type_name("NAME|native");
  app.add_option("--dir", v.dirs,
                 "Grant the program a host directory, HOST[::GUEST] (GUEST defaults to HOST; a "
                 "relative HOST is resolved against the working directory when it runs). "
                 "Repeatable; without it the program sees no files")
      ->type_name("HOST[::GUEST]")
      ->expected(1)
      ->allow_extra_args(false) // one value per --dir, so the input can follow
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--env", v.envs,
                 "Give the program an environment variable: NAME=VALUE, or NAME for the value "
                 "NAME has when it runs. Repeatable; without it the environment is empty")
      ->type_name("NAME[=VALUE]")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_flag("--inherit-env", v.inheritEnv,
               "Give the program the whole environment it runs with (--env entries override it)");
  app.add_option("--plug", v.plugs,
                 "Compose with a component: the imports of the input (and of other plugs) that "
                 "it exports are bound to its exports by name, as `wac plug` does, and it is "
                 "compiled in. Repeatable (an import goes to the first plug that exports it); "
                 "each plug must fit and be used")
      ->type_name("PLUG.wasm")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_flag("--trap-unknown-imports", v.trapUnknownImports,
               "Components: an imported function that the host does not provide (an "
               "interface it lacks, or a version it does not have) traps when called, instead "
               "of failing the compile (Wasmtime's flag of that name)");
  app.add_option("--cache-dir", v.cacheDir,
                 "Keep the compiled code of every core module of a component in DIR (default: "
                 "$WASM2NATIVE_CACHE_DIR, else no cache), so that builds with the same module "
                 "reuse it; safe to share between builds running at once")
      ->type_name("DIR");
  app.add_flag("--time-report", v.timeReport,
               "Print each phase's time and the peak memory after it on stderr at the end");
  app.add_flag("--quiet", v.quiet,
               "No progress line (shown on stderr during compiles longer than a second, and "
               "only when stderr is a terminal)");
  const char *featuresHelp =
      "Proposals to turn on, or off with a leading '-', as one comma-separated list: exceptions "
      "(exception handling) and gc (GC and typed function references) in core modules (both "
      "always on inside components); for components cm-nested-names (default off), "
      "cm-implements (default on), cm64 (canonical options over 64-bit memories; default off)";
  app.add_option("--features", v.features, featuresHelp)->type_name("LIST");
  app.add_option("--max-instances", v.maxInstances,
                 "Most component instances, and most core instances, that static "
                 "instantiation may create (default: 10000)")
      ->type_name("N")
      ->check(CLI::PositiveNumber.description(""));
  app.add_option("--max-definitions", v.maxDefinitions,
                 "Most component definitions static instantiation may interpret, over all "
                 "instantiations (default: 1000000)")
      ->type_name("N")
      ->check(CLI::PositiveNumber.description(""));
  // For the component wast runner (test/component): not a user feature, so not in --help.
  app.add_flag("--component-script", v.componentScript)->group("");

  a.validate = app.add_subcommand("validate", "Decode and validate modules and components: exit "
                                              "status 0, or one line per error "
                                              "(file:0xOFFSET: error: message) and status 1");
  a.validate->add_option("files", v.validateInputs, "Modules or components to validate")
      ->required();
  a.validate->add_option("--features", v.features, featuresHelp)->type_name("LIST");
  a.wit = app.add_subcommand("wit", "Print the world of a component in WIT");
  a.wit->add_option("file", v.witInput, "The component (.wasm)")->required();
  app.require_subcommand(0, 1);

  app.footer("Usage: " + synopsis(app) +
             "\n       wasm2native validate [--features LIST] FILE...\n"
             "       wasm2native wit COMPONENT.wasm\n\n"
             "A new or regular output file is written to a temporary file and renamed into "
             "place,\nso a failed run leaves no partial file; a device or FIFO (-o /dev/null) is "
             "written into.\nErrors are printed one per line and give exit status 1.\n");
  // The subcommands' help ends with their own usage, not the main command's.
  a.validate->footer("Usage: wasm2native validate [--features LIST] FILE...\n");
  a.wit->footer("Usage: wasm2native wit COMPONENT.wasm\n");
}

// CLI11 lets `--emit= -o x` take "-o" as the value of --emit; an empty value is an error of its
// own, before anything else is parsed.
llvm::Error checkEmptyValues(int argc, const char *const *argv) {
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg(argv[i]);
    if (arg == "--") break;
    if (arg.starts_with("--") && arg.ends_with("="))
      return llvm::createStringError("%s has an empty value (see --help)",
                                     arg.drop_back().str().c_str());
  }
  return llvm::Error::success();
}

llvm::Expected<Command> toCommand(const App &a, const Values &v) {
  Command cmd;
  if (a.wit->parsed()) {
    cmd.kind = Command::Kind::Wit;
    cmd.files = {v.witInput};
    return cmd;
  }
  if (llvm::Error error = parseFeatures(v.features, cmd.options.features)) return error;
  if (a.validate->parsed()) {
    if (!v.input.empty() || !v.output.empty())
      return llvm::createStringError("validate takes only files (see --help)");
    cmd.kind = Command::Kind::Validate;
    cmd.files = v.validateInputs;
    return cmd;
  }
  if (v.input.empty()) return llvm::createStringError("no input file (see --help)");
  CompileOptions &options = cmd.options;
  options.target.arch = kTargets.at(v.target);
  options.target.optLevel = v.optLevel;
  options.target.cpu = v.cpu;
  options.emit = kEmitKinds.at(v.emit);
  for (const std::string &dir : v.dirs) {
    auto preopen = parseDirFlag(dir);
    if (!preopen) return preopen.takeError();
    options.wasi.preopens.push_back(*preopen);
  }
  for (const std::string &env : v.envs)
    if (llvm::Error error = checkEnvFlag(env)) return error;
  options.wasi.env = v.envs;
  options.wasi.inheritEnv = v.inheritEnv;
  options.componentScript = v.componentScript;
  options.plugs = v.plugs;
  options.trapUnknownImports = v.trapUnknownImports;
  options.limits.maxInstances = v.maxInstances;
  options.limits.maxDefinitions = v.maxDefinitions;
  bool library =
      options.emit == OutputKind::StaticLibrary || options.emit == OutputKind::SharedLibrary;
  if (!v.header.empty() && !library)
    return llvm::createStringError("--header goes with --emit=lib or --emit=shared");
  if (library && v.trapUnknownImports)
    return llvm::createStringError("--trap-unknown-imports is for executables: a library's "
                                   "host supplies the imports that WASI does not");
  if (library && (!v.dirs.empty() || !v.envs.empty() || v.inheritEnv))
    return llvm::createStringError("--dir, --env and --inherit-env are for executables: a "
                                   "library's instances get what their host grants");
  options.header = v.header;
  options.timeReport = v.timeReport;
  options.quiet = v.quiet;
  options.cacheDir = v.cacheDir;
  cmd.kind = Command::Kind::Compile;
  cmd.files = {v.input};
  cmd.output = v.output.empty() ? defaultOutputPath(v.input, options.emit) : v.output;
  return cmd;
}

} // namespace

llvm::Expected<Command> parseCommandLine(int argc, const char *const *argv) {
  if (llvm::Error error = checkEmptyValues(argc, argv)) return error;
  App a;
  Values v;
  buildApp(a, v);
  try {
    a.app.parse(argc, argv);
  } catch (const CLI::CallForHelp &) {
    // The help of the subcommand that was named, else of the main command.
    Command cmd;
    cmd.kind = Command::Kind::Print;
    const CLI::App *shown = a.wit->parsed() ? a.wit : a.validate->parsed() ? a.validate : &a.app;
    cmd.text = shown->help();
    return cmd;
  } catch (const CLI::CallForAllHelp &) {
    Command cmd;
    cmd.kind = Command::Kind::Print;
    cmd.text = a.app.help("", CLI::AppFormatMode::All);
    return cmd;
  } catch (const CLI::CallForVersion &e) {
    Command cmd;
    cmd.kind = Command::Kind::Print;
    cmd.text = std::string(e.what()) + "\n";
    return cmd;
  } catch (const CLI::ParseError &e) {
    std::string message = e.what();
    for (char &c : message)
      if (c == '\n') c = ' ';
    return llvm::createStringError("%s (see --help)", message.c_str());
  }
  return toCommand(a, v);
}

std::vector<std::string> commandLineOptions() {
  App a;
  Values v;
  buildApp(a, v);
  std::vector<std::string> names;
  for (const CLI::Option *opt : a.app.get_options()) {
    if (opt->get_group().empty() || opt->get_positional()) continue;
    for (const std::string &name : opt->get_lnames())
      names.push_back("--" + name);
    for (const std::string &name : opt->get_snames())
      names.push_back("-" + name);
  }
  return names;
}

int runCommandLine(int argc, const char *const *argv, std::ostream &out, std::ostream &err) {
  auto cmd = parseCommandLine(argc, argv);
  if (!cmd) {
    err << formatError(cmd.takeError());
    return 1;
  }
  switch (cmd->kind) {
  case Command::Kind::Print:
    out << cmd->text;
    return 0;
  case Command::Kind::Wit:
    return printWitFile(cmd->files[0], out, err);
  case Command::Kind::Validate:
    return validateFiles(cmd->files, err, cmd->options.features) == 0 ? 0 : 1;
  case Command::Kind::Compile:
    break;
  }
  reportBegin(cmd->options.timeReport, !cmd->options.quiet);
  llvm::Error error = compileFile(cmd->files[0], cmd->output, cmd->options);
  reportEnd(err);
  if (error) {
    err << formatError(std::move(error));
    return 1;
  }
  return 0;
}

} // namespace w2n::driver
