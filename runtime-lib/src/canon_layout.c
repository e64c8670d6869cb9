/* Layout of component values in linear memory and as flat core values (definitions.py
   alignment, elem_size, discriminant_type, flatten_type with its variant join), for 32- and
   64-bit memories (p64: pointers and lengths of strings and lists are i64, 8 bytes). Tuples, enums,
   options and results are despecialized to records and variants. */
#include "canon_internal.h"

#define FLAT_SATURATE (1u << 20)

static int is_variant(uint32_t k) {
  return k == W2N_CT_VARIANT || k == W2N_CT_ENUM || k == W2N_CT_OPTION || k == W2N_CT_RESULT;
}

static uint32_t align_to(uint32_t x, uint32_t a) { return (x + a - 1) & ~(a - 1); }

uint32_t w2n_ct_disc_size(uint32_t cases) {
  /* discriminant_type: ceil(log2(n)/8) bytes, u8 for 0 or 1. */
  if (cases <= 256) return 1;
  if (cases <= 65536) return 2;
  return 4;
}

static uint32_t case_count(const w2n_ctype *t) {
  return t->kind == W2N_CT_OPTION || t->kind == W2N_CT_RESULT ? 2 : t->count;
}

const w2n_ctype *w2n_ct_case(const w2n_ctype *t, uint32_t index) {
  if (t->kind == W2N_CT_ENUM || !t->members) return 0;
  return t->members[index];
}

static uint32_t flags_size(uint32_t n) { return n <= 8 ? 1 : n <= 16 ? 2 : 4; }

/* The size of a number, char or handle (also its alignment); 0 for the other kinds. */
static uint32_t scalar_size(uint32_t kind) {
  switch (kind) {
  case W2N_CT_BOOL:
  case W2N_CT_S8:
  case W2N_CT_U8:
    return 1;
  case W2N_CT_S16:
  case W2N_CT_U16:
    return 2;
  case W2N_CT_S32:
  case W2N_CT_U32:
  case W2N_CT_F32:
  case W2N_CT_CHAR:
    return 4;
  case W2N_CT_S64:
  case W2N_CT_U64:
  case W2N_CT_F64:
    return 8;
  case W2N_CT_OWN:
  case W2N_CT_BORROW:
    return 4;
  default:
    return 0;
  }
}

uint32_t w2n_ct_max_case_align(const w2n_ctype *t, int p64) {
  uint32_t a = 1, n = case_count(t);
  for (uint32_t i = 0; i < n; i++) {
    const w2n_ctype *c = w2n_ct_case(t, i);
    if (c) {
      uint32_t ca = w2n_ct_align(c, p64);
      if (ca > a) a = ca;
    }
  }
  return a;
}

uint32_t w2n_ct_align(const w2n_ctype *t, int p64) {
  uint32_t scalar = scalar_size(t->kind);
  if (scalar) return scalar;
  switch (t->kind) {
  case W2N_CT_STRING:
    return p64 ? 8 : 4;
  case W2N_CT_LIST:
    return t->count ? w2n_ct_align(t->members[0], p64) : p64 ? 8 : 4;
  case W2N_CT_RECORD:
  case W2N_CT_TUPLE: {
    uint32_t a = 1;
    for (uint32_t i = 0; i < t->count; i++) {
      uint32_t fa = w2n_ct_align(t->members[i], p64);
      if (fa > a) a = fa;
    }
    return a;
  }
  case W2N_CT_FLAGS:
    return flags_size(t->count);
  default: {
    uint32_t d = w2n_ct_disc_size(case_count(t)), m = w2n_ct_max_case_align(t, p64);
    return d > m ? d : m;
  }
  }
}

uint32_t w2n_ct_payload_offset(const w2n_ctype *t, int p64) {
  return align_to(w2n_ct_disc_size(case_count(t)), w2n_ct_max_case_align(t, p64));
}

uint32_t w2n_ct_size(const w2n_ctype *t, int p64) {
  uint32_t scalar = scalar_size(t->kind);
  if (scalar) return scalar;
  switch (t->kind) {
  case W2N_CT_STRING:
    return p64 ? 16 : 8;
  case W2N_CT_LIST: {
    if (!t->count) return p64 ? 16 : 8;
    uint64_t s = (uint64_t)t->count * w2n_ct_size(t->members[0], p64);
    return s > 0xffffffffu ? 0xffffffffu : (uint32_t)s;
  }
  case W2N_CT_RECORD:
  case W2N_CT_TUPLE: {
    uint32_t s = 0;
    for (uint32_t i = 0; i < t->count; i++) {
      s = align_to(s, w2n_ct_align(t->members[i], p64));
      s += w2n_ct_size(t->members[i], p64);
    }
    return align_to(s, w2n_ct_align(t, p64));
  }
  case W2N_CT_FLAGS:
    return flags_size(t->count);
  default: {
    uint32_t s = w2n_ct_payload_offset(t, p64), cs = 0, n = case_count(t);
    for (uint32_t i = 0; i < n; i++) {
      const w2n_ctype *c = w2n_ct_case(t, i);
      if (c) {
        uint32_t sz = w2n_ct_size(c, p64);
        if (sz > cs) cs = sz;
      }
    }
    return align_to(s + cs, w2n_ct_align(t, p64));
  }
  }
}

