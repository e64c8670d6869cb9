/* The component script protocol's value text (include/w2n/component_script_protocol.md): parses
   the argument tokens of an `invoke` into w2n_cval trees guided by the parameter's w2n_ctype, and
   prints a result in the canonical text the runner compares with the wast's expectation. */
#include "rt.h"
#include "w2n/canon.h"

/* A token of a command line (not NUL-terminated); tokens are separated by single spaces. */
typedef struct cs_cursor {
  const char *p, *end;
} cs_cursor;

bool w2n_cs_parse_value(cs_cursor *c, const w2n_ctype *t, w2n_cval *out, const char **error);
void w2n_cs_print_value(w2n_out *out, const w2n_ctype *t, const w2n_cval *v);

typedef struct token {
  const char *p;
  uint32_t len;
} token;

static bool next_token(cs_cursor *c, token *tok) {
  while (c->p < c->end && *c->p == ' ')
    c->p++;
  if (c->p >= c->end) return false;
  const char *start = c->p;
  while (c->p < c->end && *c->p != ' ')
    c->p++;
  tok->p = start;
  tok->len = (uint32_t)(c->p - start);
  return true;
}

static bool peek_token(cs_cursor *c, token *tok) {
  cs_cursor copy = *c;
  return next_token(&copy, tok);
}

