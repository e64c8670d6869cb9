// The checked-in baselines (test/spec/baseline-<arch>.txt): which files are checked and which of
// their commands are known to fail, so that CI fails on any regression and improvements show up
// as a smaller file after --update-baseline.
#include "test/spec/harness.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <fstream>

namespace w2n::spec {

llvm::Expected<Baseline> readBaseline(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return llvm::createStringError(buffer.getError(), "cannot read baseline '%s': %s", path.c_str(),
                                   buffer.getError().message().c_str());
  Baseline baseline;
  llvm::SmallVector<llvm::StringRef, 0> lines;
  (*buffer)->getBuffer().split(lines, '\n', -1, false);
  for (llvm::StringRef line : lines) {
    line = line.trim();
    if (line.empty() || line.starts_with("#")) continue;
    llvm::SmallVector<llvm::StringRef, 8> words;
    line.split(words, ' ', -1, false);
    std::vector<int> &known = baseline[words[0].str()];
    for (size_t i = 1; i < words.size(); ++i) {
      int number;
      if (i == 1 && words[i] == "except") continue;
      if (words[i].getAsInteger(10, number))
        return llvm::createStringError("baseline '%s': bad line '%s'", path.c_str(),
                                       line.str().c_str());
      known.push_back(number);
    }
  }
  return baseline;
}

llvm::Error writeBaseline(const std::string &path, const Baseline &baseline,
                          const std::string &arch) {
  std::string temp = path + ".tmp";
  {
    std::ofstream out(temp);
    out << "# w2n-spectest baseline for " << arch << ". Each line names a checked .wast file;\n"
        << "# all its commands must pass except those at the .wast line numbers after \"except\".\n"
        << "# Regenerate with: test/spec/run.sh <build-dir> " << arch << " --update-baseline\n";
    for (const auto &[file, lines] : baseline) {
      out << file;
      if (!lines.empty()) {
        out << " except";
        for (int line : lines)
          out << ' ' << line;
      }
      out << '\n';
    }
    if (!out) return llvm::createStringError("cannot write baseline '%s'", path.c_str());
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0)
    return llvm::createStringError("cannot write baseline '%s'", path.c_str());
  return llvm::Error::success();
}

std::vector<std::string> checkBaseline(const Baseline &baseline,
                                       const std::vector<FileResult> &results) {
  std::vector<std::string> regressions;
  for (const FileResult &result : results) {
    auto entry = baseline.find(result.name);
    if (entry == baseline.end()) continue;
    const std::vector<int> &known = entry->second;
    for (const CommandResult &command : result.commands)
      if (command.outcome == Outcome::Fail &&
          std::find(known.begin(), known.end(), command.line) == known.end())
        regressions.push_back(result.name + ":" + std::to_string(command.line) + ": " +
                              command.type + ": " + command.message);
  }
  return regressions;
}

void updateBaseline(Baseline &baseline, const std::vector<FileResult> &results) {
  for (const FileResult &result : results) {
    std::vector<int> failing;
    for (const CommandResult &command : result.commands)
      if (command.outcome == Outcome::Fail) failing.push_back(command.line);
    std::sort(failing.begin(), failing.end());
    failing.erase(std::unique(failing.begin(), failing.end()), failing.end());
    baseline[result.name] = std::move(failing);
  }
}

} // namespace w2n::spec
