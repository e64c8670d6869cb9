/* w2n_cval trees as WAVE text, written as wasm-wave's writer writes them (so that output compares
   with `wasmtime run --invoke`): ", " between elements, record fields in type order with `none`
   option fields left out (`{:}` when nothing is left), explicit some(...)/ok(...), `%` before
   cases named like keywords, floats as the shortest text that reads back (no exponent), and
   \t \n \r \\ \" \' escaped in chars and strings, and as \u{...} the control characters and
   what Rust's char::escape_debug escapes (grapheme extenders, unprintable characters:
   wave_escapes.h). */
#include "wave.h"

#include "wave_escapes.h"

static bool is_keyword(const char *s) {
  static const char *const kw[] = {"true", "false", "inf", "nan", "some", "none", "ok", "err"};
  for (uint32_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
    if (w2n_bytes_equal(s, w2n_strlen(s), kw[i], w2n_strlen(kw[i]))) return true;
  return false;
}

/* Binary searches of the ascending closed ranges of wave_escapes.h. */
static bool escaped_as_unicode(uint32_t c) {
  uint32_t lo = 0, hi;
  if (c < 0x10000) {
    hi = sizeof w2n_wave_escapes_bmp / sizeof w2n_wave_escapes_bmp[0];
    while (lo < hi) {
      uint32_t mid = (lo + hi) / 2;
      if (c > w2n_wave_escapes_bmp[mid][1])
        lo = mid + 1;
      else
        hi = mid;
    }
    return lo < sizeof w2n_wave_escapes_bmp / sizeof w2n_wave_escapes_bmp[0] &&
           c >= w2n_wave_escapes_bmp[lo][0];
  }
  hi = sizeof w2n_wave_escapes_astral / sizeof w2n_wave_escapes_astral[0];
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (c > w2n_wave_escapes_astral[mid][1])
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < sizeof w2n_wave_escapes_astral / sizeof w2n_wave_escapes_astral[0] &&
         c >= w2n_wave_escapes_astral[lo][0];
}

static void print_char(w2n_out *out, uint32_t c) {
  switch (c) {
  case '\t':
    w2n_out_str(out, "\\t");
    return;
  case '\n':
    w2n_out_str(out, "\\n");
    return;
  case '\r':
    w2n_out_str(out, "\\r");
    return;
  case '\\':
  case '"':
  case '\'':
    w2n_out_char(out, '\\');
    w2n_out_char(out, (char)c);
    return;
  default:
    break;
  }
  if (escaped_as_unicode(c)) { /* controls, grapheme extenders, unprintables: \u{hex} */
    w2n_out_str(out, "\\u{");
    int digits = 1;
    while (digits < 6 && (c >> (4 * digits)) != 0)
      digits++;
    w2n_out_hex(out, c, digits);
    w2n_out_char(out, '}');
    return;
  }
  char buf[4];
  uint32_t n;
  if (c < 0x80) {
    buf[0] = (char)c;
    n = 1;
  } else if (c < 0x800) {
    buf[0] = (char)(0xc0 | c >> 6);
    buf[1] = (char)(0x80 | (c & 0x3f));
    n = 2;
  } else if (c < 0x10000) {
    buf[0] = (char)(0xe0 | c >> 12);
    buf[1] = (char)(0x80 | ((c >> 6) & 0x3f));
    buf[2] = (char)(0x80 | (c & 0x3f));
    n = 3;
  } else {
    buf[0] = (char)(0xf0 | c >> 18);
    buf[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    buf[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    buf[3] = (char)(0x80 | (c & 0x3f));
    n = 4;
  }
  w2n_out_bytes(out, buf, n);
}

/* The string is valid UTF-8 (the canonical ABI engine made it). */
static void print_string(w2n_out *out, const char *s, uint32_t len) {
  w2n_out_char(out, '"');
  const uint8_t *p = (const uint8_t *)s;
  for (uint32_t i = 0; i < len;) {
    uint32_t c = p[i], n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    if (n > 1) {
      c &= n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07;
      for (uint32_t k = 1; k < n && i + k < len; k++)
        c = c << 6 | (p[i + k] & 0x3f);
    }
    print_char(out, c);
    i += n;
  }
  w2n_out_char(out, '"');
}

static void print_case(w2n_out *out, const char *label) {
  if (is_keyword(label)) w2n_out_char(out, '%');
  w2n_out_str(out, label);
}

static void print_payload(w2n_out *out, const w2n_ctype *t, const w2n_cval *v) {
  const w2n_ctype *payload = t->kind == W2N_CT_ENUM || !t->members ? 0 : t->members[v->u];
  if (!payload || !v->elems) return;
  w2n_out_char(out, '(');
  w2n_wave_print(out, payload, v->elems);
  w2n_out_char(out, ')');
}

void w2n_wave_print(w2n_out *out, const w2n_ctype *t, const w2n_cval *v) {
  char buf[W2N_F64_TEXT_MAX + 1];
  switch (t->kind) {
  case W2N_CT_BOOL:
    w2n_out_str(out, v->u ? "true" : "false");
    return;
  case W2N_CT_S8:
  case W2N_CT_S16:
  case W2N_CT_S32:
  case W2N_CT_S64:
    w2n_out_dec(out, v->s);
    return;
  case W2N_CT_U8:
  case W2N_CT_U16:
  case W2N_CT_U32:
  case W2N_CT_U64:
    w2n_out_udec(out, v->u);
    return;
  case W2N_CT_F32:
    w2n_out_bytes(out, buf, w2n_format_f32(v->f32, buf));
    return;
  case W2N_CT_F64:
    w2n_out_bytes(out, buf, w2n_format_f64(v->f64, buf));
    return;
  case W2N_CT_CHAR:
    w2n_out_char(out, '\'');
    print_char(out, (uint32_t)v->u);
    w2n_out_char(out, '\'');
    return;
  case W2N_CT_STRING:
    print_string(out, v->bytes, v->count);
    return;
  case W2N_CT_LIST:
  case W2N_CT_TUPLE:
    w2n_out_char(out, t->kind == W2N_CT_LIST ? '[' : '(');
    for (uint32_t i = 0; i < v->count; i++) {
      if (i) w2n_out_str(out, ", ");
      w2n_wave_print(out, t->kind == W2N_CT_LIST ? t->members[0] : t->members[i], &v->elems[i]);
    }
    w2n_out_char(out, t->kind == W2N_CT_LIST ? ']' : ')');
    return;
  case W2N_CT_RECORD: {
    w2n_out_char(out, '{');
    bool first = true;
    for (uint32_t i = 0; i < t->count; i++) {
      if (t->members[i]->kind == W2N_CT_OPTION && v->elems[i].u == 0) continue;
      if (!first) w2n_out_str(out, ", ");
      first = false;
      w2n_out_str(out, t->labels[i]);
      w2n_out_str(out, ": ");
      w2n_wave_print(out, t->members[i], &v->elems[i]);
    }
    if (first) w2n_out_char(out, ':');
    w2n_out_char(out, '}');
    return;
  }
  case W2N_CT_FLAGS: {
    w2n_out_char(out, '{');
    bool first = true;
    for (uint32_t i = 0; i < t->count; i++) {
      if (!(v->u >> i & 1)) continue;
      if (!first) w2n_out_str(out, ", ");
      first = false;
      w2n_out_str(out, t->labels[i]);
    }
    w2n_out_char(out, '}');
    return;
  }
  case W2N_CT_OPTION:
    w2n_out_str(out, v->u ? "some" : "none");
    print_payload(out, t, v);
    return;
  case W2N_CT_RESULT:
    w2n_out_str(out, v->u ? "err" : "ok");
    print_payload(out, t, v);
    return;
  case W2N_CT_VARIANT:
  case W2N_CT_ENUM:
    print_case(out, t->labels[v->u]);
    print_payload(out, t, v);
    return;
  case W2N_CT_OWN:
  case W2N_CT_BORROW:
    w2n_out_char(out, '#');
    w2n_out_udec(out, v->u);
    return;
  default:
    w2n_out_str(out, "?");
  }
}
