// w2n-spectest: runs WebAssembly core spec .wast files through wasm2native's pipeline and prints
// per file and in total "N passed, M failed, K skipped"; with --baseline, fails on regressions.
#include "test/spec/harness.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

using namespace w2n;
using namespace w2n::spec;

namespace {

// The .wast files named on the command line; directories contribute every .wast inside.
std::vector<std::string> collectFiles(const std::vector<std::string> &inputs, bool &ok) {
  std::vector<std::string> files;
  for (const std::string &input : inputs) {
    if (!llvm::sys::fs::is_directory(input)) {
      if (!llvm::sys::fs::exists(input)) {
        std::cerr << "w2n-spectest: error: no such file: " << input << "\n";
        ok = false;
      }
      files.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(input, ec), end; it != end && !ec; it.increment(ec))
      if (llvm::sys::path::extension(it->path()) == ".wast") found.push_back(it->path());
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

std::string summary(size_t passed, size_t failed, size_t skipped) {
  return std::to_string(passed) + " passed, " + std::to_string(failed) + " failed, " +
         std::to_string(skipped) + " skipped";
}

} // namespace

int main(int argc, char **argv) {
  CLI::App app("w2n-spectest: runs WebAssembly spec .wast files through wasm2native (each file's "
               "modules linked into one executable that answers the script protocol)",
               "w2n-spectest");
  std::vector<std::string> inputs;
  std::string target = hostArch() == Arch::AArch64 ? "aarch64" : "x86_64";
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  unsigned timeout = 120;
  int optLevel = 2;
  std::string baselinePath, wast2json = "wast2json", emulator;
  bool update = false, verbose = false, keep = false;
  app.add_option("files", inputs, ".wast files, or directories of them")->required();
  app.add_option("--target", target, "x86_64 or aarch64 (default: the host)")
      ->check(CLI::IsMember({"x86_64", "aarch64"}));
  app.add_option("-j,--jobs", jobs, "Files processed in parallel (default: number of cores)");
  unsigned runTimeout = 30;
  app.add_option("--timeout", timeout, "Seconds allowed per file (default 120)");
  app.add_option("--run-timeout", runTimeout,
                 "Seconds allowed per run of a file's executable; a command still running then "
                 "fails and the run restarts after it (default 30)");
  app.add_option("-O", optLevel, "Optimization level 0..3 (default 2)")->check(CLI::Range(0, 3));
  app.add_option("--baseline", baselinePath,
                 "Baseline file: exit status 1 when a command it expects to pass fails");
  app.add_flag("--update-baseline", update, "Rewrite the baseline file from this run's results");
  app.add_flag("-v,--verbose", verbose, "Print each failing command, expected against actual");
  app.add_flag("--keep", keep, "Keep the scratch directory (converted modules, executables)");
  app.add_option("--wast2json", wast2json, "The wast2json program (default: from PATH)");
  app.add_option("--emulator", emulator,
                 "Runs executables of a foreign target (default: qemu-<arch>-static)");
  CLI11_PARSE(app, argc, argv);

  RunOptions options;
  options.arch = target == "aarch64" ? Arch::AArch64 : Arch::X86_64;
  options.optLevel = optLevel;
  options.timeoutSeconds = timeout;
  options.runSeconds = runTimeout;
  options.keepFiles = keep;
  auto wast2jsonPath = llvm::sys::findProgramByName(wast2json);
  if (!wast2jsonPath) {
    std::cerr << "w2n-spectest: error: cannot find " << wast2json << " (Debian package wabt)\n";
    return 1;
  }
  options.wast2json = *wast2jsonPath;
  if (options.arch != hostArch()) {
    if (emulator.empty()) emulator = std::string("qemu-") + archName(options.arch) + "-static";
    auto emulatorPath = llvm::sys::findProgramByName(emulator);
    if (!emulatorPath) {
      std::cerr << "w2n-spectest: error: cannot find " << emulator << " to run " << target
                << " executables (Debian package qemu-user-static)\n";
      return 1;
    }
    options.emulator = *emulatorPath;
  }

  bool ok = true;
  std::vector<std::string> files = collectFiles(inputs, ok);
  if (!ok) return 1;
  Baseline baseline;
  if (!baselinePath.empty() && !(update && !llvm::sys::fs::exists(baselinePath))) {
    auto read = readBaseline(baselinePath);
    if (!read) {
      std::cerr << "w2n-spectest: error: " << llvm::toString(read.takeError()) << "\n";
      return 1;
    }
    baseline = std::move(*read);
  }

  llvm::SmallString<128> scratch;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("w2n-spectest", scratch)) {
    std::cerr << "w2n-spectest: error: cannot create a scratch directory: " << ec.message() << "\n";
    return 1;
  }

  auto start = std::chrono::steady_clock::now();
  std::vector<FileResult> results;
  size_t passed = 0, failed = 0, skipped = 0;
  runAll(files, options, jobs, scratch.str().str(), [&](const FileResult &result) {
    size_t p = result.count(Outcome::Pass), f = result.count(Outcome::Fail),
           s = result.count(Outcome::Skip);
    passed += p;
    failed += f;
    skipped += s;
    std::cout << result.name << ": " << summary(p, f, s) << std::endl;
    if (verbose) {
      if (!result.fatal.empty()) std::cout << "  " << result.name << ": " << result.fatal << "\n";
      for (const CommandResult &command : result.commands)
        if (command.outcome == Outcome::Fail)
          std::cout << "  " << result.name << ":" << command.line << ": " << command.type << ": "
                    << command.message << "\n";
      std::cout.flush();
    }
    results.push_back(result);
  });
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (keep)
    std::cout << "scratch files kept in " << scratch.str().str() << "\n";
  else
    llvm::sys::fs::remove_directories(scratch);

  int status = failed == 0 ? 0 : 1;
  if (!baselinePath.empty()) {
    if (update) {
      updateBaseline(baseline, results);
      if (llvm::Error err = writeBaseline(baselinePath, baseline, archName(options.arch))) {
        std::cerr << "w2n-spectest: error: " << llvm::toString(std::move(err)) << "\n";
        return 1;
      }
      std::cout << "baseline written to " << baselinePath << "\n";
      status = 0;
    } else {
      std::vector<std::string> regressions = checkBaseline(baseline, results);
      for (const std::string &regression : regressions)
        std::cout << "regression: " << regression << "\n";
      std::cout << "baseline " << baselinePath << ": "
                << (regressions.empty() ? "no regressions"
                                        : std::to_string(regressions.size()) + " regressions")
                << "\n";
      status = regressions.empty() ? 0 : 1;
    }
  }
  char timing[64];
  std::snprintf(timing, sizeof timing, "%.1f", seconds);
  std::cout << files.size() << " files for " << archName(options.arch) << " in " << timing
            << " s\n";
  std::cout << summary(passed, failed, skipped) << std::endl;
  return status;
}
