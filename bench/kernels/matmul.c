/* Dense double-precision matrix multiply (i-k-j order, so the inner loop streams rows and
   vectorizes): floating-point throughput and cache behaviour. */
#include "bench.h"

#include <stdlib.h>

enum { N = 1024, REPS = 4 };

int main(void) {
  double *a = malloc(sizeof(double) * N * N);
  double *b = malloc(sizeof(double) * N * N);
  double *c = malloc(sizeof(double) * N * N);
  if (!a || !b || !c) return 1;
  bench_rng r = bench_rng_new();
  for (int i = 0; i < N * N; i++) {
    a[i] = (double)(bench_next(&r) >> 40) / (double)(1 << 24) - 0.5;
    b[i] = (double)(bench_next(&r) >> 40) / (double)(1 << 24) - 0.5;
  }
  bench_start();
  for (int rep = 0; rep < REPS; rep++) {
    for (int i = 0; i < N * N; i++)
      c[i] = 0.0;
    for (int i = 0; i < N; i++)
      for (int k = 0; k < N; k++) {
        double aik = a[i * N + k] + rep;
        double *crow = c + i * N;
        const double *brow = b + k * N;
        for (int j = 0; j < N; j++)
          crow[j] += aik * brow[j];
      }
  }
  bench_end();
  double sum = 0.0, diag = 0.0;
  for (int i = 0; i < N * N; i++)
    sum += c[i];
  for (int i = 0; i < N; i++)
    diag += c[i * N + i];
  printf("matmul %d: sum %.6e diag %.6e\n", N, sum, diag);
  return 0;
}
