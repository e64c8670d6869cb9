/* WAVE text into w2n_cval trees, guided by the type (bytecodealliance/wasm-tools
   crates/wasm-wave/README.md): whitespace and // comments between tokens, records in any field
   order with option fields that may be left out, flat `some`/`ok` payloads, `%` before labels
   that are keywords, multiline strings. */
#include "wave.h"

static bool fail(w2n_wave_parser *ps, const char *what) {
  if (!ps->error) {
    ps->error = what;
    ps->error_at = ps->p;
  }
  return false;
}

void w2n_wave_skip(w2n_wave_parser *ps) {
  for (;;) {
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
      ps->p++;
    if (ps->end - ps->p >= 2 && ps->p[0] == '/' && ps->p[1] == '/') {
      while (ps->p < ps->end && *ps->p != '\n')
        ps->p++;
      continue;
    }
    return;
  }
}

bool w2n_wave_eat(w2n_wave_parser *ps, char c) {
  w2n_wave_skip(ps);
  if (ps->p < ps->end && *ps->p == c) {
    ps->p++;
    return true;
  }
  return false;
}

static bool expect(w2n_wave_parser *ps, char c, const char *what) {
  return w2n_wave_eat(ps, c) || fail(ps, what);
}

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Words of letters and digits (each starting with a letter) joined by single hyphens. */
static bool scan_label(w2n_wave_parser *ps, const char **label, uint32_t *len, bool *percent) {
  w2n_wave_skip(ps);
  const char *p = ps->p;
  *percent = p < ps->end && *p == '%';
  if (*percent) p++;
  const char *start = p;
  for (;;) {
    if (p >= ps->end || !is_alpha(*p)) return false;
    while (p < ps->end && (is_alpha(*p) || is_digit(*p)))
      p++;
    if (p + 1 < ps->end && *p == '-' && is_alpha(p[1])) {
      p++;
      continue;
    }
    break;
  }
  *label = start;
  *len = (uint32_t)(p - start);
  ps->p = p;
  return true;
}

bool w2n_wave_label(w2n_wave_parser *ps, const char **label, uint32_t *len) {
  bool percent;
  return scan_label(ps, label, len, &percent);
}

