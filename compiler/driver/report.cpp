// The compile's report (report.h): a table of phases and a progress line redrawn by a thread of
// its own twice a second, so that the elapsed time moves during a long phase.
#include "compiler/driver/report.h"

#include <algorithm>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fmt/format.h>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace w2n::driver {

namespace {

double now() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// The peak resident size (VmHWM) since the last resetPeak, in MiB; 0 if unknown.
double peakMiB() {
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return 0;
  char line[256];
  long kib = 0;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "VmHWM: %ld kB", &kib) == 1) break;
  fclose(f);
  return static_cast<double>(kib) / 1024.0;
}

// Makes the peak the current resident size (Linux 4.0 and later), so that each phase's own peak
// can be read at its end.
void resetPeak() {
  if (FILE *f = fopen("/proc/self/clear_refs", "w")) {
    fputs("5", f);
    fclose(f);
  }
}

struct Row {
  std::string name;
  double seconds = 0;
  double peak = 0; // MiB: the largest resident size while it ran
  unsigned runs = 0;
};

struct State {
  std::mutex mutex;
  bool timeReport = false, progress = false;
  double begin = 0;
  std::vector<Row> rows; // in the order phases first ran
  std::vector<std::string> notes;
  std::vector<std::pair<std::string, std::string>> stack; // name, detail
  // The largest peak seen so far by each phase on the stack, and by the whole compile (a phase
  // that starts resets the kernel's peak, so it passes what it saw on to its parent).
  std::vector<double> peaks;
  double overallPeak = 0;
  size_t done = 0, total = 0;
  std::thread drawer;
  std::condition_variable wake;
  bool stopping = false;
  size_t drawnWidth = 0;

  // The progress line (the mutex held).
  void draw() {
    std::string line = "wasm2native:";
    for (const auto &[name, detail] : stack)
      line += " " + name + (detail.empty() ? "" : " (" + detail + ")");
    if (total) line += fmt::format(" {}/{}", done, total);
    line += fmt::format(", {:.1f} s", now() - begin);
    std::string out(1, '\r');
    out += line;
    if (line.size() < drawnWidth) out.append(drawnWidth - line.size(), ' ');
    drawnWidth = line.size();
    fputs(out.c_str(), stderr);
    fflush(stderr);
  }
};

State &state() {
  static State s;
  return s;
}

} // namespace

void reportBegin(bool timeReport, bool progress) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  s.timeReport = timeReport;
  s.progress = progress && isatty(STDERR_FILENO);
  s.begin = now();
  s.rows.clear();
  s.notes.clear();
  s.stack.clear();
  s.peaks.clear();
  s.overallPeak = 0;
  s.stopping = false;
  if (!s.progress) return;
  s.drawer = std::thread([&s] {
    std::unique_lock lock(s.mutex);
    // Nothing for the first second: a quick compile shows no line at all.
    s.wake.wait_for(lock, std::chrono::seconds(1), [&] { return s.stopping; });
    while (!s.stopping) {
      s.draw();
      s.wake.wait_for(lock, std::chrono::milliseconds(500), [&] { return s.stopping; });
    }
  });
}

void reportEnd(std::ostream &err) {
  State &s = state();
  {
    std::lock_guard lock(s.mutex);
    s.stopping = true;
  }
  s.wake.notify_all();
  if (s.drawer.joinable()) s.drawer.join();
  std::lock_guard lock(s.mutex);
  if (s.drawnWidth) { // clear the line for whatever is printed next
    std::string blank(s.drawnWidth + 2, ' ');
    blank.front() = blank.back() = '\r';
    fputs(blank.c_str(), stderr);
    fflush(stderr);
    s.drawnWidth = 0;
  }
  if (!s.timeReport) return;
  err << fmt::format("{:<24} {:>9} {:>6} {:>14}\n", "phase", "seconds", "runs", "peak RSS MiB");
  for (const Row &row : s.rows)
    err << fmt::format("{:<24} {:>9.3f} {:>6} {:>14.1f}\n", row.name, row.seconds, row.runs,
                       row.peak);
  err << fmt::format("{:<24} {:>9.3f} {:>6} {:>14.1f}\n", "total", now() - s.begin, 1,
                     std::max(s.overallPeak, peakMiB()));
  for (const std::string &note : s.notes)
    err << note << "\n";
  s.timeReport = false;
}

ReportPhase::ReportPhase(const char *name, std::string detail) : start_(now()) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  // Only for --time-report: the reset also resets what getrusage and /usr/bin/time report.
  if (s.timeReport) {
    double sofar = peakMiB();
    s.overallPeak = std::max(s.overallPeak, sofar);
    if (!s.peaks.empty()) s.peaks.back() = std::max(s.peaks.back(), sofar);
    resetPeak();
  }
  s.stack.emplace_back(name, std::move(detail));
  s.peaks.push_back(0);
  depth_ = s.stack.size();
  s.done = s.total = 0;
  // A row per phase and depth, in the order they first start; a nested phase's row is indented
  // under its parent's, whose time includes it.
  std::string rowName = std::string(2 * (depth_ - 1), ' ') + name;
  row_ = 0;
  while (row_ < s.rows.size() && s.rows[row_].name != rowName)
    ++row_;
  if (row_ == s.rows.size()) s.rows.push_back(Row{rowName});
}

ReportPhase::~ReportPhase() {
  State &s = state();
  std::lock_guard lock(s.mutex);
  double peak = s.timeReport ? std::max(s.peaks[depth_ - 1], peakMiB()) : 0;
  s.overallPeak = std::max(s.overallPeak, peak);
  s.stack.resize(depth_ - 1);
  s.peaks.resize(depth_ - 1);
  if (!s.peaks.empty()) s.peaks.back() = std::max(s.peaks.back(), peak);
  s.done = s.total = 0;
  Row &row = s.rows[row_];
  row.seconds += now() - start_;
  row.peak = std::max(row.peak, peak);
  ++row.runs;
}

void reportNote(const std::string &line) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  s.notes.push_back(line);
}

void reportSteps(size_t done, size_t total) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  s.done = done;
  s.total = total;
}

} // namespace w2n::driver
