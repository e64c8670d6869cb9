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
    if (c >= 0xc2 && c <= 0xdf) need = 1;
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
  for (const char *p = head; *p; p++) msg[n++] = *p;
  if (len) {
    msg[n++] = (char)('0' + len);
    for (const char *p = " bytes"; *p; p++) msg[n++] = *p;
  }
  for (const char *p = " from index"; *p; p++) msg[n++] = *p;
  msg[n] = 0;
  w2n_canon_trap(msg, at);
}

/* ---- Lifting ---- */
void w2n_string_lift(const w2n_cx *cx, uint32_t ptr, uint32_t tagged, w2n_cval *out) {
  uint32_t enc = cx->opts->string_encoding, src, align;
  uint64_t bytes;
  if (enc == W2N_STRING_UTF8) {
    src = W2N_CSTR_UTF8, align = 1, bytes = tagged;
  } else if (enc == W2N_STRING_UTF16) {
    src = W2N_CSTR_UTF16, align = 2, bytes = 2ull * tagged;
  } else if (tagged & W2N_UTF16_TAG) {
    src = W2N_CSTR_LATIN1_UTF16, align = 2, bytes = 2ull * (tagged ^ W2N_UTF16_TAG);
  } else {
    src = W2N_CSTR_LATIN1, align = 2, bytes = tagged;
  }
  if (bytes > W2N_MAX_STRING_BYTE_LENGTH) w2n_cx_trap(cx, W2N_MSG_STRING_OOB);
  if (ptr & (align - 1)) w2n_cx_trap(cx, W2N_MSG_STRING_ALIGN);
  w2n_memory *m = cx->opts->memory;
  if (!m || (uint64_t)ptr + bytes > m->size) w2n_cx_trap(cx, W2N_MSG_STRING_OOB);
  const uint8_t *s = m->base + ptr;
  uint8_t *d;
  size_t n = 0;
  if (src == W2N_CSTR_UTF8) {
    size_t at;
    uint32_t len;
    if (!utf8_validate(s, bytes, &at, &len)) utf8_trap(cx, at, len);
    d = w2n_arena_alloc(bytes);
    memcpy(d, s, bytes);
    n = bytes;
  } else if (src == W2N_CSTR_LATIN1) {
    d = w2n_arena_alloc(2 * bytes);
    for (size_t i = 0; i < bytes; i++) n += utf8_put(d + n, s[i]);
  } else {
    /* UTF-16LE: at most 3 UTF-8 bytes per code unit (a pair gives 4 for 2). */
    size_t units = bytes / 2;
    d = w2n_arena_alloc(3 * units);
    for (size_t i = 0; i < units; i++) {
      uint32_t c = s[2 * i] | (uint32_t)s[2 * i + 1] << 8;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < units) {
        uint32_t c2 = s[2 * i + 2] | (uint32_t)s[2 * i + 3] << 8;
        if (c2 >= 0xdc00 && c2 <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
          i++;
        }
      }
      if (c >= 0xd800 && c <= 0xdfff) w2n_canon_trap("unpaired surrogate found", c);
      n += utf8_put(d + n, c);
    }
  }
  memset(out, 0, sizeof *out);
  out->kind = W2N_CT_STRING;
  out->count = (uint32_t)n;
  out->bytes = (const char *)d;
  out->u = src;
}

/* ---- Lowering ---- */
typedef struct lower_state {
  const w2n_cx *cx;
  const uint8_t *src;
  size_t len; /* UTF-8 bytes */
} lower_state;

static uint32_t alloc_str(const lower_state *st, uint32_t old, uint32_t old_size, uint32_t align,
                          uint32_t size) {
  return w2n_cx_realloc(st->cx, old, old_size, align, size, W2N_MSG_STRING_OOB,
                        W2N_MSG_STRING_ALIGN);
}

static uint8_t *mem(const lower_state *st, uint32_t ptr) { return st->cx->opts->memory->base + ptr; }

static uint32_t utf16_units(const uint8_t *s, size_t len) {
  uint32_t n = 0;
  for (size_t i = 0; i < len;) n += w2n_utf8_next(s, &i) >= 0x10000 ? 2 : 1;
  return n;
}

static uint32_t code_points(const uint8_t *s, size_t len) {
  uint32_t n = 0;
  for (size_t i = 0; i < len; n++) w2n_utf8_next(s, &i);
  return n;
}

