/* Explicit 128-bit SIMD: the same kernels written once against a few vector operations that
   map to <wasm_simd128.h> in WebAssembly builds, to SSE intrinsics on x86-64 and to NEON on
   AArch64. Three workloads: a float dot product and saxpy, an 8-bit alpha blend through 16-bit
   lanes, and a byte count through compare + bitmask. Lane-wise arithmetic in a fixed order, so
   every build prints the same checksum. */
#include "bench.h"

#include <stdlib.h>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
typedef v128_t vf32;
typedef v128_t vu8;
typedef v128_t vu16;
#define f32_load(p) wasm_v128_load(p)
#define f32_store(p, v) wasm_v128_store(p, v)
#define f32_splat(x) wasm_f32x4_splat(x)
#define f32_add(a, b) wasm_f32x4_add(a, b)
#define f32_mul(a, b) wasm_f32x4_mul(a, b)
#define f32_lane(v, i) wasm_f32x4_extract_lane(v, i)
#define u8_load(p) wasm_v128_load(p)
#define u8_store(p, v) wasm_v128_store(p, v)
#define u8_splat(x) wasm_i8x16_splat((int8_t)(x))
#define u8_widen_lo(v) wasm_u16x8_extend_low_u8x16(v)
#define u8_widen_hi(v) wasm_u16x8_extend_high_u8x16(v)
#define u16_splat(x) wasm_i16x8_splat((int16_t)(x))
#define u16_add(a, b) wasm_i16x8_add(a, b)
#define u16_sub(a, b) wasm_i16x8_sub(a, b)
#define u16_mul(a, b) wasm_i16x8_mul(a, b)
#define u16_shr8(a) wasm_u16x8_shr(a, 8)
#define u16_narrow(lo, hi) wasm_u8x16_narrow_i16x8(lo, hi)
#define u8_eq_mask(a, b) ((uint32_t)wasm_i8x16_bitmask(wasm_i8x16_eq(a, b)))
#elif defined(__SSE2__)
#include <emmintrin.h>
typedef __m128 vf32;
typedef __m128i vu8;
typedef __m128i vu16;
#define f32_load(p) _mm_loadu_ps(p)
#define f32_store(p, v) _mm_storeu_ps(p, v)
#define f32_splat(x) _mm_set1_ps(x)
#define f32_add(a, b) _mm_add_ps(a, b)
#define f32_mul(a, b) _mm_mul_ps(a, b)
static inline float f32_lane_sse(__m128 v, int i) {
  float out[4];
  _mm_storeu_ps(out, v);
  return out[i];
}
#define f32_lane(v, i) f32_lane_sse(v, i)
#define u8_load(p) _mm_loadu_si128((const __m128i *)(p))
#define u8_store(p, v) _mm_storeu_si128((__m128i *)(p), v)
#define u8_splat(x) _mm_set1_epi8((char)(x))
#define u8_widen_lo(v) _mm_unpacklo_epi8(v, _mm_setzero_si128())
#define u8_widen_hi(v) _mm_unpackhi_epi8(v, _mm_setzero_si128())
#define u16_splat(x) _mm_set1_epi16((short)(x))
#define u16_add(a, b) _mm_add_epi16(a, b)
#define u16_sub(a, b) _mm_sub_epi16(a, b)
#define u16_mul(a, b) _mm_mullo_epi16(a, b)
#define u16_shr8(a) _mm_srli_epi16(a, 8)
#define u16_narrow(lo, hi) _mm_packus_epi16(lo, hi)
#define u8_eq_mask(a, b) ((uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(a, b)))
#elif defined(__ARM_NEON)
#include <arm_neon.h>
typedef float32x4_t vf32;
typedef uint8x16_t vu8;
typedef uint16x8_t vu16;
#define f32_load(p) vld1q_f32(p)
#define f32_store(p, v) vst1q_f32(p, v)
#define f32_splat(x) vdupq_n_f32(x)
#define f32_add(a, b) vaddq_f32(a, b)
#define f32_mul(a, b) vmulq_f32(a, b)
#define f32_lane(v, i) vgetq_lane_f32(v, i)
#define u8_load(p) vld1q_u8(p)
#define u8_store(p, v) vst1q_u8(p, v)
#define u8_splat(x) vdupq_n_u8(x)
#define u8_widen_lo(v) vmovl_u8(vget_low_u8(v))
#define u8_widen_hi(v) vmovl_u8(vget_high_u8(v))
#define u16_splat(x) vdupq_n_u16(x)
#define u16_add(a, b) vaddq_u16(a, b)
#define u16_sub(a, b) vsubq_u16(a, b)
#define u16_mul(a, b) vmulq_u16(a, b)
#define u16_shr8(a) vshrq_n_u16(a, 8)
#define u16_narrow(lo, hi) vcombine_u8(vqmovn_u16(lo), vqmovn_u16(hi))
static inline uint32_t u8_eq_mask_neon(uint8x16_t a, uint8x16_t b) {
  static const uint8_t bits[16] = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
  uint8x16_t m = vandq_u8(vceqq_u8(a, b), vld1q_u8(bits));
  return vaddv_u8(vget_low_u8(m)) | (uint32_t)vaddv_u8(vget_high_u8(m)) << 8;
}
#define u8_eq_mask(a, b) u8_eq_mask_neon(a, b)
#else
#error "simd.c needs WebAssembly SIMD128, SSE2 or NEON"
#endif

