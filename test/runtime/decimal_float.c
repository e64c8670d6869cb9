/* The runtime's decimal <-> float conversions (decimal_float.c), on hand-checked cases; the
   reason for each expected text or bit pattern is next to it. (test/runtime/hosted/ compares them
   with glibc on millions of values.) Format: Rust's Display, which WAVE's writer uses: the
   shortest digits that read back in the value's own precision, the closest of those (ties: the
   upper one), no exponent. Parse: correctly rounded, ties to even, straight to the precision. */
#include "rt_test.h"

#include "../../runtime-lib/src/decimal_float.h"

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

static bool same_text(const char *a, uint32_t alen, const char *b) {
  uint32_t i = 0;
  for (; i < alen && b[i]; i++)
    if (a[i] != b[i]) return false;
  return i == alen && !b[i] && !a[alen];
}

static void report(int line, const char *got, const char *want) {
  t_put("FAIL ");
  t_put_u64((uint64_t)line);
  t_put(": got \"");
  t_put(got);
  t_put("\", want \"");
  t_put(want);
  t_put("\"\n");
  t_failures++;
}

static char text[W2N_F64_TEXT_MAX + 1];

#define FMT64(v, want)                                                                             \
  do {                                                                                             \
    uint32_t n_ = w2n_format_f64((v), text);                                                       \
    if (!same_text(text, n_, (want))) report(__LINE__, text, (want));                              \
  } while (0)
#define FMT32(v, want)                                                                             \
  do {                                                                                             \
    uint32_t n_ = w2n_format_f32((v), text);                                                       \
    if (!same_text(text, n_, (want))) report(__LINE__, text, (want));                              \
  } while (0)

/* Parses s (NUL-terminated) as f64 and f32 and checks the bits (or that it is rejected). */
static bool p64(const char *s, uint64_t want) {
  double d;
  return w2n_parse_f64(s, (uint32_t)t_strlen(s), &d) && bits64(d) == want;
}
static bool p32(const char *s, uint32_t want) {
  float f;
  return w2n_parse_f32(s, (uint32_t)t_strlen(s), &f) && bits32(f) == want;
}
static bool rejected(const char *s) {
  double d = 7;
  float f = 7;
  return !w2n_parse_f64(s, (uint32_t)t_strlen(s), &d) &&
         !w2n_parse_f32(s, (uint32_t)t_strlen(s), &f) && d == 7 && f == 7;
}

/* "0." then `zeros` zeros then digits (with a leading '-' when neg). */
static char expect[W2N_F64_TEXT_MAX + 1];
static const char *small_text(bool neg, int zeros, const char *digits) {
  char *p = expect;
  if (neg) *p++ = '-';
  *p++ = '0';
  *p++ = '.';
  while (zeros-- > 0)
    *p++ = '0';
  while (*digits)
    *p++ = *digits++;
  *p = 0;
  return expect;
}
/* digits then `zeros` zeros. */
static const char *big_text(const char *digits, int zeros) {
  char *p = expect;
  while (*digits)
    *p++ = *digits++;
  while (zeros-- > 0)
    *p++ = '0';
  *p = 0;
  return expect;
}

#define DBL_MAX_BITS 0x7fefffffffffffffull
#define INF64 0x7ff0000000000000ull
#define NEG64 0x8000000000000000ull
#define INF32 0x7f800000u

