// The floor: the same three functions as plain native C. This file is compiled on its own and
// linked without LTO, and the functions are noinline, so every call in host.c is a real call
// the compiler cannot fold or hoist.
#include "native.h"

#include "calls_impl.h"

__attribute__((noinline)) int32_t native_add(int32_t a, int32_t b) { return impl_add(a, b); }

__attribute__((noinline)) uint32_t native_len(const char *s, size_t len) {
  return impl_len(s, len);
}

__attribute__((noinline)) uint32_t native_ends(const uint8_t *xs, size_t len) {
  return impl_ends(xs, len);
}
