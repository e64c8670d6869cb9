// User-input errors with the absolute byte offset they refer to. Collected (with a limit) rather
// than thrown, so validation can report one line per error and a caller decides how to print.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace w2n {

struct Diagnostic {
  uint64_t offset = 0;
  std::string message;
  std::string file; // the input the offset is in, when not the one format() is given (--plug)
};

class Diagnostics {
public:
  explicit Diagnostics(size_t limit = 20) : limit_(limit) {}

  void error(uint64_t offset, std::string message) {
    ++count_;
    if (list_.size() < limit_) list_.push_back({offset, std::move(message), file_});
  }
  // The file later errors are in (a composition reads several); empty: format()'s file.
  void setFile(std::string file) { file_ = std::move(file); }
  bool hasErrors() const { return count_ != 0; }
  size_t count() const { return count_; }
  const std::vector<Diagnostic> &list() const { return list_; }
  // "file:0x1f3: error: message", one line per diagnostic.
  std::string format(const std::string &file) const;

private:
  size_t limit_;
  size_t count_ = 0;
  std::vector<Diagnostic> list_;
  std::string file_;
};

} // namespace w2n
