/* spectral-norm of the Computer Language Benchmarks Game, written from its description: the
   largest eigenvalue of an infinite matrix by the power method; divisions and dot products. */
#include "bench.h"

#include <math.h>
#include <stdlib.h>

static double A(int i, int j) { return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1); }

static void mulAv(int n, const double *v, double *av) {
  for (int i = 0; i < n; i++) {
    double s = 0.0;
    for (int j = 0; j < n; j++)
      s += A(i, j) * v[j];
    av[i] = s;
  }
}

static void mulAtv(int n, const double *v, double *atv) {
  for (int i = 0; i < n; i++) {
    double s = 0.0;
    for (int j = 0; j < n; j++)
      s += A(j, i) * v[j];
    atv[i] = s;
  }
}

static void mulAtAv(int n, const double *v, double *out, double *tmp) {
  mulAv(n, v, tmp);
  mulAtv(n, tmp, out);
}

static volatile int size = 4000;

int main(void) {
  int n = size;
  double *u = malloc(n * sizeof(double)), *v = malloc(n * sizeof(double));
  double *tmp = malloc(n * sizeof(double));
  if (!u || !v || !tmp) return 1;
  for (int i = 0; i < n; i++)
    u[i] = 1.0;
  bench_start();
  for (int i = 0; i < 10; i++) {
    mulAtAv(n, u, v, tmp);
    mulAtAv(n, v, u, tmp);
  }
  double vBv = 0, vv = 0;
  for (int i = 0; i < n; i++) {
    vBv += u[i] * v[i];
    vv += v[i] * v[i];
  }
  bench_end();
  printf("spectral-norm %d: %.9f\n", n, sqrt(vBv / vv));
  return 0;
}
