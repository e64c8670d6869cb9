/* Component values between the C types of a library's generated header and the canonical ABI
   engine's w2n_cval trees, guided by w2n_ctype.native (the C layout the compiler computed for the
   header, compiler/lowering/component_c_layout.cpp). Arguments are read as the host gave them
   (borrowed for the call: nothing is kept); results are written with strings and lists in memory
   from the host's malloc, which the header's _free functions release. */
#include "../canon_internal.h"
#include "lib.h"

void *malloc(size_t size);
void free(void *ptr);
void *memset(void *dst, int c, size_t n);

static uint64_t read_uint(const uint8_t *p, uint32_t size) {
  switch (size) {
  case 1:
    return *p;
  case 2:
    return *(const uint16_t *)p;
  case 4:
    return *(const uint32_t *)p;
  default:
    return *(const uint64_t *)p;
  }
}

static void write_uint(uint8_t *p, uint32_t size, uint64_t v) {
  switch (size) {
  case 1:
    *p = (uint8_t)v;
    return;
  case 2:
    *(uint16_t *)p = (uint16_t)v;
    return;
  case 4:
    *(uint32_t *)p = (uint32_t)v;
    return;
  default:
    *(uint64_t *)p = v;
  }
}

static uint32_t case_count(const w2n_ctype *t) {
  return t->kind == W2N_CT_OPTION || t->kind == W2N_CT_RESULT ? 2 : t->count;
}

/* The C tag's size: a bool for options and results, else as wide as the cases need. */
static uint32_t tag_size(const w2n_ctype *t) {
  if (t->kind == W2N_CT_OPTION || t->kind == W2N_CT_RESULT) return 1;
  uint32_t n = case_count(t);
  return n <= 256 ? 1 : n <= 65536 ? 2 : 4;
}

static const w2n_ctype *payload_type(const w2n_ctype *t, uint32_t index) {
  return t->kind == W2N_CT_ENUM || !t->members ? 0 : t->members[index];
}

