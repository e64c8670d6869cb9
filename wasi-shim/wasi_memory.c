/* Guest memory access for the WASI shim: the bound memory, bounds-checked pointers (64-bit
   arithmetic, so ptr + len cannot wrap), little-endian loads and stores that need no alignment,
   iovec arrays and path strings. Guest data is validated completely before any system call. */
#include "wasi_internal.h"

static w2n_memory *guest_memory;

void w2n_wasi_bind_memory(w2n_memory *mem) {
  guest_memory = mem;
  w2n_wasi_init();
}

uint8_t *w2n_wasi_guest(uint32_t ptr, uint64_t len) {
  if (!guest_memory) __w2n_trap(W2N_TRAP_HOST_NO_MEMORY);
  if (len > guest_memory->size || ptr > guest_memory->size - len) return 0;
  return guest_memory->base + ptr;
}

void w2n_wasi_store_u16(uint8_t *p, uint16_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
}

void w2n_wasi_store_u32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}

void w2n_wasi_store_u64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}

uint16_t w2n_wasi_load_u16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

uint32_t w2n_wasi_load_u32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t w2n_wasi_load_u64(const uint8_t *p) {
  return (uint64_t)w2n_wasi_load_u32(p) | (uint64_t)w2n_wasi_load_u32(p + 4) << 32;
}

int32_t w2n_wasi_put_u32(uint32_t ptr, uint32_t v) {
  uint8_t *p = w2n_wasi_guest(ptr, 4);
  if (!p) return W2N_WASI_EFAULT;
  w2n_wasi_store_u32(p, v);
  return W2N_WASI_ESUCCESS;
}

int32_t w2n_wasi_put_u64(uint32_t ptr, uint64_t v) {
  uint8_t *p = w2n_wasi_guest(ptr, 8);
  if (!p) return W2N_WASI_EFAULT;
  w2n_wasi_store_u64(p, v);
  return W2N_WASI_ESUCCESS;
}

void w2n_wasi_copy(void *dst, const void *src, size_t len) {
  uint8_t *d = dst;
  const uint8_t *s = src;
  for (size_t i = 0; i < len; i++)
    d[i] = s[i];
}

int32_t w2n_wasi_iovecs(uint32_t iovs, uint32_t count, w2n_iovec *out, uint32_t *out_count) {
  uint8_t *list = w2n_wasi_guest(iovs, (uint64_t)count * 8);
  if (!list) return W2N_WASI_EFAULT;
  for (uint32_t i = 0; i < count; i++) { /* every buffer is checked, even past the limit */
    uint32_t len = w2n_wasi_load_u32(list + 8 * i + 4);
    uint8_t *base = w2n_wasi_guest(w2n_wasi_load_u32(list + 8 * i), len);
    if (!base) return W2N_WASI_EFAULT;
    if (i < W2N_WASI_MAX_IOVS) out[i] = (w2n_iovec){base, len};
  }
  *out_count = count < W2N_WASI_MAX_IOVS ? count : W2N_WASI_MAX_IOVS;
  return W2N_WASI_ESUCCESS;
}

/* Length of the UTF-8 sequence starting at s[0] (at most n bytes), or 0 when it is invalid
   (overlong forms, surrogates and code points past U+10FFFF included). */
static size_t utf8_sequence(const uint8_t *s, size_t n) {
  uint8_t c = s[0];
  if (c < 0x80) return 1;
  size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
  if (len == 0 || c > 0xf4 || (c & 0xfe) == 0xc0 || len > n) return 0;
  for (size_t i = 1; i < len; i++)
    if ((s[i] & 0xc0) != 0x80) return 0;
  if (c == 0xe0 && s[1] < 0xa0) return 0;  /* overlong */
  if (c == 0xed && s[1] >= 0xa0) return 0; /* surrogates */
  if (c == 0xf0 && s[1] < 0x90) return 0;  /* overlong */
  if (c == 0xf4 && s[1] >= 0x90) return 0; /* past U+10FFFF */
  return len;
}

int32_t w2n_wasi_read_path(uint32_t ptr, uint32_t len, char *out) {
  const uint8_t *s = w2n_wasi_guest(ptr, len);
  if (!s) return W2N_WASI_EFAULT;
  if (len >= W2N_WASI_PATH_MAX) return W2N_WASI_ENAMETOOLONG;
  for (size_t i = 0; i < len;) {
    if (s[i] == 0) return W2N_WASI_EINVAL;
    size_t n = utf8_sequence(s + i, len - i);
    if (n == 0) return W2N_WASI_EILSEQ;
    i += n;
  }
  w2n_wasi_copy(out, s, len);
  out[len] = 0;
  return W2N_WASI_ESUCCESS;
}
