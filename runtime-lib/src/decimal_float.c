/* Decimal text <-> IEEE binary floating point, correctly rounded, for the WAVE value text (see
   decimal_float.h). Both directions use exact big-integer arithmetic on fixed-size numbers on the
   stack, so every result is exact by construction rather than by a table of special cases:

   - Formatting is Steele & White's free-format algorithm (as refined by Burger & Dybvig): with v,
     the half-gaps to its neighbours and a power of ten as exact ratios of big integers, digits
     are generated until the digits so far, or the same with the last one raised by one, fall
     inside the interval of numbers that read back as v. That gives the fewest digits, and of two
     candidates the closer one (on a tie the upper one), which is what Rust's Display (WAVE's
     writer) prints.
   - Parsing takes the decimal D * 10^E exactly (D of at most max_digits digits, the rest folded
     into a sticky digit, see parse_float), divides out the power of five bit by bit and rounds
     the binary result once, to nearest with ties to even, straight to the target precision. */
#include "rt.h"

#include "decimal_float.h"

/* Sizes (bits): parsing an f64 holds D < 10^801 (2661 bits) and 5^k for k <= 801 + 323 (2610
   bits), shifted to equal length plus one bit: 2662 bits. Exact integers (E >= 0) stay below
   10^309 (1027 bits); formatting needs at most about 1090 bits. 90 words = 2880 bits. */
#define BIG_WORDS 90

typedef struct {
  uint32_t len; /* words in use; w[len - 1] != 0 (zero is len 0) */
  uint32_t w[BIG_WORDS];
} big;

static void big_set(big *b, uint64_t v) {
  b->len = 0;
  while (v) {
    b->w[b->len++] = (uint32_t)v;
    v >>= 32;
  }
}

static void big_copy(big *dst, const big *src) {
  dst->len = src->len;
  for (uint32_t i = 0; i < src->len; i++)
    dst->w[i] = src->w[i];
}

static void big_trim(big *b) {
  while (b->len && !b->w[b->len - 1])
    b->len--;
}

static uint32_t big_bitlen(const big *b) {
  if (!b->len) return 0;
  return 32 * (b->len - 1) + (32 - (uint32_t)__builtin_clz(b->w[b->len - 1]));
}

static void big_mul_small(big *b, uint32_t m) {
  uint64_t carry = 0;
  for (uint32_t i = 0; i < b->len; i++) {
    carry += (uint64_t)b->w[i] * m;
    b->w[i] = (uint32_t)carry;
    carry >>= 32;
  }
  if (carry) b->w[b->len++] = (uint32_t)carry;
}

static void big_add_small(big *b, uint32_t a) {
  uint64_t carry = a;
  for (uint32_t i = 0; carry && i < b->len; i++) {
    carry += b->w[i];
    b->w[i] = (uint32_t)carry;
    carry >>= 32;
  }
  if (carry) b->w[b->len++] = (uint32_t)carry;
}

/* b *= 5^n, in steps of 5^13 (the largest power of five below 2^32). */
static void big_mul_pow5(big *b, uint32_t n) {
  static const uint32_t pow5[14] = {1,       5,        25,        125,       625,
                                    3125,    15625,    78125,     390625,    1953125,
                                    9765625, 48828125, 244140625, 1220703125};
  for (; n >= 13; n -= 13)
    big_mul_small(b, pow5[13]);
  if (n) big_mul_small(b, pow5[n]);
}

static void big_shl(big *b, uint32_t n) {
  if (!b->len) return;
  uint32_t ws = n / 32, bs = n % 32;
  if (bs == 0) {
    for (uint32_t i = b->len; i-- > 0;)
      b->w[i + ws] = b->w[i];
  } else {
    uint32_t top = b->w[b->len - 1] >> (32 - bs);
    for (uint32_t i = b->len - 1; i > 0; i--)
      b->w[i + ws] = (b->w[i] << bs) | (b->w[i - 1] >> (32 - bs));
    b->w[ws] = b->w[0] << bs;
    if (top) b->w[b->len++ + ws] = top;
  }
  for (uint32_t i = 0; i < ws; i++)
    b->w[i] = 0;
  b->len += ws;
}