static void format64(void) {
  FMT64(0.0, "0");
  FMT64(-0.0, "-0");           /* Rust's Display keeps the sign of zero */
  FMT64(from64(INF64), "inf"); /* Display of infinity */
  FMT64(from64(INF64 | NEG64), "-inf");
  FMT64(from64(0x7ff8000000000000ull), "nan"); /* WAVE writes "nan" for every NaN, */
  FMT64(from64(0xfff0000000000001ull), "nan"); /* whatever its sign and payload */
  FMT64(3.0, "3"); /* an integer: no ".0" (that is Debug, not Display) */
  FMT64(100.0, "100");
  FMT64(1.5, "1.5"); /* exact, and no 1-digit text is within the half-gaps */
  FMT64(-2.5, "-2.5");
  FMT64(123.456, "123.456"); /* the closest double to 123.456 reads back from it */
  FMT64(0.1, "0.1");         /* 0.1000000000000000055...; "0.1" reads back */
  FMT64(0.3, "0.3");
  FMT64(0.1 + 0.2, "0.30000000000000004"); /* one ulp above 0.3's double: 17 digits needed */
  FMT64(1.0 / 3, "0.3333333333333333");    /* 16 digits read back; the 17th is not needed */
  FMT64(1e-7, "0.0000001");                /* no exponent: 6 zeros after the point */
  FMT64(1e20, "100000000000000000000");    /* 10^20 = 2^20 * 5^20 is exact: digit "1", k 21 */
  FMT64(1e21, "1000000000000000000000");   /* also exact (5^21 < 2^53) */
  /* The double nearest 10^23 is 99999999999999991611392, but "1e23" reads back as it. */
  FMT64(1e23, "100000000000000000000000");
  /* 2^53: the 15-digit neighbours ...990 and ...1000 are 2 and 8 away, beyond the half-gaps
     (0.5 below, 1 above). */
  FMT64(9007199254740992.0, "9007199254740992");
  /* 2^50 + 0.25 (odd significand, half-gaps 0.125): no 16-digit text is within them, the
     17-digit ...624.2 and ...624.3 both are, 0.05 away each: Rust takes the upper one. */
  FMT64(from64(0x4310000000000001ull), "1125899906842624.3");
  /* 2^-25 = 2.98023223876953125e-8 exactly: 18 digits; the 17-digit ...312 and ...313 are a
     tie (half a unit each, inside the half-gaps 2^-78 above and 2^-79 below); the 16-digit
     ...531e-23 and ...532e-23 are 2.5e-24 below (> 2^-79) and 7.5e-24 above (> 2^-78). */
  FMT64(0x1p-25, "0.000000029802322387695313");
  /* The least subnormal 4.94e-324: its interval (2.47e-324, 7.41e-324) holds 3..7e-324, and 5 is
     the closest: "0." and 323 zeros and "5", the longest text with the sign (327 characters). */
  FMT64(0x1p-1074, small_text(false, 323, "5"));
  FMT64(-0x1p-1074, small_text(true, 323, "5"));
  CHECK(w2n_format_f64(-0x1p-1074, text) == W2N_F64_TEXT_MAX);
  /* 2 * 2^-1074 = 9.88e-324: the interval (7.4e-324, 1.24e-323) holds 1e-323. */
  FMT64(0x1p-1073, small_text(false, 322, "1"));
  /* DBL_MIN 2^-1022 = 2.2250738585072014e-308 (17 digits, the classic shortest). */
  FMT64(0x1p-1022, small_text(false, 307, "22250738585072014"));
  /* The largest subnormal 2.225073858507201e-308 (16 digits suffice). */
  FMT64(from64(0x000fffffffffffffull), small_text(false, 307, "2225073858507201"));
  /* DBL_MAX = 1.7976931348623157e308: 17 digits then 292 zeros (309 digits). */
  FMT64(from64(DBL_MAX_BITS), big_text("17976931348623157", 292));
  CHECK(w2n_format_f64(-from64(DBL_MAX_BITS), text) == 310);
}

static void format32(void) {
  FMT32(0.0f, "0");
  FMT32(-0.0f, "-0");
  FMT32(from32(INF32), "inf");
  FMT32(from32(INF32 | 0x80000000u), "-inf");
  FMT32(from32(0x7fc00000u), "nan");
  FMT32(from32(0xff800001u), "nan");
  FMT32(0.1f,
        "0.1"); /* 0.100000001490116...: shortest for f32 (f64 would need 0.10000000149011612) */
  FMT32(0.3f, "0.3");
  FMT32(1.0f / 3, "0.33333334"); /* 0.3333333432674408: 8 digits */
  /* 2^24: 7-digit neighbours 16777210 and 16777220 are 6 and 4 away, beyond the half-gaps (0.5
     below, 1 above). */
  FMT32(16777216.0f, "16777216");
  FMT32(16777218.0f, "16777218");
  /* 510205.625 (even significand, half-gaps 1/64 inclusive): 8-digit ...205.62 and ...205.63 are a
     tie, Rust takes the upper. */
  FMT32(510205.625f, "510205.63");
  /* FLT_MAX = 3.4028235e38 (8 digits) then 31 zeros. */
  FMT32(from32(0x7f7fffffu), big_text("34028235", 31));
  /* FLT_MIN 2^-126 = 1.1754944e-38. */
  FMT32(0x1p-126f, small_text(false, 37, "11754944"));
  /* The least f32 subnormal 1.4e-45: the interval (0.7e-45, 2.1e-45) holds 1e-45 and 2e-45, 1 is
     closer: "0.", 44 zeros, "1"; with the sign the longest f32 text (48). */
  FMT32(0x1p-149f, small_text(false, 44, "1"));
  CHECK(w2n_format_f32(-0x1p-149f, text) == W2N_F32_TEXT_MAX);
}

