// A library component's core module, canonical ABI by hand (reactor.wit): greet returns
// "hello, NAME" from malloc'd memory, summarize counts and sums a list. wasi-libc's reactor
// start files and the preview1 adapter make it a component that imports WASI like real ones do.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, size_t old_size,
                                                                size_t align, size_t size) {
  (void)old_size, (void)align;
  return realloc(old, size);
}

static _Alignas(8) unsigned char ret[16];

__attribute__((export_name("greet"))) void *greet(const char *name, size_t len) {
  char *out = malloc(len + 7);
  memcpy(out, "hello, ", 7);
  memcpy(out + 7, name, len);
  free((void *)name); // the argument was allocated for this call
  *(uint32_t *)ret = (uint32_t)(uintptr_t)out;
  *(uint32_t *)(ret + 4) = (uint32_t)(len + 7);
  return ret;
}

__attribute__((export_name("cabi_post_greet"))) void greet_post(void *r) {
  free((void *)(uintptr_t) * (uint32_t *)r);
}

__attribute__((export_name("summarize"))) void *summarize(const uint32_t *values, size_t n) {
  uint64_t total = 0;
  for (size_t i = 0; i < n; i++)
    total += values[i];
  free((void *)values);
  fprintf(stderr, "summarized %zu values\n", n); // goes through the adapter's WASI imports
  *(uint32_t *)ret = (uint32_t)n;
  *(uint64_t *)(ret + 8) = total;
  return ret;
}
