/* The rounding functions LLVM calls for f32/f64 ceil, floor, trunc and nearest on targets without
   rounding instructions. Expected bit patterns by IEEE 754 reasoning: rounding keeps the sign
   (floor(-0.5) = -1, ceil(-0.5) = -0), ties go to even, values of 2^52 (2^23) and above are already
   integers, a carry into the exponent is exact (floor(-(2^52 - 0.5)) = -2^52), and a signalling NaN
   comes back quiet with its payload (the Wasm spec's "arithmetic NaN"). */
#include "rt_test.h"

double floor(double), ceil(double), trunc(double), roundeven(double), nearbyint(double),
    rint(double);
float floorf(float), ceilf(float), truncf(float), roundevenf(float), nearbyintf(float),
    rintf(float);

static uint64_t bits64(double d) {
  return ((union {
           double d;
           uint64_t u;
         }){.d = d})
      .u;
}
static double from64(uint64_t u) {
  return ((union {
           double d;
           uint64_t u;
         }){.u = u})
      .d;
}
static uint32_t bits32(float f) {
  return ((union {
           float f;
           uint32_t u;
         }){.f = f})
      .u;
}
static float from32(uint32_t u) {
  return ((union {
           float f;
           uint32_t u;
         }){.u = u})
      .f;
}

#define NEG0 0x8000000000000000ull
#define NEG0F 0x80000000u
#define SNAN 0x7ff0000000000001ull
#define QNAN 0x7ff8000000000001ull
#define SNANF 0x7f800001u
#define QNANF 0x7fc00001u
#define INF 0x7ff0000000000000ull
#define TINY_NEG 0x8000000000000001ull /* the negative denormal closest to 0 */
#define TINY_POS 0x0000000000000001ull

static void check64(void) {
  CHECK(floor(1.5) == 1.0 && floor(-1.5) == -2.0 && floor(2.0) == 2.0);
  CHECK(bits64(floor(-0.0)) == NEG0 && bits64(floor(0.5)) == 0);
  CHECK(floor(-0.5) == -1.0 && floor(from64(TINY_NEG)) == -1.0);
  CHECK(bits64(floor(from64(INF))) == INF && bits64(floor(from64(INF | NEG0))) == (INF | NEG0));
  CHECK(bits64(floor(from64(SNAN))) == QNAN);
  CHECK(bits64(floor(from64(SNAN | NEG0))) == (QNAN | NEG0));
  CHECK(floor(4503599627370497.0) == 4503599627370497.0);
  CHECK(floor(4503599627370495.5) == 4503599627370495.0);
  CHECK(floor(-4503599627370495.5) == -4503599627370496.0);
  CHECK(floor(1e300) == 1e300 && floor(-1e-300) == -1.0);

  CHECK(ceil(1.5) == 2.0 && ceil(-1.5) == -1.0);
  CHECK(bits64(ceil(-0.5)) == NEG0 && bits64(ceil(-0.0)) == NEG0 && bits64(ceil(0.0)) == 0);
  CHECK(ceil(0.5) == 1.0 && ceil(from64(TINY_POS)) == 1.0);
  CHECK(ceil(4503599627370495.5) == 4503599627370496.0);
  CHECK(bits64(ceil(from64(SNAN))) == QNAN && bits64(ceil(from64(QNAN))) == QNAN);

  CHECK(trunc(1.9) == 1.0 && trunc(-1.9) == -1.0 && bits64(trunc(-0.9)) == NEG0);
  CHECK(trunc(-4503599627370495.5) == -4503599627370495.0);
  CHECK(bits64(trunc(from64(SNAN))) == QNAN);

  CHECK(bits64(roundeven(0.5)) == 0 && roundeven(1.5) == 2.0 && roundeven(2.5) == 2.0);
  CHECK(roundeven(-2.5) == -2.0 && roundeven(-3.5) == -4.0 && bits64(roundeven(-0.5)) == NEG0);
  CHECK(roundeven(0.5000000000000001) == 1.0 && bits64(roundeven(0.49999999999999994)) == 0);
  CHECK(roundeven(4503599627370495.5) == 4503599627370496.0);
  CHECK(roundeven(4503599627370494.5) == 4503599627370494.0);
  CHECK(roundeven(2.6) == 3.0 && roundeven(-2.4) == -2.0);
  CHECK(bits64(roundeven(from64(SNAN))) == QNAN);
  CHECK(nearbyint(2.5) == 2.0 && rint(3.5) == 4.0 && bits64(nearbyint(-0.25)) == NEG0);
}

static void check32(void) {
  CHECK(floorf(1.5f) == 1.0f && floorf(-1.5f) == -2.0f && floorf(-0.5f) == -1.0f);
  CHECK(bits32(floorf(-0.0f)) == NEG0F && bits32(floorf(0.25f)) == 0);
  CHECK(floorf(-8388607.5f) == -8388608.0f && floorf(8388609.0f) == 8388609.0f);
  CHECK(bits32(floorf(from32(SNANF))) == QNANF);
  CHECK(ceilf(1.25f) == 2.0f && bits32(ceilf(-0.5f)) == NEG0F && ceilf(from32(1)) == 1.0f);
  CHECK(truncf(-1.75f) == -1.0f && truncf(8388607.5f) == 8388607.0f);
  CHECK(bits32(truncf(from32(0x7f800000u))) == 0x7f800000u);
  CHECK(roundevenf(2.5f) == 2.0f && roundevenf(3.5f) == 4.0f && roundevenf(-1.5f) == -2.0f);
  CHECK(bits32(roundevenf(-0.5f)) == NEG0F && roundevenf(0.50000006f) == 1.0f);
  CHECK(roundevenf(8388607.5f) == 8388608.0f && roundevenf(8388606.5f) == 8388606.0f);
  CHECK(bits32(roundevenf(from32(SNANF | NEG0F))) == (QNANF | NEG0F));
  CHECK(nearbyintf(0.5f) == 0.0f && rintf(1.5f) == 2.0f);
}

int __w2n_program_main(void) {
  check64();
  check32();
  return t_finish();
}