static void parse_valid(void) {
  CHECK(p64("0", 0) && p32("0", 0));
  CHECK(p64("-0", NEG64) && p32("-0", 0x80000000u)); /* the sign of zero is kept */
  CHECK(p64("0e0", 0) && p64("-0.000e-5", NEG64) && p64("0e99999999999999999999", 0));
  CHECK(p64("1", 0x3ff0000000000000ull) && p32("1", 0x3f800000u));
  CHECK(p64("3", 0x4008000000000000ull) && p64("-2.5", 0xc004000000000000ull));
  CHECK(p64("1E5", 0x40f86a0000000000ull) && p64("1e+5", 0x40f86a0000000000ull)); /* 100000 */
  /* 0.1: 0x1.999999999999ap-4 for f64 (the tail 0x999.. rounds up), 0x1.99999ap-4 for f32. */
  CHECK(p64("0.1", 0x3fb999999999999aull) && p32("0.1", 0x3dcccccdu));
  /* 10^23 is exactly halfway (8388608 = 2^23 either side, the ulp being 2^24) between
     99999999999999991611392 (0x44b52d02c7e14af6, even) and 100000000000000008388608: even. */
  CHECK(p64("1e23", 0x44b52d02c7e14af6ull));
  /* 2^53 + 1 is the midpoint of 2^53 (even significand) and 2^53 + 2: even wins. 2^53 + 3 is the
     midpoint of 2^53 + 2 (odd) and 2^53 + 4 (even). */
  CHECK(p64("9007199254740993", 0x4340000000000000ull));
  CHECK(p64("9007199254740995", 0x4340000000000002ull));
  /* f32: 16777217 = 2^24 + 1, the midpoint of 2^24 and 2^24 + 2: even (2^24). */
  CHECK(p32("16777217", 0x4b800000u) && p32("16777219", 0x4b800002u));
  /* 1 + 2^-24 = 1.000000059604644775390625 is the f32 midpoint of 1 and 1 + 2^-23: exactly it
     ties to 1; 2.2e-17 above it, f32 must round up to 0x3f800001, while a detour through f64
     would land on 1 + 2^-24 exactly (f64 spacing 2.2e-16) and then tie to 1. */
  CHECK(p32("1.000000059604644775390625", 0x3f800000u));
  CHECK(p32("1.0000000596046448", 0x3f800001u));
  CHECK(p64("1.0000000596046448", 0x3ff0000010000000ull)); /* 1 + 2^-24 in f64 */
  /* Overflow: the threshold is 2^1024 - 2^970 = 1.797693134862315807937...e308, the midpoint of
     DBL_MAX and 2^1024; below it DBL_MAX, above inf. */
  CHECK(p64("1.7976931348623157e308", DBL_MAX_BITS) && p64("1.7976931348623158e308", DBL_MAX_BITS));
  CHECK(p64("1.7976931348623159e308", INF64) && p64("1e309", INF64));
  CHECK(p64("-1e99999", INF64 | NEG64) && p64("1e4294967296", INF64));
  CHECK(p64("1e18446744073709551616", INF64)); /* an exponent beyond 64 bits */
  /* f32: 2^128 - 2^103 = 3.40282356779733661637539395458142568448e38; exactly it ties to even,
     which is 2^128 (inf: FLT_MAX's significand is odd). */
  CHECK(p32("3.4028235e38", 0x7f7fffffu) && p32("3.4028236e38", INF32));
  CHECK(p32("3.40282356779733661637539395458142568448e38", INF32));
  CHECK(p32("3.40282356779733661637539395458142568447e38", 0x7f7fffffu));
  /* Underflow: half the least subnormal, 2^-1075 = 2.4703282292062327208...e-324, ties to 0;
     just above it gives the least subnormal. */
  CHECK(p64("4.9406564584124654e-324", 1) && p64("2.4703282292062328e-324", 1));
  CHECK(p64("2.4703282292062327e-324", 0) && p64("1e-99999", 0) && p64("-1e-99999", NEG64));
  /* 2.2250738585072011e-308 (the value that once hung Java and PHP) is the largest subnormal;
     2.2250738585072012e-308 rounds to DBL_MIN. */
  CHECK(p64("2.2250738585072011e-308", 0x000fffffffffffffull));
  CHECK(p64("2.2250738585072012e-308", 0x0010000000000000ull));
  /* f32: 2^-150 = 7.00649232162408535...e-46 ties to 0; 7.1e-46 rounds up to 2^-149. */
  CHECK(p32("7.0e-46", 0) && p32("7.1e-46", 1) && p32("1.4e-45", 1) && p32("1e-46", 0));
  /* Keywords. */
  CHECK(p64("inf", INF64) && p64("-inf", INF64 | NEG64) && p64("nan", 0x7ff8000000000000ull));
  CHECK(p32("inf", INF32) && p32("-inf", 0xff800000u) && p32("nan", 0x7fc00000u));
}

