/* Base64 (RFC 4648) encode and decode of a large buffer with table lookups: byte loads and
   stores, shifts and masks. */
#include "bench.h"

#include <stdlib.h>
#include <string.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static unsigned char reverse[256];

static size_t encode(const unsigned char *in, size_t len, char *out) {
  size_t o = 0, i = 0;
  for (; i + 3 <= len; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
    out[o++] = alphabet[v >> 18];
    out[o++] = alphabet[(v >> 12) & 63];
    out[o++] = alphabet[(v >> 6) & 63];
    out[o++] = alphabet[v & 63];
  }
  if (i < len) {
    uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < len ? (uint32_t)in[i + 1] << 8 : 0);
    out[o++] = alphabet[v >> 18];
    out[o++] = alphabet[(v >> 12) & 63];
    out[o++] = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
    out[o++] = '=';
  }
  return o;
}

/* Returns the decoded length, or (size_t)-1 on a character outside the alphabet. */
static size_t decode(const char *in, size_t len, unsigned char *out) {
  size_t o = 0;
  for (size_t i = 0; i + 4 <= len; i += 4) {
    unsigned a = reverse[(unsigned char)in[i]], b = reverse[(unsigned char)in[i + 1]];
    unsigned c = reverse[(unsigned char)in[i + 2]], d = reverse[(unsigned char)in[i + 3]];
    if ((a | b | c | d) & 0x80) {
      if (i + 4 != len || in[i + 3] != '=' || ((a | b) & 0x80)) return (size_t)-1;
      out[o++] = (unsigned char)(a << 2 | b >> 4);
      if (in[i + 2] != '=') out[o++] = (unsigned char)(b << 4 | c >> 2);
      break;
    }
    uint32_t v = a << 18 | b << 12 | c << 6 | d;
    out[o++] = (unsigned char)(v >> 16);
    out[o++] = (unsigned char)(v >> 8);
    out[o++] = (unsigned char)v;
  }
  return o;
}

enum { LEN = (24 << 20) + 1, ROUNDS = 16 };

int main(void) {
  memset(reverse, 0x80, sizeof reverse);
  for (int i = 0; i < 64; i++)
    reverse[(unsigned char)alphabet[i]] = (unsigned char)i;
  unsigned char *data = malloc(LEN), *back = malloc(LEN);
  char *text = malloc(LEN / 3 * 4 + 8);
  if (!data || !back || !text) return 1;
  bench_rng r = bench_rng_new();
  for (int i = 0; i < LEN; i++)
    data[i] = (unsigned char)(bench_next(&r) >> 56);
  uint64_t h = BENCH_FNV_INIT;
  size_t total = 0;
  bench_start();
  for (int round = 0; round < ROUNDS; round++) {
    size_t n = LEN - round;
    size_t t = encode(data, n, text);
    size_t m = decode(text, t, back);
    if (m != n || back[n / 2] != data[n / 2]) {
      printf("base64: round trip failed in round %d\n", round);
      return 1;
    }
    total += t;
    data[round] ^= text[t / 2];
  }
  bench_end();
  /* The full comparison after the timed region: memcmp is libc work (glibc's is vectorized,
     wasi-libc's a byte loop), not the code under test. */
  if (decode(text, encode(data, LEN, text), back) != LEN || memcmp(back, data, LEN) != 0) {
    printf("base64: round trip failed\n");
    return 1;
  }
  h = bench_fnv(h, text, 4096);
  printf("base64 %d x %d: %zu chars, %016" PRIx64 "\n", LEN, ROUNDS, total, h);
  return 0;
}
