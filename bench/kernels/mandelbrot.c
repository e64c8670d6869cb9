/* The Mandelbrot set as a bitmap (Computer Language Benchmarks Game style, written from its
   description): a tight floating-point loop with an early exit per pixel. */
#include "bench.h"

#include <stdlib.h>

static volatile int size = 4000;

int main(void) {
  int w = size, h = size;
  int rowBytes = (w + 7) / 8;
  unsigned char *bits = calloc((size_t)rowBytes * h, 1);
  if (!bits) return 1;
  bench_start();
  for (int y = 0; y < h; y++) {
    double ci = 2.0 * y / h - 1.0;
    for (int x = 0; x < w; x++) {
      double cr = 2.0 * x / w - 1.5;
      double zr = 0, zi = 0, tr = 0, ti = 0;
      int i = 0;
      for (; i < 50 && tr + ti <= 4.0; i++) {
        zi = 2.0 * zr * zi + ci;
        zr = tr - ti + cr;
        tr = zr * zr;
        ti = zi * zi;
      }
      if (tr + ti <= 4.0) bits[y * rowBytes + x / 8] |= (unsigned char)(0x80 >> (x % 8));
    }
  }
  bench_end();
  printf("mandelbrot %d: %016" PRIx64 "\n", w,
         bench_fnv(BENCH_FNV_INIT, bits, (size_t)rowBytes * h));
  return 0;
}
