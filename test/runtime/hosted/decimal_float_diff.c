/* Differential test of runtime-lib/src/decimal_float.c against glibc (a hosted program; run.sh
   builds it). glibc's strtod/strtof are correctly rounded and its printf prints exact decimals,
   so they are the reference:
   - format(v) reads back as v through strtod/strtof (and through our own parser);
   - its digit count is minimal: no string with one digit fewer reads back as v (the candidates
     are the nearest such string, from "%.*e", and its two neighbours on the decimal grid);
   - of the strings with that many digits that read back, it is the closest to v (Rust's choice);
   - parse(s) equals strtod(s)/strtof(s) bit for bit, and accepts exactly WAVE's syntax (checked
     with a POSIX regular expression).
   Inputs: random bit patterns, subnormals, powers of two and their neighbours, exact midpoints
   between neighbouring floats and strings just above and below them, random decimal strings of
   1-40 digits with random exponents, very long digit strings, random junk for the syntax.
   Usage: decimal_float_diff [--count N] [--seed S]; N scales every category (default 100000).
   --emit N instead writes N cases for rust_display.rs, the check against Rust itself. */
#define _GNU_SOURCE
#include "decimal_float.h"

#include <float.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rng_state;
static uint64_t rnd(void) { /* splitmix64 */
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}
static uint32_t rnd_below(uint32_t n) { return (uint32_t)(rnd() % n); }

static uint64_t bits64(double d) {
  uint64_t u;
  memcpy(&u, &d, 8);
  return u;
}
static double from64(uint64_t u) {
  double d;
  memcpy(&d, &u, 8);
  return d;
}
static uint32_t bits32(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}
static float from32(uint32_t u) {
  float f;
  memcpy(&f, &u, 4);
  return f;
}

static regex_t json_re, plain_re;
static long failures;

static void fail(const char *what, const char *text, uint64_t bits) {
  if (++failures <= 30)
    printf("FAIL %s: \"%.120s\"%s (bits 0x%016llx)\n", what, text, strlen(text) > 120 ? "..." : "",
           (unsigned long long)bits);
}

/* ---- Format checks. ---- */

/* A decimal m * 10^e. */
typedef struct {
  uint64_t m;
  int e;
} dec;

static dec dec_norm(dec d) {
  while (d.m && d.m % 10 == 0) {
    d.m /= 10;
    d.e++;
  }
  return d;
}

static bool dec_eq(dec a, dec b) {
  a = dec_norm(a);
  b = dec_norm(b);
  return a.m == b.m && (a.m == 0 || a.e == b.e);
}

/* The significant digits of a plain decimal text (our output): their count and value. More than
   19 (which do not fit m) count as 99. */
static dec dec_of_plain(const char *s, int *ndigits) {
  char digits[400];
  int n = 0, point = -1; /* digits before the point */
  for (; *s; s++) {
    if (*s == '-') continue;
    if (*s == '.')
      point = n;
    else if (n || *s != '0' || point >= 0)
      digits[n++] = *s;
  }
  if (point < 0) point = n;
  /* Leading zeros of a fraction ("0.000123"): they came in after the point. */
  int lead = 0;
  while (lead < n && digits[lead] == '0')
    lead++;
  int end = n;
  while (end > lead && digits[end - 1] == '0')
    end--;
  dec d = {0, point - end};
  *ndigits = end - lead > 19 ? 99 : end - lead;
  for (int i = lead; i < end && i < lead + 19; i++)
    d.m = d.m * 10 + (uint64_t)(digits[i] - '0');
  return d;
}

/* The nearest decimal with `digits` significant digits to |v| (glibc rounds correctly). */
static dec nearest_digits(double v, int digits) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.*e", digits - 1, fabs(v));
  dec d = {0, 0};
  int frac = 0;
  bool point = false;
  char *p = buf;
  for (; *p && *p != 'e'; p++) {
    if (*p == '.') {
      point = true;
      continue;
    }
    d.m = d.m * 10 + (uint64_t)(*p - '0');
    if (point) frac++;
  }
  d.e = atoi(p + 1) - frac;
  return d;
}

static uint64_t pow10u(int n) {
  uint64_t p = 1;
  while (n-- > 0)
    p *= 10;
  return p;
}