/* 2^-1075 exactly (752 significant digits): half the least subnormal. */
static const char half_min_subnormal[] =
    "2.47032822920623272088284396434110686182529901307162382212792841250337753635104375932649"
    "9181808179961898982823477228588654633283551779698981993873980053909390631503565951557022"
    "6392290858392449105184435931802849936536152500319370457678249219365623669863658480757001"
    "5857692699037063119282795585513329278343384093519780155312465972635795746227664652728272"
    "2005637400648549997709659947045402082816622623785739345073633900796776193057750674017632"
    "4673600968951340535537458516661134223766678604162159680461914467291840300530057530849048"
    "7653917113865916462395249126236538818796362393732804238910186723484976682350898633885879"
    "2562830275599565752445550725518931369083625477918694866799496832404970582102851318545139"
    "6213837722826145437693412532098591327667236328125e-324";

/* Long texts: digit counts far beyond what is kept exactly, and huge exponents. */
static char long_buf[12000];

static const char *build(const char *head, char fill, int count, const char *tail) {
  char *p = long_buf;
  while (*head)
    *p++ = *head++;
  while (count-- > 0)
    *p++ = fill;
  while (*tail)
    *p++ = *tail++;
  *p = 0;
  return long_buf;
}

/* text with extra digits inserted before its 'e'. */
static const char *before_exponent(const char *text, const char *extra) {
  char *p = long_buf;
  while (*text != 'e')
    *p++ = *text++;
  while (*extra)
    *p++ = *extra++;
  while (*text)
    *p++ = *text++;
  *p = 0;
  return long_buf;
}

