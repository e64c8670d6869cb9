// getentropy(256) into 256-byte blocks that march up the heap into the preview1 adapter's state
// (built without heapfix.c: the stock wasi-libc layout TOOLCHAIN.md describes). The module has 2
// pages; the adapter's start function takes page 2 for its stack (memory.grow -> 2) and its first
// call page 3 for its state (memory.grow -> 3), which begins and ends with a magic word; malloc's
// first heap then runs to the end of page 3. While lowering get-random-bytes' list<u8> the host
// calls the adapter's cabi_import_realloc, which hands it the caller's block, and copies the
// bytes there: the block that covers 0x30000 overwrites the first magic word, and the adapter's
// next look at its state fails its assertion (trap). Every correct engine traps at that call.
// With "flush" each line is flushed at once; otherwise stdout, not a terminal, is fully
// buffered and the lines before the trap are never written.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int flush = argc > 1 && strcmp(argv[1], "flush") == 0;
  printf("start\n");
  fflush(stdout);
  // One block to learn where the heap is, then a filler so that the blocks start 2 KiB below the
  // state page.
  uintptr_t first = (uintptr_t)malloc(16);
  void *filler = malloc(0x30000 - 2048 - first);
  if (!first || !filler) return 2;
  printf("filler ends at %#lx\n", (unsigned long)((uintptr_t)filler + 0x30000 - 2048 - first));
  for (int i = 0; i < 16; i++) {
    unsigned char *block = malloc(256);
    int r = getentropy(block, 256);
    printf("call %d: %d at %#lx\n", i, r, (unsigned long)(uintptr_t)block);
    if (flush) fflush(stdout);
  }
  printf("no trap\n");
  return 0;
}
