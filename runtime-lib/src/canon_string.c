/* Strings of the canonical ABI: load_string_from_range (decode the guest's utf8 / utf16 /
   latin1+utf16 into UTF-8, validating) and store_string_into_range with all of definitions.py's
   transcoding paths, including their exact sequences of realloc calls (allocate the source's code
   units, grow to the worst case on the first unit that does not fit, shrink to the final size)
   and the tagged lengths of latin1+utf16. Lifted strings remember their source encoding (cval.u),
   since storing depends on it. */
#include "canon_internal.h"

/* ---- UTF-8 ---- */
uint32_t w2n_utf8_next(const uint8_t *s, size_t *i) {
  uint32_t c = s[*i];
  if (c < 0x80) {
    *i += 1;
    return c;
  }
  if (c < 0xe0) {
    c = ((c & 0x1f) << 6) | (s[*i + 1] & 0x3f);
    *i += 2;
    return c;
  }
  if (c < 0xf0) {
    c = ((c & 0x0f) << 12) | ((uint32_t)(s[*i + 1] & 0x3f) << 6) | (s[*i + 2] & 0x3f);
    *i += 3;
    return c;
  }
  c = ((c & 0x07) << 18) | ((uint32_t)(s[*i + 1] & 0x3f) << 12) |
      ((uint32_t)(s[*i + 2] & 0x3f) << 6) | (s[*i + 3] & 0x3f);
  *i += 4;
  return c;
}

static size_t utf8_put(uint8_t *d, uint32_t c) {
  if (c < 0x80) {
    d[0] = (uint8_t)c;
    return 1;
  }
  if (c < 0x800) {
    d[0] = (uint8_t)(0xc0 | (c >> 6));
    d[1] = (uint8_t)(0x80 | (c & 0x3f));
    return 2;
  }
  if (c < 0x10000) {
    d[0] = (uint8_t)(0xe0 | (c >> 12));
    d[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
    d[2] = (uint8_t)(0x80 | (c & 0x3f));
    return 3;
  }
  d[0] = (uint8_t)(0xf0 | (c >> 18));
  d[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3f));
  d[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
  d[3] = (uint8_t)(0x80 | (c & 0x3f));
  return 4;
}

/* Validates UTF-8 as Rust's str::from_utf8 does; returns 1 when valid, else 0 with the error's
   index and length (0: the input ended inside a sequence, "incomplete"). */
static int utf8_validate(const uint8_t *s, size_t n, size_t *err_at, uint32_t *err_len) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    uint32_t need;
    uint8_t lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf)
      need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c == 0xe0) lo = 0xa0;
      if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c == 0xf0) lo = 0x90;
      if (c == 0xf4) hi = 0x8f;
    } else {
      *err_at = i;
      *err_len = 1;
      return 0;
    }
    for (uint32_t k = 1; k <= need; k++) {
      if (i + k >= n) {
        *err_at = i;
        *err_len = 0;
        return 0;
      }
      uint8_t b = s[i + k];
      uint8_t l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xbf;
      if (b < l || b > h) {
        *err_at = i;
        *err_len = k;
        return 0;
      }
    }
    i += need + 1;
  }
  return 1;
}

__attribute__((noreturn)) static void utf8_trap(const w2n_cx *cx, size_t at, uint32_t len) {
  if (!cx->host) w2n_canon_trap("invalid utf-8", UINT64_MAX);
  /* Rust's Utf8Error: "invalid utf-8 sequence of 1 bytes from index 0",
     "incomplete utf-8 byte sequence from index 0". */
  char msg[96];
  size_t n = 0;
  const char *head = len ? "invalid utf-8 sequence of " : "incomplete utf-8 byte sequence";
  for (const char *p = head; *p; p++)
    msg[n++] = *p;
  if (len) {
    msg[n++] = (char)('0' + len);
    for (const char *p = " bytes"; *p; p++)
      msg[n++] = *p;
  }
  for (const char *p = " from index"; *p; p++)
    msg[n++] = *p;
  msg[n] = 0;
  w2n_canon_trap(msg, at);
}

/* ---- Source strings: UTF-8, Latin-1 or UTF-16LE bytes, iterated by code point. ---- */
enum { REP_UTF8, REP_LATIN1, REP_UTF16 };
typedef struct src_str {
  const uint8_t *p;
  size_t n; /* bytes */
  uint32_t rep;
} src_str;

