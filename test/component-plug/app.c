// The app of the composition test: a wasi-libc command that imports test:plug/text (text.wit)
// with the canonical ABI written by hand and prints what comes back. Results are lowered into
// this module's memory through its cabi_realloc (malloc), so the module exports it; a command
// that exports anything gets wasm-ld's per-export ctor/dtor wrappers, which re-enter the
// preview1 adapter, so it is linked with -nostartfiles and its own _start (TOOLCHAIN.md).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT(name)                                                                            \
  __attribute__((import_module("test:plug/text@0.1.0"), import_name(name)))
struct str {
  char *ptr;
  uint32_t len;
};
struct list {
  void *ptr;
  uint32_t len;
};
IMPORT("greet") void text_greet(const char *name, size_t len, struct str *ret);
IMPORT("sum") int64_t text_sum(const uint32_t *xs, size_t n);
IMPORT("words") void text_words(const char *line, size_t len, struct list *ret);
IMPORT("summarize") void text_summarize(const uint32_t *xs, size_t n, void *ret);

__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, size_t old_size,
                                                                size_t align, size_t size) {
  (void)old_size;
  if (old) return realloc(old, size);
  return aligned_alloc(align, (size + align - 1) / align * align);
}

static void greet(const char *name) {
  struct str r;
  text_greet(name, strlen(name), &r);
  if (r.len > 60)
    printf("greet(%zu bytes) = %u bytes: %.20s...%.20s\n", strlen(name), r.len, r.ptr,
           r.ptr + r.len - 20);
  else
    printf("greet(\"%s\") = \"%.*s\"\n", name, (int)r.len, r.ptr);
  free(r.ptr);
}

static void sum(const uint32_t *xs, size_t n) {
  printf("sum(%zu values) = %llu\n", n, (unsigned long long)text_sum(xs, n));
}

static void words(const char *line) {
  struct list r;
  text_words(line, strlen(line), &r);
  printf("words(\"%s\") = [", line);
  struct str *w = r.ptr;
  for (uint32_t i = 0; i < r.len; i++) {
    printf("%s\"%.*s\"", i ? ", " : "", (int)w[i].len, w[i].ptr);
    free(w[i].ptr);
  }
  printf("]\n");
  if (r.len) free(r.ptr); // jco lowers an empty list without calling realloc (TOOLCHAIN.md)
}

// record summary { count: u32, total: u64, largest: option<u32> }: offsets 0, 8, 16 (+4).
static void summarize(const uint32_t *xs, size_t n) {
  _Alignas(8) unsigned char r[24];
  text_summarize(xs, n, r);
  printf("summarize(%zu values) = {count: %u, total: %llu, largest: ", n, *(uint32_t *)r,
         (unsigned long long)*(uint64_t *)(r + 8));
  if (r[16])
    printf("some(%u)}\n", *(uint32_t *)(r + 20));
  else
    printf("none}\n");
}

static int run(void) {
  greet("World");
  greet("Zo\xc3\xab \xe6\x97\xa5\xe6\x9c\xac");
  greet("");
  static char big[100001];
  for (size_t i = 0; i < sizeof big - 1; i++)
    big[i] = (char)('a' + i % 26);
  greet(big);
  static const uint32_t few[] = {1, 2, 3, 4000000000u};
  sum(few, 4);
  sum(few, 0);
  static uint32_t many[100000];
  for (uint32_t i = 0; i < 100000; i++)
    many[i] = i * 7919u;
  sum(many, 100000);
  words("the quick  brown fox ");
  words("");
  words("Zo\xc3\xab \xe6\x97\xa5\xe6\x9c\xac");
  static const uint32_t some[] = {5, 17, 3};
  summarize(some, 3);
  summarize(some, 0);
  summarize(many, 100000);
  return 0;
}

void __wasm_call_ctors(void);
__attribute__((export_name("_start"))) void _start(void) {
  __wasm_call_ctors();
  exit(run());
}
