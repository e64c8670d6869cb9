/* fannkuch-redux of the Computer Language Benchmarks Game, written from its description:
   permutations in index order, prefix reversals counted; small-array integer work with
   unpredictable branches. */
#include "bench.h"

static volatile int size = 10;

static int fannkuch(int n, int *maxflipsOut) {
  int perm[16], perm1[16], count[16];
  int maxflips = 0, checksum = 0, permIndex = 0;
  for (int i = 0; i < n; i++)
    perm1[i] = i;
  int r = n;
  for (;;) {
    for (; r != 1; r--)
      count[r - 1] = r;
    for (int i = 0; i < n; i++)
      perm[i] = perm1[i];
    int flips = 0;
    for (int k = perm[0]; k != 0; k = perm[0]) {
      for (int i = 0, j = k; i < j; i++, j--) {
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      flips++;
    }
    if (flips > maxflips) maxflips = flips;
    checksum += (permIndex % 2 == 0) ? flips : -flips;
    /* Next permutation: rotate the first r+1 elements until a count is left. */
    for (;;) {
      if (r == n) goto done;
      int p0 = perm1[0];
      for (int i = 0; i < r; i++)
        perm1[i] = perm1[i + 1];
      perm1[r] = p0;
      if (--count[r] > 0) break;
      r++;
    }
    permIndex++;
  }
done:
  *maxflipsOut = maxflips;
  return checksum;
}

enum { REPS = 8 };

int main(void) {
  int n = size, checksum = 0, maxflips = 0;
  bench_start();
  for (int i = 0; i < REPS; i++)
    checksum += fannkuch(n, &maxflips);
  bench_end();
  printf("fannkuch %d x %d: checksum %d maxflips %d\n", n, REPS, checksum, maxflips);
  return 0;
}