static bool reads_back64(dec d, double v) {
  char buf[64];
  snprintf(buf, sizeof buf, "%llue%d", (unsigned long long)d.m, d.e);
  return bits64(strtod(buf, 0)) == bits64(fabs(v));
}
static bool reads_back32(dec d, float v) {
  char buf[64];
  snprintf(buf, sizeof buf, "%llue%d", (unsigned long long)d.m, d.e);
  return bits32(strtof(buf, 0)) == bits32(fabsf(v));
}

/* The grid neighbours of N (digits significant digits): N - 1 unit (below 10^(digits-1), one digit
   finer) and N + 1 unit. */
static dec dec_below(dec n, int digits) {
  if (n.m == pow10u(digits - 1)) return (dec){pow10u(digits) - 1, n.e - 1};
  return (dec){n.m - 1, n.e};
}
static dec dec_above(dec n) { return (dec){n.m + 1, n.e}; }

/* Is |v| exactly halfway between two decimals of `digits` significant digits? (Its exact
   expansion, at most 767 digits, ends in a 5 just after them.) */
static long ties_seen;
static bool is_tie(double v, int digits) {
  char buf[900];
  snprintf(buf, sizeof buf, "%.800e", fabs(v));
  int seen = 0;
  const char *p = buf;
  for (; *p != 'e'; p++) {
    if (*p == '.') continue;
    if (seen == digits && *p != '5') return false;
    if (seen > digits && *p != '0') return false;
    seen++;
  }
  ties_seen++;
  return seen > digits;
}

static long format_checked;

/* Checks the text of a finite nonzero v (f32 when is32). */
static void check_digits(double v, bool is32, const char *text, uint64_t bits) {
  int nd;
  dec mine = dec_of_plain(text, &nd);
#define READS(d) (is32 ? reads_back32((d), (float)v) : reads_back64((d), v))
  if (nd > (is32 ? 9 : 17)) fail("more digits than the precision needs", text, bits);
  /* Closest of its length. */
  dec near = nearest_digits(v, nd);
  if (READS(near)) {
    /* glibc breaks a tie to even; Rust (and we) to the upper candidate when it reads back. */
    if (!dec_eq(near, mine) && !(is_tie(v, nd) && dec_eq(dec_above(near), mine)))
      fail("not the closest shortest digits", text, bits);
  } else if (!dec_eq(dec_below(near, nd), mine) && !dec_eq(dec_above(near), mine)) {
    fail("neither neighbour of the nearest", text, bits);
  }
  /* Minimal. */
  if (nd > 1) {
    dec n1 = nearest_digits(v, nd - 1);
    if (READS(n1) || READS(dec_below(n1, nd - 1)) || READS(dec_above(n1)))
      fail("a shorter string reads back", text, bits);
  }
#undef READS
}

static void check_format64(double v) {
  char buf[W2N_F64_TEXT_MAX + 32];
  memset(buf, 'x', sizeof buf);
  uint32_t n = w2n_format_f64(v, buf);
  uint64_t bits = bits64(v);
  format_checked++;
  if (n > W2N_F64_TEXT_MAX || buf[n] || strlen(buf) != n) {
    fail("f64 length", "", bits);
    return;
  }
  if (isnan(v)) {
    if (strcmp(buf, "nan")) fail("f64 nan", buf, bits);
    return;
  }
  if (isinf(v)) {
    if (strcmp(buf, v > 0 ? "inf" : "-inf")) fail("f64 inf", buf, bits);
    return;
  }
  if (regexec(&plain_re, buf, 0, 0, 0)) fail("f64 text not plain decimal", buf, bits);
  if (bits64(strtod(buf, 0)) != bits) fail("f64 strtod(format(v)) != v", buf, bits);
  double mine;
  if (!w2n_parse_f64(buf, n, &mine) || bits64(mine) != bits)
    fail("f64 parse(format(v)) != v", buf, bits);
  if (v == 0) {
    if (strcmp(buf, signbit(v) ? "-0" : "0")) fail("f64 zero", buf, bits);
    return;
  }
  check_digits(v, false, buf, bits);
}

