// The report a child process writes for one .wast file and its parent reads back. Line based and
// flushed after every line: when a child crashes or is killed, what it reported still counts and
// the rest of the plan counts as failed.
#include "test/spec/harness.h"

#include "llvm/ADT/SmallVector.h"

namespace w2n::spec {

namespace {

std::string oneLine(std::string text) {
  for (char &c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}

const char *outcomeName(Outcome outcome) {
  switch (outcome) {
  case Outcome::Pass:
    return "pass";
  case Outcome::Skip:
    return "skip";
  case Outcome::Fail:
    break;
  }
  return "fail";
}

} // namespace

size_t FileResult::count(Outcome outcome) const {
  size_t n = 0;
  for (const CommandResult &command : commands)
    n += command.outcome == outcome;
  return n;
}

void ReportWriter::plan(const std::vector<WastCommand> &commands) {
  std::fprintf(out_, "plan %zu\n", commands.size());
  for (size_t i = 0; i < commands.size(); ++i)
    std::fprintf(out_, "cmd %zu %d %s\n", i, commands[i].line, commands[i].type.c_str());
  std::fflush(out_);
}

void ReportWriter::result(size_t index, Outcome outcome, const std::string &message) {
  std::fprintf(out_, "result %zu %s %s\n", index, outcomeName(outcome), oneLine(message).c_str());
  std::fflush(out_);
}

void ReportWriter::fatal(const std::string &message) {
  std::fprintf(out_, "fatal %s\n", oneLine(message).c_str());
  std::fflush(out_);
}

FileResult readReport(const std::string &name, llvm::StringRef text,
                      const std::string &unfinished) {
  FileResult result;
  result.name = name;
  std::vector<bool> reported;
  bool sawPlan = false;
  llvm::SmallVector<llvm::StringRef, 0> lines;
  text.split(lines, '\n', -1, false);
  for (llvm::StringRef line : lines) {
    auto [keyword, rest] = line.split(' ');
    if (keyword == "plan") {
      sawPlan = true;
    } else if (keyword == "fatal") {
      result.fatal = rest.str();
    } else if (keyword == "cmd") {
      auto [indexText, tail] = rest.split(' ');
      auto [lineText, type] = tail.split(' ');
      size_t index;
      CommandResult command;
      if (indexText.getAsInteger(10, index) || index != result.commands.size() ||
          lineText.getAsInteger(10, command.line))
        continue;
      command.type = type.str();
      command.message = unfinished;
      result.commands.push_back(std::move(command));
      reported.push_back(false);
    } else if (keyword == "result") {
      auto [indexText, tail] = rest.split(' ');
      auto [outcome, message] = tail.split(' ');
      size_t index;
      if (indexText.getAsInteger(10, index) || index >= result.commands.size()) continue;
      CommandResult &command = result.commands[index];
      command.outcome = outcome == "pass"   ? Outcome::Pass
                        : outcome == "skip" ? Outcome::Skip
                                            : Outcome::Fail;
      command.message = message.str();
      reported[index] = true;
    }
  }
  if (!sawPlan && result.fatal.empty()) result.fatal = unfinished;
  // A file that could not even list its commands still counts, as one failure.
  if (!sawPlan) {
    CommandResult failure;
    failure.type = "file";
    failure.message = result.fatal;
    result.commands.push_back(failure);
  } else if (result.fatal.empty()) {
    for (bool done : reported)
      if (!done) {
        result.fatal = unfinished;
        break;
      }
  }
  return result;
}

} // namespace w2n::spec
