// What a compile tells about itself while it runs: the time and peak memory of each phase
// (--time-report, printed at the end) and, when stderr is a terminal, a progress line (phase,
// steps done of total, elapsed) that --quiet turns off. Phases nest as a stack; the same phase
// entered again (every core module of a component is optimized in turn) adds to its row.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

namespace w2n::driver {

// Starts the report of one compile: `timeReport` collects the table; `progress` draws the
// line (only if stderr is a terminal).
void reportBegin(bool timeReport, bool progress);
// Ends it: clears the progress line and, with --time-report, prints the table to `err`.
void reportEnd(std::ostream &err);

// A phase for as long as the object lives ("optimize", "codegen", ...), with `detail` shown
// beside it on the progress line ("module 3 of 12").
class ReportPhase {
public:
  explicit ReportPhase(const char *name, std::string detail = "");
  ~ReportPhase();
  ReportPhase(const ReportPhase &) = delete;
  ReportPhase &operator=(const ReportPhase &) = delete;

private:
  double start_;
  size_t depth_, row_;
};

// A line printed under the --time-report table ("cache: 1 hit, 0 misses").
void reportNote(const std::string &line);

// A line printed under the --time-report table ("cache: 1 hits, 0 misses").
void reportNote(const std::string &line);

// Steps of the innermost phase done so far (thread-safe: codegen partitions finish on threads).
void reportSteps(size_t done, size_t total);

} // namespace w2n::driver
