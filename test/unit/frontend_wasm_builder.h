// Helpers for frontend unit tests: assemble small binaries byte by byte (so that every expected
// offset can be worked out by hand) and run them through readModule / validateModule.
#pragma once

#include "compiler/frontend/api.h"

#include <cstdint>
#include <string>
#include <vector>

namespace w2n::test {

using Bytes = std::vector<uint8_t>;

inline void appendU(Bytes &out, uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(v ? b | 0x80 : b);
  } while (v);
}
inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes &p : parts)
    out.insert(out.end(), p.begin(), p.end());
  return out;
}
inline Bytes u(uint64_t v) {
  Bytes out;
  appendU(out, v);
  return out;
}
inline Bytes header() { return {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}; }
// A section: id, LEB size, content.
inline Bytes section(uint8_t id, const Bytes &content) {
  return cat({Bytes{id}, u(content.size()), content});
}
inline Bytes name(const std::string &s) { return cat({u(s.size()), Bytes(s.begin(), s.end())}); }
// A module with type 0 = `type` (encoded functype), one function of type 0 whose body is
// `locals` (encoded vector) + `code` (must end with 0x0b), plus `extra` sections placed between
// the function and code sections (table, memory, global, export, start, element, datacount).
inline Bytes funcModule(const Bytes &type, const Bytes &code, const Bytes &locals = {0x00},
                        const Bytes &extra = {}) {
  Bytes body = cat({locals, code});
  return cat({header(), section(1, cat({u(1), type})), section(3, {0x01, 0x00}), extra,
              section(10, cat({u(1), u(body.size()), body}))});
}
inline const Bytes kVoidType = {0x60, 0x00, 0x00};
inline const Bytes kI32Result = {0x60, 0x00, 0x01, 0x7f};

struct Outcome {
  bool ok = false;
  uint64_t offset = 0;
  std::string message;
};
// readModule, then (if that succeeded and `validate`) validateModule; the first diagnostic.
// `embedded`: read as a module inside a component (the Wasm 3.0 proposals it may use are on).
inline Outcome check(const Bytes &bytes, bool validate = true, bool embedded = false) {
  Module m;
  Diagnostics d;
  bool ok = embedded ? readModule(bytes.data(), 0, bytes.size(), m, d)
                     : readModule(bytes.data(), bytes.size(), m, d);
  if (ok && validate) ok = validateModule(m, d);
  Outcome o;
  o.ok = ok;
  if (!d.list().empty()) {
    o.offset = d.list()[0].offset;
    o.message = d.list()[0].message;
  }
  return o;
}

} // namespace w2n::test
