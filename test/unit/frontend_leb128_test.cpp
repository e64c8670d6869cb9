// LEB128 readers: values and the exact malformed cases of the Wasm binary format (binary.md,
// "Integers": at most ceil(N/7) bytes; unused bits of the last byte zero or sign copies).
#include "compiler/frontend/leb128.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <initializer_list>
#include <vector>

using namespace w2n;

namespace {
template <typename T, typename F>
const char *run(std::initializer_list<uint8_t> in, F f, T &out, size_t *consumed = nullptr) {
  std::vector<uint8_t> bytes(in);
  const uint8_t *p = bytes.data();
  const char *err = f(p, bytes.data() + bytes.size(), out);
  if (consumed) *consumed = static_cast<size_t>(p - bytes.data());
  return err;
}
bool is(const char *err, const char *msg) { return err && std::strcmp(err, msg) == 0; }
} // namespace

TEST_CASE("u32 LEB128 values", "[leb128]") {
  uint32_t v = 0;
  size_t n = 0;
  CHECK(run({0x00}, readVarU32, v, &n) == nullptr);
  CHECK(v == 0);
  CHECK(n == 1);
  CHECK(run({0x7f}, readVarU32, v) == nullptr);
  CHECK(v == 127);
  CHECK(run({0x80, 0x01}, readVarU32, v, &n) == nullptr);
  CHECK(v == 128);
  CHECK(n == 2);
  CHECK(run({0xff, 0xff, 0xff, 0xff, 0x0f}, readVarU32, v) == nullptr);
  CHECK(v == 0xffffffffu);
  // Padding with redundant zero groups is allowed up to the byte limit.
  CHECK(run({0x80, 0x80, 0x80, 0x80, 0x00}, readVarU32, v, &n) == nullptr);
  CHECK(v == 0);
  CHECK(n == 5);
  // Stops at the first byte without the continuation bit, leaving the rest.
  CHECK(run({0x05, 0xff}, readVarU32, v, &n) == nullptr);
  CHECK(v == 5);
  CHECK(n == 1);
}

TEST_CASE("u32 LEB128 malformed", "[leb128]") {
  uint32_t v = 0;
  size_t n = 99;
  // Bit 32 set in the fifth byte.
  CHECK(is(run({0xff, 0xff, 0xff, 0xff, 0x1f}, readVarU32, v, &n), kLebTooLarge));
  CHECK(n == 0); // the cursor stays at the start of the integer
  CHECK(is(run({0x80, 0x80, 0x80, 0x80, 0x70}, readVarU32, v), kLebTooLarge));
  // A sixth byte is never allowed, even a zero one.
  CHECK(is(run({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, readVarU32, v), kLebTooLong));
  CHECK(is(run({0x80}, readVarU32, v), kLebUnexpectedEnd));
  CHECK(is(run({}, readVarU32, v), kLebUnexpectedEnd));
  CHECK(is(run({0xff, 0xff, 0xff, 0xff}, readVarU32, v), kLebUnexpectedEnd));
}

TEST_CASE("s32 LEB128", "[leb128]") {
  int32_t v = 0;
  CHECK(run({0x7f}, readVarS32, v) == nullptr);
  CHECK(v == -1);
  CHECK(run({0x3f}, readVarS32, v) == nullptr);
  CHECK(v == 63);
  CHECK(run({0x40}, readVarS32, v) == nullptr);
  CHECK(v == -64);
  CHECK(run({0xc0, 0x00}, readVarS32, v) == nullptr);
  CHECK(v == 64);
  CHECK(run({0x80, 0x80, 0x80, 0x80, 0x78}, readVarS32, v) == nullptr);
  CHECK(v == INT32_MIN);
  CHECK(run({0xff, 0xff, 0xff, 0xff, 0x07}, readVarS32, v) == nullptr);
  CHECK(v == INT32_MAX);
  CHECK(run({0xff, 0xff, 0xff, 0xff, 0x7f}, readVarS32, v) == nullptr);
  CHECK(v == -1);
  // Bits 3..6 of the fifth byte must all equal the sign bit (bit 3).
  CHECK(is(run({0x80, 0x80, 0x80, 0x80, 0x08}, readVarS32, v), kLebTooLarge));
  CHECK(is(run({0xff, 0xff, 0xff, 0xff, 0x77}, readVarS32, v), kLebTooLarge));
  CHECK(is(run({0xff, 0xff, 0xff, 0xff, 0x4f}, readVarS32, v), kLebTooLarge));
  CHECK(is(run({0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, readVarS32, v), kLebTooLong));
  CHECK(is(run({0xff}, readVarS32, v), kLebUnexpectedEnd));
}

TEST_CASE("s33 LEB128 (block types)", "[leb128]") {
  int64_t v = 0;
  CHECK(run({0x40}, readVarS33, v) == nullptr);
  CHECK(v == -64);
  CHECK(run({0xff, 0xff, 0xff, 0xff, 0x0f}, readVarS33, v) == nullptr);
  CHECK(v == 0xffffffffll);
  CHECK(run({0x80, 0x80, 0x80, 0x80, 0x70}, readVarS33, v) == nullptr);
  CHECK(v == -(int64_t(1) << 32));
  // Bits 4..6 of the fifth byte must copy the sign bit (bit 4).
  CHECK(is(run({0x80, 0x80, 0x80, 0x80, 0x10}, readVarS33, v), kLebTooLarge));
  CHECK(is(run({0x80, 0x80, 0x80, 0x80, 0x60}, readVarS33, v), kLebTooLarge));
  CHECK(is(run({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, readVarS33, v), kLebTooLong));
}

TEST_CASE("u64 LEB128", "[leb128]") {
  uint64_t v = 0;
  CHECK(run({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, readVarU64, v) ==
        nullptr);
  CHECK(v == UINT64_MAX);
  CHECK(run({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, readVarU64, v) ==
        nullptr);
  CHECK(v == 0);
  CHECK(is(run({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}, readVarU64, v),
           kLebTooLarge));
  CHECK(is(run({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, readVarU64, v),
           kLebTooLong));
  CHECK(is(run({0x80, 0x80}, readVarU64, v), kLebUnexpectedEnd));
}

TEST_CASE("s64 LEB128", "[leb128]") {
  int64_t v = 0;
  CHECK(run({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f}, readVarS64, v) ==
        nullptr);
  CHECK(v == INT64_MIN);
  CHECK(run({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00}, readVarS64, v) ==
        nullptr);
  CHECK(v == INT64_MAX);
  CHECK(run({0x7f}, readVarS64, v) == nullptr);
  CHECK(v == -1);
  // The tenth byte holds only bit 63: it must be 0x00 or 0x7f.
  CHECK(is(run({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, readVarS64, v),
           kLebTooLarge));
  CHECK(is(run({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40}, readVarS64, v),
           kLebTooLarge));
  CHECK(is(run({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, readVarS64, v),
           kLebTooLong));
}