static void check_format32(float v) {
  char buf[W2N_F32_TEXT_MAX + 32];
  memset(buf, 'x', sizeof buf);
  uint32_t n = w2n_format_f32(v, buf);
  uint64_t bits = bits32(v);
  format_checked++;
  if (n > W2N_F32_TEXT_MAX || buf[n] || strlen(buf) != n) {
    fail("f32 length", "", bits);
    return;
  }
  if (isnan(v)) {
    if (strcmp(buf, "nan")) fail("f32 nan", buf, bits);
    return;
  }
  if (isinf(v)) {
    if (strcmp(buf, v > 0 ? "inf" : "-inf")) fail("f32 inf", buf, bits);
    return;
  }
  if (regexec(&plain_re, buf, 0, 0, 0)) fail("f32 text not plain decimal", buf, bits);
  if (bits32(strtof(buf, 0)) != bits) fail("f32 strtof(format(v)) != v", buf, bits);
  float mine;
  if (!w2n_parse_f32(buf, n, &mine) || bits32(mine) != bits)
    fail("f32 parse(format(v)) != v", buf, bits);
  if (v == 0) {
    if (strcmp(buf, signbit(v) ? "-0" : "0")) fail("f32 zero", buf, bits);
    return;
  }
  check_digits(v, true, buf, bits);
}

/* ---- Parse checks. ---- */

static long parse_checked;

static void check_parse(const char *s) {
  size_t len = strlen(s);
  double d = 0;
  float f = 0;
  bool ok64 = w2n_parse_f64(s, (uint32_t)len, &d), ok32 = w2n_parse_f32(s, (uint32_t)len, &f);
  bool valid = !regexec(&json_re, s, 0, 0, 0) || !strcmp(s, "nan") || !strcmp(s, "inf") ||
               !strcmp(s, "-inf");
  parse_checked++;
  if (ok64 != valid || ok32 != valid) {
    fail(valid ? "valid text rejected" : "invalid text accepted", s, 0);
    return;
  }
  if (!valid) return;
  char *end;
  double rd = strtod(s, &end);
  if (end != s + len) fail("strtod stopped early (test bug)", s, 0);
  float rf = strtof(s, 0);
  if (isnan(rd) ? bits64(d) != 0x7ff8000000000000ull : bits64(d) != bits64(rd))
    fail("f64 parse != strtod", s, bits64(d));
  if (isnan(rf) ? bits32(f) != 0x7fc00000u : bits32(f) != bits32(rf))
    fail("f32 parse != strtof", s, bits32(f));
}

/* Parses several decimal texts near v: "%.*e" at random and full precision. */
static void check_parse_near(double v) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.*e", (int)rnd_below(20), v);
  check_parse(buf);
  snprintf(buf, sizeof buf, "%.16e", v);
  check_parse(buf);
}

/* Turns glibc's "%e" text of an exact value into texts just above and just below it, and a
   truncation, and parses all four. `exact` is d.ddd...e[+-]xx with trailing zeros allowed. */
static void check_parse_around(const char *exact) {
  char mant[1200], buf[1300];
  const char *e = strchr(exact, 'e');
  size_t ml = (size_t)(e - exact);
  memcpy(mant, exact, ml);
  mant[ml] = 0;
  while (ml > 2 && mant[ml - 1] == '0')
    mant[--ml] = 0;
  if (mant[ml - 1] == '.') mant[--ml] = 0;
  snprintf(buf, sizeof buf, "%s%s", mant, e); /* the exact value */
  check_parse(buf);
  snprintf(buf, sizeof buf, "%s%s%s%s", mant, strchr(mant, '.') ? "" : ".", "00000001", e);
  check_parse(buf); /* just above */
  /* Just below: the last digit (not 0) lowered by one and 999 after it ("1" becomes "0.999"). */
  char low[1200];
  memcpy(low, mant, ml + 1);
  low[ml - 1]--;
  snprintf(buf, sizeof buf, "%s%s999%s", low, strchr(low, '.') ? "" : ".", e);
  check_parse(buf);
  /* Truncated after a random number of digits. */
  size_t cut = 1 + rnd_below((uint32_t)ml);
  if (cut < ml && mant[cut - 1] != '.') {
    snprintf(buf, sizeof buf, "%.*s%s", (int)cut, mant, e);
    check_parse(buf);
  }
}

/* A random text in the JSON number syntax: 1-maxd digits, sometimes runs of 0s or 9s, with an
   exponent near [exp_lo, exp_hi]. */
