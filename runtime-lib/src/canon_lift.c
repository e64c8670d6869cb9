/* Lifting: core values and linear memory -> w2n_cval (definitions.py lift_flat, load,
   load_list_from_range, lift_flat_values). Flat values are raw bits in w2n_val.lo, so the coercions
   of lift_flat_variant (i64 slot read as i32/f32, i32 slot read as f32) are just "take the low 32
   bits". */
#include "canon_internal.h"

static uint64_t rd32(w2n_flat_reader *r) { return r->vals[r->i++].lo & 0xffffffffu; }
static uint64_t rd64(w2n_flat_reader *r) { return r->vals[r->i++].lo; }
/* A pointer or length: i32 or i64 as the memory is. */
static uint64_t rdptr(const w2n_cx *cx, w2n_flat_reader *r) {
  return w2n_cx_p64(cx) ? rd64(r) : rd32(r);
}

static float f32_canon(uint32_t bits) {
  /* canonicalize_nan32 */
  if ((bits & 0x7f800000u) == 0x7f800000u && (bits & 0x007fffffu)) bits = 0x7fc00000u;
  float f;
  memcpy(&f, &bits, 4);
  return f;
}

static double f64_canon(uint64_t bits) {
  if ((bits & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (bits & 0x000fffffffffffffull))
    bits = 0x7ff8000000000000ull;
  double d;
  memcpy(&d, &bits, 8);
  return d;
}

static uint32_t to_char(const w2n_cx *cx, uint32_t i) {
  if (i >= 0x110000 || (i >= 0xd800 && i <= 0xdfff)) w2n_cx_trap(cx, W2N_MSG_CHAR);
  return i;
}

static w2n_cval *new_vals(uint32_t n) {
  w2n_cval *v = w2n_arena_alloc((size_t)(n ? n : 1) * sizeof *v);
  memset(v, 0, (size_t)(n ? n : 1) * sizeof *v);
  return v;
}

static void load_list_from_range(const w2n_cx *cx, uint64_t ptr, uint64_t length,
                                 const w2n_ctype *elem, w2n_cval *out) {
  const w2n_clayout *el = w2n_ct_layout(elem, w2n_cx_p64(cx));
  uint64_t size = el->size;
  /* A list of zero-sized elements may be long; its count must still fit a cval's. */
  if (size ? length > W2N_MAX_LIST_BYTE_LENGTH / size : length > 0xffffffffu)
    w2n_cx_trap(cx, W2N_MSG_LIST_OOB);
  uint64_t bytes = length * size;
  if (ptr & (el->align - 1)) w2n_cx_trap(cx, W2N_MSG_LIST_ALIGN);
  w2n_memory *m = cx->opts->memory;
  if (!m || ptr > m->size || bytes > m->size - ptr) w2n_cx_trap(cx, W2N_MSG_LIST_OOB);
  out->count = (uint32_t)length;
  if (!cx->host && elem->kind >= W2N_CT_S8 && elem->kind <= W2N_CT_U64) {
    /* Integers have no invalid bit patterns: a fused adapter copies them as bytes. */
    out->bytes = (const char *)m->base + ptr;
    out->u = W2N_CVAL_RAW;
    return;
  }
  out->elems = new_vals(out->count);
  for (uint32_t i = 0; i < out->count; i++)
    w2n_load(cx, ptr + i * size, elem, &out->elems[i]);
}

void w2n_lift_flat(const w2n_cx *cx, w2n_flat_reader *r, const w2n_ctype *t, w2n_cval *out) {
  memset(out, 0, sizeof *out);
  out->kind = t->kind;
  switch (t->kind) {
  case W2N_CT_BOOL:
    out->u = rd32(r) != 0;
    return;
  case W2N_CT_U8:
    out->u = rd32(r) & 0xff;
    return;
  case W2N_CT_U16:
    out->u = rd32(r) & 0xffff;
    return;
  case W2N_CT_U32:
    out->u = rd32(r);
    return;
  case W2N_CT_U64:
    out->u = rd64(r);
    return;
  case W2N_CT_S8:
    out->s = (int8_t)rd32(r);
    return;
  case W2N_CT_S16:
    out->s = (int16_t)rd32(r);
    return;
  case W2N_CT_S32:
    out->s = (int32_t)rd32(r);
    return;
  case W2N_CT_S64:
    out->s = (int64_t)rd64(r);
    return;
  case W2N_CT_F32:
    out->f32 = f32_canon((uint32_t)rd32(r));
    return;
  case W2N_CT_F64:
    out->f64 = f64_canon(rd64(r));
    return;
  case W2N_CT_CHAR:
    out->u = to_char(cx, (uint32_t)rd32(r));
    return;
  case W2N_CT_STRING: {
    uint64_t ptr = rdptr(cx, r), len = rdptr(cx, r);
    w2n_string_lift(cx, ptr, len, out);
    return;
  }
  case W2N_CT_LIST:
    if (t->count) {
      out->count = t->count;
      out->elems = new_vals(t->count);
      for (uint32_t i = 0; i < t->count; i++)
        w2n_lift_flat(cx, r, t->members[0], &out->elems[i]);
    } else {
      uint64_t ptr = rdptr(cx, r), len = rdptr(cx, r);
      load_list_from_range(cx, ptr, len, t->members[0], out);
    }
    return;
  case W2N_CT_RECORD:
  case W2N_CT_TUPLE:
    out->count = t->count;
    out->elems = new_vals(t->count);
    for (uint32_t i = 0; i < t->count; i++)
      w2n_lift_flat(cx, r, t->members[i], &out->elems[i]);
    return;
  case W2N_CT_FLAGS: {
    uint64_t v = rd32(r);
    out->u = t->count >= 32 ? v : v & ((1ull << t->count) - 1);
    return;
  }
  case W2N_CT_OWN:
    out->u = w2n_lift_own(cx, (uint32_t)rd32(r), t);
    return;
  case W2N_CT_BORROW:
    out->u = w2n_lift_borrow(cx, (uint32_t)rd32(r), t);
    return;
  default: { /* variant, enum, option, result */
    uint32_t n = w2n_ct_cases(t);
    uint32_t disc = (uint32_t)rd32(r);
    if (disc >= n) w2n_cx_trap_disc(cx, disc, n);
    uint32_t start = r->i, joined = w2n_ct_layout(t, w2n_cx_p64(cx))->flat_count - 1;
    out->u = disc;
    const w2n_ctype *c = w2n_ct_case(t, disc);
    if (c) {
      out->elems = new_vals(1);
      w2n_lift_flat(cx, r, c, out->elems);
    }
    r->i = start + joined;
    return;
  }
  }
}

static uint64_t ld(const uint8_t *p, uint32_t n) {
  uint64_t v = 0;
  memcpy(&v, p, n); /* little-endian targets only */
  return v;
}

void w2n_load(const w2n_cx *cx, uint64_t ptr, const w2n_ctype *t, w2n_cval *out) {
  const uint8_t *p = cx->opts->memory->base + ptr;
  int p64 = w2n_cx_p64(cx);
  uint32_t ps = p64 ? 8 : 4; /* pointer size */
  const w2n_clayout *l = w2n_ct_layout(t, p64);
  memset(out, 0, sizeof *out);
  out->kind = t->kind;
  switch (t->kind) {
  case W2N_CT_BOOL:
    out->u = p[0] != 0;
    return;
  case W2N_CT_U8:
    out->u = p[0];
    return;
  case W2N_CT_U16:
    out->u = ld(p, 2);
    return;
  case W2N_CT_U32:
    out->u = ld(p, 4);
    return;
  case W2N_CT_U64:
    out->u = ld(p, 8);
    return;
  case W2N_CT_S8:
    out->s = (int8_t)p[0];
    return;
  case W2N_CT_S16:
    out->s = (int16_t)ld(p, 2);
    return;
  case W2N_CT_S32:
    out->s = (int32_t)ld(p, 4);
    return;
  case W2N_CT_S64:
    out->s = (int64_t)ld(p, 8);
    return;
  case W2N_CT_F32:
    out->f32 = f32_canon((uint32_t)ld(p, 4));
    return;
  case W2N_CT_F64:
    out->f64 = f64_canon(ld(p, 8));
    return;
  case W2N_CT_CHAR:
    out->u = to_char(cx, (uint32_t)ld(p, 4));
    return;
  case W2N_CT_STRING:
    w2n_string_lift(cx, ld(p, ps), ld(p + ps, ps), out);
    return;
  case W2N_CT_LIST:
    if (t->count) {
      uint64_t size = w2n_ct_layout(t->members[0], p64)->size;
      out->count = t->count;
      out->elems = new_vals(t->count);
      for (uint32_t i = 0; i < t->count; i++)
        w2n_load(cx, ptr + i * size, t->members[0], &out->elems[i]);
    } else {
      load_list_from_range(cx, ld(p, ps), ld(p + ps, ps), t->members[0], out);
    }
    return;
  case W2N_CT_RECORD:
  case W2N_CT_TUPLE: {
    out->count = t->count;
    out->elems = new_vals(t->count);
    for (uint32_t i = 0; i < t->count; i++)
      w2n_load(cx, ptr + l->offsets[i], t->members[i], &out->elems[i]);
    return;
  }
  case W2N_CT_FLAGS: {
    uint32_t n = t->count;
    uint64_t v = ld(p, l->size);
    out->u = n >= 32 ? v : v & ((1ull << n) - 1);
    return;
  }
  case W2N_CT_OWN:
    out->u = w2n_lift_own(cx, (uint32_t)ld(p, 4), t);
    return;
  case W2N_CT_BORROW:
    out->u = w2n_lift_borrow(cx, (uint32_t)ld(p, 4), t);
    return;
  default: {
    uint32_t n = w2n_ct_cases(t);
    uint32_t disc = (uint32_t)ld(p, t->disc_size);
    if (disc >= n) w2n_cx_trap_disc(cx, disc, n);
    out->u = disc;
    const w2n_ctype *c = w2n_ct_case(t, disc);
    if (c) {
      out->elems = new_vals(1);
      w2n_load(cx, ptr + l->payload_offset, c, out->elems);
    }
    return;
  }
  }
}

/* The tuple of the values at ptr (lift_flat_values' memory path), value i at offsets[i]. */
static void load_tuple(const w2n_cx *cx, uint64_t ptr, const w2n_ctype *const *ts, uint32_t n,
                       const uint32_t *offsets, uint32_t align, uint32_t size, w2n_cval *out) {
  if (ptr & (align - 1)) w2n_cx_trap(cx, W2N_MSG_PTR_ALIGN);
  w2n_memory *m = cx->opts->memory;
  if (!m || ptr > m->size || size > m->size - ptr) w2n_cx_trap(cx, W2N_MSG_PTR_OOB);
  for (uint32_t i = 0; i < n; i++)
    w2n_load(cx, ptr + offsets[i], ts[i], &out[i]);
}

void w2n_lift_flat_params(const w2n_cx *cx, const w2n_val *flat, const w2n_cfunctype *ft,
                          w2n_cval *out) {
  w2n_flat_reader r = {flat, 0};
  int p64 = w2n_cx_p64(cx);
  const w2n_clayout *l = w2n_cft_params(ft, p64);
  if (l->flat_count > W2N_MAX_FLAT_PARAMS) {
    load_tuple(cx, rdptr(cx, &r), ft->params, ft->num_params, l->offsets, l->align, l->size, out);
    return;
  }
  for (uint32_t i = 0; i < ft->num_params; i++)
    w2n_lift_flat(cx, &r, ft->params[i], &out[i]);
}

void w2n_lift_flat_result(const w2n_cx *cx, const w2n_val *flat, const w2n_cfunctype *ft,
                          w2n_cval *out) {
  if (!ft->has_result) return;
  w2n_flat_reader r = {flat, 0};
  int p64 = w2n_cx_p64(cx);
  const w2n_clayout *l = w2n_ct_layout(ft->result, p64);
  if (l->flat_count > W2N_MAX_FLAT_RESULTS) {
    /* A tuple of one value: the value's own alignment and size, the value at offset 0. */
    static const uint32_t at_start[1] = {0};
    load_tuple(cx, rdptr(cx, &r), &ft->result, 1, at_start, l->align, l->size, out);
    return;
  }
  w2n_lift_flat(cx, &r, ft->result, out);
}
