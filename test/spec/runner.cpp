// One .wast file, start to finish, inside a forked child: wast2json, then every module decoded,
// validated and compiled (a module that fails makes only the commands that use it fail), one
// executable linked from all of them plus the script main, run on the generated protocol commands
// (natively or under an emulator), and every answer judged. A crash of the executable fails the
// command it was answering; the run then restarts, replaying the earlier commands to rebuild the
// instances' state, so one crash does not take the rest of the file with it.
#include "test/spec/harness.h"

#include "compiler/driver/driver.h"
#include "compiler/lowering/lower.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

namespace w2n::spec {

namespace {

using Clock = std::chrono::steady_clock;

// A protocol command and how its answer is judged.
struct Step {
  size_t command;
  std::string request;
  enum Kind { Ok, Values, Trap, Unlinkable } kind;
};

std::string readWholeFile(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  return buffer ? (*buffer)->getBuffer().str() : std::string();
}

std::string firstLine(llvm::StringRef text) { return text.trim().split('\n').first.trim().str(); }

bool messagesAgree(llvm::StringRef actual, llvm::StringRef expected) {
  return !actual.empty() && (actual.starts_with(expected) || expected.starts_with(actual));
}

// Judges one answer; returns an empty string when the command passed.
std::string judge(const Step &step, const WastCommand &command, llvm::StringRef answer) {
  auto [kind, rest] = answer.split(' ');
  switch (step.kind) {
  case Step::Ok:
    if (kind == "ok") return "";
    return "expected ok, got '" + answer.str() + "'";
  case Step::Values: {
    if (kind != "ok")
      return "expected " + describeExpected(command.expected) + ", got '" + answer.str() + "'";
    llvm::SmallVector<llvm::StringRef, 4> tokens;
    rest.split(tokens, ' ', -1, false);
    std::vector<std::string> actual(tokens.begin(), tokens.end());
    std::string difference = compareResults(command.expected, actual);
    if (difference.empty()) return "";
    return difference + ": expected " + describeExpected(command.expected) + ", got '" +
           answer.str() + "'";
  }
  case Step::Trap:
  case Step::Unlinkable: {
    llvm::StringRef wantKind = step.kind == Step::Trap ? "trap" : "unlinkable";
    if (kind == wantKind && messagesAgree(rest, command.text)) return "";
    return "expected " + wantKind.str() + " '" + command.text + "', got '" + answer.str() + "'";
  }
  }
  return "unreachable";
}

class FileRunner {
public:
  FileRunner(const std::string &wastPath, const std::string &scratchDir, const RunOptions &options,
             ReportWriter &report)
      : wastPath_(wastPath), dir_(scratchDir), options_(options), report_(report),
        start_(Clock::now()) {
    compileOptions_.target.arch = options.arch;
    compileOptions_.target.optLevel = options.optLevel;
  }

  void run() {
    std::string base = llvm::sys::path::stem(wastPath_).str();
    std::string jsonPath = path(base + ".json");
    if (!convert(jsonPath)) return;
    auto commands = parseWastJson(readWholeFile(jsonPath));
    if (!commands) {
      report_.fatal("cannot read " + jsonPath + ": " + llvm::toString(commands.takeError()));
      return;
    }
    commands_ = std::move(*commands);
    report_.plan(commands_);

    for (size_t i = 0; i < commands_.size(); ++i)
      planCommand(i);
    if (steps_.empty()) return;

    std::string exe = path(base + ".exe");
    if (std::string error = link(exe); !error.empty()) {
      for (const Step &step : steps_)
        report_.result(step.command, Outcome::Fail, error);
      return;
    }
    execute(exe);
  }

private:
  std::string path(const std::string &name) const {
    llvm::SmallString<256> p(dir_);
    llvm::sys::path::append(p, name);
    return p.str().str();
  }

  unsigned secondsLeft() const {
    auto used = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - start_).count();
    long left = long(options_.timeoutSeconds) - long(used);
    return left < 1 ? 1 : unsigned(left);
  }

  bool convert(const std::string &jsonPath) {
    std::string errPath = path("wast2json.err");
    llvm::StringRef args[] = {options_.wast2json, wastPath_, "-o", jsonPath};
    std::optional<llvm::StringRef> redirects[] = {llvm::StringRef(""), llvm::StringRef(""),
                                                  llvm::StringRef(errPath)};
    std::string errMsg;
    int status = llvm::sys::ExecuteAndWait(options_.wast2json, args, std::nullopt, redirects,
                                           secondsLeft(), 0, &errMsg);
    if (status == 0) return true;
    std::string why = firstLine(readWholeFile(errPath));
    report_.fatal("wast2json failed: " + (why.empty() ? errMsg : why));
    return false;
  }

