// UTF-8 validation for names (imports, exports, custom section names): the binary format
// requires well-formed UTF-8 — no overlong forms, no surrogates, nothing above U+10FFFF.
#include "compiler/frontend/binary_cursor.h"

namespace w2n {

bool isValidUtf8(const uint8_t *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t length;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      cp = c & 0x07;
    } else {
      return false; // continuation byte first, overlong 2-byte lead, or beyond U+10FFFF
    }
    if (n - i < length) return false;
    for (size_t k = 1; k < length; ++k) {
      uint8_t b = s[i + k];
      if ((b & 0xC0) != 0x80) return false;
      cp = cp << 6 | (b & 0x3F);
    }
    if (length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return false;
    if (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return false;
    i += length;
  }
  return true;
}

} // namespace w2n