static void big_mul_pow10(big *b, uint32_t n) {
  big_mul_pow5(b, n);
  big_shl(b, n);
}

static int big_cmp(const big *a, const big *b) {
  if (a->len != b->len) return a->len < b->len ? -1 : 1;
  for (uint32_t i = a->len; i-- > 0;)
    if (a->w[i] != b->w[i]) return a->w[i] < b->w[i] ? -1 : 1;
  return 0;
}

/* a -= b, for a >= b. */
static void big_sub(big *a, const big *b) {
  uint64_t borrow = 0;
  uint32_t i = 0;
  for (; i < b->len; i++) {
    uint64_t d = (uint64_t)a->w[i] - b->w[i] - borrow;
    a->w[i] = (uint32_t)d;
    borrow = d >> 63;
  }
  for (; borrow && i < a->len; i++) {
    uint64_t d = (uint64_t)a->w[i] - borrow;
    a->w[i] = (uint32_t)d;
    borrow = d >> 63;
  }
  big_trim(a);
}

/* a -= q * b, for a >= q * b. */
static void big_sub_mul(big *a, const big *b, uint32_t q) {
  uint64_t carry = 0, borrow = 0;
  uint32_t i = 0;
  for (; i < b->len; i++) {
    uint64_t p = (uint64_t)b->w[i] * q + carry;
    carry = p >> 32;
    uint64_t d = (uint64_t)a->w[i] - (uint32_t)p - borrow;
    a->w[i] = (uint32_t)d;
    borrow = d >> 63;
  }
  for (; (carry || borrow) && i < a->len; i++) {
    uint64_t d = (uint64_t)a->w[i] - carry - borrow;
    a->w[i] = (uint32_t)d;
    carry = 0;
    borrow = d >> 63;
  }
  big_trim(a);
}

/* dst = a + b. */
static void big_add(big *dst, const big *a, const big *b) {
  if (a->len < b->len) {
    const big *t = a;
    a = b;
    b = t;
  }
  uint64_t carry = 0;
  uint32_t i = 0;
  for (; i < b->len; i++) {
    carry += (uint64_t)a->w[i] + b->w[i];
    dst->w[i] = (uint32_t)carry;
    carry >>= 32;
  }
  for (; i < a->len; i++) {
    carry += a->w[i];
    dst->w[i] = (uint32_t)carry;
    carry >>= 32;
  }
  dst->len = a->len;
  if (carry) dst->w[dst->len++] = (uint32_t)carry;
}

/* The 64 bits of b starting at bit `shift` (b >> shift, truncated). */
static uint64_t big_bits(const big *b, uint32_t shift) {
  uint32_t ws = shift / 32, bs = shift % 32;
  uint64_t v = 0;
  for (uint32_t i = 0; i < 3 && ws + i < b->len; i++) {
    uint64_t word = b->w[ws + i];
    if (i == 0)
      v = word >> bs;
    else if (32 * i - bs < 64)
      v |= word << (32 * i - bs);
  }
  return v;
}

/* Is any of the lowest n bits of b set? */
static bool big_any_below(const big *b, uint32_t n) {
  uint32_t ws = n / 32, bs = n % 32;
  for (uint32_t i = 0; i < ws && i < b->len; i++)
    if (b->w[i]) return true;
  return bs && ws < b->len && (b->w[ws] & ((1u << bs) - 1));
}

/* ---- The two formats. ---- */

typedef struct {
  uint32_t frac_bits; /* stored significand bits: the precision is frac_bits + 1 */
  uint32_t exp_bits;
  int32_t emin, emax; /* unbiased exponents of the normal range (emax is also the bias) */
  /* Parsing: significant digits kept exactly (more than any midpoint between two neighbouring
     floats has: 768 for f64, 113 for f32), and the decimal positions beyond which every value
     overflows (value >= 10^(pos_max)) or rounds to zero (value < 10^(pos_min - 1)). */
  uint32_t max_digits;
  int32_t pos_max, pos_min;
} fformat;

