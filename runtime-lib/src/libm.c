/* The libm rounding functions that LLVM calls for Wasm's ceil/floor/trunc/nearest when the target
   has no rounding instruction (x86-64 without SSE4.1). Done on the bit pattern, so the results are
   exact for every input: NaNs come back quieted, and +-0, +-inf and values too large to have a
   fraction come back unchanged. nearbyint and rint equal roundeven: the runtime never changes the
   rounding mode from round-to-nearest-even. */
#include "rt.h"

typedef enum { W2N_FLOOR, W2N_CEIL, W2N_TRUNC, W2N_EVEN } w2n_round_mode;

/* Rounds the IEEE binary value with `mbits` fraction bits and exponent bias `bias`, held in the
   low bits of u (sign at bit mbits + ebits). */
static uint64_t round_bits(uint64_t u, int mbits, int bias, int ebits, w2n_round_mode mode) {
  uint64_t sign = 1ull << (mbits + ebits);
  uint64_t emask = (1ull << ebits) - 1;
  int e = (int)((u >> mbits) & emask) - bias;
  bool neg = (u & sign) != 0;
  uint64_t one = (uint64_t)bias << mbits;                    /* 1.0 */
  if (e == bias + 1) {                                       /* inf or NaN */
    if (u & ((1ull << mbits) - 1)) u |= 1ull << (mbits - 1); /* quiet the NaN */
    return u;
  }
  if (e >= mbits) /* already an integer */
    return u;
  if (e < 0) { /* |x| < 1 */
    bool zero = (u & ~sign) == 0;
    bool up; /* round to magnitude 1? */
    switch (mode) {
    case W2N_FLOOR:
      up = neg && !zero;
      break;
    case W2N_CEIL:
      up = !neg && !zero;
      break;
    case W2N_TRUNC:
      up = false;
      break;
    default:
      up = e == -1 && (u & ((1ull << mbits) - 1)) != 0;
      break; /* > 0.5 */
    }
    return (u & sign) | (up ? one : 0);
  }
  uint64_t unit = 1ull << (mbits - e); /* the value 1 at this exponent */
  uint64_t frac = u & (unit - 1);
  if (frac == 0) return u;
  u &= ~(unit - 1);
  bool up; /* increase the magnitude by one unit? */
  switch (mode) {
  case W2N_FLOOR:
    up = neg;
    break;
  case W2N_CEIL:
    up = !neg;
    break;
  case W2N_TRUNC:
    up = false;
    break;
  default: {
    uint64_t half = unit >> 1;
    up = frac > half || (frac == half && (u & unit) != 0);
    break;
  }
  }
  return up ? u + unit : u; /* a carry into the exponent is the right result */
}

static double round64(double x, w2n_round_mode mode) {
  union {
    double d;
    uint64_t u;
  } v = {.d = x};
  v.u = round_bits(v.u, 52, 1023, 11, mode);
  return v.d;
}

static float round32(float x, w2n_round_mode mode) {
  union {
    float f;
    uint32_t u;
  } v = {.f = x};
  v.u = (uint32_t)round_bits(v.u, 23, 127, 8, mode);
  return v.f;
}

double floor(double x) { return round64(x, W2N_FLOOR); }
double ceil(double x) { return round64(x, W2N_CEIL); }
double trunc(double x) { return round64(x, W2N_TRUNC); }
double roundeven(double x) { return round64(x, W2N_EVEN); }
double nearbyint(double x) { return round64(x, W2N_EVEN); }
double rint(double x) { return round64(x, W2N_EVEN); }
float floorf(float x) { return round32(x, W2N_FLOOR); }
float ceilf(float x) { return round32(x, W2N_CEIL); }
float truncf(float x) { return round32(x, W2N_TRUNC); }
float roundevenf(float x) { return round32(x, W2N_EVEN); }
float nearbyintf(float x) { return round32(x, W2N_EVEN); }
float rintf(float x) { return round32(x, W2N_EVEN); }