static uint32_t next_cp(const src_str *s, size_t *i) {
  if (s->rep == REP_UTF8) return w2n_utf8_next(s->p, i);
  if (s->rep == REP_LATIN1) return s->p[(*i)++];
  uint32_t c = s->p[*i] | (uint32_t)s->p[*i + 1] << 8;
  *i += 2;
  if (c >= 0xd800 && c <= 0xdbff && *i + 1 < s->n) {
    uint32_t c2 = s->p[*i] | (uint32_t)s->p[*i + 1] << 8;
    if (c2 >= 0xdc00 && c2 <= 0xdfff) {
      *i += 2;
      c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
    }
  }
  return c;
}

/* ---- Lifting ---- */
void w2n_string_lift(const w2n_cx *cx, uint64_t ptr, uint64_t tagged, w2n_cval *out) {
  uint32_t enc = cx->opts->string_encoding, kind, align;
  uint64_t bytes, tag = w2n_utf16_tag(cx);
  /* A count of 2-byte units beyond the limit must not wrap when doubled. */
  if (enc == W2N_STRING_UTF8) {
    kind = W2N_CSTR_UTF8, align = 1, bytes = tagged;
  } else if (enc == W2N_STRING_UTF16) {
    kind = W2N_CSTR_UTF16, align = 2,
    bytes = tagged > W2N_MAX_STRING_BYTE_LENGTH ? tagged : 2 * tagged;
  } else if (tagged & tag) {
    uint64_t units = tagged ^ tag;
    kind = W2N_CSTR_LATIN1_UTF16, align = 2,
    bytes = units > W2N_MAX_STRING_BYTE_LENGTH ? units : 2 * units;
  } else {
    kind = W2N_CSTR_LATIN1, align = 2, bytes = tagged;
  }
  if (bytes > W2N_MAX_STRING_BYTE_LENGTH) w2n_cx_trap(cx, W2N_MSG_STRING_OOB);
  if (ptr & (align - 1)) w2n_cx_trap(cx, W2N_MSG_STRING_ALIGN);
  w2n_memory *m = cx->opts->memory;
  if (!m || ptr > m->size || bytes > m->size - ptr) w2n_cx_trap(cx, W2N_MSG_STRING_OOB);
  src_str s = {m->base + ptr, bytes,
               kind == W2N_CSTR_UTF8     ? REP_UTF8
               : kind == W2N_CSTR_LATIN1 ? REP_LATIN1
                                         : REP_UTF16};
  /* Validate (Latin-1 always is). */
  if (s.rep == REP_UTF8) {
    size_t at;
    uint32_t len;
    if (!utf8_validate(s.p, s.n, &at, &len)) utf8_trap(cx, at, len);
  } else if (s.rep == REP_UTF16) {
    for (size_t i = 0; i < s.n;) {
      uint32_t c = next_cp(&s, &i);
      if (c >= 0xd800 && c <= 0xdfff) w2n_canon_trap("unpaired surrogate found", c);
    }
  }
  memset(out, 0, sizeof *out);
  out->kind = W2N_CT_STRING;
  if (!cx->host) {
    out->count = (uint32_t)s.n;
    out->bytes = (const char *)s.p;
    out->u = kind | W2N_CSTR_RAW;
    return;
  }
  /* For the host: UTF-8 (at most 3 bytes per UTF-16 unit, 2 per Latin-1 byte). */
  uint8_t *d = w2n_arena_alloc(s.rep == REP_UTF8     ? s.n
                               : s.rep == REP_LATIN1 ? 2 * s.n
                                                     : s.n / 2 * 3);
  size_t n = 0;
  if (s.rep == REP_UTF8) {
    memcpy(d, s.p, s.n);
    n = s.n;
  } else {
    for (size_t i = 0; i < s.n;)
      n += utf8_put(d + n, next_cp(&s, &i));
  }
  out->count = (uint32_t)n;
  out->bytes = (const char *)d;
  out->u = kind;
}

/* ---- Lowering ---- */
typedef struct lower_state {
  const w2n_cx *cx;
  src_str s;
} lower_state;

static uint64_t alloc_str(const lower_state *st, uint64_t old, uint32_t old_size, uint32_t align,
                          uint64_t size) {
  if (size > W2N_MAX_STRING_BYTE_LENGTH) w2n_cx_trap(st->cx, W2N_MSG_STRING_OOB);
  return w2n_cx_realloc(st->cx, old, old_size, align, size, W2N_MSG_STRING_OOB,
                        W2N_MSG_STRING_ALIGN);
}

