// The "name" custom section: module and function names for symbols and backtraces. It is
// advisory, so a malformed one never fails the module: parsing stops at the first problem and
// keeps only the subsections that were complete before it.
#include "compiler/frontend/module_reader.h"

namespace w2n {

void ModuleReader::readNameSection(const uint8_t *begin, const uint8_t *end) {
  Diagnostics ignored(1);
  Cursor c(bytes_, begin, end, ignored);
  int lastId = -1;
  while (!c.atEnd()) {
    uint8_t id = 0;
    const uint8_t *data = nullptr;
    uint32_t size = 0;
    if (!c.u8(id) || !c.lengthPrefixed(data, size)) return;
    if (int(id) <= lastId) return; // subsections must be in order and appear at most once
    lastId = id;
    Cursor sub(bytes_, data, data + size, ignored);
    if (id == 0) {
      std::string name;
      if (!sub.name(name) || !sub.atEnd()) return;
      m_.moduleName = std::move(name);
    } else if (id == 1) {
      uint32_t count = 0;
      if (!sub.u32(count)) return;
      std::vector<std::pair<uint32_t, std::string>> names;
      names.reserve(std::min<size_t>(count, sub.remaining()));
      for (uint32_t i = 0; i < count; ++i) {
        uint32_t index = 0;
        std::string name;
        if (!sub.u32(index) || !sub.name(name)) return;
        if (!names.empty() && index <= names.back().first)
          return; // the name map must be sorted by index without duplicates
        names.emplace_back(index, std::move(name));
      }
      if (!sub.atEnd()) return;
      pendingFuncNames_ = std::move(names);
    }
    c.setPos(data + size);
  }
}

} // namespace w2n
