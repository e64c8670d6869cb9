// The calls of the rich world's C host (host.c): each WAVE text beside the C call that makes it
// through rich.h. The WAVE texts are what the WAVE executable and node (ref.mjs) run.
#include "host.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// call() with a formatted text (for strings built here).
static bool callf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *text = malloc((size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(text, (size_t)n + 1, fmt, ap);
  va_end(ap);
  bool make = call(text);
  free(text);
  return make;
}

// A call fn(ARGS..., &result, &err) whose result is a string, printed and freed with the
// export's _free.
#define STRING_RESULT(fn, ...)                                                                     \
  do {                                                                                             \
    rich_string_t r_;                                                                              \
    if (ok(fn(__VA_ARGS__, &r_, &err))) {                                                          \
      p_string(&r_);                                                                               \
      end();                                                                                       \
      fn##_free(&r_);                                                                              \
    }                                                                                              \
  } while (0)

// ---- Scalars ----
static void ints(const char *text, uint8_t a, int8_t b, uint16_t c, int16_t d, uint32_t e,
                 int32_t f, uint64_t g, int64_t h) {
  rich_tuple8_u8_s8_u16_s16_u32_s32_u64_s64_t r;
  if (call(text) && ok(test_rich_api_ints(inst, a, b, c, d, e, f, g, h, &r, &err)))
    printf("(%u, %d, %u, %d, %u, %d, %llu, %lld)\n", r.f0, r.f1, r.f2, r.f3, r.f4, r.f5,
           (unsigned long long)r.f6, (long long)r.f7);
}

static void p_floats(const rich_tuple4_f32_f64_f32_f64_t *r) {
  putchar('(');
  p_f32(r->f0);
  fputs(", ", stdout);
  p_f64(r->f1);
  fputs(", ", stdout);
  p_f32(r->f2);
  fputs(", ", stdout);
  p_f64(r->f3);
  puts(")");
}

static void floats(const char *text, float a, double b) {
  rich_tuple4_f32_f64_f32_f64_t r;
  if (call(text) && ok(test_rich_api_floats(inst, a, b, &r, &err))) p_floats(&r);
}

static void f32_from_bits(const char *text, uint32_t bits) {
  float r;
  if (!call(text) || !ok(test_rich_api_f32_from_bits(inst, bits, &r, &err))) return;
  p_f32(r);
  end();
}

static void f64_from_bits(const char *text, uint64_t bits) {
  double r;
  if (!call(text) || !ok(test_rich_api_f64_from_bits(inst, bits, &r, &err))) return;
  p_f64(r);
  end();
}

static void chars(const char *text, uint32_t c) {
  rich_tuple3_char_u32_string_t r;
  if (!call(text) || !ok(test_rich_api_chars(inst, c, &r, &err))) return;
  putchar('(');
  p_char(r.f0);
  printf(", %u, ", r.f1);
  p_string(&r.f2);
  puts(")");
  test_rich_api_chars_free(&r);
}

static void scalars(void) {
  CALL("version()") STRING_RESULT(rich_version, inst);
  ints("api.ints(0, -128, 0, -32768, 0, -2147483648, 0, -9223372036854775808)", 0, -128, 0, -32768,
       0, INT32_MIN, 0, INT64_MIN);
  ints("ints(255, 127, 65535, 32767, 4294967295, 2147483647, 18446744073709551615, "
       "9223372036854775807)",
       255, 127, 65535, 32767, UINT32_MAX, INT32_MAX, UINT64_MAX, INT64_MAX);
  ints("ints(1, -1, 256, -256, 65536, -65536, 4294967296, -4294967296)", 1, -1, 256, -256, 65536,
       -65536, 4294967296ull, -4294967296ll);
  floats("floats(1.5, -0.1)", 1.5f, -0.1);
  floats("floats(-0, -0)", -0.0f, -0.0);
  floats("floats(0, 0)", 0.0f, 0.0);
  floats("floats(inf, -inf)", INFINITY, -INFINITY);
  floats("floats(nan, nan)", NAN, NAN);
  floats("floats(1e-45, 5e-324)", 1e-45f, 5e-324);
  floats("floats(1.1754942e-38, 2.225073858507201e-308)", 1.1754942e-38f, 2.225073858507201e-308);
  floats("floats(1.17549435e-38, 2.2250738585072014e-308)", 1.17549435e-38f,
         2.2250738585072014e-308);
  floats("floats(3.4028235e38, 1.7976931348623157e308)", 3.4028235e38f, 1.7976931348623157e308);
  floats("floats(0.1, 100000000000000000000)", 0.1f, 1e20);
  floats("floats(16777217, 9007199254740993)", 16777217.0f, 9007199254740993.0);
  CALL("f32-bits(-0)") {
    uint32_t r;
    if (ok(test_rich_api_f32_bits(inst, -0.0f, &r, &err))) printf("%u\n", r);
  }
  CALL("f32-bits(1e-45)") {
    uint32_t r;
    if (ok(test_rich_api_f32_bits(inst, 1e-45f, &r, &err))) printf("%u\n", r);
  }
  CALL("f64-bits(-0)") {
    uint64_t r;
    if (ok(test_rich_api_f64_bits(inst, -0.0, &r, &err))) printf("%llu\n", (unsigned long long)r);
  }
  CALL("f64-bits(5e-324)") {
    uint64_t r;
    if (ok(test_rich_api_f64_bits(inst, 5e-324, &r, &err))) printf("%llu\n", (unsigned long long)r);
  }
  CALL("f64-bits(-inf)") {
    uint64_t r;
    if (ok(test_rich_api_f64_bits(inst, -INFINITY, &r, &err)))
      printf("%llu\n", (unsigned long long)r);
  }
  // NaNs that leave the guest with a payload, a sign or as signalling NaNs: lifted as the one
  // canonical NaN.
  f32_from_bits("f32-from-bits(2143289344)", 0x7fc00000u);
  f32_from_bits("f32-from-bits(2141192193)", 0x7fa00001u);
  f32_from_bits("f32-from-bits(4294967295)", 0xffffffffu);
  f32_from_bits("f32-from-bits(1)", 1);
  f32_from_bits("f32-from-bits(8388607)", 0x7fffffu);
  f32_from_bits("f32-from-bits(2147483648)", 0x80000000u);
  f64_from_bits("f64-from-bits(9221120237041090560)", 0x7ff8000000000000ull);
  f64_from_bits("f64-from-bits(9218868437227405313)", 0x7ff0000000000001ull);
  f64_from_bits("f64-from-bits(18444492273895866369)", 0xfff8000000000001ull);
  f64_from_bits("f64-from-bits(1)", 1);
  f64_from_bits("f64-from-bits(9223372036854775808)", 0x8000000000000000ull);
  chars("chars('a')", 'a');
  chars("chars('\\u{0}')", 0);
  chars("chars('\\u{7f}')", 0x7f);
  chars("chars('\\'')", '\'');
  chars("chars('\"')", '"');
  chars("chars('\\\\')", '\\');
  chars("chars('\\n')", '\n');
  chars("chars('é')", 0xe9);
  chars("chars('ÿ')", 0xff);
  chars("chars('Ā')", 0x100);
  chars("chars('\\u{301}')", 0x301);
  chars("chars('\\u{d7ff}')", 0xd7ff);
  chars("chars('\\u{e000}')", 0xe000);
  chars("chars('\\u{ffff}')", 0xffff);
  chars("chars('𐀀')", 0x10000);
  chars("chars('😀')", 0x1f600);
  chars("chars('\\u{10ffff}')", 0x10ffff);
}

// ---- Strings: every one through echo, measure and reverse ----
static const struct {
  const char *wave;
  const char *c;
  size_t len;
} kStrings[] = {
#define STR(wave, lit)                                                                             \
  { wave, lit, sizeof(lit) - 1 }
    STR("\"\"", ""),
    STR("\"a\"", "a"),
    STR("\"ÿ latin-1 only: é à ü ß\"",
        "\xc3\xbf latin-1 only: \xc3\xa9 \xc3\xa0 \xc3\xbc \xc3\x9f"),
    STR("\"héllo wörld 😀 🎉 日本語\"", "h\xc3\xa9llo w\xc3\xb6rld \xf0\x9f\x98\x80 \xf0\x9f\x8e\x89 "
                                      "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"),
    STR("\"tab\\tnew\\nline\\r \\\"q\\\" \\'a\\' \\\\\"", "tab\tnew\nline\r \"q\" 'a' \\"),
    STR("\"\\u{0}\\u{1}\\u{1f}\\u{7f}\\u{80}\\u{9f}\"", "\0\x01\x1f\x7f\xc2\x80\xc2\x9f"),
    STR("\"\\u{a0}\\u{ad}\\u{200b}\\u{2028}\\u{feff}\\u{e000}\"",
        "\xc2\xa0\xc2\xad\xe2\x80\x8b\xe2\x80\xa8\xef\xbb\xbf\xee\x80\x80"),
    STR("\"e\\u{301}\"", "e\xcc\x81"),
    STR("\"\\u{ffff}𐀀\\u{10ffff}\"", "\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf"),
#undef STR
};

static void strings(void) {
  for (size_t i = 0; i < LEN(kStrings); i++) {
    rich_string_t s = {(uint8_t *)kStrings[i].c, kStrings[i].len};
    if (callf("echo(%s)", kStrings[i].wave)) STRING_RESULT(test_rich_api_echo, inst, &s);
    if (callf("measure(%s)", kStrings[i].wave)) {
      rich_tuple3_u32_u32_u32_t r;
      if (ok(test_rich_api_measure(inst, &s, &r, &err))) printf("(%u, %u, %u)\n", r.f0, r.f1, r.f2);
    }
    if (callf("reverse(%s)", kStrings[i].wave)) STRING_RESULT(test_rich_api_reverse, inst, &s);
  }
  // A long one: 4000 code points of 1 to 4 bytes.
  static const char kUnit[] = "a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80";
  size_t unit = sizeof kUnit - 1, n = 1000 * unit;
  char *big = malloc(n + 1);
  for (size_t i = 0; i < n; i++)
    big[i] = kUnit[i % unit];
  big[n] = 0;
  rich_string_t s = {(uint8_t *)big, n};
  if (callf("echo(\"%s\")", big)) STRING_RESULT(test_rich_api_echo, inst, &s);
  if (callf("measure(\"%s\")", big)) {
    rich_tuple3_u32_u32_u32_t r;
    if (ok(test_rich_api_measure(inst, &s, &r, &err))) printf("(%u, %u, %u)\n", r.f0, r.f1, r.f2);
  }
  free(big);

  CALL("join([], \"-\")") {
    rich_list_string_t l = {NULL, 0};
    STRING_RESULT(test_rich_api_join, inst, &l, &S("-"));
  }
  CALL("join([\"a\", \"b\", \"\"], \", \")") {
    rich_string_t parts[] = {S("a"), S("b"), S("")};
    rich_list_string_t l = {parts, LEN(parts)};
    STRING_RESULT(test_rich_api_join, inst, &l, &S(", "));
  }
  CALL("join([\"ÿ\", \"😀\", \"x\"], \"é\")") {
    rich_string_t parts[] = {S("\xc3\xbf"), S("\xf0\x9f\x98\x80"), S("x")};
    rich_list_string_t l = {parts, LEN(parts)};
    STRING_RESULT(test_rich_api_join, inst, &l, &S("\xc3\xa9"));
  }
  struct {
    const char *text, *c;
    size_t len;
    uint32_t sep;
  } splits[] = {
      {"split(\"a,b,,c\", ',')", "a,b,,c", 6, ','},
      {"split(\"\", ',')", "", 0, ','},
      {"split(\"x😀y😀\", '😀')", "x\xf0\x9f\x98\x80y\xf0\x9f\x98\x80", 10, 0x1f600},
      {"split(\"ÿ-ÿ\", 'ÿ')", "\xc3\xbf-\xc3\xbf", 5, 0xff},
  };
  for (size_t i = 0; i < LEN(splits); i++) {
    rich_list_string_t r;
    rich_string_t s = {(uint8_t *)splits[i].c, splits[i].len};
    if (!call(splits[i].text) || !ok(test_rich_api_split(inst, &s, splits[i].sep, &r, &err)))
      continue;
    p_list_string(&r);
    end();
    test_rich_api_split_free(&r);
  }
}

// ---- Lists ----
static void p_points(const rich_list_point_t *l) {
  putchar('[');
  for (size_t i = 0; i < l->len; i++) {
    if (i) fputs(", ", stdout);
    p_point(&l->ptr[i]);
  }
  puts("]");
}

static void p_items(const rich_list_item_t *l) {
  putchar('[');
  for (size_t i = 0; i < l->len; i++) {
    const test_rich_api_item_t *x = &l->ptr[i];
    fputs(i ? ", {name: " : "{name: ", stdout);
    p_string(&x->name);
    fputs(", tags: ", stdout);
    p_list_string(&x->tags);
    fputs(", at: ", stdout);
    p_point(&x->at);
    if (x->weight.is_some) {
      fputs(", weight: some(", stdout);
      p_f32(x->weight.val);
      putchar(')');
    }
    putchar('}');
  }
  puts("]");
}

static void lists(void) {
  CALL("bytes([])") {
    rich_list_u8_t l = {NULL, 0}, r;
    if (ok(test_rich_api_bytes(inst, &l, &r, &err))) {
      p_list_u8(&r);
      end();
      test_rich_api_bytes_free(&r);
    }
  }
  CALL("bytes([0, 255, 128, 1])") {
    uint8_t b[] = {0, 255, 128, 1};
    rich_list_u8_t l = {b, LEN(b)}, r;
    if (ok(test_rich_api_bytes(inst, &l, &r, &err))) {
      p_list_u8(&r);
      end();
      test_rich_api_bytes_free(&r);
    }
  }
  CALL("points([], 0)") {
    rich_list_point_t l = {NULL, 0}, r;
    if (ok(test_rich_api_points(inst, &l, 0, &r, &err))) {
      p_points(&r);
      test_rich_api_points_free(&r);
    }
  }
  CALL("points([{x: 1, y: 2}, {x: 2147483647, y: -2147483648}], -1)") {
    test_rich_api_point_t ps[] = {{1, 2}, {INT32_MAX, INT32_MIN}};
    rich_list_point_t l = {ps, LEN(ps)}, r;
    if (ok(test_rich_api_points(inst, &l, -1, &r, &err))) {
      p_points(&r);
      test_rich_api_points_free(&r);
    }
  }
  CALL("items([{name: \"n\", tags: [\"t1\", \"t2\", \"t3\"], at: {x: 1, y: 2}, weight: some(1.5)}, "
       "{name: \"ü😀\", tags: [], at: {x: -7, y: 2147483647}}, {name: \"\", tags: [\"\"], at: {x: "
       "0, y: 0}, weight: some(-0)}])") {
    rich_string_t t1[] = {S("t1"), S("t2"), S("t3")}, t3[] = {S("")};
    test_rich_api_item_t xs[] = {
        {S("n"), {t1, 3}, {1, 2}, {true, 1.5f}},
        {S("\xc3\xbc\xf0\x9f\x98\x80"), {NULL, 0}, {-7, INT32_MAX}, {false, 0}},
        {S(""), {t3, 1}, {0, 0}, {true, -0.0f}},
    };
    rich_list_item_t l = {xs, LEN(xs)}, r;
    if (ok(test_rich_api_items(inst, &l, &r, &err))) {
      p_items(&r);
      test_rich_api_items_free(&r);
    }
  }
  CALL("items([])") {
    rich_list_item_t l = {NULL, 0}, r;
    if (ok(test_rich_api_items(inst, &l, &r, &err))) {
      p_items(&r);
      test_rich_api_items_free(&r);
    }
  }
  CALL("matrix([[1, 2, 3], [], [-32768, 32767]])") {
    int16_t r0[] = {1, 2, 3}, r2[] = {-32768, 32767};
    rich_list_s16_t rows[] = {{r0, 3}, {NULL, 0}, {r2, 2}};
    rich_list_list_s16_t m = {rows, 3}, r;
    if (ok(test_rich_api_matrix(inst, &m, &r, &err))) {
      putchar('[');
      for (size_t i = 0; i < r.len; i++) {
        fputs(i ? ", [" : "[", stdout);
        for (size_t k = 0; k < r.ptr[i].len; k++)
          printf("%s%d", k ? ", " : "", r.ptr[i].ptr[k]);
        putchar(']');
      }
      puts("]");
      test_rich_api_matrix_free(&r);
    }
  }
}

// ---- Options and results ----
static void nest(const char *text, bool outer, bool inner, uint32_t v) {
  rich_option_option_u32_t x = {outer, {inner, v}}, r;
  if (!call(text) || !ok(test_rich_api_nest(inst, &x, &r, &err))) return;
  if (!r.is_some)
    puts("none");
  else if (!r.val.is_some)
    puts("some(none)");
  else
    printf("some(some(%u))\n", r.val.val);
}

static void outcome(const char *text, const rich_result_option_string_result_u8_string_t *x) {
  rich_result_option_string_result_u8_string_t r;
  if (!call(text) || !ok(test_rich_api_outcome(inst, x, &r, &err))) return;
  if (!r.is_err) {
    fputs("ok(", stdout);
    p_option_string(&r.val.ok);
  } else if (!r.val.err.is_err) {
    printf("err(ok(%u)", r.val.err.val.ok);
  } else {
    fputs("err(err(", stdout);
    p_string(&r.val.err.val.err);
    putchar(')');
  }
  puts(")");
  test_rich_api_outcome_free(&r);
}

static void units(const char *text, bool a, bool b, rich_string_t be, bool c, uint8_t cv) {
  rich_result_void_void_t ra = {a};
  rich_result_void_string_t rb = {b, {be}};
  rich_result_u8_void_t rc = {c, {cv}};
  rich_tuple3_result_void_void_result_void_string_result_u8_void_t r;
  if (!call(text) || !ok(test_rich_api_units(inst, &ra, &rb, &rc, &r, &err))) return;
  printf("(%s, ", r.f0.is_err ? "err" : "ok");
  if (r.f1.is_err) {
    fputs("err(", stdout);
    p_string(&r.f1.val.err);
    putchar(')');
  } else {
    fputs("ok", stdout);
  }
  if (r.f2.is_err)
    puts(", err)");
  else
    printf(", ok(%u))\n", r.f2.val.ok);
  test_rich_api_units_free(&r);
}

static void maybe_list(const char *text, const rich_option_list_option_string_t *x) {
  rich_list_option_string_t r;
  if (!call(text) || !ok(test_rich_api_maybe_list(inst, x, &r, &err))) return;
  putchar('[');
  for (size_t i = 0; i < r.len; i++) {
    if (i) fputs(", ", stdout);
    p_option_string(&r.ptr[i]);
  }
  puts("]");
  test_rich_api_maybe_list_free(&r);
}

static void options(void) {
  nest("nest(none)", false, false, 0);
  nest("nest(some(none))", true, false, 0);
  nest("nest(some(some(0)))", true, true, 0);
  nest("nest(some(some(4294967295)))", true, true, UINT32_MAX);
  typedef rich_result_option_string_result_u8_string_t outcome_t;
  outcome("outcome(ok(some(\"x\")))", &(outcome_t){false, {.ok = {true, S("x")}}});
  outcome("outcome(ok(some(\"\")))", &(outcome_t){false, {.ok = {true, S("")}}});
  outcome("outcome(ok(none))", &(outcome_t){false, {.ok = {false, {0}}}});
  outcome("outcome(err(ok(255)))", &(outcome_t){true, {.err = {false, {.ok = 255}}}});
  outcome("outcome(err(err(\"bad ñ\")))",
          &(outcome_t){true, {.err = {true, {.err = S("bad \xc3\xb1")}}}});
  units("units(ok, ok, ok(0))", false, false, S(""), false, 0);
  units("units(err, err(\"e\"), err)", true, true, S("e"), true, 0);
  units("units(ok, err(\"\"), ok(255))", false, true, S(""), false, 255);
  maybe_list("maybe-list(none)", &(rich_option_list_option_string_t){false, {NULL, 0}});
  maybe_list("maybe-list(some([]))", &(rich_option_list_option_string_t){true, {NULL, 0}});
  rich_option_string_t xs[] = {
      {true, S("abc")}, {false, {0}}, {true, S("\xf0\x9f\x98\x80\xc3\xa9")}};
  maybe_list("maybe-list(some([some(\"abc\"), none, some(\"😀é\")]))",
             &(rich_option_list_option_string_t){true, {xs, LEN(xs)}});
}

// ---- Variants, enums, flags ----
static uint8_t kBytes[] = {1, 2, 3};
typedef test_rich_api_payload_t payload_t;
static const struct {
  const char *wave;
  payload_t p;
} kPayloads[] = {
    {"nothing", {TEST_RICH_API_PAYLOAD_NOTHING, {0}}},
    {"yes-no(true)", {TEST_RICH_API_PAYLOAD_YES_NO, {.yes_no = true}}},
    {"yes-no(false)", {TEST_RICH_API_PAYLOAD_YES_NO, {.yes_no = false}}},
    {"byte(255)", {TEST_RICH_API_PAYLOAD_BYTE, {.byte = 255}}},
    {"short(-32768)", {TEST_RICH_API_PAYLOAD_SHORT_, {.short_ = -32768}}},
    {"word(4294967295)", {TEST_RICH_API_PAYLOAD_WORD, {.word = UINT32_MAX}}},
    {"big(-9223372036854775808)", {TEST_RICH_API_PAYLOAD_BIG, {.big = INT64_MIN}}},
    {"single(-0)", {TEST_RICH_API_PAYLOAD_SINGLE, {.single = -0.0f}}},
    {"single(1e-45)", {TEST_RICH_API_PAYLOAD_SINGLE, {.single = 1e-45f}}},
    {"single(-3.4028235e38)", {TEST_RICH_API_PAYLOAD_SINGLE, {.single = -3.4028235e38f}}},
    {"double(5e-324)", {TEST_RICH_API_PAYLOAD_DOUBLE_, {.double_ = 5e-324}}},
    {"double(-1.5)", {TEST_RICH_API_PAYLOAD_DOUBLE_, {.double_ = -1.5}}},
    {"letter('😀')", {TEST_RICH_API_PAYLOAD_LETTER, {.letter = 0x1f600}}},
    {"letter('\\u{0}')", {TEST_RICH_API_PAYLOAD_LETTER, {.letter = 0}}},
    {"text(\"\")", {TEST_RICH_API_PAYLOAD_TEXT, {.text = S("")}}},
    {"text(\"ünï 😀\")",
     {TEST_RICH_API_PAYLOAD_TEXT, {.text = S("\xc3\xbcn\xc3\xaf \xf0\x9f\x98\x80")}}},
    {"bytes([])", {TEST_RICH_API_PAYLOAD_BYTES, {.bytes = {NULL, 0}}}},
    {"bytes([1, 2, 3])", {TEST_RICH_API_PAYLOAD_BYTES, {.bytes = {kBytes, 3}}}},
    {"at({x: -1, y: 2147483647})", {TEST_RICH_API_PAYLOAD_AT, {.at = {-1, INT32_MAX}}}},
    {"pair((65535, \"p\"))", {TEST_RICH_API_PAYLOAD_PAIR, {.pair = {65535, S("p")}}}},
    {"maybe(none)", {TEST_RICH_API_PAYLOAD_MAYBE, {.maybe = {false, 0}}}},
    {"maybe(some(-128))", {TEST_RICH_API_PAYLOAD_MAYBE, {.maybe = {true, -128}}}},
    {"outcome(ok(7))", {TEST_RICH_API_PAYLOAD_OUTCOME, {.outcome = {false, {.ok = 7}}}}},
    {"outcome(err(\"e\"))", {TEST_RICH_API_PAYLOAD_OUTCOME, {.outcome = {true, {.err = S("e")}}}}},
    {"hue(blue)", {TEST_RICH_API_PAYLOAD_HUE, {.hue = TEST_RICH_API_COLOR_BLUE}}},
    {"bits({})", {TEST_RICH_API_PAYLOAD_BITS, {.bits = 0}}},
    {"bits({read, write, exec})", {TEST_RICH_API_PAYLOAD_BITS, {.bits = 7}}},
    {"inside(empty)", {TEST_RICH_API_PAYLOAD_INSIDE, {.inside = {TEST_RICH_API_INNER_EMPTY, {0}}}}},
    {"inside(deep(18446744073709551615))",
     {TEST_RICH_API_PAYLOAD_INSIDE, {.inside = {TEST_RICH_API_INNER_DEEP, {UINT64_MAX}}}}},
};

static void variants(void) {
  for (size_t i = 0; i < LEN(kPayloads); i++) {
    if (callf("echo-payload(%s)", kPayloads[i].wave)) {
      payload_t r;
      if (ok(test_rich_api_echo_payload(inst, &kPayloads[i].p, &r, &err))) {
        p_payload(&r);
        end();
        test_rich_api_echo_payload_free(&r);
      }
    }
    if (callf("describe(%s)", kPayloads[i].wave))
      STRING_RESULT(test_rich_api_describe, inst, &kPayloads[i].p);
  }
  struct {
    const char *text;
    test_rich_api_color_t c;
    test_rich_api_wide_t w;
  } cs[] = {{"colors(red, w0)", TEST_RICH_API_COLOR_RED, TEST_RICH_API_WIDE_W0},
            {"colors(green, w255)", TEST_RICH_API_COLOR_GREEN, TEST_RICH_API_WIDE_W255},
            {"colors(blue, w256)", TEST_RICH_API_COLOR_BLUE, TEST_RICH_API_WIDE_W256}};
  for (size_t i = 0; i < LEN(cs); i++) {
    rich_tuple2_color_wide_t r;
    if (call(cs[i].text) && ok(test_rich_api_colors(inst, cs[i].c, cs[i].w, &r, &err)))
      printf("(%s, w%u)\n", r.f0 < 3 ? kColors[r.f0] : "?", r.f1);
  }
  struct {
    const char *text;
    test_rich_api_perms_t f;
  } pf[] = {{"perm-flags({})", 0},
            {"perm-flags({p0, p31})", TEST_RICH_API_PERMS_P0 | TEST_RICH_API_PERMS_P31},
            {"perm-flags({p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15, p16, "
             "p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30})",
             0x7ffffffe}};
  for (size_t i = 0; i < LEN(pf); i++) {
    test_rich_api_perms_t r;
    if (!call(pf[i].text) || !ok(test_rich_api_perm_flags(inst, pf[i].f, &r, &err))) continue;
    const char *sep = "";
    putchar('{');
    for (int k = 0; k < 32; k++) {
      if (!(r >> k & 1)) continue;
      printf("%sp%d", sep, k);
      sep = ", ";
    }
    puts("}");
  }
}

// ---- More than 16 flat parameters ----
static void spills(void) {
  CALL("spill(255, -128, 65535, -32768, 4294967295, -2147483648, 18446744073709551615, "
       "-9223372036854775808, -1.5, 5e-324, '😀', true, \"é😀\", [0, 255], {x: -1, y: 1}, blue, "
       "{read, exec}, some(4294967295))") {
    uint8_t b[] = {0, 255};
    rich_list_u8_t l = {b, 2};
    STRING_RESULT(test_rich_api_spill, inst, 255, -128, 65535, -32768, UINT32_MAX, INT32_MIN,
                  UINT64_MAX, INT64_MIN, -1.5f, 5e-324, 0x1f600, true,
                  &S("\xc3\xa9\xf0\x9f\x98\x80"), &l, &(test_rich_api_point_t){-1, 1},
                  TEST_RICH_API_COLOR_BLUE, 5, &(rich_option_u32_t){true, UINT32_MAX});
  }
  CALL("spill(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'a', false, \"\", [], {x: 0, y: 0}, red, {}, none)") {
    rich_list_u8_t l = {NULL, 0};
    STRING_RESULT(test_rich_api_spill, inst, 0, 0, 0, 0, 0, 0, 0, 0, 0.0f, 0.0, 'a', false, &S(""),
                  &l, &(test_rich_api_point_t){0, 0}, TEST_RICH_API_COLOR_RED, 0,
                  &(rich_option_u32_t){false, 0});
  }
}

// ---- The resource ----
// `h` is read after the call has written it.
static void handle(bool made, const rich_own_acc_t *h) {
  if (ok(made)) printf("#%u\n", *h);
}

static void dropped(void) {
  CALL("acc.dropped()") {
    rich_list_string_t r;
    if (ok(test_rich_api_static_acc_dropped(inst, &r, &err))) {
      p_list_string(&r);
      end();
      test_rich_api_static_acc_dropped_free(&r);
    }
  }
}

static void sum_of(const rich_borrow_acc_t *xs, size_t n) {
  rich_list_borrow_acc_t l = {(rich_borrow_acc_t *)xs, n};
  int64_t r;
  if (ok(test_rich_api_static_acc_sum(inst, &l, &r, &err))) printf("%lld\n", (long long)r);
}

// Returns the handle made, or 0.
static rich_own_acc_t try_new(const char *text, rich_string_t name, int64_t start) {
  rich_result_own_acc_string_t r;
  if (!call(text) || !ok(test_rich_api_static_acc_try_new(inst, &name, start, &r, &err))) return 0;
  if (!r.is_err) {
    printf("ok(#%u)\n", r.val.ok);
    return r.val.ok;
  }
  fputs("err(", stdout);
  p_string(&r.val.err);
  puts(")");
  test_rich_api_static_acc_try_new_free(&r);
  return 0;
}

static void resources(void) {
  rich_own_acc_t a = 0, b = 0, c = 0, d = 0, e = 0;
  CALL("a = acc.new(\"first\", 10)")
  handle(test_rich_api_constructor_acc(inst, &S("first"), 10, &a, &err), &a);
  CALL("b = acc.new(\"zweite ü\", -3)")
  handle(test_rich_api_constructor_acc(inst, &S("zweite \xc3\xbc"), -3, &b, &err), &b);
  CALL("acc.add(a, 5)") {
    int64_t r;
    if (ok(test_rich_api_method_acc_add(inst, a, 5, &r, &err))) printf("%lld\n", (long long)r);
  }
  CALL("acc.name(b)") STRING_RESULT(test_rich_api_method_acc_name, inst, b);
  CALL("c = acc.merge(a, b)")
  handle(test_rich_api_static_acc_merge(inst, a, b, &c, &err), &c);
  CALL("acc.name(c)") STRING_RESULT(test_rich_api_method_acc_name, inst, c);
  CALL("acc.add(c, 0)") {
    int64_t r;
    if (ok(test_rich_api_method_acc_add(inst, c, 0, &r, &err))) printf("%lld\n", (long long)r);
  }
  struct {
    const char *text;
    rich_borrow_acc_t x, y;
  } same[] = {{"acc.same(a, a)", a, a}, {"acc.same(a, b)", a, b}, {"acc.same(c, b)", c, b}};
  for (size_t i = 0; i < LEN(same); i++) {
    bool r;
    if (call(same[i].text) &&
        ok(test_rich_api_static_acc_same(inst, same[i].x, same[i].y, &r, &err))) {
      p_bool(&r);
      end();
    }
  }
  CALL("acc.sum([a, b, c])") {
    rich_borrow_acc_t xs[] = {a, b, c};
    sum_of(xs, LEN(xs));
  }
  CALL("acc.sum([a, a])") {
    rich_borrow_acc_t xs[] = {a, a};
    sum_of(xs, LEN(xs));
  }
  CALL("acc.sum([])") sum_of(NULL, 0);
  dropped();
  CALL("acc.finish(b)") STRING_RESULT(test_rich_api_static_acc_finish, inst, b);
  dropped();
  CALL("d = acc.new(\"\", 0)") handle(test_rich_api_constructor_acc(inst, &S(""), 0, &d, &err), &d);
  CALL("acc.finish(c)") STRING_RESULT(test_rich_api_static_acc_finish, inst, c);
  CALL("e = acc.merge(a, a)") handle(test_rich_api_static_acc_merge(inst, a, a, &e, &err), &e);
  CALL("acc.name(e)") STRING_RESULT(test_rich_api_method_acc_name, inst, e);
  CALL("acc.finish(e)") STRING_RESULT(test_rich_api_static_acc_finish, inst, e);
  CALL("acc.finish(d)") STRING_RESULT(test_rich_api_static_acc_finish, inst, d);
  CALL("acc.finish(a)") STRING_RESULT(test_rich_api_static_acc_finish, inst, a);
  dropped();
  try_new("acc.try-new(\"\", 1)", S(""), 1);
  rich_own_acc_t g = try_new("acc.try-new(\"gamma\", 7)", S("gamma"), 7);
  // The handle as #N: the sixth accumulator made.
  CALL("acc.name(#6)") STRING_RESULT(test_rich_api_method_acc_name, inst, g);
  CALL("acc.finish(#6)") STRING_RESULT(test_rich_api_static_acc_finish, inst, g);
  dropped();
}

void calls(void) {
  scalars();
  strings();
  lists();
  options();
  variants();
  spills();
  resources();
}

// ---- What jco cannot do: expected results by reasoning from the spec ----
// bools writes a true as the byte 2 or 0xff (and the xor as 1): definitions.py loads a bool as
// convert_int_to_bool(load_int(cx, ptr, 1)), true for any nonzero byte, but jco 1.35 throws
// "invalid variant discriminant for bool" for any byte other than 0 and 1.
static void bools(const char *text, const char *want, bool a, bool b) {
  rich_tuple3_bool_bool_bool_t r;
  if (!spec(text, want) || !ok(test_rich_api_bools(inst, a, b, &r, &err))) return;
  putchar('(');
  p_bool(&r.f0);
  fputs(", ", stdout);
  p_bool(&r.f1);
  fputs(", ", stdout);
  p_bool(&r.f2);
  puts(")");
}

// small-flags returns the complement of all 32 bits of its i32: definitions.py lifts flags with
// unpack_flags_from_int, which reads the bits of the labels and ignores the others, but jco 1.35
// throws "flags have extraneous bits set".
static void small_flags(const char *text, const char *want, test_rich_api_small_t f) {
  test_rich_api_small_t r;
  if (!spec(text, want) || !ok(test_rich_api_small_flags(inst, f, &r, &err))) return;
  p_small(r);
  end();
}

void spec_calls(void) {
  small_flags("small-flags({})", "{read, write, exec}", 0);
  small_flags("small-flags({read, exec})", "{write}", 5);
  small_flags("small-flags({read, write, exec})", "{}", 7);
  bools("bools(true, false)", "(true, false, true)", true, false);
  bools("bools(false, true)", "(false, true, true)", false, true);
  bools("bools(true, true)", "(true, true, false)", true, true);
  bools("bools(false, false)", "(false, false, false)", false, false);
}

// ---- The C API: what it must refuse (one line each), a handle the host drops, and the ----
// ---- instance still works afterwards ----
// Prints the error of a call that must fail, or "accepted".
static void refused(bool called) {
  if (called) {
    puts("accepted");
    return;
  }
  puts(w2n_error_message(err));
  w2n_error_free(err);
  err = NULL;
}

void api_checks(void) {
  rich_string_t r;
  refused(test_rich_api_echo(inst, &S("a\xff"), &r, &err));        // not UTF-8
  refused(test_rich_api_echo(inst, &S("\xed\xa0\x80"), &r, &err)); // a surrogate in UTF-8
  rich_tuple3_char_u32_string_t cr;
  refused(test_rich_api_chars(inst, 0xd800, &cr, &err));
  refused(test_rich_api_chars(inst, 0x110000, &cr, &err));
  test_rich_api_small_t sr;
  refused(test_rich_api_small_flags(inst, 8, &sr, &err)); // a bit beyond the three flags
  payload_t bad_tag = {18, {0}}, pr;
  refused(test_rich_api_echo_payload(inst, &bad_tag, &pr, &err));
  // A NaN with a payload goes in (lowering may pass any NaN) and comes out as the canonical NaN
  // (lifting canonicalizes): (nan, nan, nan, nan) with canonical bits.
  uint32_t nan_bits = 0x7fa00001u;
  uint64_t nan64_bits = 0xfff0000000000001ull;
  float nan32;
  double nan64;
  memcpy(&nan32, &nan_bits, 4);
  memcpy(&nan64, &nan64_bits, 8);
  rich_tuple4_f32_f64_f32_f64_t fr;
  if (ok(test_rich_api_floats(inst, nan32, nan64, &fr, &err))) p_floats(&fr);
  // The host drops a handle it owns: the destructor runs in the guest and calls the import
  // (the first drop of this instance), as acc.dropped then says.
  rich_own_acc_t h;
  rich_list_string_t dl;
  if (ok(test_rich_api_constructor_acc(inst, &S("api"), 1, &h, &err)) &&
      ok(rich_drop_acc(inst, h, &err)) && ok(test_rich_api_static_acc_dropped(inst, &dl, &err))) {
    p_list_string(&dl);
    end();
    test_rich_api_static_acc_dropped_free(&dl);
  }
  if (ok(test_rich_api_echo(inst, &S("still works"), &r, &err))) {
    p_string(&r);
    end();
    test_rich_api_echo_free(&r);
  }
}