  // Decodes, validates and compiles the module of `command`; returns its descriptor number.
  std::optional<size_t> compileModule(const WastCommand &command, std::string &error) {
    auto bytes = driver::readInputFile(path(command.filename));
    if (!bytes) {
      error = llvm::toString(bytes.takeError());
      return std::nullopt;
    }
    Module module;
    if (llvm::Error err = driver::loadModule(*bytes, command.filename, module)) {
      error = firstLine(llvm::toString(std::move(err)));
      return std::nullopt;
    }
    size_t number = objects_.size();
    std::string prefix = "w2n_s" + std::to_string(number) + "_";
    auto object = driver::compileModuleToObject(module, command.filename, compileOptions_, prefix,
                                                /*programMain=*/false);
    if (!object) {
      error = firstLine(llvm::toString(object.takeError()));
      return std::nullopt;
    }
    objects_.push_back(std::move(*object));
    descriptors_.push_back(prefix + "module");
    return number;
  }

  // The instance an action or register refers to, or -1 when it is not available.
  long instanceFor(const std::string &name) const {
    if (name.empty()) return current_;
    auto it = named_.find(name);
    return it == named_.end() ? -1 : it->second;
  }

  void planCommand(size_t index) {
    const WastCommand &command = commands_[index];
    const std::string &type = command.type;
    std::string error;
    if (type == "module") {
      std::optional<size_t> module = compileModule(command, error);
      long instance = module ? nextInstance_++ : -1;
      current_ = instance;
      if (!command.name.empty()) named_[command.name] = instance;
      if (!module) {
        report_.result(index, Outcome::Fail, "module does not compile: " + error);
        return;
      }
      addStep(index, "instantiate " + std::to_string(*module) + " " + std::to_string(instance),
              Step::Ok);
    } else if (type == "assert_malformed" || type == "assert_invalid") {
      if (command.moduleType == "text") {
        report_.result(index, Outcome::Skip, "text module");
        return;
      }
      auto bytes = driver::readInputFile(path(command.filename));
      Module module;
      llvm::Error err =
          bytes ? driver::loadModule(*bytes, command.filename, module) : bytes.takeError();
      if (err)
        report_.result(index, Outcome::Pass, firstLine(llvm::toString(std::move(err))));
      else
        report_.result(index, Outcome::Fail,
                       "module accepted, expected rejection: " + command.text);
    } else if (type == "assert_unlinkable" || type == "assert_uninstantiable") {
      std::optional<size_t> module = compileModule(command, error);
      if (!module) {
        report_.result(index, Outcome::Fail, "module does not compile: " + error);
        return;
      }
      addStep(index,
              "instantiate " + std::to_string(*module) + " " + std::to_string(nextInstance_++),
              type == "assert_unlinkable" ? Step::Unlinkable : Step::Trap);
    } else if (type == "register") {
      long instance = instanceFor(command.name);
      if (instance < 0) {
        report_.result(index, Outcome::Fail, "the module to register is not available");
        return;
      }
      addStep(index, "register " + hexName(command.as) + " " + std::to_string(instance), Step::Ok);
    } else if (command.action && (type == "action" || type == "assert_return" ||
                                  type == "assert_trap" || type == "assert_exhaustion")) {
      const WastAction &action = *command.action;
      long instance = instanceFor(action.module);
      if (instance < 0) {
        report_.result(index, Outcome::Fail, "the module is not available");
        return;
      }
      std::string request = (action.kind == "get" ? "get " : "invoke ") + std::to_string(instance) +
                            " " + hexName(action.field);
      for (const WastValue &arg : action.args) {
        auto encoded = encodeArgument(arg);
        if (!encoded) {
          report_.result(index, Outcome::Fail, llvm::toString(encoded.takeError()));
          return;
        }
        request += " " + *encoded;
      }
      Step::Kind kind = type == "action"          ? Step::Ok
                        : type == "assert_return" ? Step::Values
                                                  : Step::Trap;
      addStep(index, request, kind);
    } else {
      report_.result(index, Outcome::Fail, "unsupported command type " + type);
    }
  }

  void addStep(size_t command, std::string request, Step::Kind kind) {
    steps_.push_back({command, std::move(request), kind});
  }

  // Links every compiled module and the script main; returns an error message or "".
  std::string link(const std::string &exe) {
    auto main = driver::runPipeline("script-main", compileOptions_, driver::Emit::Object,
                                    [&](llvm::Module &ir, llvm::TargetMachine &) -> llvm::Error {
                                      emitScriptMain(ir, descriptors_);
                                      return llvm::Error::success();
                                    });
    if (!main)
      return "script main does not compile: " + firstLine(llvm::toString(main.takeError()));
    objects_.push_back(std::move(main->front()));
    if (llvm::Error err = driver::buildExecutable(options_.arch, objects_, exe))
      return firstLine(llvm::toString(std::move(err)));
    objects_.clear();
    return "";
  }

