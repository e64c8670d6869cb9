/* Lowering: w2n_cval -> core values and linear memory (definitions.py lower_flat, store,
   store_list_into_range, lower_flat_values). NaNs are stored as the canonical NaN (the spec's
   DETERMINISTIC_PROFILE choice of maybe_scramble_nan). 32-bit flat values are zero-extended in
   their w2n_val, which is also what lower_flat_variant's i32->i64 and f32->i64 joins ask for. */
#include "canon_internal.h"

static void wr(w2n_flat_writer *w, uint64_t bits) {
  w->vals[w->i].lo = bits;
  w->vals[w->i].hi = 0;
  w->i++;
}

static uint32_t f32_bits(float f) {
  uint32_t b;
  memcpy(&b, &f, 4);
  if ((b & 0x7f800000u) == 0x7f800000u && (b & 0x007fffffu)) b = 0x7fc00000u;
  return b;
}

static uint64_t f64_bits(double d) {
  uint64_t b;
  memcpy(&b, &d, 8);
  if ((b & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (b & 0x000fffffffffffffull))
    b = 0x7ff8000000000000ull;
  return b;
}

static uint64_t flags_mask(uint32_t n) { return n >= 32 ? 0xffffffffu : (1ull << n) - 1; }

/* store_list_into_range: returns the pointer. */
static uint64_t store_list_into_range(const w2n_cx *cx, const w2n_cval *v, const w2n_ctype *elem) {
  int p64 = w2n_cx_p64(cx);
  const w2n_clayout *el = w2n_ct_layout(elem, p64);
  uint64_t size = el->size, align = el->align;
  uint64_t bytes = (uint64_t)v->count * size;
  if (!p64 && bytes > 0xffffffffu) w2n_cx_trap(cx, W2N_MSG_LIST_OOB);
  uint64_t ptr =
      w2n_cx_realloc(cx, 0, 0, (uint32_t)align, bytes, W2N_MSG_LIST_OOB, W2N_MSG_LIST_ALIGN);
  if (v->u & W2N_CVAL_RAW) { /* a list of integers lifted by a fused adapter: its bytes */
    memmove(cx->opts->memory->base + ptr, v->bytes, bytes);
    return ptr;
  }
  for (uint32_t i = 0; i < v->count; i++)
    w2n_store(cx, &v->elems[i], elem, ptr + i * size);
  return ptr;
}

void w2n_lower_flat(const w2n_cx *cx, const w2n_cval *v, const w2n_ctype *t, w2n_flat_writer *w) {
  switch (t->kind) {
  case W2N_CT_BOOL:
    wr(w, v->u != 0);
    return;
  case W2N_CT_U8:
    wr(w, v->u & 0xff);
    return;
  case W2N_CT_U16:
    wr(w, v->u & 0xffff);
    return;
  case W2N_CT_U32:
  case W2N_CT_CHAR:
    wr(w, v->u & 0xffffffffu);
    return;
  /* lower_flat_signed(v, 32): two's complement in 32 bits */
  case W2N_CT_S8:
  case W2N_CT_S16:
  case W2N_CT_S32:
    wr(w, (uint32_t)(int32_t)v->s);
    return;
  case W2N_CT_U64:
  case W2N_CT_S64:
    wr(w, v->u);
    return;
  case W2N_CT_F32:
    wr(w, f32_bits(v->f32));
    return;
  case W2N_CT_F64:
    wr(w, f64_bits(v->f64));
    return;
  case W2N_CT_STRING: {
    uint64_t tagged, ptr = w2n_string_lower(cx, v, &tagged);
    wr(w, ptr);
    wr(w, tagged);
    return;
  }
  case W2N_CT_LIST:
    if (t->count) {
      for (uint32_t i = 0; i < t->count; i++)
        w2n_lower_flat(cx, &v->elems[i], t->members[0], w);
    } else {
      uint64_t ptr = store_list_into_range(cx, v, t->members[0]);
      wr(w, ptr);
      wr(w, v->count);
    }
    return;
  case W2N_CT_RECORD:
  case W2N_CT_TUPLE:
    for (uint32_t i = 0; i < t->count; i++)
      w2n_lower_flat(cx, &v->elems[i], t->members[i], w);
    return;
  case W2N_CT_FLAGS:
    wr(w, v->u & flags_mask(t->count));
    return;
  case W2N_CT_OWN:
    wr(w, w2n_lower_own(cx, v->u, t));
    return;
  case W2N_CT_BORROW:
    wr(w, w2n_lower_borrow(cx, v->u, t));
    return;
  default: {
    uint32_t disc = (uint32_t)v->u;
    wr(w, disc);
    uint32_t start = w->i, joined = w2n_ct_layout(t, w2n_cx_p64(cx))->flat_count - 1;
    const w2n_ctype *c = disc < w2n_ct_cases(t) ? w2n_ct_case(t, disc) : 0;
    if (c) w2n_lower_flat(cx, v->elems, c, w);
    while (w->i < start + joined)
      wr(w, 0);
    return;
  }
  }
}

static void st(uint8_t *p, uint64_t v, uint32_t n) { memcpy(p, &v, n); /* little-endian */ }

void w2n_store(const w2n_cx *cx, const w2n_cval *v, const w2n_ctype *t, uint64_t ptr) {
  uint8_t *p = cx->opts->memory->base + ptr;
  int p64 = w2n_cx_p64(cx);
  uint32_t ps = p64 ? 8 : 4; /* pointer size */
  const w2n_clayout *l = w2n_ct_layout(t, p64);
  switch (t->kind) {
  case W2N_CT_BOOL:
    p[0] = v->u != 0;
    return;
  case W2N_CT_U8:
  case W2N_CT_S8:
    p[0] = (uint8_t)v->u;
    return;
  case W2N_CT_U16:
  case W2N_CT_S16:
    st(p, v->u, 2);
    return;
  case W2N_CT_U32:
  case W2N_CT_S32:
  case W2N_CT_CHAR:
    st(p, v->u, 4);
    return;
  case W2N_CT_U64:
  case W2N_CT_S64:
    st(p, v->u, 8);
    return;
  case W2N_CT_F32:
    st(p, f32_bits(v->f32), 4);
    return;
  case W2N_CT_F64:
    st(p, f64_bits(v->f64), 8);
    return;
  case W2N_CT_STRING: {
    uint64_t tagged, sp = w2n_string_lower(cx, v, &tagged);
    p = cx->opts->memory->base + ptr;
    st(p, sp, ps);
    st(p + ps, tagged, ps);
    return;
  }
  case W2N_CT_LIST:
    if (t->count) {
      uint64_t size = w2n_ct_layout(t->members[0], p64)->size;
      for (uint32_t i = 0; i < t->count; i++)
        w2n_store(cx, &v->elems[i], t->members[0], ptr + i * size);
    } else {
      uint64_t lp = store_list_into_range(cx, v, t->members[0]);
      st(p, lp, ps);
      st(p + ps, v->count, ps);
    }
    return;
  case W2N_CT_RECORD:
  case W2N_CT_TUPLE:
    for (uint32_t i = 0; i < t->count; i++)
      w2n_store(cx, &v->elems[i], t->members[i], ptr + l->offsets[i]);
    return;
  case W2N_CT_FLAGS:
    st(p, v->u & flags_mask(t->count), l->size);
    return;
  case W2N_CT_OWN:
    st(p, w2n_lower_own(cx, v->u, t), 4);
    return;
  case W2N_CT_BORROW:
    st(p, w2n_lower_borrow(cx, v->u, t), 4);
    return;
  default: {
    uint32_t n = w2n_ct_cases(t), disc = (uint32_t)v->u;
    st(p, disc, t->disc_size);
    const w2n_ctype *c = disc < n ? w2n_ct_case(t, disc) : 0;
    if (c) w2n_store(cx, v->elems, c, ptr + l->payload_offset);
    return;
  }
  }
}

/* Value i of the tuple at ptr + offsets[i]. */
static void store_tuple(const w2n_cx *cx, const w2n_cval *vs, const w2n_ctype *const *ts,
                        uint32_t n, const uint32_t *offsets, uint64_t ptr) {
  for (uint32_t i = 0; i < n; i++)
    w2n_store(cx, &vs[i], ts[i], ptr + offsets[i]);
}

uint32_t w2n_lower_flat_params(const w2n_cx *cx, const w2n_cval *args, const w2n_cfunctype *ft,
                               w2n_val *out) {
  w2n_flat_writer w = {out, 0};
  int p64 = w2n_cx_p64(cx);
  const w2n_clayout *l = w2n_cft_params(ft, p64);
  if (l->flat_count > W2N_MAX_FLAT_PARAMS) {
    uint64_t ptr = w2n_cx_realloc(cx, 0, 0, l->align, l->size, W2N_MSG_PTR_OOB, W2N_MSG_PTR_ALIGN);
    store_tuple(cx, args, ft->params, ft->num_params, l->offsets, ptr);
    wr(&w, ptr);
    return 1;
  }
  for (uint32_t i = 0; i < ft->num_params; i++)
    w2n_lower_flat(cx, &args[i], ft->params[i], &w);
  return w.i;
}

uint32_t w2n_lower_flat_result(const w2n_cx *cx, const w2n_cval *res, const w2n_cfunctype *ft,
                               w2n_val *out, uint64_t out_ptr) {
  if (!ft->has_result) return 0;
  w2n_flat_writer w = {out, 0};
  int p64 = w2n_cx_p64(cx);
  const w2n_clayout *l = w2n_ct_layout(ft->result, p64);
  if (l->flat_count > W2N_MAX_FLAT_RESULTS) {
    if (out_ptr & (l->align - 1)) w2n_cx_trap(cx, W2N_MSG_PTR_ALIGN);
    w2n_memory *m = cx->opts->memory;
    if (!m || out_ptr > m->size || l->size > m->size - out_ptr) w2n_cx_trap(cx, W2N_MSG_PTR_OOB);
    static const uint32_t at_start[1] = {0}; /* a tuple of one value */
    store_tuple(cx, res, &ft->result, 1, at_start, out_ptr);
    return 0;
  }
  w2n_lower_flat(cx, res, ft->result, &w);
  return w.i;
}