enum { FLOATS = 4096, BYTES = 1 << 16, REPS = 30000 };

/* dot(x, y) with four lanes of partial sums, then y += a * x. */
static float dot_saxpy(const float *x, float *y, float a) {
  vf32 acc0 = f32_splat(0.0f), acc1 = f32_splat(0.0f), va = f32_splat(a);
  for (int i = 0; i < FLOATS; i += 8) {
    vf32 x0 = f32_load(x + i), x1 = f32_load(x + i + 4);
    vf32 y0 = f32_load(y + i), y1 = f32_load(y + i + 4);
    acc0 = f32_add(acc0, f32_mul(x0, y0));
    acc1 = f32_add(acc1, f32_mul(x1, y1));
    f32_store(y + i, f32_add(y0, f32_mul(va, x0)));
    f32_store(y + i + 4, f32_add(y1, f32_mul(va, x1)));
  }
  vf32 acc = f32_add(acc0, acc1);
  return (f32_lane(acc, 0) + f32_lane(acc, 1)) + (f32_lane(acc, 2) + f32_lane(acc, 3));
}

/* out = (a * alpha + b * (255 - alpha) + 255) >> 8, per byte; never overflows 16 bits. */
static void blend(const uint8_t *a, const uint8_t *b, const uint8_t *alpha, uint8_t *out) {
  vu16 k255 = u16_splat(255);
  for (int i = 0; i < BYTES; i += 16) {
    vu8 va = u8_load(a + i), vb = u8_load(b + i), vl = u8_load(alpha + i);
    vu16 l0 = u8_widen_lo(vl), l1 = u8_widen_hi(vl);
    vu16 lo = u16_add(u16_mul(u8_widen_lo(va), l0), u16_mul(u8_widen_lo(vb), u16_sub(k255, l0)));
    vu16 hi = u16_add(u16_mul(u8_widen_hi(va), l1), u16_mul(u8_widen_hi(vb), u16_sub(k255, l1)));
    u8_store(out + i, u16_narrow(u16_shr8(u16_add(lo, k255)), u16_shr8(u16_add(hi, k255))));
  }
}

static uint32_t count_byte(const uint8_t *p, uint8_t value) {
  vu8 needle = u8_splat(value);
  uint32_t n = 0;
  for (int i = 0; i < BYTES; i += 16)
    n += (uint32_t)__builtin_popcount(u8_eq_mask(u8_load(p + i), needle));
  return n;
}

int main(void) {
  float *x = malloc(FLOATS * sizeof(float)), *y = malloc(FLOATS * sizeof(float));
  uint8_t *a = malloc(BYTES), *b = malloc(BYTES), *alpha = malloc(BYTES), *out = malloc(BYTES);
  if (!x || !y || !a || !b || !alpha || !out) return 1;
  bench_rng r = bench_rng_new();
  for (int i = 0; i < FLOATS; i++) {
    x[i] = (float)(bench_next(&r) >> 40) / (float)(1 << 24) - 0.5f;
    y[i] = (float)(bench_next(&r) >> 40) / (float)(1 << 24) - 0.5f;
  }
  for (int i = 0; i < BYTES; i++) {
    a[i] = (uint8_t)(bench_next(&r) >> 56);
    b[i] = (uint8_t)(bench_next(&r) >> 56);
    alpha[i] = (uint8_t)(bench_next(&r) >> 56);
  }
  double dots = 0.0;
  uint64_t counts = 0;
  bench_start();
  for (int rep = 0; rep < REPS; rep++) {
    dots += dot_saxpy(x, y, rep & 1 ? -0.001f : 0.001f);
    blend(a, b, alpha, out);
    counts += count_byte(out, (uint8_t)rep);
    for (int k = 0; k < 4; k++) { /* extra passes so the three parts weigh about the same */
      dots += dot_saxpy(y, x, k & 1 ? -0.0005f : 0.0005f);
      counts += count_byte(a + 0, (uint8_t)(rep + k));
    }
    uint8_t *t = a;
    a = out;
    out = t;
  }
  bench_end();
  printf("simd: dots %.6e counts %" PRIu64 " blend %016" PRIx64 "\n", dots, counts,
         bench_fnv(BENCH_FNV_INIT, a, BYTES));
  return 0;
}
