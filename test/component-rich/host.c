// The C host of the rich world: calls a rich guest compiled with `wasm2native --emit=lib` through
// the generated rich.h and prints each result in WAVE, as wasm-wave writes it, so that run.sh
// compares it line by line with the WAVE executable and with jco on node (ref.mjs).
//
// The list of calls is host_calls.c's, each as its WAVE text beside the C call that makes it:
//   host --calls         prints the calls that node is the reference for, one per line
//   host                 makes those calls, one result line each
//   host --spec-calls    prints the calls jco cannot make (see below), one per line
//   host --spec-expected prints what the spec says they return (reasoned, written below)
//   host --spec          makes those calls
//   host --api           checks of the C API itself (arguments it must refuse, a handle the
//                        host drops), reasoned
//
// What the printer adds beyond WAVE, so that the C values are checked exactly: a NaN prints
// `nan` only when it is the canonical NaN (lifting canonicalizes NaNs, definitions.py
// canonicalize_nan32/64), else `nan:0x<bits>`; a bool whose byte is neither 0 nor 1 prints
// `bool:<byte>`. Handles print as #<value>: the C API passes a handle as the resource's rep,
// which the guests number 1, 2, 3, ... in order of creation.
//
// The component's import, host.dropped (which the destructor of `acc` calls), is host_dropped
// below, given to rich_instantiate in rich_imports; it answers as host.mjs does for node.
#include "host.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// ---- WAVE printing ----
// The characters of the calls below, other than controls, that Rust's char::escape_debug
// writes as \u{...} (general categories Zs Cf Zl Co Cn, and Grapheme_Extend): wasm-wave's
// writer escapes them. No other such character appears in the calls.
static bool escaped_by_debug(uint32_t c) {
  static const uint32_t kChars[] = {0xa0,   0xad,   0x301,  0x200b, 0x2028,
                                    0xd7ff, 0xe000, 0xfeff, 0xffff, 0x10ffff};
  for (size_t i = 0; i < LEN(kChars); i++)
    if (c == kChars[i]) return true;
  return false;
}

void p_cp(uint32_t c) {
  switch (c) {
  case '\\':
    fputs("\\\\", stdout);
    return;
  case '"':
    fputs("\\\"", stdout);
    return;
  case '\'':
    fputs("\\'", stdout);
    return;
  case '\t':
    fputs("\\t", stdout);
    return;
  case '\n':
    fputs("\\n", stdout);
    return;
  case '\r':
    fputs("\\r", stdout);
    return;
  default:
    break;
  }
  if (c < 0x20 || (c >= 0x7f && c < 0xa0) || escaped_by_debug(c)) {
    printf("\\u{%x}", c);
  } else if (c < 0x80) {
    putchar((int)c);
  } else if (c < 0x800) {
    putchar((int)(0xc0 | c >> 6));
    putchar((int)(0x80 | (c & 0x3f)));
  } else if (c < 0x10000) {
    putchar((int)(0xe0 | c >> 12));
    putchar((int)(0x80 | (c >> 6 & 0x3f)));
    putchar((int)(0x80 | (c & 0x3f)));
  } else {
    putchar((int)(0xf0 | c >> 18));
    putchar((int)(0x80 | (c >> 12 & 0x3f)));
    putchar((int)(0x80 | (c >> 6 & 0x3f)));
    putchar((int)(0x80 | (c & 0x3f)));
  }
}

void p_char(uint32_t c) {
  putchar('\'');
  p_cp(c);
  putchar('\'');
}

// A result string must be valid UTF-8 and end with a NUL that len does not count.
void p_string(const rich_string_t *s) {
  if (s->ptr[s->len] != 0) fputs("<no NUL>", stdout);
  putchar('"');
  for (size_t i = 0; i < s->len;) {
    uint32_t c = s->ptr[i], k = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
    c &= k == 0 ? 0x7f : k == 1 ? 0x1f : k == 2 ? 0x0f : 0x07;
    for (uint32_t j = 1; j <= k && i + j < s->len; j++)
      c = c << 6 | (s->ptr[i + j] & 0x3f);
    p_cp(c);
    i += k + 1;
  }
  putchar('"');
}

void p_bool(const bool *b) {
  uint8_t byte;
  memcpy(&byte, b, 1);
  if (byte > 1)
    printf("bool:%u", byte);
  else
    fputs(byte ? "true" : "false", stdout);
}