/* 10^309 > 2^1024 - 2^970 (the midpoint above DBL_MAX); 10^-324 < 2^-1075 (half the least
   subnormal). For f32: 10^39 > 2^128 - 2^103 and 10^-46 < 2^-150. */
static const fformat F64 = {52, 11, -1022, 1023, 800, 309, -323};
static const fformat F32 = {23, 8, -126, 127, 120, 39, -45};

/* floor(t * log10(2)), possibly one less or more than that near integers (|t| < 1200). */
static int32_t log10_pow2_estimate(int32_t t) {
  int32_t p = t * 1233;
  return p >= 0 ? p / 4096 : -((-p + 4095) / 4096);
}

/* Does (r + m) * (times10 ? 10 : 1) reach s (reach it or pass it when `inclusive`)? */
static bool reaches(const big *r, const big *m, const big *s, bool inclusive, bool times10) {
  big t;
  big_add(&t, r, m);
  if (times10) big_mul_small(&t, 10);
  int c = big_cmp(&t, s);
  return inclusive ? c >= 0 : c > 0;
}

/* floor(r / s) for r < 10 * s, leaving r mod s in r. The estimate from the top 32 bits of s is
   never too large and at most one too small (s_hi >= 2^31 unless s is tiny, then it is exact
   enough that the loop below takes a few steps at most). */
static uint32_t big_div_digit(big *r, const big *s) {
  uint32_t bits = big_bitlen(s), shift = bits > 32 ? bits - 32 : 0;
  uint64_t s_hi = big_bits(s, shift), r_hi = big_bits(r, shift);
  uint32_t q = (uint32_t)(r_hi / (s_hi + 1));
  if (q) big_sub_mul(r, s, q);
  while (big_cmp(r, s) >= 0) {
    big_sub(r, s);
    q++;
  }
  return q;
}

/* The shortest digits of m * 2^e (m > 0) that read back as it; returns their count and sets *kout
   so that the value is 0.d1d2...dn * 10^k. `asym`: the gap to the next lower float is half the
   gap above (m is a power of two that is not the least normal). */
static uint32_t shortest_digits(uint64_t m, int32_t e, bool asym, char *digits, int32_t *kout) {
  /* v = r / s, and the half-gaps to the neighbours are mp / s above and mm / s below. Both
     interval ends read back as v (ties to even) exactly when m is even. */
  big r, s, mp, mm;
  bool even = !(m & 1);
  big_set(&r, m);
  big_set(&s, 1);
  big_set(&mp, 1);
  big_set(&mm, 1);
  big_shl(&r, asym ? 2 : 1);
  big_shl(&s, asym ? 2 : 1);
  if (asym) big_shl(&mp, 1);
  if (e >= 0) {
    big_shl(&r, (uint32_t)e);
    big_shl(&mp, (uint32_t)e);
    big_shl(&mm, (uint32_t)e);
  } else {
    big_shl(&s, (uint32_t)-e);
  }
  /* Scale by 10^-k so that the upper end of the interval does not reach 1 but does reach 0.1
     (an end that reads back as v counts as reached when it is equal): k from an estimate of
     log10(v), then corrected exactly in either direction. */
  int32_t k = log10_pow2_estimate(e + 63 - __builtin_clzll(m)) + 1;
  if (k >= 0) {
    big_mul_pow10(&s, (uint32_t)k);
  } else {
    big_mul_pow10(&r, (uint32_t)-k);
    big_mul_pow10(&mp, (uint32_t)-k);
    big_mul_pow10(&mm, (uint32_t)-k);
  }
  while (reaches(&r, &mp, &s, even, false)) {
    big_mul_small(&s, 10);
    k++;
  }
  while (!reaches(&r, &mp, &s, even, true)) {
    big_mul_small(&r, 10);
    big_mul_small(&mp, 10);
    big_mul_small(&mm, 10);
    k--;
  }
  *kout = k;
  /* Each step: d = next digit; stop when the digits so far (low) or the same with d + 1 (high)
     are inside the interval. d + 1 never reaches 10: entering a step, r + mp does not reach s
     (the scaling saw to it for the first step, not stopping for the others), and `high` needs
     (d + 1) * s to be reached by the new r + mp plus d * s, which is 10 times the old r + mp. */
  uint32_t n = 0;
  for (;;) {
    big_mul_small(&r, 10);
    big_mul_small(&mp, 10);
    big_mul_small(&mm, 10);
    uint32_t d = big_div_digit(&r, &s);
    int c = big_cmp(&r, &mm);
    bool low = even ? c <= 0 : c < 0;
    bool high = reaches(&r, &mp, &s, even, false);
    if (low || high) {
      if (high && low) {
        /* Both in: the closer one, and on an exact tie the upper one, as Rust does (ties happen
           when fraction digits are printed: 2^50 + 0.25 is "1125899906842624.3"). */
        big twice;
        big_copy(&twice, &r);
        big_shl(&twice, 1);
        high = big_cmp(&twice, &s) >= 0;
      }
      digits[n++] = (char)('0' + d + (high ? 1 : 0));
      return n;
    }
    digits[n++] = (char)('0' + d);
  }
}

