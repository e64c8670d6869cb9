// Formatting of collected diagnostics as "file:0x1f3: error: message" lines.
#include "compiler/frontend/diagnostics.h"

#include <cstdio>

namespace w2n {

std::string Diagnostics::format(const std::string &file) const {
  std::string out;
  char offset[32];
  for (const Diagnostic &d : list_) {
    std::snprintf(offset, sizeof offset,
                  ":0x%llx: error: ", static_cast<unsigned long long>(d.offset));
    out += d.file.empty() ? file : d.file;
    out += offset;
    out += d.message;
    out += '\n';
  }
  if (count_ > list_.size())
    out += file + ": error: " + std::to_string(count_ - list_.size()) + " more errors not shown\n";
  return out;
}

} // namespace w2n