static bool token_is(token t, const char *s) {
  return w2n_bytes_equal(t.p, t.len, s, w2n_strlen(s));
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* "PREFIX:HEX" with 1..16 hex digits. */
static bool parse_prefixed_hex(token t, const char *prefix, uint64_t *out) {
  uint32_t n = (uint32_t)w2n_strlen(prefix);
  if (t.len <= n || t.len > n + 16 || !w2n_bytes_equal(t.p, n, prefix, n)) return false;
  uint64_t v = 0;
  for (uint32_t i = n; i < t.len; i++) {
    int d = hex_digit(t.p[i]);
    if (d < 0) return false;
    v = v << 4 | (uint64_t)d;
  }
  *out = v;
  return true;
}

/* Decimal with an optional '-': magnitude in *mag (no overflow past 2^64 - 1). */
static bool parse_decimal(token t, bool *neg, uint64_t *mag) {
  uint32_t i = 0;
  *neg = false;
  if (t.len && t.p[0] == '-') {
    *neg = true;
    i = 1;
  }
  if (i >= t.len) return false;
  uint64_t v = 0;
  for (; i < t.len; i++) {
    if (t.p[i] < '0' || t.p[i] > '9') return false;
    uint64_t d = (uint64_t)(t.p[i] - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  *mag = v;
  return true;
}

static w2n_cval *alloc_vals(uint32_t n) { return __w2n_alloc((n ? n : 1) * sizeof(w2n_cval)); }

/* The index of label `t` among the type's `count` labels, or -1. */
static int find_label(const w2n_ctype *ty, token t) {
  if (!ty->labels) return -1;
  for (uint32_t i = 0; i < ty->count; i++)
    if (ty->labels[i] && token_is(t, ty->labels[i])) return (int)i;
  return -1;
}

/* "..." with printable ASCII literal and any other byte as \xx. */
static bool parse_string(token t, w2n_cval *out) {
  if (t.len < 2 || t.p[0] != '"' || t.p[t.len - 1] != '"') return false;
  char *buf = __w2n_alloc(t.len);
  uint32_t n = 0;
  for (uint32_t i = 1; i + 1 < t.len; i++) {
    char ch = t.p[i];
    if (ch == '\\') {
      if (i + 3 >= t.len) return false;
      int hi = hex_digit(t.p[i + 1]), lo = hex_digit(t.p[i + 2]);
      if (hi < 0 || lo < 0) return false;
      buf[n++] = (char)(hi << 4 | lo);
      i += 2;
    } else if (ch == '"') {
      return false;
    } else {
      buf[n++] = ch;
    }
  }
  out->bytes = buf;
  out->count = n;
  return true;
}

#define FAIL(msg)                                                                                  \
  do {                                                                                             \
    *error = msg;                                                                                  \
    return false;                                                                                  \
  } while (0)

/* A case with an optional payload (variant, option, result): `label [payload]`. */
static bool parse_case_payload(cs_cursor *c, const w2n_ctype *payload, w2n_cval *out,
                               const char **error) {
  out->elems = 0;
  if (!payload) return true;
  out->elems = alloc_vals(1);
  return w2n_cs_parse_value(c, payload, out->elems, error);
}

bool w2n_cs_parse_value(cs_cursor *c, const w2n_ctype *t, w2n_cval *out, const char **error) {
  token tok;
  out->kind = t->kind;
  out->count = 0;
  out->u = 0;
  out->bytes = 0;
  out->elems = 0;
  if (!next_token(c, &tok)) FAIL("missing value");
  bool neg;
  uint64_t mag;
  switch (t->kind) {
  case W2N_CT_BOOL:
    if (token_is(tok, "true"))
      out->u = 1;
    else if (!token_is(tok, "false"))
      FAIL("malformed bool");
    return true;
  case W2N_CT_U8:
  case W2N_CT_U16:
  case W2N_CT_U32:
  case W2N_CT_U64: {
    uint64_t max = t->kind == W2N_CT_U8    ? 0xff
                   : t->kind == W2N_CT_U16 ? 0xffff
                   : t->kind == W2N_CT_U32 ? 0xffffffffu
                                           : UINT64_MAX;
    if (!parse_decimal(tok, &neg, &mag) || neg || mag > max) FAIL("malformed unsigned integer");
    out->u = mag;
    return true;
  }
  case W2N_CT_S8:
  case W2N_CT_S16:
  case W2N_CT_S32:
  case W2N_CT_S64: {
    int bits = t->kind == W2N_CT_S8    ? 8
               : t->kind == W2N_CT_S16 ? 16
               : t->kind == W2N_CT_S32 ? 32
                                       : 64;
    uint64_t limit = (uint64_t)1 << (bits - 1); /* |min| */
    if (!parse_decimal(tok, &neg, &mag) || mag > (neg ? limit : limit - 1))
      FAIL("malformed signed integer");
    out->s = neg ? (int64_t)(0 - mag) : (int64_t)mag;
    return true;
  }
  case W2N_CT_F32: {
    uint64_t bits;
    if (!parse_prefixed_hex(tok, "f32:", &bits) || bits > 0xffffffffu) FAIL("malformed f32");
    union {
      uint32_t u;
      float f;
    } x = {(uint32_t)bits};
    out->f32 = x.f;
    return true;
  }
  case W2N_CT_F64: {
    uint64_t bits;
    if (!parse_prefixed_hex(tok, "f64:", &bits)) FAIL("malformed f64");
    union {
      uint64_t u;
      double f;
    } x = {bits};
    out->f64 = x.f;
    return true;
  }
  case W2N_CT_CHAR:
    if (!parse_prefixed_hex(tok, "char:", &out->u) || out->u > 0x10ffff) FAIL("malformed char");
    return true;
  case W2N_CT_STRING:
    if (!parse_string(tok, out)) FAIL("malformed string");
    return true;
  case W2N_CT_LIST: {
    if (!token_is(tok, "[")) FAIL("expected [ for a list");
    /* Count the elements first: parse into a growing array. */
    uint32_t cap = 8, n = 0;
    w2n_cval *elems = alloc_vals(cap);
    for (;;) {
      token next;
      if (!peek_token(c, &next)) FAIL("unterminated list");
      if (token_is(next, "]")) {
        next_token(c, &next);
        break;
      }
      if (n == cap) {
        w2n_cval *grown = alloc_vals(cap * 2);
        for (uint32_t i = 0; i < n; i++)
          grown[i] = elems[i];
        w2n_free(elems, cap * sizeof(w2n_cval));
        elems = grown;
        cap *= 2;
      }
      if (!w2n_cs_parse_value(c, t->members[0], &elems[n], error)) return false;
      n++;
    }
    if (t->count && n != t->count) FAIL("wrong length for a fixed-length list");
    out->count = n;
    out->elems = elems;
    return true;
  }
  case W2N_CT_TUPLE: {
    if (!token_is(tok, "(")) FAIL("expected ( for a tuple");
    out->count = t->count;
    out->elems = alloc_vals(t->count);
    for (uint32_t i = 0; i < t->count; i++)
      if (!w2n_cs_parse_value(c, t->members[i], &out->elems[i], error)) return false;
    if (!next_token(c, &tok) || !token_is(tok, ")")) FAIL("expected ) after a tuple");
    return true;
  }
  case W2N_CT_RECORD: {
    if (!token_is(tok, "{")) FAIL("expected { for a record");
    out->count = t->count;
    out->elems = alloc_vals(t->count);
    uint64_t seen = 0;
    for (uint32_t k = 0; k < t->count; k++) {
      if (!next_token(c, &tok)) FAIL("unterminated record");
      int i = find_label(t, tok);
      if (i < 0) FAIL("unknown record field");
      if (i < 64 && (seen >> i & 1)) FAIL("duplicate record field");
      if (i < 64) seen |= (uint64_t)1 << i;
      if (!w2n_cs_parse_value(c, t->members[i], &out->elems[i], error)) return false;
    }
    if (!next_token(c, &tok) || !token_is(tok, "}")) FAIL("expected } after a record");
    return true;
  }
  case W2N_CT_VARIANT:
  case W2N_CT_ENUM: {
    int i = find_label(t, tok);
    if (i < 0) FAIL("unknown case");
    out->u = (uint64_t)i;
    if (t->kind == W2N_CT_ENUM) return true;
    return parse_case_payload(c, t->members ? t->members[i] : 0, out, error);
  }
  case W2N_CT_OPTION:
    if (token_is(tok, "none")) return true;
    if (!token_is(tok, "some")) FAIL("expected none or some");
    out->u = 1;
    return parse_case_payload(c, t->members[1], out, error);
  case W2N_CT_RESULT:
    if (token_is(tok, "ok")) return parse_case_payload(c, t->members[0], out, error);
    if (!token_is(tok, "err")) FAIL("expected ok or err");
    out->u = 1;
    return parse_case_payload(c, t->members[1], out, error);
  case W2N_CT_FLAGS:
    if (!token_is(tok, "<")) FAIL("expected < for flags");
    for (;;) {
      if (!next_token(c, &tok)) FAIL("unterminated flags");
      if (token_is(tok, ">")) return true;
      int i = find_label(t, tok);
      if (i < 0 || i >= 64) FAIL("unknown flag");
      out->u |= (uint64_t)1 << i;
    }
  case W2N_CT_OWN:
  case W2N_CT_BORROW: {
    const char *prefix = t->kind == W2N_CT_OWN ? "own:" : "borrow:";
    uint32_t n = (uint32_t)w2n_strlen(prefix);
    if (tok.len <= n || !w2n_bytes_equal(tok.p, n, prefix, n)) FAIL("malformed handle");
    token rest = {tok.p + n, tok.len - n};
    if (!parse_decimal(rest, &neg, &mag) || neg) FAIL("malformed handle");
    out->u = mag;
    return true;
  }
  default:
    FAIL("unknown value type");
  }
}

/* Lowercase hex without leading zeros. */
static void print_hex(w2n_out *out, uint64_t v) {
  int digits = 1;
  while (digits < 16 && v >> (4 * digits))
    digits++;
  w2n_out_hex(out, v, digits);
}

static void print_string(w2n_out *out, const char *bytes, uint32_t len) {
  w2n_out_char(out, '"');
  for (uint32_t i = 0; i < len; i++) {
    unsigned char ch = (unsigned char)bytes[i];
    if (ch > 0x20 && ch < 0x7f && ch != '"' && ch != '\\') {
      w2n_out_char(out, (char)ch);
    } else {
      w2n_out_char(out, '\\');
      w2n_out_hex(out, ch, 2);
    }
  }
  w2n_out_char(out, '"');
}

static void print_label(w2n_out *out, const w2n_ctype *t, uint64_t i) {
  if (t->labels && i < t->count && t->labels[i])
    w2n_out_str(out, t->labels[i]);
  else {
    w2n_out_str(out, "#");
    w2n_out_udec(out, i);
  }
}

static void print_payload(w2n_out *out, const w2n_ctype *payload, const w2n_cval *v) {
  if (!payload) return;
  w2n_out_char(out, ' ');
  if (v->elems)
    w2n_cs_print_value(out, payload, v->elems);
  else
    w2n_out_str(out, "?missing-payload");
}

void w2n_cs_print_value(w2n_out *out, const w2n_ctype *t, const w2n_cval *v) {
  switch (t->kind) {
  case W2N_CT_BOOL:
    w2n_out_str(out, v->u ? "true" : "false");
    return;
  case W2N_CT_U8:
    w2n_out_udec(out, (uint8_t)v->u);
    return;
  case W2N_CT_U16:
    w2n_out_udec(out, (uint16_t)v->u);
    return;
  case W2N_CT_U32:
    w2n_out_udec(out, (uint32_t)v->u);
    return;
  case W2N_CT_U64:
    w2n_out_udec(out, v->u);
    return;
  case W2N_CT_S8:
    w2n_out_dec(out, (int8_t)v->s);
    return;
  case W2N_CT_S16:
    w2n_out_dec(out, (int16_t)v->s);
    return;
  case W2N_CT_S32:
    w2n_out_dec(out, (int32_t)v->s);
    return;
  case W2N_CT_S64:
    w2n_out_dec(out, v->s);
    return;
  case W2N_CT_F32: {
    union {
      float f;
      uint32_t u;
    } x = {v->f32};
    w2n_out_str(out, "f32:");
    w2n_out_hex(out, x.u, 8);
    return;
  }
  case W2N_CT_F64: {
    union {
      double f;
      uint64_t u;
    } x = {v->f64};
    w2n_out_str(out, "f64:");
    w2n_out_hex(out, x.u, 16);
    return;
  }
  case W2N_CT_CHAR:
    w2n_out_str(out, "char:");
    print_hex(out, v->u);
    return;
  case W2N_CT_STRING:
    print_string(out, v->bytes, v->count);
    return;
  case W2N_CT_LIST:
    w2n_out_char(out, '[');
    for (uint32_t i = 0; i < v->count; i++) {
      w2n_out_char(out, ' ');
      w2n_cs_print_value(out, t->members[0], &v->elems[i]);
    }
    w2n_out_str(out, " ]");
    return;
  case W2N_CT_TUPLE:
    w2n_out_char(out, '(');
    for (uint32_t i = 0; i < t->count && i < v->count; i++) {
      w2n_out_char(out, ' ');
      w2n_cs_print_value(out, t->members[i], &v->elems[i]);
    }
    w2n_out_str(out, " )");
    return;
  case W2N_CT_RECORD:
    w2n_out_char(out, '{');
    for (uint32_t i = 0; i < t->count && i < v->count; i++) {
      w2n_out_char(out, ' ');
      print_label(out, t, i);
      w2n_out_char(out, ' ');
      w2n_cs_print_value(out, t->members[i], &v->elems[i]);
    }
    w2n_out_str(out, " }");
    return;
  case W2N_CT_ENUM:
    print_label(out, t, v->u);
    return;
  case W2N_CT_VARIANT:
    print_label(out, t, v->u);
    if (t->members && v->u < t->count) print_payload(out, t->members[v->u], v);
    return;
  case W2N_CT_OPTION:
    w2n_out_str(out, v->u ? "some" : "none");
    if (v->u) print_payload(out, t->members[1], v);
    return;
  case W2N_CT_RESULT:
    w2n_out_str(out, v->u ? "err" : "ok");
    print_payload(out, t->members[v->u ? 1 : 0], v);
    return;
  case W2N_CT_FLAGS:
    w2n_out_char(out, '<');
    for (uint32_t i = 0; i < t->count && i < 64; i++)
      if (v->u >> i & 1) {
        w2n_out_char(out, ' ');
        print_label(out, t, i);
      }
    w2n_out_str(out, " >");
    return;
  case W2N_CT_OWN:
    w2n_out_str(out, "own:");
    w2n_out_udec(out, v->u);
    return;
  case W2N_CT_BORROW:
    w2n_out_str(out, "borrow:");
    w2n_out_udec(out, v->u);
    return;
  default:
    w2n_out_str(out, "?unknown-type");
    return;
  }
}
