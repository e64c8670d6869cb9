// Linked into every test program. Debian's 2022 wasi-libc starts malloc's first heap at
// __heap_base and lets it run to the *current* memory size, which by then includes the page the
// preview1 adapter took with memory.grow for its own state; a program that mallocs enough would
// overwrite it (see TOOLCHAIN.md). Answering the first sbrk(0) with __heap_end (the end of the
// initial memory) keeps malloc off the adapter's page; later calls grow memory as usual.
#include <errno.h>
#include <stdint.h>
#include <unistd.h>

extern unsigned char __heap_end;

void *sbrk(intptr_t increment) {
  static int first = 1;
  if (increment == 0 && first) {
    first = 0;
    return &__heap_end;
  }
  if (increment < 0 || increment % 65536 != 0) {
    errno = EINVAL;
    return (void *)-1;
  }
  size_t old = __builtin_wasm_memory_grow(0, increment / 65536);
  if (old == SIZE_MAX) {
    errno = ENOMEM;
    return (void *)-1;
  }
  return (void *)(old * 65536);
}