static uint8_t *mem(const lower_state *st, uint64_t ptr) {
  return st->cx->opts->memory->base + ptr;
}

/* Code units of the string in an encoding: 1 = UTF-8, 2 = UTF-16, 0 = code points. */
static uint64_t count_units(const src_str *s, int unit) {
  uint64_t n = 0;
  for (size_t i = 0; i < s->n;) {
    uint32_t c = next_cp(s, &i);
    if (unit == 1)
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    else if (unit == 2)
      n += c >= 0x10000 ? 2 : 1;
    else
      n++;
  }
  return n;
}

/* Writes the UTF-16LE of the code points from byte offset `from` at d; returns bytes written. */
static size_t put_utf16(uint8_t *d, const src_str *s, size_t from) {
  if (s->rep == REP_UTF16) {
    memcpy(d, s->p + from, s->n - from);
    return s->n - from;
  }
  size_t n = 0;
  for (size_t i = from; i < s->n;) {
    uint32_t c = next_cp(s, &i);
    if (c >= 0x10000) {
      c -= 0x10000;
      uint32_t hi = 0xd800 + (c >> 10), lo = 0xdc00 + (c & 0x3ff);
      d[n++] = (uint8_t)hi, d[n++] = (uint8_t)(hi >> 8);
      d[n++] = (uint8_t)lo, d[n++] = (uint8_t)(lo >> 8);
    } else {
      d[n++] = (uint8_t)c, d[n++] = (uint8_t)(c >> 8);
    }
  }
  return n;
}

/* Writes the UTF-8 of the code points from byte offset `from`; returns bytes written. */
static size_t put_utf8(uint8_t *d, const src_str *s, size_t from) {
  if (s->rep == REP_UTF8) {
    memcpy(d, s->p + from, s->n - from);
    return s->n - from;
  }
  size_t n = 0;
  for (size_t i = from; i < s->n;)
    n += utf8_put(d + n, next_cp(s, &i));
  return n;
}

/* store_string_copy */
static uint64_t store_copy(const lower_state *st, uint32_t units, uint32_t unit_size,
                           uint32_t align, uint64_t *tagged) {
  uint64_t ptr = alloc_str(st, 0, 0, align, (uint64_t)unit_size * units);
  uint8_t *d = mem(st, ptr);
  if (unit_size == 2) {
    put_utf16(d, &st->s, 0);
  } else if (align == 2) { /* latin1 */
    if (st->s.rep == REP_LATIN1) {
      memcpy(d, st->s.p, st->s.n);
    } else {
      size_t n = 0;
      for (size_t i = 0; i < st->s.n;)
        d[n++] = (uint8_t)next_cp(&st->s, &i);
    }
  } else {
    put_utf8(d, &st->s, 0);
  }
  *tagged = units;
  return ptr;
}

/* store_string_to_utf8 (from utf16 or latin1 sources) */
static uint64_t store_to_utf8(const lower_state *st, uint32_t units, uint64_t worst,
                              uint64_t *tagged) {
  uint64_t ptr = alloc_str(st, 0, 0, 1, units);
  size_t i = 0, k = 0;
  while (i < st->s.n) {
    size_t at = i;
    uint32_t c = next_cp(&st->s, &i);
    if (c < 0x80) {
      mem(st, ptr)[k++] = (uint8_t)c;
      continue;
    }
    ptr = alloc_str(st, ptr, units, 1, worst);
    uint32_t len = (uint32_t)(k + put_utf8(mem(st, ptr) + k, &st->s, at));
    if (worst > len) ptr = alloc_str(st, ptr, (uint32_t)worst, 1, len);
    *tagged = len;
    return ptr;
  }
  *tagged = units;
  return ptr;
}

/* store_utf8_to_utf16 */
static uint64_t store_utf8_to_utf16(const lower_state *st, uint32_t units, uint64_t *tagged) {
  uint64_t worst = 2ull * units;
  uint64_t ptr = alloc_str(st, 0, 0, 2, worst);
  uint32_t n = (uint32_t)put_utf16(mem(st, ptr), &st->s, 0);
  if (n < worst) ptr = alloc_str(st, ptr, (uint32_t)worst, 2, n);
  *tagged = n / 2;
  return ptr;
}

