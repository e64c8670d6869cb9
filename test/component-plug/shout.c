// A plug that is plugged itself: imports test:plug/text (from the next plug) and exports it
// again, louder, logging each call to stderr through WASI (a wasi-libc reactor with the preview1
// adapter), canonical ABI by hand. greet and words upper-case what the inner plug returns (words
// also in reverse order), sum doubles, summarize passes the record on. Arguments arrive in
// malloc'd memory (cabi_realloc) and belong to the callee; results are freed by post-return.
// Empty arguments are not freed: jco lowers an empty string or list without calling realloc
// (TOOLCHAIN.md), and the reference runs under jco.
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT(name)                                                                            \
  __attribute__((import_module("test:plug/text@0.1.0"), import_name(name)))
#define EXPORT(name) __attribute__((export_name("test:plug/text@0.1.0#" name)))
#define POST(name) __attribute__((export_name("cabi_post_test:plug/text@0.1.0#" name)))
struct str {
  char *ptr;
  uint32_t len;
};
IMPORT("greet") void inner_greet(const char *name, size_t len, struct str *ret);
IMPORT("sum") int64_t inner_sum(const uint32_t *xs, size_t n);
IMPORT("words") void inner_words(const char *line, size_t len, struct str *ret);
IMPORT("summarize") void inner_summarize(const uint32_t *xs, size_t n, void *ret);

__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, size_t old_size,
                                                                size_t align, size_t size) {
  (void)old_size;
  if (old) return realloc(old, size);
  return aligned_alloc(align, (size + align - 1) / align * align);
}

static _Alignas(8) unsigned char ret[24];

static void release(void *arg, uint32_t len) {
  if (len) free(arg);
}

static void upper(struct str s) {
  for (uint32_t i = 0; i < s.len; i++)
    s.ptr[i] = (char)toupper((unsigned char)s.ptr[i]);
}

EXPORT("greet") void *greet(char *name, uint32_t len) {
  fprintf(stderr, "shout: greet %u bytes\n", len);
  struct str r;
  inner_greet(name, len, &r);
  release(name, len);
  upper(r);
  memcpy(ret, &r, sizeof r);
  return ret;
}
POST("greet") void greet_post(struct str *r) { free(r->ptr); }

EXPORT("sum") uint64_t sum(uint32_t *xs, uint32_t n) {
  fprintf(stderr, "shout: sum of %u\n", n);
  uint64_t total = (uint64_t)inner_sum(xs, n) * 2;
  release(xs, n);
  return total;
}

EXPORT("words") void *words(char *line, uint32_t len) {
  fprintf(stderr, "shout: words in %u bytes\n", len);
  struct str r;
  inner_words(line, len, &r);
  release(line, len);
  struct str *list = (struct str *)r.ptr;
  for (uint32_t i = 0; i < r.len / 2; i++) {
    struct str t = list[i];
    list[i] = list[r.len - 1 - i];
    list[r.len - 1 - i] = t;
  }
  for (uint32_t i = 0; i < r.len; i++)
    upper(list[i]);
  memcpy(ret, &r, sizeof r);
  return ret;
}
POST("words") void words_post(struct str *r) {
  struct str *list = (struct str *)r->ptr;
  for (uint32_t i = 0; i < r->len; i++)
    free(list[i].ptr);
  release(list, r->len);
}

EXPORT("summarize") void *summarize(uint32_t *xs, uint32_t n) {
  fprintf(stderr, "shout: summarize %u\n", n);
  inner_summarize(xs, n, ret);
  release(xs, n);
  return ret;
}
