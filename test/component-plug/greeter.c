// The plug of the composition test: exports test:plug/text (text.wit) with the canonical ABI
// written by hand, for wasm32 without libc. Arguments arrive through cabi_realloc and results
// are built in one arena, which each function's post-return empties: by then the caller has
// copied the result into its own memory.
// -DVERSION='"0.1.3"' builds it for another version of the package; -DNO_SUMMARIZE leaves
// summarize out (a plug that lacks an export the app imports).
#include <stdint.h>

#ifndef VERSION
#define VERSION "0.1.0"
#endif
#define EXPORT(name) __attribute__((export_name("test:plug/text@" VERSION "#" name)))
#define POST(name) __attribute__((export_name("cabi_post_test:plug/text@" VERSION "#" name)))

void *memcpy(void *dst, const void *src, unsigned long n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--)
    *d++ = *s++;
  return dst;
}

static _Alignas(8) unsigned char arena[1 << 20];
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

struct str {
  const char *ptr;
  uint32_t len;
};
static _Alignas(8) unsigned char ret[24];

// greet: "Hello, NAME!"
EXPORT("greet") void *greet(const char *name, uint32_t len) {
  char *out = take(1, len + 8);
  memcpy(out, "Hello, ", 7);
  memcpy(out + 7, name, len);
  out[len + 7] = '!';
  *(struct str *)ret = (struct str){out, len + 8};
  return ret;
}
POST("greet") void greet_post(void *r) { (void)r, used = 0; }

EXPORT("sum") uint64_t sum(const uint32_t *xs, uint32_t n) {
  uint64_t total = 0;
  for (uint32_t i = 0; i < n; i++)
    total += xs[i];
  return total;
}
POST("sum") void sum_post(uint64_t r) { (void)r, used = 0; }

// words: the runs of characters between spaces.
EXPORT("words") void *words(const char *line, uint32_t len) {
  struct str *list = take(4, sizeof(struct str) * (len / 2 + 1));
  uint32_t n = 0;
  for (uint32_t i = 0; i < len;) {
    while (i < len && line[i] == ' ')
      i++;
    uint32_t start = i;
    while (i < len && line[i] != ' ')
      i++;
    if (i > start) list[n++] = (struct str){line + start, i - start};
  }
  *(struct str *)ret = (struct str){(const char *)list, n};
  return ret;
}
POST("words") void words_post(void *r) { (void)r, used = 0; }

#ifndef NO_SUMMARIZE
// summarize: record summary { count: u32, total: u64, largest: option<u32> } at offsets 0, 8
// and 16 (the option's case byte; its payload at 20).
EXPORT("summarize") void *summarize(const uint32_t *xs, uint32_t n) {
  uint32_t largest = 0;
  for (uint32_t i = 0; i < n; i++)
    if (xs[i] > largest) largest = xs[i];
  *(uint32_t *)ret = n;
  *(uint64_t *)(ret + 8) = sum(xs, n);
  ret[16] = n > 0;
  *(uint32_t *)(ret + 20) = largest;
  return ret;
}
POST("summarize") void summarize_post(void *r) { (void)r, used = 0; }
#endif
