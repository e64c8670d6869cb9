/* memcpy, memmove and memset of many sizes (16 B .. 64 KiB) across a 64 MiB arena: the bulk
   memory operations as programs use them. In WebAssembly builds with bulk memory these become
   memory.copy and memory.fill. */
#include "bench.h"

#include <stdlib.h>
#include <string.h>

enum { ARENA = 64 << 20, OPS = 1500000 };

int main(void) {
  /* 64 KiB of slack: a memcpy source may sit up to 64 KiB past the last destination. */
  unsigned char *arena = malloc(ARENA + 65536);
  if (!arena) return 1;
  for (int i = 0; i < ARENA; i++)
    arena[i] = (unsigned char)(i * 131 + (i >> 9));
  bench_rng r = bench_rng_new();
  uint64_t h = BENCH_FNV_INIT;
  bench_start();
  for (int i = 0; i < OPS; i++) {
    uint64_t x = bench_next(&r);
    /* Sizes spread log-uniformly over 16 B .. 64 KiB. */
    uint32_t size = (uint32_t)16 << (x % 13);
    size += (uint32_t)(x >> 8) % size;
    if (size > 65536) size = 65536;
    uint32_t dst = (uint32_t)(x >> 20) % (ARENA - size), src = (uint32_t)(x >> 40) % (ARENA - size);
    switch (x >> 61) {
    case 0:
    case 1:
    case 2:
      memcpy(arena + dst, arena + (src < dst + size && dst < src + size ? dst ^ 65536 : src), size);
      break;
    case 3:
    case 4:
      memmove(arena + dst, arena + (dst + 64 < ARENA - size ? dst + 64 : src), size);
      break;
    default:
      memset(arena + dst, (int)(x & 0xff), size);
      break;
    }
    h ^= arena[(x >> 5) % ARENA];
    h *= 0x100000001b3ULL;
  }
  bench_end();
  printf("memops %d: %016" PRIx64 " %016" PRIx64 "\n", OPS, h,
         bench_fnv(BENCH_FNV_INIT, arena, 1 << 20));
  return 0;
}
