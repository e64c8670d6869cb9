/* Guest memory access for the canonical ABI: bounds and alignment checks, calling realloc
   (LiftLowerContext.reallocate), and the string helpers of canon.h for host functions. Traps carry
   Wasmtime's messages: those of its fused adapters when two instances talk, those of its host-side
   lifting and lowering when the host does. */
#include "canon_internal.h"

static const char *const adapter_msgs[] = {
    [W2N_MSG_STRING_OOB] = "string content out-of-bounds",
    [W2N_MSG_STRING_ALIGN] = "unaligned pointer",
    [W2N_MSG_LIST_OOB] = "list content out-of-bounds",
    [W2N_MSG_LIST_ALIGN] = "unaligned pointer",
    [W2N_MSG_PTR_OOB] = "out of bounds memory access",
    [W2N_MSG_PTR_ALIGN] = "unaligned pointer",
    [W2N_MSG_REALLOC_OOB] = "realloc return: beyond end of memory",
    [W2N_MSG_REALLOC_ALIGN] = "unaligned pointer",
    [W2N_MSG_CHAR] = "invalid `char` bit pattern",
};
static const char *const host_msgs[] = {
    [W2N_MSG_STRING_OOB] = "string pointer/length out of bounds of memory",
    [W2N_MSG_STRING_ALIGN] = "string pointer not aligned to 2",
    [W2N_MSG_LIST_OOB] = "list pointer/length out of bounds of memory",
    [W2N_MSG_LIST_ALIGN] = "list pointer is not aligned",
    [W2N_MSG_PTR_OOB] = "pointer out of bounds of memory",
    [W2N_MSG_PTR_ALIGN] = "pointer not aligned",
    [W2N_MSG_REALLOC_OOB] = "realloc return: beyond end of memory",
    [W2N_MSG_REALLOC_ALIGN] = "realloc return: result not aligned",
    [W2N_MSG_CHAR] = "invalid `char` bit pattern",
};

void w2n_cx_trap(const w2n_cx *cx, enum w2n_cmsg msg) {
  w2n_canon_trap(cx->host ? host_msgs[msg] : adapter_msgs[msg], UINT64_MAX);
}

static w2n_memory *need_memory(const w2n_canon_opts *o) {
  if (!o->memory) w2n_canon_trap("canonical options have no memory", UINT64_MAX);
  return o->memory;
}

/* [ptr, ptr + len) lies within m (without overflowing 64 bits). */
static int in_bounds(const w2n_memory *m, uint64_t ptr, uint64_t len) {
  return ptr <= m->size && len <= m->size - ptr;
}

uint8_t *w2n_cx_mem(const w2n_cx *cx, uint64_t ptr, uint64_t len) {
  w2n_memory *m = need_memory(cx->opts);
  if (!in_bounds(m, ptr, len)) w2n_cx_trap(cx, W2N_MSG_PTR_OOB);
  return m->base + ptr;
}

uint8_t *w2n_canon_mem(const w2n_canon_opts *o, uint32_t ptr, uint64_t len, uint32_t align) {
  w2n_memory *m = need_memory(o);
  if (align > 1 && (ptr & (align - 1))) w2n_canon_trap(host_msgs[W2N_MSG_PTR_ALIGN], UINT64_MAX);
  if ((uint64_t)ptr + len > m->size) w2n_canon_trap(host_msgs[W2N_MSG_PTR_OOB], UINT64_MAX);
  return m->base + ptr;
}

typedef uint32_t (*realloc32_fn)(void *vmctx, uint32_t old_ptr, uint32_t old_size, uint32_t align,
                                 uint32_t new_size);
typedef uint64_t (*realloc64_fn)(void *vmctx, uint64_t old_ptr, uint64_t old_size, uint64_t align,
                                 uint64_t new_size);

/* LiftLowerContext.reallocate: the instance may not leave while its realloc runs. Over a 64-bit
   memory every parameter and the result are i64. */
static uint64_t call_realloc(const w2n_canon_opts *o, uint64_t old_ptr, uint64_t old_size,
                             uint32_t align, uint64_t new_size) {
  const w2n_funcref *f = o->realloc;
  if (!f || !f->code) w2n_canon_trap("canonical options have no realloc", UINT64_MAX);
  w2n_cinstance *inst = o->instance;
  if (inst) inst->may_leave = 0;
  uint64_t p = o->memory64 ? ((realloc64_fn)f->code)(f->vmctx, old_ptr, old_size, align, new_size)
                           : ((realloc32_fn)f->code)(f->vmctx, (uint32_t)old_ptr,
                                                     (uint32_t)old_size, align, (uint32_t)new_size);
  if (inst) inst->may_leave = 1;
  return p;
}

