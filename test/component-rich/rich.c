// A guest of the rich world (rich.wit) in C for wasm32 without libc, with the canonical ABI
// written by hand: each export takes the flat core parameters (or, past 16 of them, a pointer to
// them in memory) and returns one flat value or a pointer to its result laid out as the canonical
// ABI lays it out (the layouts are spelled out beside each struct and checked by static
// assertions). Built three times by run.sh, once per string encoding of the component:
//   -DENC=0  utf8           strings are bytes
//   -DENC=1  utf16          strings are 16-bit code units, 2-aligned
//   -DENC=2  latin1+utf16   a length with bit 31 set is UTF-16, otherwise latin-1 bytes
// Inside, every string is decoded to code points and encoded again on the way out, so the
// encodings differ only at the boundary.
//
// Memory: arguments and results live in one arena that each export's post-return fills with
// 0xee and empties (so a host that read a result after post-return would see the poison);
// accumulators and their names live in static storage. The destructor of `acc` calls the
// import host.dropped and keeps what it answers for `acc.dropped`.
#include <stdbool.h>
#include <stdint.h>

#ifndef ENC
#define ENC 0
#endif

#define IFACE "test:rich/api@0.1.0"
#define EXPORT(name) __attribute__((export_name(IFACE "#" name)))
#define IMPORT(name) __attribute__((import_module("[export]" IFACE), import_name(name)))
// Post-returns take the flat results; all of them empty the arena.
#define POST(name, cname, ...)                                                                     \
  __attribute__((export_name("cabi_post_" IFACE "#" name))) void cname##_post(__VA_ARGS__) {       \
    release();                                                                                     \
  }

// ---- Memory ----
void *memcpy(void *dst, const void *src, unsigned long n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--)
    *d++ = *s++;
  return dst;
}
void *memset(void *dst, int c, unsigned long n) {
  unsigned char *d = dst;
  while (n--)
    *d++ = (unsigned char)c;
  return dst;
}

static _Alignas(8) unsigned char arena[4 << 20];
static uint32_t used;

static void *take(uint32_t align, uint32_t size) {
  uint32_t at = (used + align - 1) & ~(align - 1);
  if (size > sizeof arena - at) __builtin_trap();
  used = at + size;
  return arena + at;
}

static void release(void) {
  memset(arena, 0xee, used);
  used = 0;
}

__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, uint32_t old_size,
                                                                uint32_t align, uint32_t size) {
  void *p = take(align, size);
  if (old) memcpy(p, old, old_size < size ? old_size : size);
  return p;
}

// ---- Strings: code points inside, the component's encoding outside ----
typedef struct {
  uint32_t *cp;
  uint32_t n;
} text;

typedef struct {
  uint32_t ptr, len; // a string or a list in linear memory
} slice;
_Static_assert(sizeof(slice) == 8, "string/list: (ptr, len), 4-aligned");

static text in_str(uint32_t ptr, uint32_t len) {
  text t = {take(4, 4 * (len & 0x7fffffff) + 4), 0};
#if ENC == 0
  const uint8_t *s = (const uint8_t *)ptr;
  for (uint32_t i = 0; i < len;) {
    uint32_t c = s[i], k = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
    c &= k == 0 ? 0x7f : k == 1 ? 0x1f : k == 2 ? 0x0f : 0x07;
    for (uint32_t j = 1; j <= k; j++)
      c = c << 6 | (s[i + j] & 0x3f);
    t.cp[t.n++] = c;
    i += k + 1;
  }
#else
  bool wide = ENC == 1 || (len & 0x80000000u);
  len &= 0x7fffffff;
  if (!wide) {
    const uint8_t *s = (const uint8_t *)ptr;
    for (uint32_t i = 0; i < len; i++)
      t.cp[t.n++] = s[i];
    return t;
  }
  const uint16_t *s = (const uint16_t *)ptr;
  for (uint32_t i = 0; i < len; i++) {
    uint32_t c = s[i];
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < len)
      c = 0x10000 + ((c - 0xd800) << 10) + (s[++i] - 0xdc00);
    t.cp[t.n++] = c;
  }
#endif
  return t;
}