static void random_decimal(char *out, int maxd, int exp_lo, int exp_hi) {
  char digits[64];
  int nd = 1 + (int)rnd_below((uint32_t)maxd), style = (int)rnd_below(4);
  for (int i = 0; i < nd; i++) {
    int r = (int)rnd_below(10);
    digits[i] = (char)('0' + (style == 1 && r < 7 ? 0 : style == 2 && r < 7 ? 9 : rnd_below(10)));
  }
  char *p = out;
  if (rnd() & 1) *p++ = '-';
  int layout = (int)rnd_below(3), nint = layout == 0 ? nd : layout == 1 ? 0 : (int)rnd_below(nd);
  if (nint == 0 || digits[0] == '0') {
    /* "0." and all digits as the fraction (an integer part may not start with 0). */
    *p++ = '0';
    if (nd > 1 || digits[0] != '0' || layout) {
      *p++ = '.';
      memcpy(p, digits, (size_t)nd);
      p += nd;
    }
  } else {
    memcpy(p, digits, (size_t)nint);
    p += nint;
    if (nint < nd) {
      *p++ = '.';
      memcpy(p, digits + nint, (size_t)(nd - nint));
      p += nd - nint;
    }
  }
  if (rnd_below(8)) {
    int ex = exp_lo + (int)rnd_below((uint32_t)(exp_hi - exp_lo + 1));
    p += sprintf(p, "%c%s%s%d", rnd() & 1 ? 'e' : 'E',
                 ex < 0      ? "-"
                 : rnd() & 1 ? "+"
                             : "",
                 rnd_below(4) ? "" : "00", abs(ex));
  }
  *p = 0;
}

/* ---- The input categories. ---- */

static void f64_random_bits(long count) {
  for (long i = 0; i < count; i++) {
    double v = from64(rnd());
    check_format64(v);
    if (isfinite(v)) check_parse_near(v);
  }
}

static void f64_subnormals(long count) {
  for (long i = 0; i < count / 4; i++) {
    double v = from64((rnd() & 0x800fffffffffffffull) >> rnd_below(52));
    check_format64(v);
    check_parse_near(v);
  }
}

/* Every power of two (normal and subnormal) and its neighbours, both signs. */
static void f64_powers_of_two(long count) {
  (void)count;
  for (uint64_t ex = 0; ex < 2047; ex++) {
    for (int k = 0; k < 53; k++) {
      uint64_t base = ex ? ex << 52 : 1ull << k;
      for (int d = -1; d <= 1; d++) {
        uint64_t b = base + (uint64_t)(int64_t)d;
        check_format64(from64(b));
        check_format64(-from64(b));
        check_parse_near(from64(b));
      }
      if (ex) break;
    }
  }
}

/* The midpoint between a float and the next (exact in long double), and texts around it; the
   first ones are the least subnormals and the values below DBL_MAX (the last midpoint is the
   overflow threshold 2^1024 - 2^970). */
static void f64_midpoints(long count) {
  for (long i = 0; i < count / 8; i++) {
    uint64_t b = rnd() & 0x7fffffffffffffffull;
    if (i < 64)
      b = i < 32 ? (uint64_t)i : 0x7fefffffffffffe0ull + (uint64_t)(i - 32);
    else if (i % 4 == 1)
      b >>= rnd_below(64);
    if (b >= 0x7ff0000000000000ull) continue;
    long double lo = from64(b), hi = b == 0x7fefffffffffffffull ? 0x1p1024L : from64(b + 1);
    char exact[1300];
    snprintf(exact, sizeof exact, "%.800Le", (lo + hi) / 2);
    check_parse_around(exact);
  }
}

/* m * 2^e with e in [-10, -1]: integers of up to 16 digits and a few fraction digits, where
   exact ties between two shortest candidates are common. */
static double f64_few_fraction_bits(void) {
  uint64_t m = (rnd() >> 11) | 1ull << 52;
  return ldexp((double)m, -1 - (int)rnd_below(10)) * (rnd() & 1 ? -1 : 1);
}
static float f32_few_fraction_bits(void) {
  uint32_t m = (uint32_t)(rnd() >> 40) | 1u << 23;
  return ldexpf((float)m, -1 - (int)rnd_below(10)) * (rnd() & 1 ? -1 : 1);
}

static void f64_ties(long count) {
  for (long i = 0; i < count / 4; i++)
    check_format64(f64_few_fraction_bits());
}

static void f32_ties(long count) {
  for (long i = 0; i < count / 4; i++)
    check_format32(f32_few_fraction_bits());
}

static void f32_random_bits(long count) {
  for (long i = 0; i < count; i++) {
    float v = from32((uint32_t)rnd());
    check_format32(v);
    if (isfinite(v)) check_parse_near(v);
  }
}

