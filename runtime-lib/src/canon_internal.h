/* Internal declarations shared by the canonical ABI engine (runtime-lib/src/canon_*.c), which
   implements include/w2n/canon.h after the synchronous parts of the Component Model's
   canonical-abi/definitions.py. Values travel between lifting and lowering as w2n_cval trees
   allocated in a scratch arena (canon_arena.c). */
#ifndef W2N_CANON_INTERNAL_H
#define W2N_CANON_INTERNAL_H

#include "rt.h"
#include "w2n/canon.h"

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

/* definitions.py has (1 << 28) - 1; Wasmtime (and its big-strings.wast) allows strings of up to
   2^31 - 1 bytes, checked on the source and on every realloc size of a transcoding. */
#define W2N_MAX_STRING_BYTE_LENGTH ((1u << 31) - 1)
#define W2N_MAX_LIST_BYTE_LENGTH ((1u << 28) - 1)
#define W2N_HANDLE_TABLE_MAX ((1u << 28) - 1)

/* ---- Scratch arena (canon_arena.c): stack-like, released to a mark. ---- */
typedef struct w2n_arena_mark {
  uint32_t chunk;
  size_t used;
} w2n_arena_mark;
void *w2n_arena_alloc(size_t size); /* 16-byte aligned, not zeroed; exits when out of memory */
w2n_arena_mark w2n_arena_get_mark(void);
void w2n_arena_release(w2n_arena_mark mark);
void w2n_arena_reset(void);

/* ---- A borrow scope: the callee's task (counts borrow handles lowered into it) and the
   caller's subtask (the handles it lent for the call's duration). ---- */
typedef struct w2n_cscope {
  uint32_t num_borrows;       /* task: borrow handles created in the callee, not yet dropped */
  uint32_t num_lenders, cap_lenders;
  uint32_t *lenders;          /* subtask: indices in lender_inst's table with lend_count raised */
  w2n_cinstance *lender_inst;
} w2n_cscope;
void w2n_cscope_add_lender(w2n_cscope *s, w2n_cinstance *inst, uint32_t index);
/* Subtask.deliver_resolve: every lent handle's lend count goes back down. */
void w2n_cscope_release_lenders(w2n_cscope *s);

/* ---- Lifting/lowering context (LiftLowerContext). ---- */
typedef struct w2n_cx {
  const w2n_canon_opts *opts;
  w2n_cscope *scope;
  /* 1: the other side is the host (w2n_canon_invoke, host functions): traps use the messages of
     Wasmtime's host-side lifting ("string pointer/length out of bounds of memory"); 0: a fused
     adapter between two instances ("string content out-of-bounds"). */
  int host;
} w2n_cx;

enum w2n_cmsg {
  W2N_MSG_STRING_OOB, W2N_MSG_STRING_ALIGN, W2N_MSG_LIST_OOB, W2N_MSG_LIST_ALIGN,
  W2N_MSG_PTR_OOB, W2N_MSG_PTR_ALIGN, W2N_MSG_REALLOC_OOB, W2N_MSG_REALLOC_ALIGN,
  W2N_MSG_CHAR,
};
__attribute__((noreturn)) void w2n_cx_trap(const w2n_cx *cx, enum w2n_cmsg msg);
/* Traps with `fmt`, each '%' replaced by the next number in decimal (at most two). */
__attribute__((noreturn)) void w2n_canon_trapf(const char *fmt, uint64_t a, uint64_t b);
/* A variant's discriminant out of range. */
__attribute__((noreturn)) void w2n_cx_trap_disc(const w2n_cx *cx, uint32_t disc, uint32_t cases);

/* STRING cvals made by lifting record the source encoding in `u` (definitions.py's String is
   (str, encoding, tagged_code_units), and storing it depends on all three); 0 (host-made strings)
   means UTF-8. */
#define W2N_CSTR_UTF8 1u
#define W2N_CSTR_UTF16 2u
#define W2N_CSTR_LATIN1 3u       /* latin1+utf16, latin1 tag */
#define W2N_CSTR_LATIN1_UTF16 4u /* latin1+utf16, utf16 tag */
#define W2N_CSTR_KIND 0xffu
/* With this bit, `bytes` are the guest's own bytes in the source encoding (count: their length),
   not UTF-8: what a fused adapter lifts, so that a string crosses without an intermediate copy
   (big-strings.wast passes 2 GiB strings whose realloc traps first). */
#define W2N_CSTR_RAW 0x100u
/* A LIST cval of integers with this in `u`: `bytes` are the guest's elements (count of them). */
#define W2N_CVAL_RAW 0x100u

/* 1 when the options' memory is 64-bit: pointers and lengths are i64 (CanonicalABI.md's
   ptr_type), string and list slots 16 bytes, the latin1+utf16 tag bit 63. */
static inline int w2n_cx_p64(const w2n_cx *cx) { return cx->opts->memory64 != 0; }
static inline uint64_t w2n_utf16_tag(const w2n_cx *cx) {
  return w2n_cx_p64(cx) ? 1ull << 63 : 1ull << 31;
}