static char join(char a, char b) {
  if (a == b) return a;
  if ((a == 'i' && b == 'f') || (a == 'f' && b == 'i')) return 'i';
  return 'I';
}

static uint32_t sat_add(uint32_t a, uint32_t b) {
  uint64_t s = (uint64_t)a + b;
  return s > FLAT_SATURATE ? FLAT_SATURATE : (uint32_t)s;
}

/* Appends the flat types of t at out[n..) (those below cap); returns the new count. */
static uint32_t flatten(const w2n_ctype *t, int p64, char *out, uint32_t n, uint32_t cap) {
#define PUT(c)                                                                                     \
  do {                                                                                             \
    if (out && n < cap) out[n] = (c);                                                              \
    n = sat_add(n, 1);                                                                             \
  } while (0)
  switch (t->kind) {
  case W2N_CT_S64:
  case W2N_CT_U64:
    PUT('I');
    return n;
  case W2N_CT_F32:
    PUT('f');
    return n;
  case W2N_CT_F64:
    PUT('F');
    return n;
  case W2N_CT_STRING:
    PUT(p64 ? 'I' : 'i');
    PUT(p64 ? 'I' : 'i');
    return n;
  case W2N_CT_LIST:
    if (!t->count) {
      PUT(p64 ? 'I' : 'i');
      PUT(p64 ? 'I' : 'i');
      return n;
    }
    for (uint32_t i = 0; i < t->count && n < FLAT_SATURATE; i++)
      n = flatten(t->members[0], p64, out, n, cap);
    return n;
  case W2N_CT_RECORD:
  case W2N_CT_TUPLE:
    for (uint32_t i = 0; i < t->count && n < FLAT_SATURATE; i++)
      n = flatten(t->members[i], p64, out, n, cap);
    return n;
  default:
    if (!is_variant(t->kind)) {
      PUT('i');
      return n;
    }
    {
      PUT('i'); /* the discriminant */
      uint32_t base = n, len = 0, ncases = case_count(t);
      for (uint32_t i = 0; i < ncases; i++) {
        const w2n_ctype *c = w2n_ct_case(t, i);
        if (!c) continue;
        char tmp[W2N_MAX_FLAT_PARAMS + 1];
        uint32_t cn = flatten(c, p64, tmp, 0, sizeof tmp);
        for (uint32_t j = 0; j < cn; j++) {
          uint32_t at = base + j;
          if (j < len) {
            if (out && at < cap && j < sizeof tmp) out[at] = join(out[at], tmp[j]);
          } else if (out && at < cap) {
            out[at] = j < sizeof tmp ? tmp[j] : 'I';
          }
        }
        if (cn > len) len = cn;
      }
      return sat_add(base, len);
    }
  }
#undef PUT
}

uint32_t w2n_ct_flatten(const w2n_ctype *t, int p64, char *out, uint32_t cap) {
  return flatten(t, p64, out, 0, cap);
}

uint32_t w2n_ct_flat_count(const w2n_ctype *t, int p64) { return flatten(t, p64, 0, 0, 0); }

uint32_t w2n_cft_flat_params(const w2n_cfunctype *ft, int p64) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < ft->num_params; i++)
    n = sat_add(n, w2n_ct_flat_count(ft->params[i], p64));
  return n;
}

uint32_t w2n_cft_flat_results(const w2n_cfunctype *ft, int p64) {
  return ft->has_result ? w2n_ct_flat_count(ft->result, p64) : 0;
}

uint32_t w2n_cft_params_align(const w2n_cfunctype *ft, int p64) {
  uint32_t a = 1;
  for (uint32_t i = 0; i < ft->num_params; i++) {
    uint32_t fa = w2n_ct_align(ft->params[i], p64);
    if (fa > a) a = fa;
  }
  return a;
}

uint32_t w2n_cft_params_size(const w2n_cfunctype *ft, int p64) {
  uint32_t s = 0;
  for (uint32_t i = 0; i < ft->num_params; i++) {
    s = align_to(s, w2n_ct_align(ft->params[i], p64));
    s += w2n_ct_size(ft->params[i], p64);
  }
  return align_to(s, w2n_cft_params_align(ft, p64));
}