  struct RunOutput {
    std::vector<std::string> answers;
    std::string ending; // how the process ended when it did not answer everything
  };

  RunOutput runOnce(const std::string &exe, const std::vector<size_t> &stepIndices) {
    std::string inPath = path("commands.txt"), outPath = path("answers.txt"),
                errPath = path("stderr.txt");
    {
      std::error_code ec;
      llvm::raw_fd_ostream in(inPath, ec);
      for (size_t i : stepIndices)
        in << steps_[i].request << '\n';
    }
    std::vector<llvm::StringRef> args;
    std::string program = options_.emulator.empty() ? exe : options_.emulator;
    args.push_back(program);
    if (!options_.emulator.empty()) args.push_back(exe);
    std::optional<llvm::StringRef> redirects[] = {llvm::StringRef(inPath), llvm::StringRef(outPath),
                                                  llvm::StringRef(errPath)};
    std::string errMsg;
    // One hanging command must not use up the whole file's time: the run is cut short and the
    // remaining commands get another run.
    unsigned seconds = std::min(secondsLeft(), std::max(1u, options_.runSeconds));
    int status =
        llvm::sys::ExecuteAndWait(program, args, std::nullopt, redirects, seconds, 0, &errMsg);
    RunOutput output;
    std::string text = readWholeFile(outPath);
    // Only complete lines count: a process killed mid-line did not finish that answer.
    size_t end = text.rfind('\n');
    llvm::SmallVector<llvm::StringRef, 0> lines;
    if (end != std::string::npos)
      llvm::StringRef(text).take_front(end).split(lines, '\n', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef line : lines)
      if (!line.starts_with("#")) output.answers.push_back(line.str());
    std::string stderrLine = firstLine(readWholeFile(errPath));
    if (status != 0 || output.answers.size() < stepIndices.size()) {
      output.ending = errMsg.empty() ? "exit status " + std::to_string(status)
                                     : llvm::StringRef(errMsg).trim().rtrim(':').str();
      if (!stderrLine.empty()) output.ending += " (" + stderrLine + ")";
    }
    return output;
  }

  void execute(const std::string &exe) {
    constexpr int kMaxRestarts = 20;
    std::vector<bool> excluded(steps_.size(), false); // crashed steps, left out of replays
    size_t next = 0;
    for (int restarts = 0; next < steps_.size(); ++restarts) {
      std::vector<size_t> order;
      size_t replayed = 0;
      for (size_t i = 0; i < steps_.size(); ++i)
        if (i >= next || !excluded[i]) {
          order.push_back(i);
          replayed += i < next;
        }
      RunOutput output = runOnce(exe, order);
      if (output.answers.size() < replayed) {
        failFrom(next, "the replay after a crash ended early: " + output.ending);
        return;
      }
      size_t answered = std::min(output.answers.size(), order.size()) - replayed;
      for (size_t j = 0; j < answered; ++j) {
        const Step &step = steps_[next + j];
        std::string verdict = judge(step, commands_[step.command], output.answers[replayed + j]);
        report_.result(step.command, verdict.empty() ? Outcome::Pass : Outcome::Fail, verdict);
      }
      next += answered;
      if (next >= steps_.size()) return;
      const Step &crashed = steps_[next];
      report_.result(crashed.command, Outcome::Fail,
                     "no answer: " + (output.ending.empty() ? "no output" : output.ending));
      excluded[next++] = true;
      if (restarts >= kMaxRestarts || secondsLeft() <= 1) {
        failFrom(next, "not run: too many crashes or out of time");
        return;
      }
    }
  }

  void failFrom(size_t first, const std::string &message) {
    for (size_t i = first; i < steps_.size(); ++i)
      report_.result(steps_[i].command, Outcome::Fail, message);
  }

  std::string wastPath_, dir_;
  RunOptions options_;
  ReportWriter &report_;
  Clock::time_point start_;
  driver::CompileOptions compileOptions_;

  std::vector<WastCommand> commands_;
  std::vector<Step> steps_;
  std::vector<std::vector<char>> objects_;
  std::vector<std::string> descriptors_;
  std::map<std::string, long> named_;
  long current_ = -1;
  long nextInstance_ = 0;
};

} // namespace

void runWastFile(const std::string &wastPath, const std::string &scratchDir,
                 const RunOptions &options, ReportWriter &report) {
  FileRunner(wastPath, scratchDir, options, report).run();
}

} // namespace w2n::spec
