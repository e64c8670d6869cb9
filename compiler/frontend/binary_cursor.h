// A bounds-checked read position inside the binary, shared by the module reader and the
// function-body decoder. Every read either succeeds or records one diagnostic (with the absolute
// offset) and returns false; after the first failure the cursor stays failed.
#pragma once

#include "compiler/frontend/diagnostics.h"
#include "compiler/frontend/leb128.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace w2n {

inline constexpr const char *kEndOfSection = "unexpected end of section or function";

bool isValidUtf8(const uint8_t *s, size_t n);

class Cursor {
public:
  // `base` is the start of the whole binary (offsets are relative to it); [begin, end) the window
  // this cursor may read. `endMessage` is what running out of the window reports.
  Cursor(const uint8_t *base, const uint8_t *begin, const uint8_t *end, Diagnostics &diags,
         const char *endMessage = kEndOfSection)
      : base_(base), p_(begin), end_(end), diags_(&diags), endMessage_(endMessage) {}

  const uint8_t *pos() const { return p_; }
  const uint8_t *end() const { return end_; }
  void setPos(const uint8_t *p) { p_ = p; }
  uint64_t offset() const { return offsetOf(p_); }
  uint64_t offsetOf(const uint8_t *q) const { return static_cast<uint64_t>(q - base_); }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  bool atEnd() const { return p_ == end_; }
  bool failed() const { return failed_; }
  Diagnostics &diags() const { return *diags_; }

  // Records the error (only the first one per cursor) and returns false.
  bool fail(uint64_t offset, std::string message) {
    if (!failed_) diags_->error(offset, std::move(message));
    failed_ = true;
    return false;
  }
  bool failHere(std::string message) { return fail(offset(), std::move(message)); }
  bool failEnd() { return fail(offsetOf(end_), endMessage_); }

  bool u8(uint8_t &v) {
    v = 0;
    if (p_ == end_) return failEnd();
    v = *p_++;
    return true;
  }
  bool peekU8(uint8_t &v) const {
    if (p_ == end_) return false;
    v = *p_;
    return true;
  }
  bool u32(uint32_t &v) { return leb(readVarU32(p_, end_, v)); }
  bool u64(uint64_t &v) { return leb(readVarU64(p_, end_, v)); }
  bool s32(int32_t &v) { return leb(readVarS32(p_, end_, v)); }
  bool s33(int64_t &v) { return leb(readVarS33(p_, end_, v)); }
  bool s64(int64_t &v) { return leb(readVarS64(p_, end_, v)); }

  // Little-endian fixed-width values (float bit patterns).
  bool fixed32(uint32_t &v) {
    v = 0;
    if (remaining() < 4) return failEnd();
    v = uint32_t(p_[0]) | uint32_t(p_[1]) << 8 | uint32_t(p_[2]) << 16 | uint32_t(p_[3]) << 24;
    p_ += 4;
    return true;
  }
  bool fixed64(uint64_t &v) {
    uint32_t lo = 0, hi = 0;
    if (remaining() < 8) return failEnd();
    fixed32(lo);
    fixed32(hi);
    v = uint64_t(hi) << 32 | lo;
    return true;
  }
  bool bytes(size_t n, const uint8_t *&out) {
    if (remaining() < n) return failEnd();
    out = p_;
    p_ += n;
    return true;
  }
  // A length-prefixed byte vector that must lie inside the window.
  bool lengthPrefixed(const uint8_t *&data, uint32_t &length) {
    const uint8_t *start = p_;
    if (!u32(length)) return false;
    if (length > remaining()) return fail(offsetOf(start), "length out of bounds");
    data = p_;
    p_ += length;
    return true;
  }
  // A name: length-prefixed, valid UTF-8.
  bool name(std::string &out) {
    const uint8_t *data = nullptr;
    uint32_t length = 0;
    const uint8_t *start = p_;
    if (!lengthPrefixed(data, length)) return false;
    if (!isValidUtf8(data, length)) return fail(offsetOf(start), "malformed UTF-8 encoding");
    out.assign(reinterpret_cast<const char *>(data), length);
    return true;
  }

private:
  bool leb(const char *err) {
    if (!err) return true;
    if (err == kLebUnexpectedEnd) return failEnd();
    return failHere(err); // the cursor still points at the integer's first byte
  }

  const uint8_t *base_ = nullptr;
  const uint8_t *p_ = nullptr;
  const uint8_t *end_ = nullptr;
  Diagnostics *diags_;
  const char *endMessage_;
  bool failed_ = false;
};

// Never reserve more elements than bytes remain: every element takes at least one byte.
template <typename T> void reserveBounded(std::vector<T> &v, uint32_t count, const Cursor &c) {
  v.reserve(v.size() + std::min<size_t>(count, c.remaining()));
}

struct AnyCount {
  bool operator()(uint32_t) const { return true; }
};

// A vector of the binary format: a u32 count, then that many items. `onCount(count)` sees the
// count first (to reserve, or to check it); `item()` reads one item. Both report their own
// error and return false to stop.
template <typename Item, typename OnCount = AnyCount>
bool readVector(Cursor &c, Item item, OnCount onCount = {}) {
  uint32_t count = 0;
  if (!c.u32(count) || !onCount(count)) return false;
  for (uint32_t i = 0; i < count; ++i)
    if (!item()) return false;
  return true;
}

// A vector whose items, each read by `one(T &)`, are appended to `list`.
template <typename T, typename Read>
bool readVectorInto(Cursor &c, std::vector<T> &list, Read one) {
  auto item = [&] {
    T value{};
    if (!one(value)) return false;
    list.push_back(std::move(value));
    return true;
  };
  return readVector(c, item, [&](uint32_t count) {
    reserveBounded(list, count, c);
    return true;
  });
}

} // namespace w2n
