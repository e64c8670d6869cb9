// Parallel, isolated execution of .wast files: one forked child per file (lld links once per
// process, and a crash stays contained), at most `jobs` at a time, each in its own process group
// so that a timeout kills the child together with the test executable it is running.
#include "test/spec/harness.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <chrono>
#include <csignal>
#include <thread>

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace w2n::spec {

namespace {

using Clock = std::chrono::steady_clock;

struct Job {
  size_t index;
  pid_t pid;
  Clock::time_point start;
  std::string dir, reportPath;
  bool timedOut = false;
};

// The children run in process groups of their own (so that a timeout kills what they started),
// which keeps them out of reach of the terminal's Ctrl-C: the parent forwards it.
constexpr size_t kMaxChildren = 256;
volatile sig_atomic_t childGroups[kMaxChildren];

void killChildrenAndDie(int sig) {
  for (size_t i = 0; i < kMaxChildren; ++i)
    if (childGroups[i] > 0) kill(-pid_t(childGroups[i]), SIGKILL);
  signal(sig, SIG_DFL);
  raise(sig);
}

void trackChild(pid_t pid, bool running) {
  for (size_t i = 0; i < kMaxChildren; ++i)
    if (running ? childGroups[i] == 0 : childGroups[i] == pid) {
      childGroups[i] = running ? pid : 0;
      return;
    }
}

// The child's whole life: run one file, write its report, exit without running any destructors
// or atexit handlers that belong to the parent.
[[noreturn]] void childMain(const std::string &wastPath, const Job &job,
                            const RunOptions &options) {
  setpgid(0, 0);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  FILE *out = std::fopen(job.reportPath.c_str(), "w");
  if (!out) _exit(2);
  ReportWriter report(out);
  runWastFile(wastPath, job.dir, options, report);
  std::fclose(out);
  _exit(0);
}

std::string describeEnd(const Job &job, int status, unsigned timeout) {
  if (job.timedOut) return "timed out after " + std::to_string(timeout) + " s";
  if (WIFSIGNALED(status))
    return std::string("harness child killed by signal ") + strsignal(WTERMSIG(status));
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
    return "harness child exited with status " + std::to_string(WEXITSTATUS(status));
  return "no result reported";
}

} // namespace

void runAll(const std::vector<std::string> &wastPaths, const RunOptions &options, unsigned jobs,
            const std::string &scratchRoot, const std::function<void(const FileResult &)> &done) {
  std::vector<std::optional<FileResult>> results(wastPaths.size());
  std::vector<Job> running;
  size_t nextToStart = 0, nextToReport = 0;
  const auto killAfter = std::chrono::seconds(options.timeoutSeconds + 10);
  signal(SIGINT, killChildrenAndDie);
  signal(SIGTERM, killChildrenAndDie);
  jobs = std::min<unsigned>(std::max(1u, jobs), kMaxChildren);

  while (nextToReport < wastPaths.size()) {
    while (running.size() < jobs && nextToStart < wastPaths.size()) {
      Job job;
      job.index = nextToStart++;
      llvm::SmallString<256> dir(scratchRoot);
      llvm::sys::path::append(dir, std::to_string(job.index) + "-" +
                                       llvm::sys::path::stem(wastPaths[job.index]).str());
      llvm::sys::fs::create_directories(dir);
      job.dir = dir.str().str();
      job.reportPath = job.dir + "/report.txt";
      job.start = Clock::now();
      std::fflush(stdout);
      std::fflush(stderr);
      job.pid = fork();
      if (job.pid == 0) childMain(wastPaths[job.index], job, options);
      if (job.pid < 0) {
        FileResult failed;
        failed.name = llvm::sys::path::filename(wastPaths[job.index]).str();
        failed.fatal = "fork failed";
        failed.commands.push_back({0, "file", Outcome::Fail, "fork failed"});
        results[job.index] = std::move(failed);
        continue;
      }
      setpgid(job.pid, job.pid);
      trackChild(job.pid, true);
      running.push_back(job);
    }

    int status = 0;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid > 0) {
      auto it = std::find_if(running.begin(), running.end(),
                             [&](const Job &job) { return job.pid == pid; });
      if (it != running.end()) {
        Job job = *it;
        running.erase(it);
        kill(-job.pid, SIGKILL); // whatever the child left running in its group
        trackChild(job.pid, false);
        auto report = llvm::MemoryBuffer::getFile(job.reportPath);
        std::string name = llvm::sys::path::filename(wastPaths[job.index]).str();
        results[job.index] = readReport(name, report ? (*report)->getBuffer() : "",
                                        describeEnd(job, status, options.timeoutSeconds));
        if (!options.keepFiles) llvm::sys::fs::remove_directories(job.dir);
      }
    } else {
      for (Job &job : running)
        if (!job.timedOut && Clock::now() - job.start > killAfter) {
          job.timedOut = true;
          kill(-job.pid, SIGKILL);
        }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    while (nextToReport < wastPaths.size() && results[nextToReport])
      done(*results[nextToReport++]);
  }
}

} // namespace w2n::spec