static slice out_str(text t) {
#if ENC == 0
  uint8_t *d = take(1, 4 * t.n + 1);
  uint32_t n = 0;
  for (uint32_t i = 0; i < t.n; i++) {
    uint32_t c = t.cp[i];
    if (c < 0x80) {
      d[n++] = (uint8_t)c;
    } else if (c < 0x800) {
      d[n++] = (uint8_t)(0xc0 | c >> 6);
      d[n++] = (uint8_t)(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      d[n++] = (uint8_t)(0xe0 | c >> 12);
      d[n++] = (uint8_t)(0x80 | (c >> 6 & 0x3f));
      d[n++] = (uint8_t)(0x80 | (c & 0x3f));
    } else {
      d[n++] = (uint8_t)(0xf0 | c >> 18);
      d[n++] = (uint8_t)(0x80 | (c >> 12 & 0x3f));
      d[n++] = (uint8_t)(0x80 | (c >> 6 & 0x3f));
      d[n++] = (uint8_t)(0x80 | (c & 0x3f));
    }
  }
  return (slice){(uint32_t)d, n};
#else
  bool wide = ENC == 1;
  for (uint32_t i = 0; i < t.n; i++)
    wide |= t.cp[i] > 0xff;
  if (!wide) { // latin-1, still 2-aligned (load_string_from_range checks the alignment)
    uint8_t *d = take(2, t.n + 1);
    for (uint32_t i = 0; i < t.n; i++)
      d[i] = (uint8_t)t.cp[i];
    return (slice){(uint32_t)d, t.n};
  }
  uint16_t *d = take(2, 4 * t.n + 2);
  uint32_t n = 0;
  for (uint32_t i = 0; i < t.n; i++) {
    uint32_t c = t.cp[i];
    if (c >= 0x10000) {
      d[n++] = (uint16_t)(0xd800 + ((c - 0x10000) >> 10));
      d[n++] = (uint16_t)(0xdc00 + ((c - 0x10000) & 0x3ff));
    } else {
      d[n++] = (uint16_t)c;
    }
  }
  return (slice){(uint32_t)d, ENC == 2 ? n | 0x80000000u : n};
#endif
}

// A text being built (in the arena; grows by copying).
typedef struct {
  uint32_t *cp;
  uint32_t n, cap;
} builder;

static void put(builder *b, uint32_t c) {
  if (b->n == b->cap) {
    uint32_t cap = b->cap ? 2 * b->cap : 64;
    uint32_t *grown = take(4, 4 * cap);
    if (b->n) memcpy(grown, b->cp, 4 * b->n);
    b->cp = grown;
    b->cap = cap;
  }
  b->cp[b->n++] = c;
}
static void puts_(builder *b, const char *s) {
  while (*s)
    put(b, (uint8_t)*s++);
}
static void put_text(builder *b, text t) {
  for (uint32_t i = 0; i < t.n; i++)
    put(b, t.cp[i]);
}
static void put_u64(builder *b, uint64_t v) {
  char d[20];
  int n = 0;
  do {
    d[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n)
    put(b, (uint8_t)d[--n]);
}
static void put_s64(builder *b, int64_t v) {
  if (v < 0) put(b, '-');
  put_u64(b, v < 0 ? 0 - (uint64_t)v : (uint64_t)v);
}
// At least `digits` hex digits, more when v needs them.
static void put_hex(builder *b, const char *prefix, uint64_t v, int digits) {
  puts_(b, prefix);
  while (digits < 16 && v >> (4 * digits))
    digits++;
  for (int i = digits - 1; i >= 0; i--)
    put(b, (uint8_t) "0123456789abcdef"[v >> (4 * i) & 15]);
}
static void put_quoted(builder *b, text t) {
  put(b, '"');
  put_text(b, t);
  put(b, '"');
}
static text done(builder *b) { return (text){b->cp, b->n}; }

// ---- Scalars ----
struct ints_ret { // tuple<u8, s8, u16, s16, u32, s32, u64, s64>: offsets 0 1 2 4 8 12 16 24
  uint8_t a;
  int8_t b;
  uint16_t c;
  int16_t d;
  uint32_t e;
  int32_t f;
  uint64_t g;
  int64_t h;
};
_Static_assert(sizeof(struct ints_ret) == 32 && __builtin_offsetof(struct ints_ret, g) == 16, "");

EXPORT("ints")
struct ints_ret *ints(int32_t a, int32_t b, int32_t c, int32_t d, int32_t e, int32_t f, int64_t g,
                      int64_t h) {
  struct ints_ret *r = take(8, sizeof *r);
  *r = (struct ints_ret){(uint8_t)~a,  (int8_t)~b, (uint16_t)~c, (int16_t)~d,
                         (uint32_t)~e, ~f,         (uint64_t)~g, ~h};
  return r;
}
POST("ints", ints, void *r)

// tuple<bool, bool, bool>: a true is written as 2, 0xff and 1 (any nonzero byte is true).
EXPORT("bools") uint8_t *bools(int32_t a, int32_t b) {
  uint8_t *r = take(1, 3);
  r[0] = a ? 2 : 0;
  r[1] = b ? 0xff : 0;
  r[2] = (a != 0) != (b != 0);
  return r;
}
POST("bools", bools, void *r)

struct floats_ret { // tuple<f32, f64, f32, f64>: offsets 0 8 16 24
  float a;
  double b;
  float c;
  double d;
};
_Static_assert(sizeof(struct floats_ret) == 32, "");

EXPORT("floats") struct floats_ret *floats(float a, double b) {
  struct floats_ret *r = take(8, sizeof *r);
  *r = (struct floats_ret){a, b, -a, -b};
  return r;
}
POST("floats", floats, void *r)

EXPORT("f32-bits") uint32_t f32_bits(float x) { return __builtin_bit_cast(uint32_t, x); }
POST("f32-bits", f32_bits, uint32_t r)
EXPORT("f64-bits") uint64_t f64_bits(double x) { return __builtin_bit_cast(uint64_t, x); }
POST("f64-bits", f64_bits, uint64_t r)
EXPORT("f32-from-bits") float f32_from_bits(uint32_t x) { return __builtin_bit_cast(float, x); }
POST("f32-from-bits", f32_from_bits, float r)
EXPORT("f64-from-bits") double f64_from_bits(uint64_t x) { return __builtin_bit_cast(double, x); }
POST("f64-from-bits", f64_from_bits, double r)

struct chars_ret { // tuple<char, u32, string>: offsets 0 4 8
  uint32_t c, code;
  slice s;
};
EXPORT("chars") struct chars_ret *chars(uint32_t c) {
  struct chars_ret *r = take(4, sizeof *r);
  r->c = c;
  r->code = c;
  r->s = out_str((text){&c, 1});
  return r;
}
POST("chars", chars, void *r)

// ---- Strings ----
EXPORT("echo") slice *echo(uint32_t p, uint32_t n) {
  slice *r = take(4, sizeof *r);
  *r = out_str(in_str(p, n));
  return r;
}
POST("echo", echo, void *r)

EXPORT("measure") uint32_t *measure(uint32_t p, uint32_t n) {
  text t = in_str(p, n);
  uint32_t *r = take(4, 12);
  r[0] = t.n;
  r[1] = r[2] = 0;
  for (uint32_t i = 0; i < t.n; i++) {
    uint32_t c = t.cp[i];
    r[1] += c >= 0x10000 ? 2 : 1;
    r[2] += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return r;
}
POST("measure", measure, void *r)

EXPORT("reverse") slice *reverse(uint32_t p, uint32_t n) {
  text t = in_str(p, n);
  for (uint32_t i = 0; i < t.n / 2; i++) {
    uint32_t c = t.cp[i];
    t.cp[i] = t.cp[t.n - 1 - i];
    t.cp[t.n - 1 - i] = c;
  }
  slice *r = take(4, sizeof *r);
  *r = out_str(t);
  return r;
}
POST("reverse", reverse, void *r)

EXPORT("join") slice *join(const slice *parts, uint32_t count, uint32_t sp, uint32_t sn) {
  text sep = in_str(sp, sn);
  builder b = {0};
  for (uint32_t i = 0; i < count; i++) {
    if (i) put_text(&b, sep);
    put_text(&b, in_str(parts[i].ptr, parts[i].len));
  }
  slice *r = take(4, sizeof *r);
  *r = out_str(done(&b));
  return r;
}
POST("join", join, void *r)

EXPORT("split") slice *split(uint32_t p, uint32_t n, uint32_t sep) {
  text t = in_str(p, n);
  slice *list = take(4, sizeof(slice) * (t.n + 1));
  uint32_t count = 0, start = 0;
  for (uint32_t i = 0; i <= t.n; i++) {
    if (i < t.n && t.cp[i] != sep) continue;
    list[count++] = out_str((text){t.cp + start, i - start});
    start = i + 1;
  }
  slice *r = take(4, sizeof *r);
  *r = (slice){(uint32_t)list, count};
  return r;
}
POST("split", split, void *r)

// ---- Lists ----
EXPORT("bytes") slice *bytes(const uint8_t *p, uint32_t n) {
  uint8_t *d = take(1, n + 1);
  for (uint32_t i = 0; i < n; i++)
    d[i] = p[n - 1 - i];
  slice *r = take(4, sizeof *r);
  *r = (slice){(uint32_t)d, n};
  return r;
}
POST("bytes", bytes, void *r)

typedef struct { // record point: offsets 0 4
  int32_t x, y;
} point;

EXPORT("points") slice *points(const point *ps, uint32_t n, int32_t dx) {
  point *d = take(4, sizeof(point) * n + 1);
  for (uint32_t i = 0; i < n; i++)
    d[i] = (point){(int32_t)((uint32_t)ps[i].x + (uint32_t)dx),
                   (int32_t)((uint32_t)ps[i].y + (uint32_t)dx)}; // wrapping
  slice *r = take(4, sizeof *r);
  *r = (slice){(uint32_t)d, n};
  return r;
}
POST("points", points, void *r)

typedef struct { // record item: name 0, tags 8, at 16, weight (option<f32>: tag 24, f32 28)
  slice name, tags;
  point at;
  uint8_t has_weight;
  float weight;
} item;
_Static_assert(sizeof(item) == 32 && __builtin_offsetof(item, weight) == 28, "");

EXPORT("items") slice *items(const item *xs, uint32_t n) {
  item *d = take(4, sizeof(item) * n + 1);
  for (uint32_t i = 0; i < n; i++) {
    const item *x = &xs[n - 1 - i];
    const slice *tags = (const slice *)x->tags.ptr;
    slice *t = take(4, sizeof(slice) * x->tags.len + 1);
    for (uint32_t k = 0; k < x->tags.len; k++) {
      const slice *s = &tags[x->tags.len - 1 - k];
      t[k] = out_str(in_str(s->ptr, s->len));
    }
    d[i] = (item){out_str(in_str(x->name.ptr, x->name.len)),
                  {(uint32_t)t, x->tags.len},
                  {x->at.x, (int32_t)((uint32_t)x->at.y + 1)},
                  x->has_weight != 0,
                  x->has_weight ? x->weight * 2 : 0};
  }
  slice *r = take(4, sizeof *r);
  *r = (slice){(uint32_t)d, n};
  return r;
}
POST("items", items, void *r)

EXPORT("matrix") slice *matrix(const slice *rows, uint32_t n) {
  slice *d = take(4, sizeof(slice) * n + 1);
  for (uint32_t i = 0; i < n; i++) {
    const int16_t *row = (const int16_t *)rows[i].ptr;
    uint32_t len = rows[i].len;
    int16_t *out = take(2, 2 * len + 2);
    for (uint32_t k = 0; k < len; k++)
      out[k] = row[len - 1 - k];
    d[i] = (slice){(uint32_t)out, len};
  }
  slice *r = take(4, sizeof *r);
  *r = (slice){(uint32_t)d, n};
  return r;
}
POST("matrix", matrix, void *r)

// ---- Options and results ----
// option<option<u32>>: outer tag 0, inner tag 4, value 8. A `none` leaves the rest unwritten
// (poison from earlier calls: the host must not look at it).
EXPORT("nest") uint8_t *nest(uint32_t outer, uint32_t inner, uint32_t v) {
  uint8_t *r = take(4, 12);
  r[0] = (uint8_t)outer;
  if (outer) {
    r[4] = (uint8_t)inner;
    if (inner) *(uint32_t *)(r + 8) = v;
  }
  return r;
}
POST("nest", nest, void *r)

// result<option<string>, result<u8, string>>: tag 0, then at 4 the option (tag 4, string 8) or
// the inner result (tag 4, u8 or string at 8).
EXPORT("outcome") uint8_t *outcome(uint32_t tag, uint32_t a, uint32_t b, uint32_t c) {
  uint8_t *r = take(4, 16);
  r[0] = (uint8_t)tag;
  r[4] = (uint8_t)a;
  if (tag == 1 && a == 0)
    r[8] = (uint8_t)b;
  else if (a)
    *(slice *)(r + 8) = out_str(in_str(b, c));
  return r;
}
POST("outcome", outcome, void *r)

// tuple<result, result<_, string>, result<u8>>: a at 0; b at 4 (tag 4, string 8); c at 16
// (tag 16, u8 17); 20 bytes.
EXPORT("units")
uint8_t *units(uint32_t a, uint32_t b, uint32_t bp, uint32_t bn, uint32_t c, uint32_t cv) {
  uint8_t *r = take(4, 20);
  r[0] = (uint8_t)a;
  r[4] = (uint8_t)b;
  if (b) *(slice *)(r + 8) = out_str(in_str(bp, bn));
  r[16] = (uint8_t)c;
  if (!c) r[17] = (uint8_t)cv;
  return r;
}
POST("units", units, void *r)

typedef struct { // option<string>: tag 0, string 4
  uint32_t some;
  slice s;
} opt_str;
_Static_assert(sizeof(opt_str) == 12, "");

// none gives [none]; some(xs) gives xs with every string reversed.
EXPORT("maybe-list") slice *maybe_list(uint32_t some, const opt_str *xs, uint32_t n) {
  if (!some) n = 1;
  opt_str *d = take(4, sizeof(opt_str) * n);
  for (uint32_t i = 0; i < n; i++) {
    d[i].some = some && (uint8_t)xs[i].some;
    if (!d[i].some) continue;
    text t = in_str(xs[i].s.ptr, xs[i].s.len);
    for (uint32_t k = 0; k < t.n / 2; k++) {
      uint32_t ch = t.cp[k];
      t.cp[k] = t.cp[t.n - 1 - k];
      t.cp[t.n - 1 - k] = ch;
    }
    d[i].s = out_str(t);
  }
  slice *r = take(4, sizeof *r);
  *r = (slice){(uint32_t)d, n};
  return r;
}
POST("maybe-list", maybe_list, void *r)

// ---- Variants, enums, flags ----
enum {
  NOTHING,
  YES_NO,
  BYTE,
  SHORT,
  WORD,
  BIG,
  SINGLE,
  DOUBLE,
  LETTER,
  TEXT,
  BYTES,
  AT,
  PAIR,
  MAYBE,
  OUTCOME,
  HUE,
  BITS,
  INSIDE
};

// payload flattens to (tag: i32, p1: i64, p2: i64, p3: i32), each case's flat values joined
// into these (f32 as its bits in the low half of an i64, f64 as its bits). In memory: tag at 0,
// the case at 8; 24 bytes, 8-aligned.
EXPORT("echo-payload") uint8_t *echo_payload(uint32_t tag, uint64_t p1, uint64_t p2, uint32_t p3) {
  uint8_t *r = take(8, 24), *c = r + 8;
  r[0] = (uint8_t)tag;
  switch (tag) {
  case YES_NO:
  case BYTE:
  case HUE:
  case BITS:
    c[0] = tag == YES_NO ? (uint32_t)p1 != 0 : (uint8_t)p1;
    break;
  case SHORT:
    *(int16_t *)c = (int16_t)p1;
    break;
  case WORD:
  case LETTER:
  case SINGLE:
    *(uint32_t *)c = (uint32_t)p1;
    break;
  case BIG:
  case DOUBLE:
    *(uint64_t *)c = p1;
    break;
  case TEXT:
    *(slice *)c = out_str(in_str((uint32_t)p1, (uint32_t)p2));
    break;
  case BYTES: {
    uint8_t *d = take(1, (uint32_t)p2 + 1);
    memcpy(d, (const void *)(uint32_t)p1, (uint32_t)p2);
    *(slice *)c = (slice){(uint32_t)d, (uint32_t)p2};
    break;
  }
  case AT:
    *(point *)c = (point){(int32_t)p1, (int32_t)p2};
    break;
  case PAIR: // tuple<u16, string>: u16 at 0, string at 4
    *(uint16_t *)c = (uint16_t)p1;
    *(slice *)(c + 4) = out_str(in_str((uint32_t)p2, p3));
    break;
  case MAYBE: // option<s8>: tag 0, s8 1
    c[0] = (uint8_t)p1;
    if (c[0]) c[1] = (uint8_t)p2;
    break;
  case OUTCOME: // result<u32, string>: tag 0, u32 or string at 4
    c[0] = (uint8_t)p1;
    if (c[0])
      *(slice *)(c + 4) = out_str(in_str((uint32_t)p2, p3));
    else
      *(uint32_t *)(c + 4) = (uint32_t)p2;
    break;
  case INSIDE: // inner: tag 0, u64 8
    c[0] = (uint8_t)p1;
    if (c[0]) *(uint64_t *)(c + 8) = p2;
    break;
  default:
    break;
  }
  return r;
}
POST("echo-payload", echo_payload, void *r)

static const char *const kCases[] = {"nothing", "yes-no", "byte",    "short", "word",  "big",
                                     "single",  "double", "letter",  "text",  "bytes", "at",
                                     "pair",    "maybe",  "outcome", "hue",   "bits",  "inside"};

EXPORT("describe") slice *describe(uint32_t tag, uint64_t p1, uint64_t p2, uint32_t p3) {
  builder b = {0};
  puts_(&b, tag < 18 ? kCases[tag] : "?");
  switch (tag) {
  case YES_NO:
    puts_(&b, (uint32_t)p1 ? " true" : " false");
    break;
  case BYTE:
  case HUE:
  case WORD:
    put(&b, ' ');
    put_u64(&b, tag == WORD ? (uint32_t)p1 : (uint8_t)p1);
    break;
  case SHORT:
    put(&b, ' ');
    put_s64(&b, (int16_t)p1);
    break;
  case BIG:
    put(&b, ' ');
    put_s64(&b, (int64_t)p1);
    break;
  case BITS:
  case SINGLE:
    put(&b, ' ');
    put_hex(&b, "0x", (uint32_t)p1, tag == BITS ? 1 : 8);
    break;
  case DOUBLE:
    put(&b, ' ');
    put_hex(&b, "0x", p1, 16);
    break;
  case LETTER:
    put_hex(&b, " U+", (uint32_t)p1, 4);
    break;
  case TEXT:
    put(&b, ' ');
    put_quoted(&b, in_str((uint32_t)p1, (uint32_t)p2));
    break;
  case BYTES:
    for (uint32_t i = 0; i < (uint32_t)p2; i++) {
      put(&b, ' ');
      put_u64(&b, ((const uint8_t *)(uint32_t)p1)[i]);
    }
    break;
  case AT:
    put(&b, ' ');
    put_s64(&b, (int32_t)p1);
    put(&b, ',');
    put_s64(&b, (int32_t)p2);
    break;
  case PAIR:
    put(&b, ' ');
    put_u64(&b, (uint16_t)p1);
    put(&b, ' ');
    put_quoted(&b, in_str((uint32_t)p2, p3));
    break;
  case MAYBE:
    if ((uint32_t)p1) {
      puts_(&b, " some ");
      put_s64(&b, (int8_t)p2);
    } else {
      puts_(&b, " none");
    }
    break;
  case OUTCOME:
    if ((uint32_t)p1) {
      puts_(&b, " err ");
      put_quoted(&b, in_str((uint32_t)p2, p3));
    } else {
      puts_(&b, " ok ");
      put_u64(&b, (uint32_t)p2);
    }
    break;
  case INSIDE:
    if ((uint32_t)p1) {
      puts_(&b, " deep ");
      put_u64(&b, p2);
    } else {
      puts_(&b, " empty");
    }
    break;
  default:
    break;
  }
  slice *r = take(4, sizeof *r);
  *r = out_str(done(&b));
  return r;
}
POST("describe", describe, void *r)

// tuple<color, wide>: color (1 byte) at 0, wide (2 bytes: 257 cases) at 2.
EXPORT("colors") uint8_t *colors(uint32_t c, uint32_t w) {
  uint8_t *r = take(2, 4);
  r[0] = (uint8_t)((c + 1) % 3);
  *(uint16_t *)(r + 2) = (uint16_t)((w + 1) % 257);
  return r;
}
POST("colors", colors, void *r)

// The complement of every bit, also those beyond the last flag, which the host must ignore.
EXPORT("small-flags") uint32_t small_flags(uint32_t f) { return ~f; }
POST("small-flags", small_flags, uint32_t r)
EXPORT("perm-flags") uint32_t perm_flags(uint32_t f) { return ~f; }
POST("perm-flags", perm_flags, uint32_t r)

// ---- More than 16 flat parameters: one pointer to them, laid out as a tuple ----
struct spill_args {
  uint8_t a1;   // 0
  int8_t a2;    // 1
  uint16_t a3;  // 2
  int16_t a4;   // 4
  uint32_t a5;  // 8
  int32_t a6;   // 12
  uint64_t a7;  // 16
  int64_t a8;   // 24
  float a9;     // 32
  double a10;   // 40
  uint32_t a11; // 48 char
  uint8_t a12;  // 52 bool
  slice a13;    // 56 string
  slice a14;    // 64 list<u8>
  point a15;    // 72
  uint8_t a16;  // 80 color
  uint8_t a17;  // 81 small
  struct {      // 84 option<u32>: tag 84, value 88
    uint8_t some;
    uint32_t v;
  } a18;
};
_Static_assert(sizeof(struct spill_args) == 96 &&
                   __builtin_offsetof(struct spill_args, a18.v) == 88,
               "");

EXPORT("spill") slice *spill(const struct spill_args *a) {
  builder b = {0};
  put_u64(&b, a->a1);
  put(&b, ' ');
  put_s64(&b, a->a2);
  put(&b, ' ');
  put_u64(&b, a->a3);
  put(&b, ' ');
  put_s64(&b, a->a4);
  put(&b, ' ');
  put_u64(&b, a->a5);
  put(&b, ' ');
  put_s64(&b, a->a6);
  put(&b, ' ');
  put_u64(&b, a->a7);
  put(&b, ' ');
  put_s64(&b, a->a8);
  put(&b, ' ');
  put_hex(&b, "0x", __builtin_bit_cast(uint32_t, a->a9), 8);
  put(&b, ' ');
  put_hex(&b, "0x", __builtin_bit_cast(uint64_t, a->a10), 16);
  put_hex(&b, " U+", a->a11, 4);
  puts_(&b, a->a12 ? " true " : " false ");
  put_quoted(&b, in_str(a->a13.ptr, a->a13.len));
  puts_(&b, " [");
  for (uint32_t i = 0; i < a->a14.len; i++) {
    if (i) put(&b, ',');
    put_u64(&b, ((const uint8_t *)a->a14.ptr)[i]);
  }
  puts_(&b, "] ");
  put_s64(&b, a->a15.x);
  put(&b, ',');
  put_s64(&b, a->a15.y);
  put(&b, ' ');
  put_u64(&b, a->a16);
  put(&b, ' ');
  put_hex(&b, "0x", a->a17, 1);
  put(&b, ' ');
  if (a->a18.some)
    put_u64(&b, a->a18.v);
  else
    puts_(&b, "none");
  slice *r = take(4, sizeof *r);
  *r = out_str(done(&b));
  return r;
}
POST("spill", spill, void *r)

// ---- The resource: accumulators (rep = 1 + the number made before; never reused) ----
IMPORT("[resource-new]acc") uint32_t acc_new(uint32_t rep);
IMPORT("[resource-rep]acc") uint32_t acc_rep(uint32_t handle);
IMPORT("[resource-drop]acc") void acc_drop(uint32_t handle);

static uint32_t names[1 << 16], names_used; // code points of names, kept for the whole run
static struct {
  text name;
  int64_t total;
} accs[256];
static uint32_t acc_count;
static text dropped_names[256];
static uint32_t dropped_count;

static text keep(text t) {
  if (t.n > sizeof names / 4 - names_used) __builtin_trap();
  text k = {names + names_used, t.n};
  memcpy(k.cp, t.cp, 4 * t.n);
  names_used += t.n;
  return k;
}

static uint32_t make_acc(text name, int64_t total) {
  if (acc_count == sizeof accs / sizeof accs[0]) __builtin_trap();
  accs[acc_count].name = keep(name);
  accs[acc_count].total = total;
  return acc_new(++acc_count);
}

EXPORT("[constructor]acc") uint32_t acc_constructor(uint32_t p, uint32_t n, int64_t start) {
  return make_acc(in_str(p, n), start);
}
POST("[constructor]acc", acc_constructor, uint32_t r)

EXPORT("[method]acc.add") int64_t acc_add(uint32_t self, int64_t x) {
  accs[self - 1].total = (int64_t)((uint64_t)accs[self - 1].total + (uint64_t)x); // wrapping
  return accs[self - 1].total;
}
POST("[method]acc.add", acc_add, int64_t r)

EXPORT("[method]acc.name") slice *acc_name(uint32_t self) {
  slice *r = take(4, sizeof *r);
  *r = out_str(accs[self - 1].name);
  return r;
}
POST("[method]acc.name", acc_name, void *r)

EXPORT("[static]acc.merge") uint32_t acc_merge(uint32_t a, uint32_t b) {
  builder n = {0};
  put_text(&n, accs[a - 1].name);
  put(&n, '+');
  put_text(&n, accs[b - 1].name);
  return make_acc(done(&n), (int64_t)((uint64_t)accs[a - 1].total + (uint64_t)accs[b - 1].total));
}
POST("[static]acc.merge", acc_merge, uint32_t r)

EXPORT("[static]acc.same") uint32_t acc_same(uint32_t a, uint32_t b) { return a == b; }
POST("[static]acc.same", acc_same, uint32_t r)

// result<own<acc>, string>: tag 0, the handle or the string at 4.
EXPORT("[static]acc.try-new") uint8_t *acc_try_new(uint32_t p, uint32_t n, int64_t start) {
  uint8_t *r = take(4, 12);
  text name = in_str(p, n);
  r[0] = name.n == 0;
  if (name.n) {
    *(uint32_t *)(r + 4) = make_acc(name, start);
  } else {
    static const uint32_t kEmpty[] = {'e', 'm', 'p', 't', 'y', ' ', 'n', 'a', 'm', 'e'};
    *(slice *)(r + 4) = out_str((text){(uint32_t *)kEmpty, 10});
  }
  return r;
}
POST("[static]acc.try-new", acc_try_new, void *r)

// Borrows of the guest's own resource arrive as reps, in lists too.
EXPORT("[static]acc.sum") int64_t acc_sum(const uint32_t *reps, uint32_t n) {
  uint64_t sum = 0;
  for (uint32_t i = 0; i < n; i++)
    sum += (uint64_t)accs[reps[i] - 1].total;
  return (int64_t)sum;
}
POST("[static]acc.sum", acc_sum, int64_t r)

// Takes the handle (own): reads it, then drops it, which runs the destructor below.
EXPORT("[static]acc.finish") slice *acc_finish(uint32_t handle) {
  uint32_t rep = acc_rep(handle);
  builder b = {0};
  put_text(&b, accs[rep - 1].name);
  put(&b, '=');
  put_s64(&b, accs[rep - 1].total);
  acc_drop(handle);
  slice *r = take(4, sizeof *r);
  *r = out_str(done(&b));
  return r;
}
POST("[static]acc.finish", acc_finish, void *r)

EXPORT("[static]acc.dropped") slice *acc_dropped(void) {
  slice *list = take(4, sizeof(slice) * dropped_count + 1);
  for (uint32_t i = 0; i < dropped_count; i++)
    list[i] = out_str(dropped_names[i]);
  slice *r = take(4, sizeof *r);
  *r = (slice){(uint32_t)list, dropped_count};
  return r;
}
POST("[static]acc.dropped", acc_dropped, void *r)

// host.dropped lowered: the string, the s64, and where the host writes its answer (a string:
// more than one flat result), allocated through cabi_realloc.
__attribute__((import_module("test:rich/host@0.1.0"), import_name("dropped"))) void
host_dropped(uint32_t ptr, uint32_t len, int64_t total, slice *ret);

EXPORT("[dtor]acc") void acc_dtor(uint32_t rep) {
  slice name = out_str(accs[rep - 1].name), said;
  host_dropped(name.ptr, name.len, accs[rep - 1].total, &said);
  if (dropped_count < sizeof dropped_names / sizeof dropped_names[0])
    dropped_names[dropped_count++] = keep(in_str(said.ptr, said.len));
}

// ---- The world's own function ----
__attribute__((export_name("version"))) slice *version(void) {
  static const char v[] = "rich 0.1.0";
  builder b = {0};
  puts_(&b, v);
  slice *r = take(4, sizeof *r);
  *r = out_str(done(&b));
  return r;
}
__attribute__((export_name("cabi_post_version"))) void version_post(void *r) {
  (void)r;
  release();
}
