/* memmove and memset at every length from 0 to 300 and at lengths around the bulk-instruction
   threshold (1024) and beyond, with source and destination overlapping in both directions by
   various distances and at unaligned addresses: the sizes where the implementation switches
   between its small-size, 16-byte-loop and bulk paths. The reference is a byte-by-byte copy
   through a temporary. */
#include "rt_test.h"

void *memmove(void *, const void *, size_t);
void *memset(void *, int, size_t);

enum { SIZE = 8192 };
static uint8_t buf[SIZE], ref[SIZE], tmp[SIZE];

static void reset(void) {
  for (int i = 0; i < SIZE; i++)
    buf[i] = ref[i] = (uint8_t)(i * 7 + (i >> 8));
}

static bool same(void) {
  for (int i = 0; i < SIZE; i++)
    if (buf[i] != ref[i]) return false;
  return true;
}

static bool check_move(int dst, int src, int n) {
  reset();
  if (memmove(buf + dst, buf + src, (size_t)n) != buf + dst) return false;
  for (int i = 0; i < n; i++)
    tmp[i] = ref[src + i];
  for (int i = 0; i < n; i++)
    ref[dst + i] = tmp[i];
  return same();
}

static bool check_set(int dst, int c, int n) {
  reset();
  if (memset(buf + dst, c, (size_t)n) != buf + dst) return false;
  for (int i = 0; i < n; i++)
    ref[dst + i] = (uint8_t)c;
  return same();
}

int __w2n_program_main(void) {
  static const int dists[] = {0, 1, 3, 8, 15, 16, 17, 31, 32, 33, 64, 100, 1000, 3000};
  bool ok = true;
  for (int n = 0; n <= 300; n++) {
    for (int k = 0; k < 14; k++) {
      ok &= check_move(1000 + dists[k], 1000, n);
      ok &= check_move(1000, 1000 + dists[k], n);
    }
    ok &= check_set(1001, 0xa5, n);
  }
  static const int big[] = {1000, 1023, 1024, 1025, 1040, 2047, 2048, 3001, 4096};
  for (int l = 0; l < 9; l++) {
    int n = big[l];
    for (int k = 0; k < 14; k++) {
      ok &= check_move(100 + dists[k], 100, n);
      ok &= check_move(100, 100 + dists[k], n);
      ok &= check_move(7 + dists[k], 4001, n);
    }
    ok &= check_set(3, 0x5a, n);
    ok &= check_set(0, 0, n);
  }
  CHECK(ok);
  return t_finish();
}