/* Writes the UTF-16LE of src[from..) at d; returns the bytes written. */
static size_t put_utf16(uint8_t *d, const uint8_t *s, size_t from, size_t len) {
  size_t n = 0;
  for (size_t i = from; i < len;) {
    uint32_t c = w2n_utf8_next(s, &i);
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

/* store_string_copy */
static uint32_t store_copy(const lower_state *st, uint32_t units, uint32_t unit_size,
                           uint32_t align, uint32_t *tagged) {
  uint32_t bytes = unit_size * units;
  uint32_t ptr = alloc_str(st, 0, 0, align, bytes);
  uint8_t *d = mem(st, ptr);
  if (unit_size == 2) {
    put_utf16(d, st->src, 0, st->len);
  } else if (align == 2) { /* latin1 */
    size_t n = 0;
    for (size_t i = 0; i < st->len;) d[n++] = (uint8_t)w2n_utf8_next(st->src, &i);
  } else {
    memcpy(d, st->src, st->len);
  }
  *tagged = units;
  return ptr;
}

/* store_string_to_utf8 (from utf16 or latin1 sources) */
static uint32_t store_to_utf8(const lower_state *st, uint32_t units, uint32_t worst,
                              uint32_t *tagged) {
  uint32_t ptr = alloc_str(st, 0, 0, 1, units);
  size_t i = 0, k = 0;
  while (i < st->len) {
    size_t at = i;
    uint32_t c = w2n_utf8_next(st->src, &i);
    if (c < 0x80) {
      mem(st, ptr)[k++] = (uint8_t)c;
      continue;
    }
    ptr = alloc_str(st, ptr, units, 1, worst);
    memcpy(mem(st, ptr) + k, st->src + at, st->len - at);
    uint32_t len = (uint32_t)st->len;
    if (worst > len) ptr = alloc_str(st, ptr, worst, 1, len);
    *tagged = len;
    return ptr;
  }
  *tagged = units;
  return ptr;
}

/* store_utf8_to_utf16 */
static uint32_t store_utf8_to_utf16(const lower_state *st, uint32_t units, uint32_t *tagged) {
  uint32_t worst = 2 * units;
  uint32_t ptr = alloc_str(st, 0, 0, 2, worst);
  uint32_t n = (uint32_t)put_utf16(mem(st, ptr), st->src, 0, st->len);
  if (n < worst) ptr = alloc_str(st, ptr, worst, 2, n);
  *tagged = n / 2;
  return ptr;
}

/* store_string_to_latin1_or_utf16 */
static uint32_t store_to_latin1_or_utf16(const lower_state *st, uint32_t units,
                                         uint32_t *tagged) {
  uint32_t ptr = alloc_str(st, 0, 0, 2, units);
  uint32_t n = 0;
  for (size_t i = 0; i < st->len;) {
    size_t at = i;
    uint32_t c = w2n_utf8_next(st->src, &i);
    if (c < 0x100) {
      mem(st, ptr)[n++] = (uint8_t)c;
      continue;
    }
    uint32_t worst = 2 * units;
    ptr = alloc_str(st, ptr, units, 2, worst);
    uint8_t *d = mem(st, ptr);
    for (uint32_t j = n; j-- > 0;) {
      d[2 * j] = d[j];
      d[2 * j + 1] = 0;
    }
    uint32_t bytes = 2 * n + (uint32_t)put_utf16(d + 2 * n, st->src, at, st->len);
    if (worst > bytes) ptr = alloc_str(st, ptr, worst, 2, bytes);
    *tagged = (bytes / 2) | W2N_UTF16_TAG;
    return ptr;
  }
  if (n < units) ptr = alloc_str(st, ptr, units, 2, n);
  *tagged = n;
  return ptr;
}

/* store_probably_utf16_to_latin1_or_utf16 */
static uint32_t store_probably_utf16(const lower_state *st, uint32_t units, uint32_t *tagged) {
  uint32_t src_bytes = 2 * units;
  uint32_t ptr = alloc_str(st, 0, 0, 2, src_bytes);
  uint8_t *d = mem(st, ptr);
  uint32_t bytes = (uint32_t)put_utf16(d, st->src, 0, st->len);
  int wide = 0;
  for (size_t i = 0; i < st->len;)
    if (w2n_utf8_next(st->src, &i) >= 0x100) wide = 1;
  if (wide) {
    *tagged = (bytes / 2) | W2N_UTF16_TAG;
    return ptr;
  }
  uint32_t latin1 = bytes / 2;
  for (uint32_t i = 0; i < latin1; i++) d[i] = d[2 * i];
  ptr = alloc_str(st, ptr, src_bytes, 1, latin1);
  *tagged = latin1;
  return ptr;
}

uint32_t w2n_string_lower(const w2n_cx *cx, const w2n_cval *v, uint32_t *tagged) {
  lower_state st = {cx, (const uint8_t *)v->bytes, v->count};
  uint32_t src = v->u ? (uint32_t)v->u : W2N_CSTR_UTF8;
  /* src_code_units in the source's (simple) encoding. */
  uint32_t units = src == W2N_CSTR_UTF8     ? v->count
                   : src == W2N_CSTR_LATIN1 ? code_points(st.src, st.len)
                                            : utf16_units(st.src, st.len);
  switch (cx->opts->string_encoding) {
  case W2N_STRING_UTF8:
    if (src == W2N_CSTR_UTF8) return store_copy(&st, units, 1, 1, tagged);
    if (src == W2N_CSTR_LATIN1) return store_to_utf8(&st, units, 2 * units, tagged);
    return store_to_utf8(&st, units, 3 * units, tagged);
  case W2N_STRING_UTF16:
    if (src == W2N_CSTR_UTF8) return store_utf8_to_utf16(&st, units, tagged);
    return store_copy(&st, units, 2, 2, tagged);
  default:
    if (src == W2N_CSTR_UTF8 || src == W2N_CSTR_UTF16)
      return store_to_latin1_or_utf16(&st, units, tagged);
    if (src == W2N_CSTR_LATIN1) return store_copy(&st, units, 1, 2, tagged);
    return store_probably_utf16(&st, units, tagged);
  }
}