static void f32_powers_of_two(long count) {
  (void)count;
  for (uint32_t ex = 0; ex < 255; ex++) {
    for (int k = 0; k < 24; k++) {
      uint32_t base = ex ? ex << 23 : 1u << k;
      for (int d = -1; d <= 1; d++) {
        uint32_t b = base + (uint32_t)d;
        check_format32(from32(b));
        check_format32(-from32(b));
        check_parse_near(from32(b));
      }
      if (ex) break;
    }
  }
}

/* Every f32 subnormal from --count 1000000 on, else every 64th. */
static void f32_subnormals(long count) {
  for (uint32_t b = 0; b < 0x800000u; b += count >= 1000000 ? 1 : 64)
    check_format32(from32(b));
}

static void f32_midpoints(long count) {
  for (long i = 0; i < count / 8; i++) {
    uint32_t b = (uint32_t)rnd() & 0x7fffffffu;
    if (i < 64)
      b = i < 32 ? (uint32_t)i : 0x7f7fffe0u + (uint32_t)(i - 32);
    else if (i % 4 == 1)
      b >>= rnd_below(32);
    if (b >= 0x7f800000u) continue;
    double lo = from32(b), hi = b == 0x7f7fffffu ? 0x1p128 : from32(b + 1);
    char exact[400];
    snprintf(exact, sizeof exact, "%.200e", (lo + hi) / 2);
    check_parse_around(exact);
  }
}

static void decimals_f64_range(long count) {
  for (long i = 0; i < count; i++) {
    char s[128];
    random_decimal(s, 40, -370, 330);
    check_parse(s);
  }
}

static void decimals_f32_range(long count) {
  for (long i = 0; i < count; i++) {
    char s[128];
    random_decimal(s, 40, -70, 50);
    check_parse(s);
  }
}

static void decimals_short(long count) {
  for (long i = 0; i < count; i++) {
    char s[128];
    random_decimal(s, 20, -25, 25);
    check_parse(s);
  }
}

/* 700 to 10700 digits, sometimes with a long run of zeros (and a final 1). */
static void long_strings(long count) {
  static char s[12000];
  for (long i = 0; i < count / 200; i++) {
    int nd = 700 + (int)rnd_below(10000);
    char *p = s;
    if (rnd() & 1) *p++ = '-';
    *p++ = (char)('1' + rnd_below(9));
    int zeros = rnd_below(2) ? (int)rnd_below((uint32_t)nd) : 0;
    *p++ = '.';
    for (int j = 1; j < nd; j++)
      *p++ = (char)('0' + (j < zeros ? 0 : rnd_below(10)));
    if (zeros == nd - 1 && (rnd() & 1)) p[-1] = '1';
    sprintf(p, "e%d", -380 + (int)rnd_below(720));
    check_parse(s);
  }
}

static void junk(long count) {
  static const char alphabet[] = "0123456789.eE+-0191-.nafi x";
  for (long i = 0; i < count; i++) {
    char s[16];
    int n = (int)rnd_below(10);
    for (int j = 0; j < n; j++)
      s[j] = alphabet[rnd_below(sizeof alphabet - 1)];
    s[n] = 0;
    check_parse(s);
  }
}

static void fixed_texts(long count) {
  (void)count;
  static const char *const texts[] = {"",
                                      "-",
                                      "+1",
                                      "1.",
                                      ".5",
                                      " 1",
                                      "1 ",
                                      "01",
                                      "-01",
                                      "00",
                                      "1e",
                                      "1e+",
                                      "1e-",
                                      "--1",
                                      "0x10",
                                      "Inf",
                                      "NaN",
                                      "-nan",
                                      "+inf",
                                      "infinity",
                                      "1.5e3.2",
                                      "1_000",
                                      "1e5 ",
                                      "0.e1",
                                      "1E5",
                                      "1e+5",
                                      "1e-5",
                                      "-0.0",
                                      "0e0",
                                      "0.000",
                                      "-inf",
                                      "inf",
                                      "nan",
                                      "0",
                                      "1e4294967296",
                                      "1e-4294967296",
                                      "1e18446744073709551616",
                                      "0e99999999999999999999",
                                      "1e-99999",
                                      "-1e99999",
                                      "4.9406564584124654e-324",
                                      "2.4703282292062328e-324",
                                      "1.7976931348623158e308",
                                      "1.7976931348623159e308",
                                      "3.4028235e38",
                                      "3.4028236e38",
                                      "3.40282356779733661637539395458142568448e38",
                                      "1.4e-45",
                                      "7.0e-46",
                                      "7.1e-46",
                                      "9007199254740993",
                                      "9007199254740995",
                                      "1.0000000596046448",
                                      "16777217",
                                      "16777219"};
  for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
    check_parse(texts[i]);
}

