/* Sorts a pseudo-random array with qsort and malloc'd memory, prints a checksum. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

int main(void) {
  enum { N = 200000 };
  int *v = malloc(N * sizeof *v);
  unsigned seed = 12345;
  for (int i = 0; i < N; i++) {
    seed = seed * 1103515245u + 12345u;
    v[i] = (int)(seed >> 1);
  }
  qsort(v, N, sizeof *v, cmp);
  unsigned long long sum = 0;
  for (int i = 0; i < N; i++) {
    if (i && v[i - 1] > v[i]) {
      printf("not sorted at %d\n", i);
      return 1;
    }
    sum = sum * 31 + (unsigned)v[i];
  }
  char *buf = malloc(1 << 20);
  memset(buf, 'x', 1 << 20);
  printf("sorted %d checksum %llu first %d last %d buf %zu\n", N, sum, v[0], v[N - 1],
         strlen(buf) > 0 ? (size_t)(1 << 20) : 0);
  free(buf);
  free(v);
  return 0;
}