static uint32_t put_str(char *p, const char *s) {
  uint32_t n = 0;
  while (s[n]) {
    p[n] = s[n];
    n++;
  }
  p[n] = 0;
  return n;
}

static uint32_t format_float(uint64_t bits, const fformat *f, char *buf) {
  uint64_t frac = bits & ((1ull << f->frac_bits) - 1);
  uint32_t exp_all = (1u << f->exp_bits) - 1;
  uint32_t biased = (uint32_t)(bits >> f->frac_bits) & exp_all;
  bool neg = (bits >> (f->frac_bits + f->exp_bits)) & 1;
  char *p = buf;
  if (biased == exp_all && frac) return put_str(buf, "nan");
  if (neg) *p++ = '-';
  if (biased == exp_all) return (uint32_t)(p - buf) + put_str(p, "inf");
  if (biased == 0 && frac == 0) return (uint32_t)(p - buf) + put_str(p, "0");
  uint64_t m = biased ? frac | 1ull << f->frac_bits : frac;
  int32_t e = (biased ? (int32_t)biased : 1) - f->emax - (int32_t)f->frac_bits;
  char digits[24];
  int32_t k;
  uint32_t n = shortest_digits(m, e, frac == 0 && biased > 1, digits, &k);
  /* 0.d1...dn * 10^k without an exponent: k digits before the point. */
  if (k <= 0) {
    *p++ = '0';
    *p++ = '.';
    for (int32_t i = 0; i < -k; i++)
      *p++ = '0';
    for (uint32_t i = 0; i < n; i++)
      *p++ = digits[i];
  } else {
    for (uint32_t i = 0; i < n || i < (uint32_t)k; i++) {
      if (i == (uint32_t)k) *p++ = '.';
      *p++ = i < n ? digits[i] : '0';
    }
  }
  *p = 0;
  return (uint32_t)(p - buf);
}

uint32_t w2n_format_f64(double v, char *buf) {
  union {
    double d;
    uint64_t u;
  } x = {.d = v};
  return format_float(x.u, &F64, buf);
}

uint32_t w2n_format_f32(float v, char *buf) {
  union {
    float f;
    uint32_t u;
  } x = {.f = v};
  return format_float(x.u, &F32, buf);
}

/* ---- Parsing. ---- */

/* The bits of q * 2^b (q >= 2^63; `sticky`: the true value is a little more) rounded to the
   format, to nearest with ties to even, without the sign. */