/* Strict UTF-8 (what a component string must hold). */
static bool valid_utf8(const uint8_t *s, size_t n) {
  for (size_t i = 0; i < n;) {
    /* ASCII eight bytes at a time: most strings are mostly ASCII. */
    uint64_t word;
    if (n - i >= 8 && (__builtin_memcpy(&word, s + i, 8), !(word & 0x8080808080808080ull))) {
      i += 8;
      continue;
    }
    uint32_t c = s[i];
    uint32_t need = c < 0x80                ? 0
                    : c >= 0xc2 && c < 0xe0 ? 1
                    : c >= 0xe0 && c < 0xf0 ? 2
                    : c >= 0xf0 && c < 0xf5 ? 3
                                            : 9;
    if (need == 9 || n - i <= need) return false;
    uint32_t v = need == 0 ? c : need == 1 ? c & 0x1f : need == 2 ? c & 0x0f : c & 0x07;
    for (uint32_t k = 1; k <= need; k++) {
      if ((s[i + k] & 0xc0) != 0x80) return false;
      v = v << 6 | (s[i + k] & 0x3f);
    }
    static const uint32_t min[] = {0, 0x80, 0x800, 0x10000};
    if (v < min[need] || (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff) return false;
    i += need + 1;
  }
  return true;
}

const char *w2n_lib_from_native(const w2n_ctype *t, const void *cv, w2n_cval *out) {
  const uint8_t *p = cv;
  /* All of it: lowering reads `u` of strings and lists too (0: UTF-8 / elements, not raw). */
  memset(out, 0, sizeof *out);
  out->kind = t->kind;
  switch (t->kind) {
  case W2N_CT_BOOL:
    out->u = *p != 0;
    return 0;
  case W2N_CT_S8:
    out->s = *(const int8_t *)p;
    return 0;
  case W2N_CT_S16:
    out->s = *(const int16_t *)p;
    return 0;
  case W2N_CT_S32:
    out->s = *(const int32_t *)p;
    return 0;
  case W2N_CT_S64:
    out->s = *(const int64_t *)p;
    return 0;
  case W2N_CT_U8:
  case W2N_CT_U16:
  case W2N_CT_U32:
  case W2N_CT_U64:
    out->u = read_uint(p, t->native.size);
    return 0;
  case W2N_CT_F32:
    out->f32 = *(const float *)p;
    return 0;
  case W2N_CT_F64:
    out->f64 = *(const double *)p;
    return 0;
  case W2N_CT_CHAR: {
    uint32_t c = *(const uint32_t *)p;
    if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
      return "a char that is not a Unicode scalar value";
    out->u = c;
    return 0;
  }
  case W2N_CT_STRING: {
    const uint8_t *s = *(const uint8_t *const *)p;
    size_t n = *(const size_t *)(p + 8);
    if (n > 0xffffffffu) return "a string longer than 4 GiB";
    if (n && !s) return "a string with a null pointer";
    if (!valid_utf8(s, n)) return "a string that is not valid UTF-8";
    out->bytes = (const char *)s;
    out->count = (uint32_t)n;
    return 0;
  }
  case W2N_CT_LIST: {
    const w2n_ctype *e = t->members[0];
    const uint8_t *items = p;
    size_t n = t->count;
    if (!n) {
      items = *(const uint8_t *const *)p;
      n = *(const size_t *)(p + 8);
      if (n > 0xffffffffu) return "a list of more than 2^32 elements";
      if (n && !items) return "a list with a null pointer";
      if (e->kind >= W2N_CT_S8 && e->kind <= W2N_CT_U64) {
        /* Integers have no invalid values and the same bytes in C as in the canonical ABI:
           lowering copies them in one go (a 1 MiB list<u8> would else be 1 Mi values). */
        out->count = (uint32_t)n;
        out->bytes = (const char *)items;
        out->u = W2N_CVAL_RAW;
        return 0;
      }
    }
    out->count = (uint32_t)n;
    out->elems = w2n_scratch_alloc((n ? n : 1) * sizeof(w2n_cval));
    for (size_t i = 0; i < n; i++) {
      const char *problem = w2n_lib_from_native(e, items + i * e->native.size, &out->elems[i]);
      if (problem) return problem;
    }
    return 0;
  }
  case W2N_CT_RECORD:
  case W2N_CT_TUPLE:
    out->count = t->count;
    out->elems = w2n_scratch_alloc((t->count ? t->count : 1) * sizeof(w2n_cval));
    for (uint32_t i = 0; i < t->count; i++) {
      const char *problem =
          w2n_lib_from_native(t->members[i], p + t->native.offsets[i], &out->elems[i]);
      if (problem) return problem;
    }
    return 0;
  case W2N_CT_FLAGS:
    out->u = read_uint(p, t->native.size);
    if (t->count < 64 && out->u >> t->count) return "flags with bits beyond the last flag";
    return 0;
  case W2N_CT_OWN:
  case W2N_CT_BORROW:
    out->u = read_uint(p, t->native.size);
    return 0;
  default: { /* enum, option, result, variant */
    uint64_t index =
        t->kind == W2N_CT_ENUM ? read_uint(p, t->native.size) : read_uint(p, tag_size(t));
    if (t->kind == W2N_CT_OPTION || t->kind == W2N_CT_RESULT) index = index != 0;
    if (index >= case_count(t)) return "a case index beyond the type's cases";
    out->u = index;
    const w2n_ctype *payload = payload_type(t, (uint32_t)index);
    if (!payload) return 0;
    out->elems = w2n_scratch_alloc(sizeof(w2n_cval));
    return w2n_lib_from_native(payload, p + t->native.payload_offset, out->elems);
  }
  }
}

bool w2n_lib_to_native(const w2n_ctype *t, const w2n_cval *v, void *cv) {
  uint8_t *p = cv;
  switch (t->kind) {
  case W2N_CT_BOOL:
    *p = v->u != 0;
    return true;
  case W2N_CT_F32:
    *(float *)p = v->f32;
    return true;
  case W2N_CT_F64:
    *(double *)p = v->f64;
    return true;
  case W2N_CT_STRING: {
    /* NUL-terminated too, for the convenience of C hosts (len excludes it). */
    uint8_t *s = malloc((size_t)v->count + 1);
    if (!s) return false;
    for (uint32_t i = 0; i < v->count; i++)
      s[i] = (uint8_t)v->bytes[i];
    s[v->count] = 0;
    *(uint8_t **)p = s;
    *(size_t *)(p + 8) = v->count;
    return true;
  }
  case W2N_CT_LIST: {
    const w2n_ctype *e = t->members[0];
    uint8_t *items = p;
    if (!t->count) {
      items = v->count ? malloc((size_t)v->count * e->native.size) : 0;
      if (v->count && !items) return false;
      *(uint8_t **)p = items;
      *(size_t *)(p + 8) = v->count;
    }
    for (uint32_t i = 0; i < v->count; i++)
      if (!w2n_lib_to_native(e, &v->elems[i], items + (size_t)i * e->native.size)) return false;
    return true;
  }
  case W2N_CT_RECORD:
  case W2N_CT_TUPLE:
    for (uint32_t i = 0; i < t->count; i++)
      if (!w2n_lib_to_native(t->members[i], &v->elems[i], p + t->native.offsets[i])) return false;
    return true;
  case W2N_CT_S8:
  case W2N_CT_U8:
  case W2N_CT_S16:
  case W2N_CT_U16:
  case W2N_CT_S32:
  case W2N_CT_U32:
  case W2N_CT_S64:
  case W2N_CT_U64:
  case W2N_CT_CHAR:
  case W2N_CT_FLAGS:
  case W2N_CT_OWN:
  case W2N_CT_BORROW:
  case W2N_CT_ENUM:
    write_uint(p, t->native.size, v->u);
    return true;
  default: { /* option, result, variant */
    write_uint(p, tag_size(t), v->u);
    const w2n_ctype *payload = payload_type(t, (uint32_t)v->u);
    if (!payload || !v->elems) return true;
    return w2n_lib_to_native(payload, v->elems, p + t->native.payload_offset);
  }
  }
}

void w2n_lib_free_native(const w2n_ctype *t, void *cv) {
  uint8_t *p = cv;
  switch (t->kind) {
  case W2N_CT_STRING:
    free(*(void **)p);
    *(void **)p = 0;
    *(size_t *)(p + 8) = 0;
    return;
  case W2N_CT_LIST: {
    const w2n_ctype *e = t->members[0];
    uint8_t *items = t->count ? p : *(uint8_t **)p;
    size_t n = t->count ? t->count : *(size_t *)(p + 8);
    for (size_t i = 0; i < n; i++)
      w2n_lib_free_native(e, items + i * e->native.size);
    if (!t->count) {
      free(items);
      *(void **)p = 0;
      *(size_t *)(p + 8) = 0;
    }
    return;
  }
  case W2N_CT_RECORD:
  case W2N_CT_TUPLE:
    for (uint32_t i = 0; i < t->count; i++)
      w2n_lib_free_native(t->members[i], p + t->native.offsets[i]);
    return;
  case W2N_CT_OPTION:
  case W2N_CT_RESULT:
  case W2N_CT_VARIANT: {
    uint64_t index = read_uint(p, tag_size(t));
    if (t->kind != W2N_CT_VARIANT) index = index != 0;
    if (index >= case_count(t)) return;
    const w2n_ctype *payload = payload_type(t, (uint32_t)index);
    if (payload) w2n_lib_free_native(payload, p + t->native.payload_offset);
    return;
  }
  default:
    return;
  }
}