/* ---- Layout: the compiler wrote every layout into the descriptors (canon.h w2n_clayout). ---- */
static inline const w2n_clayout *w2n_ct_layout(const w2n_ctype *t, int p64) {
  return &t->layout[p64 ? 1 : 0];
}
static inline const w2n_clayout *w2n_cft_params(const w2n_cfunctype *ft, int p64) {
  return &ft->params_layout[p64 ? 1 : 0];
}
/* The flat count of a result (0 without one). */
static inline uint32_t w2n_cft_flat_results(const w2n_cfunctype *ft, int p64) {
  return ft->has_result ? w2n_ct_layout(ft->result, p64)->flat_count : 0;
}
/* A variant-like's number of cases, and case `index`'s payload type (0: none). */
static inline uint32_t w2n_ct_cases(const w2n_ctype *t) {
  return t->kind == W2N_CT_OPTION || t->kind == W2N_CT_RESULT ? 2 : t->count;
}
static inline const w2n_ctype *w2n_ct_case(const w2n_ctype *t, uint32_t index) {
  if (t->kind == W2N_CT_ENUM || !t->members) return 0;
  return t->members[index];
}

/* ---- Flat values. ---- */
typedef struct w2n_flat_reader {
  const w2n_val *vals;
  uint32_t i;
} w2n_flat_reader;
typedef struct w2n_flat_writer {
  w2n_val *vals;
  uint32_t i;
} w2n_flat_writer;

/* ---- Lifting (canon_lift.c) and lowering (canon_lower.c). ---- */
void w2n_lift_flat(const w2n_cx *cx, w2n_flat_reader *r, const w2n_ctype *t, w2n_cval *out);
void w2n_load(const w2n_cx *cx, uint64_t ptr, const w2n_ctype *t, w2n_cval *out);
/* lift_flat_values with max_flat 16 (params) or 1 (results); out: num_params values or 1. */
void w2n_lift_flat_params(const w2n_cx *cx, const w2n_val *flat, const w2n_cfunctype *ft,
                          w2n_cval *out);
void w2n_lift_flat_result(const w2n_cx *cx, const w2n_val *flat, const w2n_cfunctype *ft,
                          w2n_cval *out);
void w2n_lower_flat(const w2n_cx *cx, const w2n_cval *v, const w2n_ctype *t, w2n_flat_writer *w);
void w2n_store(const w2n_cx *cx, const w2n_cval *v, const w2n_ctype *t, uint64_t ptr);
/* lower_flat_values for parameters (max 16 flat: else allocated with realloc, one pointer). */
uint32_t w2n_lower_flat_params(const w2n_cx *cx, const w2n_cval *args, const w2n_cfunctype *ft,
                               w2n_val *out);
/* ... and for a result (max 1 flat: else stored at out_ptr). Returns the flat count written. */
uint32_t w2n_lower_flat_result(const w2n_cx *cx, const w2n_cval *res, const w2n_cfunctype *ft,
                               w2n_val *out, uint64_t out_ptr);

/* ---- Strings (canon_string.c). ---- */
/* load_string_from_range into a cval (UTF-8 in the arena). */
void w2n_string_lift(const w2n_cx *cx, uint64_t ptr, uint64_t tagged, w2n_cval *out);
/* store_string_into_range: returns the pointer, *tagged the (tagged) code units. */
uint64_t w2n_string_lower(const w2n_cx *cx, const w2n_cval *v, uint64_t *tagged);
/* Decodes one scalar value of valid UTF-8 at s[*i], advancing *i. */
uint32_t w2n_utf8_next(const uint8_t *s, size_t *i);

/* ---- Memory (canon_memory.c). ---- */
/* Bounds-checked guest pointer for [ptr, ptr+len), with the adapter/host message variants. */
uint8_t *w2n_cx_mem(const w2n_cx *cx, uint64_t ptr, uint64_t len);
/* Calls realloc with the options' pointer type; checks the result's alignment and bounds. */
uint64_t w2n_cx_realloc(const w2n_cx *cx, uint64_t old_ptr, uint64_t old_size, uint32_t align,
                        uint64_t new_size, enum w2n_cmsg oob, enum w2n_cmsg unaligned);

/* ---- Handles (canon_handles.c). ---- */
w2n_handle *w2n_handle_get(w2n_cinstance *inst, uint32_t index);
uint32_t w2n_handle_add(w2n_cinstance *inst, const w2n_handle *h);
/* lift_own / lift_borrow / lower_own / lower_borrow. */
uint64_t w2n_lift_own(const w2n_cx *cx, uint32_t index, const w2n_ctype *t);
uint64_t w2n_lift_borrow(const w2n_cx *cx, uint32_t index, const w2n_ctype *t);
uint32_t w2n_lower_own(const w2n_cx *cx, uint64_t rep, const w2n_ctype *t);
uint32_t w2n_lower_borrow(const w2n_cx *cx, uint64_t rep, const w2n_ctype *t);

#endif
