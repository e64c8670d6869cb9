// The benchmark component (calls.wit): plain C for wasm32 with the canonical ABI written by hand,
// as in examples/calculator. Strings and lists arrive in memory the host obtained from
// cabi_realloc; the guest owns them, and since no call keeps or returns memory, each export
// frees all of it on return by resetting a bump allocator.
#include "calls_impl.h"

#define EXPORT(name) __attribute__((export_name(name)))
#define IMPORT(name) __attribute__((import_module("bench:calls/host"), import_name(name)))

IMPORT("host-add") int32_t host_add(int32_t a, int32_t b);

extern unsigned char __heap_base;
static uintptr_t heap_top; // next free byte; 0 until the first allocation

static void reset_heap(void) { heap_top = (uintptr_t)&__heap_base; }

EXPORT("cabi_realloc")
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  if (old && new_size <= old_size) return old;
  if (!heap_top) reset_heap();
  uintptr_t p = (heap_top + align - 1) & ~(uintptr_t)(align - 1);
  uintptr_t end = p + new_size;
  size_t have = __builtin_wasm_memory_size(0) * 65536;
  if (end > have && __builtin_wasm_memory_grow(0, (end - have + 65535) / 65536) == (size_t)-1)
    __builtin_trap();
  heap_top = end;
  if (old) __builtin_memcpy((void *)p, old, old_size);
  return (void *)p;
}

EXPORT("bench:calls/api#add") int32_t add(int32_t a, int32_t b) { return impl_add(a, b); }

EXPORT("bench:calls/api#len") uint32_t len(const char *s, size_t n) {
  uint32_t r = impl_len(s, n);
  reset_heap();
  return r;
}

EXPORT("bench:calls/api#ends") uint32_t ends(const uint8_t *xs, size_t n) {
  uint32_t r = impl_ends(xs, n);
  reset_heap();
  return r;
}

EXPORT("bench:calls/api#call-host") int32_t call_host(uint32_t n) {
  int32_t s = 0;
  for (uint32_t i = 0; i < n; i++)
    s = host_add(s, (int32_t)i);
  return s;
}