/* store_string_to_latin1_or_utf16 */
static uint64_t store_to_latin1_or_utf16(const lower_state *st, uint32_t units, uint64_t *tagged) {
  uint64_t ptr = alloc_str(st, 0, 0, 2, units);
  uint32_t n = 0;
  for (size_t i = 0; i < st->s.n;) {
    size_t at = i;
    uint32_t c = next_cp(&st->s, &i);
    if (c < 0x100) {
      mem(st, ptr)[n++] = (uint8_t)c;
      continue;
    }
    uint64_t worst = 2ull * units;
    ptr = alloc_str(st, ptr, units, 2, worst);
    uint8_t *d = mem(st, ptr);
    for (uint32_t j = n; j-- > 0;) {
      d[2 * j] = d[j];
      d[2 * j + 1] = 0;
    }
    uint32_t bytes = 2 * n + (uint32_t)put_utf16(d + 2 * n, &st->s, at);
    if (worst > bytes) ptr = alloc_str(st, ptr, (uint32_t)worst, 2, bytes);
    *tagged = (bytes / 2) | w2n_utf16_tag(st->cx);
    return ptr;
  }
  if (n < units) ptr = alloc_str(st, ptr, units, 2, n);
  *tagged = n;
  return ptr;
}

/* store_probably_utf16_to_latin1_or_utf16. definitions.py shrinks to Latin-1 with alignment 1 and
   no alignment check; Wasmtime (strings.wast) keeps alignment 2 and checks it, which is also what
   lifting a latin1+utf16 string requires, so that is done here. */
static uint64_t store_probably_utf16(const lower_state *st, uint32_t units, uint64_t *tagged) {
  uint64_t src_bytes = 2ull * units;
  uint64_t ptr = alloc_str(st, 0, 0, 2, src_bytes);
  uint8_t *d = mem(st, ptr);
  uint32_t bytes = (uint32_t)put_utf16(d, &st->s, 0);
  int wide = 0;
  for (size_t i = 0; i < st->s.n && !wide;)
    if (next_cp(&st->s, &i) >= 0x100) wide = 1;
  if (wide) {
    *tagged = (bytes / 2) | w2n_utf16_tag(st->cx);
    return ptr;
  }
  uint32_t latin1 = bytes / 2;
  for (uint32_t i = 0; i < latin1; i++)
    d[i] = d[2 * i];
  ptr = alloc_str(st, ptr, (uint32_t)src_bytes, 2, latin1);
  *tagged = latin1;
  return ptr;
}

uint64_t w2n_string_lower(const w2n_cx *cx, const w2n_cval *v, uint64_t *tagged) {
  uint32_t kind = (uint32_t)v->u & W2N_CSTR_KIND;
  if (!kind) kind = W2N_CSTR_UTF8;
  int raw = (v->u & W2N_CSTR_RAW) != 0;
  lower_state st = {cx, {(const uint8_t *)v->bytes, v->count, REP_UTF8}};
  if (raw)
    st.s.rep = kind == W2N_CSTR_UTF8 ? REP_UTF8 : kind == W2N_CSTR_LATIN1 ? REP_LATIN1 : REP_UTF16;
  /* src_code_units in the source's (simple) encoding. */
  uint64_t units64;
  if (raw)
    units64 = st.s.rep == REP_UTF16 ? st.s.n / 2 : st.s.n;
  else if (kind == W2N_CSTR_UTF8)
    units64 = st.s.n;
  else
    units64 = count_units(&st.s, kind == W2N_CSTR_LATIN1 ? 0 : 2);
  if (units64 > W2N_MAX_STRING_BYTE_LENGTH) w2n_cx_trap(cx, W2N_MSG_STRING_OOB);
  uint32_t units = (uint32_t)units64;
  switch (cx->opts->string_encoding) {
  case W2N_STRING_UTF8:
    if (kind == W2N_CSTR_UTF8) return store_copy(&st, units, 1, 1, tagged);
    if (kind == W2N_CSTR_LATIN1) return store_to_utf8(&st, units, 2ull * units, tagged);
    return store_to_utf8(&st, units, 3ull * units, tagged);
  case W2N_STRING_UTF16:
    if (kind == W2N_CSTR_UTF8) return store_utf8_to_utf16(&st, units, tagged);
    return store_copy(&st, units, 2, 2, tagged);
  default:
    if (kind == W2N_CSTR_UTF8 || kind == W2N_CSTR_UTF16)
      return store_to_latin1_or_utf16(&st, units, tagged);
    if (kind == W2N_CSTR_LATIN1) return store_copy(&st, units, 1, 2, tagged);
    return store_probably_utf16(&st, units, tagged);
  }
}
