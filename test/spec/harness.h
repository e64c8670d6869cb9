// Shared declarations of the spec-suite harness (w2n-spectest): the commands of a converted .wast
// file, the value encoding of the script protocol (runtime-lib/include/w2n/script_protocol.md),
// the per-file runner (run in a forked child) and the report that a child hands to its parent.
#pragma once

#include "compiler/codegen/codegen.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace w2n::spec {

// ---- The JSON that wast2json writes (wast_json.cpp). ----

// A value: its type, the lane type of a v128, and the value text (one entry, or one per lane).
// Type-only values (assert_trap's "expected") have no text.
struct WastValue {
  std::string type;
  std::string laneType;
  std::vector<std::string> text;
  bool hasValue = false;
};

struct WastAction {
  std::string kind;   // "invoke" or "get"
  std::string module; // "$name", or empty for the current module
  std::string field;
  std::vector<WastValue> args;
};

struct WastCommand {
  std::string type;
  int line = 0;
  std::string name;       // module: its $name; register: the instance to register
  std::string filename;   // module and assert_* on modules
  std::string text;       // expected message
  std::string moduleType; // "binary" or "text"
  std::string as;         // register
  std::optional<WastAction> action;
  std::vector<WastValue> expected;
};

llvm::Expected<std::vector<WastCommand>> parseWastJson(llvm::StringRef json);

// ---- Values in the script protocol (values.cpp). ----

// Export and module names travel hex-encoded ("" is "-").
std::string hexName(llvm::StringRef name);
// An argument as "type:hex".
llvm::Expected<std::string> encodeArgument(const WastValue &value);
// Compares the values of an "ok ..." answer with the expectations: returns an empty string when
// they match, otherwise what differs.
std::string compareResults(const std::vector<WastValue> &expected,
                           const std::vector<std::string> &actual);
// A readable form of expected values for messages.
std::string describeExpected(const std::vector<WastValue> &expected);

// ---- The report a child writes for one file and the parent reads (report.cpp). ----

enum class Outcome { Pass, Fail, Skip };

struct CommandResult {
  int line = 0;
  std::string type;
  Outcome outcome = Outcome::Fail;
  std::string message;
};

struct FileResult {
  std::string name; // "address.wast"
  std::vector<CommandResult> commands;
  std::string fatal; // why the file could not be run at all, or why it ended early
  size_t count(Outcome outcome) const;
};

// Written line by line and flushed, so that a child that crashes leaves what it knew.
class ReportWriter {
public:
  explicit ReportWriter(FILE *out) : out_(out) {}
  void plan(const std::vector<WastCommand> &commands);
  void result(size_t index, Outcome outcome, const std::string &message);
  void fatal(const std::string &message);

private:
  FILE *out_;
};

// Reads a report; commands that the plan lists but that have no result count as failed with
// `unfinished` as the message.
FileResult readReport(const std::string &name, llvm::StringRef text, const std::string &unfinished);

// ---- Running one file (runner.cpp), inside a forked child. ----

struct RunOptions {
  Arch arch = Arch::X86_64;
  int optLevel = 2;
  std::string wast2json; // path of the wast2json program
  std::string emulator;  // e.g. qemu-aarch64-static for a foreign target; empty: run natively
  unsigned timeoutSeconds = 120; // per file: conversion, compilation, linking and runs
  // Per run of the executable. All of a file's commands take well under a second natively and a
  // few seconds under qemu, so a run that takes longer is a hanging command.
  unsigned runSeconds = 30;
  bool keepFiles = false;
};

// Converts, compiles, links and runs one .wast file in `scratchDir`, reporting each command.
void runWastFile(const std::string &wastPath, const std::string &scratchDir,
                 const RunOptions &options, ReportWriter &report);

// ---- Parallel execution (scheduler.cpp). ----

// Runs every file in its own forked child (at most `jobs` at once, each killed after the
// timeout) and calls `done` with each file's result in input order.
void runAll(const std::vector<std::string> &wastPaths, const RunOptions &options, unsigned jobs,
            const std::string &scratchRoot, const std::function<void(const FileResult &)> &done);

// ---- Baselines (baseline.cpp). ----

// Per file, the .wast line numbers of commands allowed to fail. A file absent from the map is
// not checked.
using Baseline = std::map<std::string, std::vector<int>>;
llvm::Expected<Baseline> readBaseline(const std::string &path);
llvm::Error writeBaseline(const std::string &path, const Baseline &baseline,
                          const std::string &arch);
// The regressions: commands of baseline files that fail but are not listed as known failures.
std::vector<std::string> checkBaseline(const Baseline &baseline,
                                       const std::vector<FileResult> &results);
// Replaces the entries of the files in `results` by their current failures.
void updateBaseline(Baseline &baseline, const std::vector<FileResult> &results);

} // namespace w2n::spec
