// Plain computation inside a component: a sieve, qsort, string work and 64-bit arithmetic.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

int main(void) {
  static char composite[1000001];
  int primes = 0;
  for (int i = 2; i <= 1000000; i++) {
    if (composite[i]) continue;
    primes++;
    for (long j = (long)i * i; j <= 1000000; j += i) composite[j] = 1;
  }
  printf("primes below 1e6: %d\n", primes);
  uint64_t *v = malloc(100000 * sizeof *v), x = 88172645463325252ull;
  for (int i = 0; i < 100000; i++) v[i] = (x ^= x << 13, x ^= x >> 7, x ^= x << 17);
  qsort(v, 100000, sizeof *v, cmp);
  printf("sorted: min %016llx median %016llx max %016llx\n", (unsigned long long)v[0],
         (unsigned long long)v[50000], (unsigned long long)v[99999]);
  free(v);
  char s[200] = "";
  for (int i = 0; i < 20; i++) snprintf(s + strlen(s), sizeof s - strlen(s), "%d,", i * i);
  printf("squares: %s strlen %zu\n", s, strlen(s));
  printf("%s\n", strstr(s, "144,") ? "found 144" : "no 144");
  return 0;
}
