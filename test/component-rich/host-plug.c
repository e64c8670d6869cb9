// The host interface of the rich world as a component (world host-plug of rich.wit), for the
// WAVE executable: `wasm2native rich.wasm --plug host-plug.wasm` binds the guest's import to it.
// Does what host.mjs and host.c's host_dropped do. wasm32 without libc, canonical ABI by hand,
// UTF-8 strings; results are built in an arena that the post-return empties.
#include <stdint.h>

void *memcpy(void *dst, const void *src, unsigned long n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--)
    *d++ = *s++;
  return dst;
}

static _Alignas(8) unsigned char arena[1 << 16];
static uint32_t used;

static void *take(uint32_t align, uint32_t size) {
  uint32_t at = (used + align - 1) & ~(align - 1);
  if (size > sizeof arena - at) __builtin_trap();
  used = at + size;
  return arena + at;
}

__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, uint32_t old_size,
                                                                uint32_t align, uint32_t size) {
  void *p = take(align, size);
  if (old) memcpy(p, old, old_size < size ? old_size : size);
  return p;
}

static uint32_t drops;

static char *put_int(char *p, int64_t v) {
  char d[20];
  int n = 0;
  uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
  if (v < 0) *p++ = '-';
  do {
    d[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  while (n)
    *p++ = d[--n];
  return p;
}

// dropped(name, total) -> "<name>=<total> (drop <n>)"
__attribute__((export_name("test:rich/host@0.1.0#dropped"))) uint32_t *
dropped(const char *name, uint32_t len, int64_t total) {
  char *out = take(1, len + 48), *p = out;
  memcpy(p, name, len);
  p += len;
  *p++ = '=';
  p = put_int(p, total);
  memcpy(p, " (drop ", 7);
  p = put_int(p + 7, ++drops);
  *p++ = ')';
  uint32_t *ret = take(4, 8);
  ret[0] = (uint32_t)out;
  ret[1] = (uint32_t)(p - out);
  return ret;
}

__attribute__((export_name("cabi_post_test:rich/host@0.1.0#dropped"))) void dropped_post(void *r) {
  (void)r;
  used = 0;
}
