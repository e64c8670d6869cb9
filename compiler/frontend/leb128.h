// Bounded LEB128 readers with the exact checks of the Wasm binary format: at most ceil(N/7)
// bytes, and in the last allowed byte the bits beyond N must be zero (unsigned) or copies of the
// sign bit (signed). Shared by the module reader and the function-body decoder, so inline.
#pragma once

#include <cstdint>

namespace w2n {

// Error messages as the spec's assert_malformed cases spell them.
inline constexpr const char *kLebUnexpectedEnd = "unexpected end";
inline constexpr const char *kLebTooLong = "integer representation too long";
inline constexpr const char *kLebTooLarge = "integer too large";

namespace detail {
// Reads an N-bit LEB128 at p (not past end). On success advances p and returns nullptr; on
// failure leaves p unchanged, `out` untouched (the callers below set it to 0) and returns the
// error message.
template <unsigned Bits, bool Signed>
inline const char *readLeb(const uint8_t *&p, const uint8_t *end, uint64_t &out) {
  constexpr unsigned kMaxBytes = (Bits + 6) / 7;
  constexpr unsigned kLastBits = Bits - 7 * (kMaxBytes - 1); // value bits in the last byte
  const uint8_t *q = p;
  uint64_t result = 0;
  unsigned shift = 0;
  uint8_t byte = 0;
  for (unsigned i = 0;; ++i) {
    if (q == end) return kLebUnexpectedEnd;
    byte = *q++;
    if (i == kMaxBytes - 1) {
      if (byte & 0x80) return kLebTooLong;
      if constexpr (Signed) {
        constexpr uint8_t kSignBits = (0x7f >> (kLastBits - 1)) << (kLastBits - 1);
        uint8_t top = byte & kSignBits;
        if (top != 0 && top != kSignBits) return kLebTooLarge;
      } else {
        if (byte >> kLastBits) return kLebTooLarge;
      }
    }
    result |= uint64_t(byte & 0x7f) << shift;
    shift += 7;
    if (!(byte & 0x80)) break;
  }
  if constexpr (Signed) {
    if (shift < 64 && (byte & 0x40)) result |= ~uint64_t(0) << shift;
  }
  out = result;
  p = q;
  return nullptr;
}
} // namespace detail

inline const char *readVarU32(const uint8_t *&p, const uint8_t *end, uint32_t &out) {
  if (p != end && *p < 0x80) { // the common one-byte case
    out = *p++;
    return nullptr;
  }
  uint64_t v;
  const char *err = detail::readLeb<32, false>(p, end, v);
  if (!err) out = static_cast<uint32_t>(v);
  return err;
}

inline const char *readVarU64(const uint8_t *&p, const uint8_t *end, uint64_t &out) {
  out = 0;
  return detail::readLeb<64, false>(p, end, out);
}

inline const char *readVarS32(const uint8_t *&p, const uint8_t *end, int32_t &out) {
  uint64_t v;
  const char *err = detail::readLeb<32, true>(p, end, v);
  if (!err) out = static_cast<int32_t>(static_cast<uint32_t>(v));
  return err;
}

// The signed 33-bit integer of block types (a type index or a negative value type).
inline const char *readVarS33(const uint8_t *&p, const uint8_t *end, int64_t &out) {
  uint64_t v;
  const char *err = detail::readLeb<33, true>(p, end, v);
  if (!err) out = static_cast<int64_t>(v);
  return err;
}

inline const char *readVarS64(const uint8_t *&p, const uint8_t *end, int64_t &out) {
  uint64_t v;
  const char *err = detail::readLeb<64, true>(p, end, v);
  if (!err) out = static_cast<int64_t>(v);
  return err;
}

} // namespace w2n
