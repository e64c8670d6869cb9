// Heap traffic well past the first pages (the adapter's state lives among them): many blocks,
// reallocs that grow to megabytes, frees, and a checksum over everything kept.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  enum { N = 4000 };
  static unsigned char *blocks[N];
  static size_t sizes[N];
  unsigned seed = 12345, sum = 0;
  for (int round = 0; round < 4; round++) {
    for (int i = 0; i < N; i++) {
      seed = seed * 1103515245u + 12345u;
      size_t size = 1 + (seed >> 8) % (round == 3 ? 20000 : 600);
      if (blocks[i] && (seed & 1)) {
        free(blocks[i]);
        blocks[i] = NULL;
      }
      size_t kept = blocks[i] ? sizes[i] : 0; // bytes realloc carries over
      unsigned char *p = realloc(blocks[i], size);
      if (!p) {
        printf("out of memory at round %d block %d\n", round, i);
        return 2;
      }
      if (size > kept) memset(p + kept, (unsigned char)i, size - kept);
      blocks[i] = p;
      sizes[i] = size;
      if (i % 1000 == 999) { // the adapter's state is used between allocations too
        printf("round %d block %d: %zu bytes\n", round, i, size);
        fflush(stdout);
      }
    }
  }
  char *big = NULL;
  for (size_t old = 0, n = 1 << 10; n <= (8u << 20); old = n, n <<= 1) { // doubling to 8 MiB
    big = realloc(big, n);
    if (!big) return 3;
    memset(big + old, (int)(n >> 10), n - old);
  }
  size_t total = 0;
  for (int i = 0; i < N; i++) {
    for (size_t k = 0; k < sizes[i]; k++) sum = sum * 31 + blocks[i][k];
    total += sizes[i];
    free(blocks[i]);
  }
  for (size_t k = 0; k < (8u << 20); k += 4096) sum = sum * 31 + (unsigned char)big[k];
  free(big);
  printf("kept %zu bytes, checksum %08x\n", total, sum);
  return 0;
}