uint64_t w2n_cx_realloc(const w2n_cx *cx, uint64_t old_ptr, uint64_t old_size, uint32_t align,
                        uint64_t new_size, enum w2n_cmsg oob, enum w2n_cmsg unaligned) {
  w2n_memory *m = need_memory(cx->opts);
  uint64_t p = call_realloc(cx->opts, old_ptr, old_size, align, new_size);
  if (cx->host) {
    oob = W2N_MSG_REALLOC_OOB;
    unaligned = W2N_MSG_REALLOC_ALIGN;
  }
  if (align > 1 && (p & (align - 1))) w2n_cx_trap(cx, unaligned);
  if (!in_bounds(m, p, new_size)) w2n_cx_trap(cx, oob);
  return p;
}

uint32_t w2n_canon_realloc(const w2n_canon_opts *o, uint32_t old_ptr, uint32_t old_size,
                           uint32_t align, uint32_t new_size) {
  w2n_cx cx = {o, 0, 1};
  return (uint32_t)w2n_cx_realloc(&cx, old_ptr, old_size, align, new_size, W2N_MSG_REALLOC_OOB,
                                  W2N_MSG_REALLOC_ALIGN);
}

static void store_u32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
  p[3] = (uint8_t)(v >> 24);
}

void w2n_canon_store_string(const w2n_canon_opts *o, uint32_t dst, const char *utf8, size_t len) {
  w2n_cx cx = {o, 0, 1};
  w2n_cval v;
  memset(&v, 0, sizeof v);
  v.kind = W2N_CT_STRING;
  if (len > W2N_MAX_STRING_BYTE_LENGTH) w2n_canon_trap("string too long", UINT64_MAX);
  v.count = (uint32_t)len;
  v.bytes = utf8;
  w2n_arena_mark mark = w2n_arena_get_mark();
  uint64_t tagged;
  uint32_t ptr = (uint32_t)w2n_string_lower(&cx, &v, &tagged);
  w2n_arena_release(mark);
  uint8_t *p = w2n_canon_mem(o, dst, 8, 4);
  store_u32(p, ptr);
  store_u32(p + 4, (uint32_t)tagged);
}

/* The buffer w2n_canon_load_string returns (reused; large ones get their own mapping). */
static W2N_THREAD char *load_buf;
static W2N_THREAD size_t load_cap;

const char *w2n_canon_load_string(const w2n_canon_opts *o, uint32_t ptr, uint32_t len,
                                  size_t *out_len) {
  w2n_cx cx = {o, 0, 1};
  w2n_arena_mark mark = w2n_arena_get_mark();
  w2n_cval v;
  w2n_string_lift(&cx, ptr, len, &v);
  if (v.count + 1 > load_cap) {
    size_t cap = load_cap ? load_cap : 256;
    while (cap < (size_t)v.count + 1)
      cap *= 2;
    if (load_buf) w2n_free(load_buf, load_cap);
    load_buf = w2n_alloc_shared_try(cap);
    if (!load_buf) w2n_fatal("out of memory");
    load_cap = cap;
  }
  memcpy(load_buf, v.bytes, v.count);
  load_buf[v.count] = 0;
  *out_len = v.count;
  w2n_arena_release(mark);
  return load_buf;
}

void w2n_canon_trapf(const char *fmt, uint64_t a, uint64_t b) {
  char msg[200];
  size_t n = 0;
  uint64_t nums[2] = {a, b};
  int k = 0;
  for (const char *p = fmt; *p && n < sizeof msg - 24; p++) {
    if (*p != '%' || k == 2) {
      msg[n++] = *p;
      continue;
    }
    uint64_t v = nums[k++];
    char digits[21];
    int d = 0;
    do {
      digits[d++] = (char)('0' + v % 10);
      v /= 10;
    } while (v);
    while (d)
      msg[n++] = digits[--d];
  }
  msg[n] = 0;
  w2n_canon_trap(msg, UINT64_MAX);
}

void w2n_cx_trap_disc(const w2n_cx *cx, uint32_t disc, uint32_t cases) {
  if (!cx->host) w2n_canon_trap("invalid variant discriminant", UINT64_MAX);
  w2n_canon_trapf("discriminant % out of range [0..%)", disc, cases);
}
