/* memcpy, memmove, memset, memcmp: compiled Wasm code (memory.copy/fill, block copies LLVM emits)
   and the runtime itself call them, and there is no libc. Small sizes use overlapping 8- and
   16-byte moves with every load before its store, so they are right for any overlap; larger ones
   16-byte loops, and large forward copies and fills the architecture's bulk instructions where it
   has fast ones (arch.h: W2N_ARCH_BULK_MIN). */
#include "rt.h"

typedef uint32_t __attribute__((may_alias, aligned(1))) w2n_u32_unaligned;
typedef uint64_t __attribute__((may_alias, aligned(1))) w2n_u64_unaligned;
typedef uint8_t __attribute__((vector_size(16), may_alias, aligned(1))) w2n_v16_unaligned;

void *memmove(void *dst, const void *src, size_t n);

void *memcpy(void *restrict dst, const void *restrict src, size_t n) {
  return memmove(dst, src, n);
}

/* n <= 32 bytes, any overlap: all loads happen before the first store. */
static inline void copy_small(unsigned char *d, const unsigned char *s, size_t n) {
  if (n >= 16) {
    w2n_v16_unaligned a = *(const w2n_v16_unaligned *)s;
    w2n_v16_unaligned b = *(const w2n_v16_unaligned *)(s + n - 16);
    *(w2n_v16_unaligned *)d = a;
    *(w2n_v16_unaligned *)(d + n - 16) = b;
  } else if (n >= 8) {
    uint64_t a = *(const w2n_u64_unaligned *)s, b = *(const w2n_u64_unaligned *)(s + n - 8);
    *(w2n_u64_unaligned *)d = a;
    *(w2n_u64_unaligned *)(d + n - 8) = b;
  } else if (n >= 4) {
    uint32_t a = *(const w2n_u32_unaligned *)s, b = *(const w2n_u32_unaligned *)(s + n - 4);
    *(w2n_u32_unaligned *)d = a;
    *(w2n_u32_unaligned *)(d + n - 4) = b;
  } else if (n) {
    unsigned char a = s[0], b = s[n / 2], c = s[n - 1];
    d[0] = a;
    d[n / 2] = b;
    d[n - 1] = c;
  }
}

void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (n <= 32) {
    copy_small(d, s, n);
    return dst;
  }
  if ((uintptr_t)d - (uintptr_t)s >= n) {
    /* Forward is safe: dst does not start inside [src, src + n). */
#ifdef W2N_ARCH_BULK_MIN
    /* Not when dst is less than 64 bytes below src: string instructions then crawl. */
    if (n >= W2N_ARCH_BULK_MIN && (uintptr_t)s - (uintptr_t)d >= 64) {
      w2n_arch_copy_forward(d, s, n);
      return dst;
    }
#endif
    w2n_v16_unaligned tail = *(const w2n_v16_unaligned *)(s + n - 16);
    for (size_t i = 0; i + 16 < n; i += 16)
      *(w2n_v16_unaligned *)(d + i) = *(const w2n_v16_unaligned *)(s + i);
    *(w2n_v16_unaligned *)(d + n - 16) = tail;
  } else {
    /* dst overlaps the end of src: copy from the end. */
    w2n_v16_unaligned head = *(const w2n_v16_unaligned *)s;
    for (size_t i = n; i > 16;) {
      i -= 16;
      *(w2n_v16_unaligned *)(d + i) = *(const w2n_v16_unaligned *)(s + i);
    }
    *(w2n_v16_unaligned *)d = head;
  }
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  uint64_t v8 = (unsigned char)c * 0x0101010101010101ull;
  if (n >= 16) {
#ifdef W2N_ARCH_BULK_MIN
    if (n >= W2N_ARCH_BULK_MIN) {
      w2n_arch_fill(d, (unsigned char)c, n);
      return dst;
    }
#endif
    w2n_v16_unaligned v = (unsigned char)c - (w2n_v16_unaligned){0};
    for (size_t i = 0; i + 16 < n; i += 16)
      *(w2n_v16_unaligned *)(d + i) = v;
    *(w2n_v16_unaligned *)(d + n - 16) = v;
  } else if (n >= 8) {
    *(w2n_u64_unaligned *)d = v8;
    *(w2n_u64_unaligned *)(d + n - 8) = v8;
  } else if (n >= 4) {
    *(w2n_u32_unaligned *)d = (uint32_t)v8;
    *(w2n_u32_unaligned *)(d + n - 4) = (uint32_t)v8;
  } else if (n) {
    d[0] = d[n / 2] = d[n - 1] = (unsigned char)c;
  }
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *x = a, *y = b;
  for (size_t i = 0; i < n; i++)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}