static uint64_t round_to_format(uint64_t q, int64_t b, bool sticky, const fformat *f) {
  int64_t x = b + 63; /* the exponent of q's leading bit */
  uint64_t inf = (uint64_t)((1u << f->exp_bits) - 1) << f->frac_bits;
  if (x > f->emax) return inf;
  int64_t keep = (int64_t)f->frac_bits + 1; /* significand bits that the result keeps */
  if (x < f->emin) keep -= f->emin - x;     /* subnormal: fewer */
  if (keep <= 0) {
    /* Below the least subnormal: from half of it up (keep 0) that is the nearest, but exactly
       half is a tie that goes to 0 (even); below half (keep < 0) it is 0. */
    return keep == 0 && (q > 1ull << 63 || sticky) ? 1 : 0;
  }
  uint32_t drop = 64 - (uint32_t)keep;
  uint64_t mant = q >> drop, half = 1ull << (drop - 1), rest = q & ((1ull << drop) - 1);
  if (rest > half || (rest == half && (sticky || (mant & 1)))) mant++;
  /* Adding the significand (with its leading bit) to the exponent field makes the carries come
     out right: a subnormal rounding up to 2^frac_bits becomes the least normal, a significand
     rounding up to 2^(frac_bits+1) raises the exponent, and past emax that is the bits of inf. */
  if (x < f->emin) return mant;
  return ((uint64_t)(x - f->emin) << f->frac_bits) + mant;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool text_is(const char *s, uint32_t len, const char *word) {
  uint32_t i = 0;
  for (; i < len && word[i]; i++)
    if (s[i] != word[i]) return false;
  return i == len && !word[i];
}

/* The bits of the value of s in format f, without rounding twice. */
static bool parse_float(const char *s, uint32_t len, const fformat *f, uint64_t *out) {
  uint64_t sign_bit = 1ull << (f->frac_bits + f->exp_bits);
  uint64_t inf = (uint64_t)((1u << f->exp_bits) - 1) << f->frac_bits;
  if (text_is(s, len, "nan")) {
    *out = inf | 1ull << (f->frac_bits - 1);
    return true;
  }
  if (text_is(s, len, "inf") || text_is(s, len, "-inf")) {
    *out = inf | (len == 4 ? sign_bit : 0);
    return true;
  }
  /* The syntax: integer digits [int_begin, int_end), fraction digits [frac_begin, frac_end). */
  uint32_t i = 0;
  uint64_t sign = 0;
  if (i < len && s[i] == '-') {
    sign = sign_bit;
    i++;
  }
  uint32_t int_begin = i;
  if (i >= len || !is_digit(s[i])) return false;
  if (s[i++] != '0')
    while (i < len && is_digit(s[i]))
      i++;
  uint32_t int_end = i, frac_begin = i, frac_end = i;
  if (i < len && s[i] == '.') {
    frac_begin = ++i;
    while (i < len && is_digit(s[i]))
      i++;
    if (i == frac_begin) return false;
    frac_end = i;
  }
  int64_t exp = 0; /* saturated: beyond 10^9 every value is 0 or inf anyway */
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    bool exp_neg = i < len && s[i] == '-';
    if (i < len && (s[i] == '-' || s[i] == '+')) i++;
    uint32_t exp_begin = i;
    for (; i < len && is_digit(s[i]); i++)
      if (exp < 1000000000) exp = exp * 10 + (s[i] - '0');
    if (i == exp_begin) return false;
    if (exp_neg) exp = -exp;
  }
  if (i != len) return false;

  /* The digits as one sequence (the point left out): digit j is at s[at(j)]. */
  uint32_t n_int = int_end - int_begin, n_all = n_int + (frac_end - frac_begin);
#define AT(j) ((j) < n_int ? int_begin + (j) : frac_begin + ((j)-n_int))
  uint32_t first = 0;
  while (first < n_all && s[AT(first)] == '0')
    first++;
  if (first == n_all) {
    *out = sign;
    return true;
  }
  /* The value lies in [10^(pos-1), 10^pos). */
  int64_t pos = (int64_t)n_int - first + exp;
  if (pos > f->pos_max) {
    *out = sign | inf;
    return true;
  }
  if (pos < f->pos_min) {
    *out = sign;
    return true;
  }
  /* D: the first max_digits significant digits, without trailing zeros. When a nonzero digit
     follows them, D gets all max_digits of them and a final 1: the true value and D * 10^E then
     lie strictly between the same two multiples of the last kept digit's unit, and no float or
     midpoint between floats lies strictly between those (each has at most max_digits
     significant digits), so both round alike. */
  uint32_t end = n_all - first > f->max_digits ? first + f->max_digits : n_all;
  bool sticky = false;
  for (uint32_t j = end; j < n_all && !sticky; j++)
    sticky = s[AT(j)] != '0';
  if (!sticky)
    while (s[AT(end - 1)] == '0')
      end--;
  big num;
  big_set(&num, 0);
  uint32_t chunk = 0, chunk_len = 0;
  for (uint32_t j = first; j < end + (sticky ? 1 : 0); j++) {
    chunk = chunk * 10 + (j < end ? (uint32_t)(s[AT(j)] - '0') : 1);
    if (++chunk_len == 9 || j + 1 == end + (sticky ? 1 : 0)) {
      static const uint32_t pow10[10] = {1,      10,      100,      1000,      10000,
                                         100000, 1000000, 10000000, 100000000, 1000000000};
      big_mul_small(&num, pow10[chunk_len]);
      big_add_small(&num, chunk);
      chunk = chunk_len = 0;
    }
  }
#undef AT
  int64_t e10 = pos - (int64_t)(end - first + (sticky ? 1 : 0)); /* value = num * 10^e10 */

  /* num * 10^e10 = (num * 5^e10) * 2^e10: reduce to q * 2^b with q's top bit set and a sticky
     bit for what is below q's last bit. */
  uint64_t q;
  int64_t b;
  bool below = false;
  if (e10 >= 0) {
    big_mul_pow5(&num, (uint32_t)e10);
    uint32_t bits = big_bitlen(&num);
    if (bits <= 64) {
      q = big_bits(&num, 0) << (64 - bits);
      b = e10 + bits - 64;
    } else {
      q = big_bits(&num, bits - 64);
      below = big_any_below(&num, bits - 64);
      b = e10 + bits - 64;
    }
  } else {
    /* num / 5^-e10 by binary long division: first scale so that den <= num < 2 * den, then
       produce one quotient bit per step: the precision's bits, a rounding bit, and the
       remainder as the sticky bit are all that rounding needs. */
    big den;
    big_set(&den, 1);
    big_mul_pow5(&den, (uint32_t)-e10);
    int64_t a = (int64_t)big_bitlen(&den) - big_bitlen(&num); /* num / den in [2^-a-1, 2^-a+1) */
    if (a > 0)
      big_shl(&num, (uint32_t)a);
    else
      big_shl(&den, (uint32_t)-a);
    if (big_cmp(&num, &den) < 0) {
      big_shl(&num, 1);
      a++;
    }
    uint32_t nbits = f->frac_bits + 2;
    q = 0;
    for (uint32_t j = 0; j < nbits; j++) {
      if (j) big_shl(&num, 1);
      q <<= 1;
      if (big_cmp(&num, &den) >= 0) {
        big_sub(&num, &den);
        q |= 1;
      }
    }
    below = num.len != 0;
    q <<= 64 - nbits;
    b = e10 - a - 63; /* q * 2^-63 = num / den scaled by 2^a */
  }
  *out = sign | round_to_format(q, b, below, f);
  return true;
}

bool w2n_parse_f64(const char *s, uint32_t len, double *out) {
  union {
    double d;
    uint64_t u;
  } x;
  if (!parse_float(s, len, &F64, &x.u)) return false;
  *out = x.d;
  return true;
}

bool w2n_parse_f32(const char *s, uint32_t len, float *out) {
  union {
    float f;
    uint32_t u;
  } x;
  uint64_t bits;
  if (!parse_float(s, len, &F32, &bits)) return false;
  x.u = (uint32_t)bits;
  *out = x.f;
  return true;
}
