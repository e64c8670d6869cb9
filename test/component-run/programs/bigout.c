// 1 MiB to stdout in writes of varying size (stdio, then write()), then a line on stderr.
#include <stdio.h>
#include <unistd.h>

#define HALF (512 * 1024)

static size_t min(size_t a, size_t b) { return a < b ? a : b; }

int main(void) {
  static char block[65536];
  for (size_t i = 0; i < sizeof block; i++) block[i] = i % 64 == 63 ? '\n' : 'a' + (i * 7 + i / 64) % 26;
  size_t total = 0, step = 1;
  while (total < HALF) { // growing pieces through stdio
    size_t off = total % 1024, n = min(min(step, HALF - total), sizeof block - off);
    fwrite(block + off, 1, n, stdout);
    total += n;
    step = step * 3 + 1;
  }
  fflush(stdout);
  while (total < 2 * HALF) { // 64 KiB writes, which may come back short
    ssize_t w = write(1, block, min(sizeof block, 2 * HALF - total));
    if (w <= 0) {
      perror("write");
      return 2;
    }
    total += w;
  }
  fprintf(stderr, "wrote %zu bytes\n", total);
  return 0;
}
