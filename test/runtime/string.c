/* memcpy, memmove (both overlap directions), memset and memcmp, at lengths around the 8-byte
   blocks the implementation copies in, and at unaligned addresses. */
#include "rt_test.h"

void *memcpy(void *restrict, const void *restrict, size_t);
void *memmove(void *, const void *, size_t);
void *memset(void *, int, size_t);
int memcmp(const void *, const void *, size_t);

static uint8_t buf[256], ref[256];

static void reset(void) {
  for (int i = 0; i < 256; i++)
    buf[i] = ref[i] = (uint8_t)i;
}

/* The reference: a byte-by-byte copy through a temporary. */
static void ref_move(int dst, int src, int n) {
  uint8_t tmp[256];
  for (int i = 0; i < n; i++)
    tmp[i] = ref[src + i];
  for (int i = 0; i < n; i++)
    ref[dst + i] = tmp[i];
}

static bool same(void) {
  for (int i = 0; i < 256; i++)
    if (buf[i] != ref[i]) return false;
  return true;
}

int __w2n_program_main(void) {
  bool ok = true;
  static const int lens[] = {0, 1, 7, 8, 9, 15, 16, 17, 33, 100};
  for (int l = 0; l < 10; l++) {
    for (int d = -9; d <= 9; d++) {
      int n = lens[l], src = 100, dst = 100 + d;
      reset();
      CHECK(memmove(buf + dst, buf + src, (size_t)n) == buf + dst);
      ref_move(dst, src, n);
      ok &= same();
    }
    reset();
    memcpy(buf + 3, buf + 150, (size_t)lens[l]);
    ref_move(3, 150, lens[l]);
    ok &= same();
    reset();
    CHECK(memset(buf + 5, 0x1c7, (size_t)lens[l]) == buf + 5);
    for (int i = 0; i < lens[l]; i++)
      ref[5 + i] = 0xc7;
    ok &= same();
  }
  CHECK(ok);
  uint8_t a[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, b[9] = {1, 2, 3, 4, 5, 6, 7, 8, 200};
  CHECK(memcmp(a, b, 8) == 0 && memcmp(a, b, 9) < 0 && memcmp(b, a, 9) > 0);
  CHECK(memcmp(a, b, 0) == 0);
  return t_finish();
}
