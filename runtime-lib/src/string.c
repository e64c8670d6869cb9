/* memcpy, memmove, memset, memcmp: compiled Wasm code and the runtime itself may call them (LLVM
   emits them for block copies), and there is no libc. Eight bytes at a time where possible. */
#include "rt.h"

typedef uint64_t __attribute__((may_alias, aligned(1))) w2n_u64_unaligned;

void *memmove(void *dst, const void *src, size_t n);

void *memcpy(void *restrict dst, const void *restrict src, size_t n) {
  return memmove(dst, src, n);
}

void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d == s || n == 0) return dst;
  if ((uintptr_t)d - (uintptr_t)s >= n) {
    /* Forward copy is safe: dst does not start inside [src, src + n). */
    while (n >= 8) {
      *(w2n_u64_unaligned *)d = *(const w2n_u64_unaligned *)s;
      d += 8, s += 8, n -= 8;
    }
    while (n--)
      *d++ = *s++;
  } else {
    d += n, s += n;
    while (n >= 8) {
      d -= 8, s -= 8, n -= 8;
      *(w2n_u64_unaligned *)d = *(const w2n_u64_unaligned *)s;
    }
    while (n--)
      *--d = *--s;
  }
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  uint64_t v = (unsigned char)c * 0x0101010101010101ull;
  while (n >= 8) {
    *(w2n_u64_unaligned *)d = v;
    d += 8, n -= 8;
  }
  while (n--)
    *d++ = (unsigned char)c;
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *x = a, *y = b;
  for (size_t i = 0; i < n; i++)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}
