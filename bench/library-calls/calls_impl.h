// The bodies of the benchmark's three functions, shared by the guest (guest.c, compiled to
// wasm32 with the canonical ABI around them) and the native floor (native.c), so both run the
// same C.
#ifndef BENCH_CALLS_IMPL_H
#define BENCH_CALLS_IMPL_H

#include <stddef.h>
#include <stdint.h>

static inline int32_t impl_add(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a + (uint32_t)b);
}

// The string's length in bytes: the call's cost is passing the string, not using it.
static inline uint32_t impl_len(const char *s, size_t len) {
  (void)s;
  return (uint32_t)len;
}

// The length plus the first and last bytes: the data is read, but the call's cost stays that
// of passing the list (a loop over all of it would time the guest's code generation instead).
static inline uint32_t impl_ends(const uint8_t *xs, size_t len) {
  return len ? (uint32_t)len + xs[0] + xs[len - 1] : 0;
}

#endif