static bool is_keyword(const char *s, uint32_t n) {
  static const char *const kw[] = {"true", "false", "inf", "nan", "some", "none", "ok", "err"};
  for (uint32_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
    if (w2n_bytes_equal(s, n, kw[i], w2n_strlen(kw[i]))) return true;
  return false;
}

static bool label_is(const char *s, uint32_t n, const char *label) {
  return label && w2n_bytes_equal(s, n, label, w2n_strlen(label));
}

/* A bare (not %-prefixed) keyword at the cursor, consumed when it matches. */
static bool eat_keyword(w2n_wave_parser *ps, const char *kw) {
  w2n_wave_parser save = *ps;
  const char *l;
  uint32_t n;
  bool percent;
  if (scan_label(ps, &l, &n, &percent) && !percent && label_is(l, n, kw)) return true;
  *ps = save;
  return false;
}

static w2n_cval *new_vals(w2n_wave_parser *ps, uint32_t n) {
  return ps->alloc(ps->alloc_ctx, (n ? n : 1) * sizeof(w2n_cval));
}

/* ---- Numbers ---- */
static bool number_token(w2n_wave_parser *ps, const char **s, uint32_t *len) {
  w2n_wave_skip(ps);
  const char *p = ps->p;
  while (p < ps->end && (is_digit(*p) || is_alpha(*p) || *p == '-' || *p == '+' || *p == '.'))
    p++;
  if (p == ps->p) return false;
  *s = ps->p;
  *len = (uint32_t)(p - ps->p);
  ps->p = p;
  return true;
}

static bool parse_int(w2n_wave_parser *ps, const w2n_ctype *t, w2n_cval *out) {
  static const uint64_t umax[] = {
      [W2N_CT_U8] = 0xff,        [W2N_CT_U16] = 0xffff,   [W2N_CT_U32] = 0xffffffff,
      [W2N_CT_U64] = UINT64_MAX, [W2N_CT_S8] = 0x7f,      [W2N_CT_S16] = 0x7fff,
      [W2N_CT_S32] = 0x7fffffff, [W2N_CT_S64] = INT64_MAX};
  const char *s;
  uint32_t n;
  const char *at = ps->p;
  if (!number_token(ps, &s, &n)) return fail(ps, "an integer");
  bool neg = s[0] == '-';
  uint32_t i = neg ? 1 : 0;
  bool is_signed = t->kind == W2N_CT_S8 || t->kind == W2N_CT_S16 || t->kind == W2N_CT_S32 ||
                   t->kind == W2N_CT_S64;
  /* No leading zeros (JSON), no sign on unsigned types. */
  if (i >= n || (neg && !is_signed) || (s[i] == '0' && n - i > 1)) goto bad;
  uint64_t v = 0, limit = umax[t->kind] + (neg ? 1 : 0);
  for (; i < n; i++) {
    if (!is_digit(s[i])) goto bad;
    uint64_t d = (uint64_t)(s[i] - '0');
    if (v > (limit - d) / 10) {
      ps->p = at;
      w2n_wave_skip(ps);
      return fail(ps, "an integer in the type's range");
    }
    v = v * 10 + d;
  }
  if (neg)
    out->s = -(int64_t)(v - 1) - 1;
  else
    out->u = v;
  return true;
bad:
  ps->p = at;
  w2n_wave_skip(ps);
  return fail(ps, "an integer");
}

static bool parse_float(w2n_wave_parser *ps, const w2n_ctype *t, w2n_cval *out) {
  const char *s;
  uint32_t n;
  const char *at = ps->p;
  bool ok = number_token(ps, &s, &n) && (t->kind == W2N_CT_F32 ? w2n_parse_f32(s, n, &out->f32)
                                                               : w2n_parse_f64(s, n, &out->f64));
  if (ok) return true;
  ps->p = at;
  w2n_wave_skip(ps);
  return fail(ps, "a number");
}

/* ---- Chars and strings ---- */
static int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static bool valid_scalar(uint32_t c) { return c < 0xd800 || (c > 0xdfff && c < 0x110000); }

/* One character of a char or string literal at ps->p: an escape or a UTF-8 scalar value. */
static bool literal_char(w2n_wave_parser *ps, uint32_t *out) {
  const uint8_t *p = (const uint8_t *)ps->p, *end = (const uint8_t *)ps->end;
  if (p >= end) return fail(ps, "a closing quote");
  if (*p == '\\') {
    if (p + 1 >= end) return fail(ps, "an escape");
    char e = (char)p[1];
    ps->p += 2;
    switch (e) {
    case '\'':
    case '"':
    case '\\':
      *out = (uint32_t)e;
      return true;
    case 't':
      *out = '\t';
      return true;
    case 'n':
      *out = '\n';
      return true;
    case 'r':
      *out = '\r';
      return true;
    case 'u': {
      if (ps->p >= ps->end || *ps->p != '{') return fail(ps, "'{' after \\u");
      ps->p++;
      uint32_t v = 0, digits = 0;
      while (ps->p < ps->end && hex_value(*ps->p) >= 0 && digits < 6) {
        v = v << 4 | (uint32_t)hex_value(*ps->p++);
        digits++;
      }
      if (!digits || ps->p >= ps->end || *ps->p != '}' || !valid_scalar(v))
        return fail(ps, "a Unicode scalar value in \\u{...}");
      ps->p++;
      *out = v;
      return true;
    }
    default:
      ps->p -= 2;
      return fail(ps, "a valid escape");
    }
  }
  /* UTF-8, validated: shortest form, no surrogates, at most U+10FFFF. */
  uint32_t c = *p, need = c < 0x80                ? 0
                          : c >= 0xc2 && c < 0xe0 ? 1
                          : c >= 0xe0 && c < 0xf0 ? 2
                          : c >= 0xf0 && c < 0xf5 ? 3
                                                  : 9;
  if (need == 9 || end - p <= need) return fail(ps, "valid UTF-8");
  c = need == 0 ? c : need == 1 ? c & 0x1f : need == 2 ? c & 0x0f : c & 0x07;
  for (uint32_t k = 1; k <= need; k++) {
    if ((p[k] & 0xc0) != 0x80) return fail(ps, "valid UTF-8");
    c = c << 6 | (p[k] & 0x3f);
  }
  static const uint32_t min[] = {0, 0x80, 0x800, 0x10000};
  if (c < min[need] || !valid_scalar(c)) return fail(ps, "valid UTF-8");
  ps->p += need + 1;
  *out = c;
  return true;
}

static uint32_t utf8_encode(uint32_t c, char *out) {
  if (c < 0x80) {
    out[0] = (char)c;
    return 1;
  }
  if (c < 0x800) {
    out[0] = (char)(0xc0 | c >> 6);
    out[1] = (char)(0x80 | (c & 0x3f));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = (char)(0xe0 | c >> 12);
    out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
    out[2] = (char)(0x80 | (c & 0x3f));
    return 3;
  }
  out[0] = (char)(0xf0 | c >> 18);
  out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
  out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
  out[3] = (char)(0x80 | (c & 0x3f));
  return 4;
}

static bool parse_char(w2n_wave_parser *ps, w2n_cval *out) {
  if (!expect(ps, '\'', "a char ('x')")) return false;
  if (ps->p < ps->end && (*ps->p == '\'' || *ps->p == '\n'))
    return fail(ps, "a character (escape ' and newlines)");
  uint32_t c;
  if (!literal_char(ps, &c)) return false;
  if (ps->p >= ps->end || *ps->p != '\'') return fail(ps, "a closing '");
  ps->p++;
  out->u = c;
  return true;
}

/* A string's bytes never exceed its text's, so the text length bounds the buffer. */
static bool parse_string(w2n_wave_parser *ps, w2n_cval *out) {
  if (!expect(ps, '"', "a string (\"...\")")) return false;
  bool multiline = ps->end - ps->p >= 2 && ps->p[0] == '"' && ps->p[1] == '"';
  char *buf = ps->alloc(ps->alloc_ctx, (size_t)(ps->end - ps->p) + 1);
  uint32_t n = 0;
  if (!multiline) {
    for (;;) {
      if (ps->p >= ps->end) return fail(ps, "a closing \"");
      if (*ps->p == '"') break;
      if (*ps->p == '\n') return fail(ps, "\\n instead of a line break in a string");
      uint32_t c;
      if (!literal_char(ps, &c)) return false;
      n += utf8_encode(c, buf + n);
    }
    ps->p++;
  } else {
    /* """ then a line break; lines dedented by the spaces before the closing """. */
    ps->p += 2;
    if (ps->p < ps->end && *ps->p == '\r') ps->p++;
    if (ps->p >= ps->end || *ps->p != '\n') return fail(ps, "a line break after \"\"\"");
    ps->p++;
    const char *body = ps->p, *close = 0;
    for (const char *q = body; q + 2 < ps->end + 0 && !close; q++) {
      if (q[0] == '"' && q[1] == '"' && q[2] == '"') close = q;
    }
    if (!close) return fail(ps, "a closing \"\"\"");
    const char *line_start = close;
    while (line_start > body && line_start[-1] == ' ')
      line_start--;
    if (line_start == body || line_start[-1] != '\n')
      return fail(ps, "the closing \"\"\" on a line of its own");
    uint32_t indent = (uint32_t)(close - line_start);
    const char *text_end = line_start - 1; /* the last line break is not part of the value */
    if (text_end > body && text_end[-1] == '\r') text_end--;
    bool at_line_start = true;
    while (ps->p < text_end) {
      if (at_line_start) {
        for (uint32_t k = 0; k < indent; k++, ps->p++)
          if (ps->p >= text_end || *ps->p != ' ') return fail(ps, "the indentation of the string");
        at_line_start = false;
        continue;
      }
      if (*ps->p == '\r' && ps->p + 1 < text_end && ps->p[1] == '\n') ps->p++;
      if (*ps->p == '\n') {
        buf[n++] = '\n';
        ps->p++;
        at_line_start = true;
        continue;
      }
      uint32_t c;
      if (!literal_char(ps, &c)) return false;
      n += utf8_encode(c, buf + n);
    }
    ps->p = close + 3;
  }
  out->bytes = buf;
  out->count = n;
  return true;
}

/* ---- Compound values ---- */
typedef struct seq_node {
  w2n_cval value;
  struct seq_node *next;
} seq_node;

/* Lists and tuples: elements parsed into a chain, then laid out in one array (one pass, so
   nested lists cost linear time). */
static bool parse_seq(w2n_wave_parser *ps, char open, char close, const w2n_ctype *elem,
                      const w2n_ctype *const *members, uint32_t fixed, w2n_cval *out,
                      const char *what) {
  if (!expect(ps, open, what)) return false;
  seq_node *head = 0, **tail = &head;
  uint32_t count = 0;
  if (!w2n_wave_eat(ps, close)) {
    for (;;) {
      const w2n_ctype *t = elem ? elem : (count < fixed ? members[count] : 0);
      if (!t) return fail(ps, "the end of the tuple");
      seq_node *node = ps->alloc(ps->alloc_ctx, sizeof(seq_node));
      if (!w2n_wave_parse(ps, t, &node->value)) return false;
      *tail = node;
      tail = &node->next;
      count++;
      if (w2n_wave_eat(ps, close)) break;
      if (!expect(ps, ',', "',' or a closing bracket")) return false;
      if (w2n_wave_eat(ps, close)) break; /* trailing comma */
    }
  }
  if (fixed && count != fixed)
    return fail(ps, members ? "as many elements as the tuple has"
                            : "as many elements as the list's fixed length");
  out->count = count;
  out->elems = new_vals(ps, count);
  uint32_t i = 0;
  for (seq_node *n = head; n; n = n->next)
    out->elems[i++] = n->value;
  return true;
}

bool w2n_wave_is_option(const w2n_ctype *t) { return t->kind == W2N_CT_OPTION; }

static bool parse_record(w2n_wave_parser *ps, const w2n_ctype *t, w2n_cval *out) {
  if (!expect(ps, '{', "a record ({field: value, ...})")) return false;
  out->count = t->count;
  out->elems = new_vals(ps, t->count);
  bool *seen = ps->alloc(ps->alloc_ctx, t->count ? t->count : 1);
  if (!w2n_wave_eat(ps, ':')) {
    while (!w2n_wave_eat(ps, '}')) {
      const char *l;
      uint32_t n, k;
      if (!w2n_wave_label(ps, &l, &n)) return fail(ps, "a field name");
      for (k = 0; k < t->count && !label_is(l, n, t->labels[k]); k++)
        ;
      if (k == t->count) {
        ps->p = l;
        return fail(ps, "a field of the record");
      }
      if (seen[k]) {
        ps->p = l;
        return fail(ps, "each field once");
      }
      seen[k] = true;
      if (!expect(ps, ':', "':' after the field name") ||
          !w2n_wave_parse(ps, t->members[k], &out->elems[k]))
        return false;
      if (!w2n_wave_eat(ps, ',')) {
        if (!expect(ps, '}', "',' or '}'")) return false;
        break;
      }
    }
  } else if (!expect(ps, '}', "'}' after '{:'")) {
    return false;
  }
  for (uint32_t k = 0; k < t->count; k++) {
    if (seen[k]) continue;
    if (!w2n_wave_is_option(t->members[k])) return fail(ps, "every field that is not an option");
    out->elems[k].kind = W2N_CT_OPTION;
    out->elems[k].u = 0; /* none */
  }
  return true;
}

static bool parse_flags(w2n_wave_parser *ps, const w2n_ctype *t, w2n_cval *out) {
  if (!expect(ps, '{', "flags ({a, b})")) return false;
  uint64_t bits = 0;
  while (!w2n_wave_eat(ps, '}')) {
    const char *l;
    uint32_t n, k;
    if (!w2n_wave_label(ps, &l, &n)) return fail(ps, "a flag name");
    for (k = 0; k < t->count && !label_is(l, n, t->labels[k]); k++)
      ;
    if (k == t->count) {
      ps->p = l;
      return fail(ps, "a flag of the type");
    }
    bits |= 1ull << k;
    if (!w2n_wave_eat(ps, ',')) {
      if (!expect(ps, '}', "',' or '}'")) return false;
      break;
    }
  }
  out->u = bits;
  return true;
}

/* A case with an optional parenthesized payload, once the case index is known. */
static bool parse_payload(w2n_wave_parser *ps, const w2n_ctype *t, uint32_t index, w2n_cval *out) {
  out->u = index;
  const w2n_ctype *payload = t->kind == W2N_CT_ENUM || !t->members ? 0 : t->members[index];
  if (!payload) return true;
  out->elems = new_vals(ps, 1);
  return expect(ps, '(', "'(' and the case's payload") && w2n_wave_parse(ps, payload, out->elems) &&
         expect(ps, ')', "')'");
}

static bool parse_case(w2n_wave_parser *ps, const w2n_ctype *t, w2n_cval *out) {
  const char *at = (w2n_wave_skip(ps), ps->p), *l;
  uint32_t n;
  bool percent;
  if (!scan_label(ps, &l, &n, &percent)) return fail(ps, "a case name");
  if (!percent && is_keyword(l, n)) {
    ps->p = at;
    return fail(ps, "a case name (a case named like a keyword is written with '%')");
  }
  for (uint32_t k = 0; k < t->count; k++)
    if (label_is(l, n, t->labels[k])) return parse_payload(ps, t, k, out);
  ps->p = at;
  return fail(ps, "a case of the type");
}

/* option<T> and result<T, E> take T's value as is ("flat") unless T is an option or result. */
static bool flat_allowed(const w2n_ctype *payload) {
  return payload && payload->kind != W2N_CT_OPTION && payload->kind != W2N_CT_RESULT;
}

static bool parse_option(w2n_wave_parser *ps, const w2n_ctype *t, w2n_cval *out) {
  if (eat_keyword(ps, "none")) {
    out->u = 0;
    return true;
  }
  if (eat_keyword(ps, "some")) return parse_payload(ps, t, 1, out);
  if (!flat_allowed(t->members[1])) return fail(ps, "some(...) or none");
  out->u = 1;
  out->elems = new_vals(ps, 1);
  return w2n_wave_parse(ps, t->members[1], out->elems);
}

static bool parse_result(w2n_wave_parser *ps, const w2n_ctype *t, w2n_cval *out) {
  if (eat_keyword(ps, "ok")) return parse_payload(ps, t, 0, out);
  if (eat_keyword(ps, "err")) return parse_payload(ps, t, 1, out);
  if (!flat_allowed(t->members[0])) return fail(ps, "ok or err");
  out->u = 0;
  out->elems = new_vals(ps, 1);
  return w2n_wave_parse(ps, t->members[0], out->elems);
}

static bool parse_handle(w2n_wave_parser *ps, const w2n_ctype *t, w2n_cval *out) {
  w2n_wave_skip(ps);
  const char *at = ps->p;
  if (w2n_wave_eat(ps, '#')) {
    uint64_t v = 0;
    const char *digits = ps->p;
    while (ps->p < ps->end && is_digit(*ps->p) && v < UINT64_MAX / 10)
      v = v * 10 + (uint64_t)(*ps->p++ - '0');
    if (ps->p == digits) return fail(ps, "a handle number after '#'");
    out->u = v;
    return true;
  }
  const char *l;
  uint32_t n;
  if (!w2n_wave_label(ps, &l, &n)) return fail(ps, "a handle (a variable name or #N)");
  if (!ps->variable || !ps->variable(ps->variable_ctx, l, n, t, &out->u)) {
    ps->p = at;
    return fail(ps, "a variable that holds a handle");
  }
  return true;
}

bool w2n_wave_parse(w2n_wave_parser *ps, const w2n_ctype *t, w2n_cval *out) {
  w2n_wave_skip(ps);
  out->kind = t->kind;
  switch (t->kind) {
  case W2N_CT_BOOL:
    if (eat_keyword(ps, "true")) {
      out->u = 1;
      return true;
    }
    if (eat_keyword(ps, "false")) {
      out->u = 0;
      return true;
    }
    return fail(ps, "true or false");
  case W2N_CT_S8:
  case W2N_CT_U8:
  case W2N_CT_S16:
  case W2N_CT_U16:
  case W2N_CT_S32:
  case W2N_CT_U32:
  case W2N_CT_S64:
  case W2N_CT_U64:
    return parse_int(ps, t, out);
  case W2N_CT_F32:
  case W2N_CT_F64:
    return parse_float(ps, t, out);
  case W2N_CT_CHAR:
    return parse_char(ps, out);
  case W2N_CT_STRING:
    return parse_string(ps, out);
  case W2N_CT_LIST:
    return parse_seq(ps, '[', ']', t->members[0], 0, t->count, out, "a list ([a, b, ...])");
  case W2N_CT_TUPLE:
    return parse_seq(ps, '(', ')', 0, t->members, t->count, out, "a tuple ((a, b, ...))");
  case W2N_CT_RECORD:
    return parse_record(ps, t, out);
  case W2N_CT_FLAGS:
    return parse_flags(ps, t, out);
  case W2N_CT_OPTION:
    return parse_option(ps, t, out);
  case W2N_CT_RESULT:
    return parse_result(ps, t, out);
  case W2N_CT_VARIANT:
  case W2N_CT_ENUM:
    return parse_case(ps, t, out);
  case W2N_CT_OWN:
  case W2N_CT_BORROW:
    return parse_handle(ps, t, out);
  default:
    return fail(ps, "a value of a supported type");
  }
}