// "d.ddde±x" (the shortest digits that read back) without the exponent, as Rust's Display.
static void p_plain(const char *e) {
  char digits[40];
  int n = 0;
  const char *p = e;
  if (*p == '-') putchar(*p++);
  for (; *p && *p != 'e'; p++)
    if (*p != '.') digits[n++] = *p;
  int x = atoi(p + 1);
  if (x >= n - 1) {
    fwrite(digits, 1, (size_t)n, stdout);
    for (int i = 0; i < x - (n - 1); i++)
      putchar('0');
  } else if (x >= 0) {
    fwrite(digits, 1, (size_t)x + 1, stdout);
    putchar('.');
    fwrite(digits + x + 1, 1, (size_t)(n - x - 1), stdout);
  } else {
    fputs("0.", stdout);
    for (int i = 0; i < -x - 1; i++)
      putchar('0');
    fwrite(digits, 1, (size_t)n, stdout);
  }
}

void p_f64(double x) {
  uint64_t bits;
  memcpy(&bits, &x, 8);
  if (isnan(x)) {
    if (bits == 0x7ff8000000000000ull)
      fputs("nan", stdout);
    else
      printf("nan:0x%016llx", (unsigned long long)bits);
  } else if (isinf(x)) {
    fputs(x < 0 ? "-inf" : "inf", stdout);
  } else if (x == 0) {
    fputs(signbit(x) ? "-0" : "0", stdout);
  } else {
    char buf[64];
    for (int p = 1; p <= 17; p++) {
      snprintf(buf, sizeof buf, "%.*e", p - 1, x);
      if (strtod(buf, NULL) == x) break;
    }
    p_plain(buf);
  }
}

void p_f32(float x) {
  uint32_t bits;
  memcpy(&bits, &x, 4);
  if (isnan(x)) {
    if (bits == 0x7fc00000u)
      fputs("nan", stdout);
    else
      printf("nan:0x%08x", bits);
  } else if (isinf(x) || x == 0) {
    p_f64(x);
  } else {
    char buf[64];
    for (int p = 1; p <= 9; p++) {
      snprintf(buf, sizeof buf, "%.*e", p - 1, (double)x);
      if (strtof(buf, NULL) == x) break;
    }
    p_plain(buf);
  }
}

void p_point(const test_rich_api_point_t *p) { printf("{x: %d, y: %d}", p->x, p->y); }

void p_list_string(const rich_list_string_t *l) {
  putchar('[');
  for (size_t i = 0; i < l->len; i++) {
    if (i) fputs(", ", stdout);
    p_string(&l->ptr[i]);
  }
  putchar(']');
}

void p_list_u8(const rich_list_u8_t *l) {
  putchar('[');
  for (size_t i = 0; i < l->len; i++)
    printf("%s%u", i ? ", " : "", l->ptr[i]);
  putchar(']');
}

void p_option_string(const rich_option_string_t *o) {
  if (!o->is_some) {
    fputs("none", stdout);
    return;
  }
  fputs("some(", stdout);
  p_string(&o->val);
  putchar(')');
}

const char *const kColors[] = {"red", "green", "blue"};

void p_small(test_rich_api_small_t f) {
  static const char *const kNames[] = {"read", "write", "exec"};
  const char *sep = "";
  putchar('{');
  for (int i = 0; i < 3; i++) {
    if (!(f >> i & 1)) continue;
    printf("%s%s", sep, kNames[i]);
    sep = ", ";
  }
  putchar('}');
  if (f >> 3) printf("<bits beyond the flags: 0x%x>", f);
}

void p_inner(const test_rich_api_inner_t *v) {
  if (v->tag == TEST_RICH_API_INNER_DEEP)
    printf("deep(%llu)", (unsigned long long)v->val.deep);
  else
    fputs("empty", stdout);
}

