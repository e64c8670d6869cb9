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

// The floor of an import call: a loop like the guest's call-host, calling its function through
// a pointer (as the guest calls the host's), so nothing is inlined.
int32_t (*volatile native_host_add)(int32_t, int32_t) = native_add;

__attribute__((noinline)) int32_t native_call_host(uint32_t n) {
  int32_t (*f)(int32_t, int32_t) = native_host_add;
  int32_t s = 0;
  for (uint32_t i = 0; i < n; i++)
    s = f(s, (int32_t)i);
  return s;
}
