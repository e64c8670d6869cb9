/* Quicksort (median of three, insertion sort for short ranges) of ten million 32-bit integers:
   compares, swaps and branch mispredictions. */
#include "bench.h"

#include <stdlib.h>

static void insertion(uint32_t *a, int n) {
  for (int i = 1; i < n; i++) {
    uint32_t v = a[i];
    int j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

static void swap(uint32_t *a, int i, int j) {
  uint32_t t = a[i];
  a[i] = a[j];
  a[j] = t;
}

static void sort(uint32_t *a, int n) {
  while (n > 16) {
    int mid = n / 2;
    if (a[mid] < a[0]) swap(a, mid, 0);
    if (a[n - 1] < a[0]) swap(a, n - 1, 0);
    if (a[n - 1] < a[mid]) swap(a, n - 1, mid);
    uint32_t pivot = a[mid];
    int i = 0, j = n - 1;
    for (;;) {
      while (a[i] < pivot)
        i++;
      while (a[j] > pivot)
        j--;
      if (i >= j) break;
      swap(a, i, j);
      i++;
      j--;
    }
    /* Recurse into the smaller part, loop on the larger: stack depth stays logarithmic. */
    if (j + 1 < n - j - 1) {
      sort(a, j + 1);
      a += j + 1;
      n -= j + 1;
    } else {
      sort(a + j + 1, n - j - 1);
      n = j + 1;
    }
  }
  insertion(a, n);
}

enum { N = 10000000 };

int main(void) {
  uint32_t *a = malloc(N * sizeof(uint32_t));
  if (!a) return 1;
  bench_rng r = bench_rng_new();
  for (int i = 0; i < N; i++)
    a[i] = (uint32_t)(bench_next(&r) >> 32);
  bench_start();
  sort(a, N);
  bench_end();
  for (int i = 1; i < N; i++)
    if (a[i - 1] > a[i]) {
      printf("quicksort: not sorted at %d\n", i);
      return 1;
    }
  printf("quicksort %d: %016" PRIx64 "\n", N, bench_fnv(BENCH_FNV_INIT, a, N * sizeof(uint32_t)));
  return 0;
}