void p_payload(const test_rich_api_payload_t *v) {
  switch (v->tag) {
  case TEST_RICH_API_PAYLOAD_NOTHING:
    fputs("nothing", stdout);
    return;
  case TEST_RICH_API_PAYLOAD_YES_NO:
    fputs("yes-no(", stdout);
    p_bool(&v->val.yes_no);
    break;
  case TEST_RICH_API_PAYLOAD_BYTE:
    printf("byte(%u", v->val.byte);
    break;
  case TEST_RICH_API_PAYLOAD_SHORT_:
    printf("short(%d", v->val.short_);
    break;
  case TEST_RICH_API_PAYLOAD_WORD:
    printf("word(%u", v->val.word);
    break;
  case TEST_RICH_API_PAYLOAD_BIG:
    printf("big(%lld", (long long)v->val.big);
    break;
  case TEST_RICH_API_PAYLOAD_SINGLE:
    fputs("single(", stdout);
    p_f32(v->val.single);
    break;
  case TEST_RICH_API_PAYLOAD_DOUBLE_:
    fputs("double(", stdout);
    p_f64(v->val.double_);
    break;
  case TEST_RICH_API_PAYLOAD_LETTER:
    fputs("letter(", stdout);
    p_char(v->val.letter);
    break;
  case TEST_RICH_API_PAYLOAD_TEXT:
    fputs("text(", stdout);
    p_string(&v->val.text);
    break;
  case TEST_RICH_API_PAYLOAD_BYTES:
    fputs("bytes(", stdout);
    p_list_u8(&v->val.bytes);
    break;
  case TEST_RICH_API_PAYLOAD_AT:
    fputs("at(", stdout);
    p_point(&v->val.at);
    break;
  case TEST_RICH_API_PAYLOAD_PAIR:
    printf("pair((%u, ", v->val.pair.f0);
    p_string(&v->val.pair.f1);
    putchar(')');
    break;
  case TEST_RICH_API_PAYLOAD_MAYBE:
    if (v->val.maybe.is_some)
      printf("maybe(some(%d)", v->val.maybe.val);
    else
      fputs("maybe(none", stdout);
    break;
  case TEST_RICH_API_PAYLOAD_OUTCOME:
    if (v->val.outcome.is_err) {
      fputs("outcome(err(", stdout);
      p_string(&v->val.outcome.val.err);
    } else {
      printf("outcome(ok(%u", v->val.outcome.val.ok);
    }
    putchar(')');
    break;
  case TEST_RICH_API_PAYLOAD_HUE:
    printf("hue(%s", v->val.hue < 3 ? kColors[v->val.hue] : "?");
    break;
  case TEST_RICH_API_PAYLOAD_BITS:
    fputs("bits(", stdout);
    p_small(v->val.bits);
    break;
  case TEST_RICH_API_PAYLOAD_INSIDE:
    fputs("inside(", stdout);
    p_inner(&v->val.inside);
    break;
  default:
    printf("<tag %u>", v->tag);
    return;
  }
  putchar(')');
}

// ---- Calls ----
int mode;
rich_instance *inst;
w2n_error *err;

bool call(const char *text) {
  if (mode == LIST) puts(text);
  return mode == RUN;
}

bool spec(const char *text, const char *want) {
  if (mode == SPEC_LIST) puts(text);
  if (mode == SPEC_EXPECTED) puts(want);
  return mode == SPEC_RUN;
}

bool ok(bool called) {
  if (!called) {
    printf("error: %s\n", w2n_error_message(err));
    w2n_error_free(err);
    err = NULL;
  }
  return called;
}

void end(void) { putchar('\n'); }

// ---- The import: host.dropped, as host.mjs and host-plug.c answer it ----
static bool host_dropped(void *ctx, const rich_string_t *name, int64_t total, rich_string_t *ret,
                         w2n_error **error) {
  (void)error;
  uint32_t *drops = ctx;
  ++*drops;
  int n = snprintf(NULL, 0, "%.*s=%lld (drop %u)", (int)name->len, (const char *)name->ptr,
                   (long long)total, *drops);
  char *text = malloc((size_t)n + 1);
  snprintf(text, (size_t)n + 1, "%.*s=%lld (drop %u)", (int)name->len, (const char *)name->ptr,
           (long long)total, *drops);
  *ret = (rich_string_t){(uint8_t *)text, (size_t)n}; // the library frees it
  return true;
}

int main(int argc, char **argv) {
  const char *m = argc > 1 ? argv[1] : "";
  mode = !strcmp(m, "--calls")           ? LIST
         : !strcmp(m, "--spec")          ? SPEC_RUN
         : !strcmp(m, "--spec-calls")    ? SPEC_LIST
         : !strcmp(m, "--spec-expected") ? SPEC_EXPECTED
         : !strcmp(m, "--api")           ? API
                                         : RUN;
  if (mode == RUN || mode == SPEC_RUN || mode == API) {
    static uint32_t drops;
    static const rich_imports imports = {host_dropped};
    w2n_config config = {.imports = &imports, .imports_ctx = &drops};
    inst = rich_instantiate(&config, &err);
    if (!inst) {
      printf("instantiate failed: %s\n", w2n_error_message(err));
      return 1;
    }
  }
  if (mode == API)
    api_checks();
  else if (mode == RUN || mode == LIST)
    calls();
  else
    spec_calls();
  if (inst) rich_instance_free(inst);
  return 0;
}