/* --emit N: lines for rust_display.rs, which checks them against Rust's own Display and parse:
   "d BITS TEXT" (f64), "f BITS TEXT" (f32), "p TEXT F64BITS F32BITS" (parse). */
static void emit(long count) {
  char buf[W2N_F64_TEXT_MAX + 1], s[128];
  for (long i = 0; i < count; i++) {
    switch (i % 7) {
    case 0:
    case 1: {
      double v = i % 7 ? f64_few_fraction_bits() : from64(rnd());
      w2n_format_f64(v, buf);
      printf("d %016llx %s\n", (unsigned long long)bits64(v), buf);
      break;
    }
    case 2:
    case 3: {
      float v = i % 7 == 3 ? f32_few_fraction_bits() : from32((uint32_t)rnd());
      w2n_format_f32(v, buf);
      printf("f %08x %s\n", bits32(v), buf);
      break;
    }
    default: {
      random_decimal(s, 40, i % 7 == 4 ? -370 : i % 7 == 5 ? -70 : -25, i % 7 == 4 ? 330 : 50);
      double d;
      float f;
      if (!w2n_parse_f64(s, (uint32_t)strlen(s), &d) || !w2n_parse_f32(s, (uint32_t)strlen(s), &f))
        continue;
      printf("p %s %016llx %08x\n", s, (unsigned long long)bits64(d), bits32(f));
    }
    }
  }
}

static void section(const char *name, void (*run)(long), long count) {
  long f0 = format_checked, p0 = parse_checked;
  clock_t t0 = clock();
  run(count);
  printf("%-36s %9ld formatted %9ld parsed %7.2fs\n", name, format_checked - f0, parse_checked - p0,
         (double)(clock() - t0) / CLOCKS_PER_SEC);
  fflush(stdout);
}

int main(int argc, char **argv) {
  long count = 100000, emit_count = 0;
  uint64_t seed = (uint64_t)time(0);
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--count") && i + 1 < argc)
      count = atol(argv[++i]);
    else if (!strcmp(argv[i], "--emit") && i + 1 < argc)
      emit_count = atol(argv[++i]);
    else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
      seed = strtoull(argv[++i], 0, 0);
    else {
      fprintf(stderr, "usage: %s [--count N] [--seed S] [--emit N]\n", argv[0]);
      return 2;
    }
  }
  rng_state = seed;
  if (emit_count) {
    emit(emit_count);
    return 0;
  }
  printf("seed %llu, count %ld\n", (unsigned long long)seed, count);
  if (regcomp(&json_re, "^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?$",
              REG_EXTENDED | REG_NOSUB) ||
      regcomp(&plain_re, "^-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?$", REG_EXTENDED | REG_NOSUB))
    return 2;
  section("f64 random bit patterns", f64_random_bits, count);
  section("f64 subnormals", f64_subnormals, count);
  section("f64 powers of two and neighbours", f64_powers_of_two, count);
  section("f64 midpoints, just above, below", f64_midpoints, count);
  section("f64 few fraction bits (ties)", f64_ties, count);
  section("f32 random bit patterns", f32_random_bits, count);
  section("f32 powers of two and neighbours", f32_powers_of_two, count);
  section("f32 few fraction bits (ties)", f32_ties, count);
  section("f32 subnormals", f32_subnormals, count);
  section("f32 midpoints, just above, below", f32_midpoints, count);
  section("random decimals, f64 exponents", decimals_f64_range, count);
  section("random decimals, f32 exponents", decimals_f32_range, count);
  section("random decimals, 1-20 digits", decimals_short, count);
  section("long digit strings", long_strings, count);
  section("random junk (syntax)", junk, count);
  section("fixed texts", fixed_texts, count);
  printf("total: %ld formatted (%ld exact ties between two shortest candidates), %ld parsed, "
         "%ld failures\n",
         format_checked, ties_seen, parse_checked, failures);
  return failures ? 1 : 0;
}