static void parse_long(void) {
  /* 0.(5000 zeros)1 * 10^5002 = 10^-5001 * 10^5002 = 10. */
  CHECK(p64(build("0.", '0', 5000, "1e5002"), 0x4024000000000000ull));
  /* 1 and 5000 zeros, times 10^-5000: 1. */
  CHECK(p64(build("1", '0', 5000, "e-5000"), 0x3ff0000000000000ull));
  CHECK(p32(build("1", '0', 5000, "e-5000"), 0x3f800000u));
  /* 2^53 + 1 and a 1 after 1000 zeros: just above the tie, so up to 2^53 + 2 (the extra digit
     lies beyond the 800 kept and must still count). */
  CHECK(p64(build("9007199254740993.", '0', 1000, "1"), 0x4340000000000001ull));
  CHECK(p64(build("9007199254740993.", '0', 1000, ""), 0x4340000000000000ull));
  CHECK(p32(build("16777217.", '0', 500, "1"), 0x4b800001u));
  /* Exactly half the least subnormal ties to 0 (even); with a 1 after its 752 digits, or its
     last digit raised, it is above and rounds to the least subnormal. This needs all 752
     digits: no float or midpoint has more than 768, which is why 800 are kept. */
  CHECK(p64(half_min_subnormal, 0));
  CHECK(p64(before_exponent(half_min_subnormal, "0000000000001"), 1));
  CHECK(p64(before_exponent(half_min_subnormal, "0000000000000"), 0));
  uint32_t last = (uint32_t)(sizeof half_min_subnormal - 1) - 6; /* the final 5 of 328125e-324 */
  before_exponent(half_min_subnormal, "");
  long_buf[last] = '6';
  CHECK(p64(long_buf, 1));
  long_buf[last] = '4';
  CHECK(p64(long_buf, 0));
  /* 1.111... with 3000 ones is 10/9 within 10^-3000: 0x1.1c71c71c71c71|c7... rounds up to
     0x1.1c71c71c71c72p+0. */
  CHECK(p64(build("1.", '1', 3000, ""), 0x3ff1c71c71c71c72ull));
  /* "0." and 4000 nines: 1 - 10^-4000, far closer to 1 than f64's half-gap: 1. */
  CHECK(p64(build("0.", '9', 4000, ""), 0x3ff0000000000000ull));
  /* The same times -10^-300: the double nearest -1e-300 (0x81a56e1fc2f8f359, as "-1e-300"). */
  CHECK(p64(build("-0.", '9', 4000, "e-300"), 0x81a56e1fc2f8f359ull));
  CHECK(p64("-1e-300", 0x81a56e1fc2f8f359ull));
}

static void parse_invalid(void) {
  static const char *const bad[] = {
      "",        "-",     "+1",   "1.",   ".5",    " 1",   "1 ",   "01",      "-01",  "00",
      "1e",      "1e+",   "1e-",  "--1",  "0x10",  "Inf",  "NaN",  "-nan",    "+inf", "infinity",
      "1.5e3.2", "1_000", "0.e1", "1e5 ", "-inf ", "nan0", "1.0f", "\xd9\xa1"};
  for (unsigned i = 0; i < sizeof bad / sizeof *bad; i++)
    if (!rejected(bad[i])) report(__LINE__, bad[i], "(rejected)");
  /* The length counts, not a NUL: "12" with len 1 is "1"; "1e5" cut after "1e" is invalid. */
  double d;
  CHECK(w2n_parse_f64("12", 1, &d) && d == 1.0);
  CHECK(!w2n_parse_f64("1e5", 2, &d));
}

/* Every format output reads back through the parser, on both architectures. */
static void round_trips(void) {
  static const uint64_t samples[] = {1,
                                     2,
                                     0x000fffffffffffffull,
                                     0x0010000000000000ull,
                                     0x3fb999999999999aull,
                                     0x4310000000000001ull,
                                     0x7fefffffffffffffull,
                                     0x3ff0000000000001ull,
                                     0x44b52d02c7e14af6ull,
                                     0x8000000000000001ull};
  for (unsigned i = 0; i < sizeof samples / sizeof *samples; i++) {
    double d;
    uint32_t n = w2n_format_f64(from64(samples[i]), text);
    CHECK(w2n_parse_f64(text, n, &d) && bits64(d) == samples[i]);
  }
  static const uint32_t samples32[] = {1,           0x007fffffu, 0x00800000u, 0x3dcccccdu,
                                       0x7f7fffffu, 0x3f800001u, 0x80000001u, 0x48f91fb4u};
  for (unsigned i = 0; i < sizeof samples32 / sizeof *samples32; i++) {
    float f;
    uint32_t n = w2n_format_f32(from32(samples32[i]), text);
    CHECK(w2n_parse_f32(text, n, &f) && bits32(f) == samples32[i]);
  }
}

int __w2n_program_main(void) {
  format64();
  format32();
  parse_valid();
  parse_long();
  parse_invalid();
  round_trips();
  return t_finish();
}
