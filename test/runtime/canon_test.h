/* Helpers for the canonical ABI tests (canon_*.c): fake component instances, each with its own
   linear memory, a bump-allocating realloc that logs its calls, and trap catching that returns the
   canonical ABI trap message. */
#ifndef W2N_CANON_TEST_H
#define W2N_CANON_TEST_H

#include "rt_test.h"
#include "w2n/canon.h"

void *memcpy(void *restrict, const void *restrict, size_t);
void *memset(void *, int, size_t);
int memcmp(const void *, const void *, size_t);
const char *w2n_trap_detail(void);

static inline bool t_streq(const char *a, const char *b) {
  while (*a && *a == *b)
    a++, b++;
  return *a == *b;
}

/* ---- Fake instances ---- */
typedef struct t_realloc_call {
  uint32_t old_ptr, old_size, align, new_size, result;
} t_realloc_call;

enum { T_REALLOC_OK, T_REALLOC_OOB, T_REALLOC_MISALIGNED };

typedef struct t_side {
  w2n_cinstance inst;
  w2n_canon_opts opts;
  w2n_funcref realloc;
  uint32_t bump;
  int mode; /* T_REALLOC_* */
  uint32_t ncalls;
  t_realloc_call calls[16];
} t_side;

/* realloc (i32 old, i32 old_size, i32 align, i32 new_size) -> i32, as compiled code is called:
   code(vmctx, params...). Bump allocation; the old contents are copied. */
static uint32_t t_realloc_code(void *vmctx, uint32_t old_ptr, uint32_t old_size, uint32_t align,
                               uint32_t new_size) {
  t_side *s = vmctx;
  uint32_t p = (s->bump + align - 1) & ~(align - 1);
  if (s->mode == T_REALLOC_OOB) p = (uint32_t)s->opts.memory->size; /* aligned, one past */
  if (s->mode == T_REALLOC_MISALIGNED) p = s->bump | 1;
  if (s->mode == T_REALLOC_OK) {
    s->bump = p + new_size;
    if (old_ptr)
      memcpy(s->opts.memory->base + p, s->opts.memory->base + old_ptr,
             old_size < new_size ? old_size : new_size);
  }
  if (s->ncalls < 16) {
    t_realloc_call c = {old_ptr, old_size, align, new_size, p};
    s->calls[s->ncalls] = c;
  }
  s->ncalls++;
  return p;
}

static inline void t_side_init(t_side *s, uint32_t encoding, uint32_t index) {
  memset(s, 0, sizeof *s);
  s->inst.may_leave = s->inst.may_enter = 1;
  s->inst.index = index;
  s->opts.memory = __w2n_memory_new(1, 0, 0);
  s->opts.string_encoding = encoding;
  s->opts.instance = &s->inst;
  s->opts.realloc = &s->realloc;
  s->realloc.code = (void *)t_realloc_code;
  s->realloc.vmctx = s;
  s->bump = 0x1000; /* allocations start here; tests place their own data below */
}

static inline uint8_t *t_mem(t_side *s, uint32_t ptr) { return s->opts.memory->base + ptr; }

static inline bool t_call_is(const t_side *s, uint32_t i, uint32_t old_size, uint32_t align,
                             uint32_t new_size) {
  if (i >= s->ncalls) return false;
  const t_realloc_call *c = &s->calls[i];
  bool old_ok = i == 0 ? c->old_ptr == 0 : c->old_ptr == s->calls[i - 1].result;
  return old_ok && c->old_size == old_size && c->align == align && c->new_size == new_size;
}

/* ---- Traps ---- */
typedef struct t_thunk {
  void (*fn)(void *);
  void *arg;
} t_thunk;

/* Runs fn(arg); returns 0 when it returned, else the trap message ("" for a non-canon trap). */
static inline const char *t_trap(void (*fn)(void *), void *arg) {
  uint32_t code = w2n_call_catching(fn, arg);
  if (code == W2N_NO_TRAP) return 0;
  if (code != W2N_TRAP_CANON) return "(not a canonical ABI trap)";
  return w2n_trap_detail();
}

#define CHECK_TRAP(call, arg, msg)                                                                 \
  do {                                                                                             \
    const char *got_ = t_trap(call, arg);                                                          \
    if (!got_ || !t_streq(got_, msg)) {                                                            \
      t_put("FAIL ");                                                                              \
      t_put_u64(__LINE__);                                                                         \
      t_put(": expected trap \"" msg "\", got ");                                                  \
      t_put(got_ ? got_ : "(no trap)");                                                            \
      t_put("\n");                                                                                 \
      t_failures++;                                                                                \
    }                                                                                              \
  } while (0)

/* ---- Types: descriptors as the compiler emits them, with the layouts it would write into them
   (elem_size, alignment, flatten_type's length, payload offset, field offsets) worked out by hand
   from CanonicalABI.md next to each type. The compiler's layouts themselves are checked by
   test/unit/component_layout_test.cpp. ---- */
/* A layout that is the same in a 32- and a 64-bit memory (nothing inside is a string or list). */
#define T_SAME(...)                                                                                \
  { T_LAYOUT(__VA_ARGS__), T_LAYOUT(__VA_ARGS__) }
#define T_LAYOUT(size, align, flat, payload, offsets)                                              \
  { size, align, flat, payload, offsets }
/* A number, bool or char: its size is its alignment, one flat value. */
#define T_PRIM(name, k, size)                                                                      \
  static const w2n_ctype name = {.kind = k, .layout = T_SAME(size, size, 1, 0, 0)}
/* A string: (pointer, length) of 4-byte pointers, or of 8-byte ones in a 64-bit memory. */
#define T_STRING(name)                                                                             \
  static const w2n_ctype name = {.kind = W2N_CT_STRING,                                            \
                                 .layout = {{8, 4, 2, 0, 0}, {16, 8, 2, 0, 0}}}
/* A handle: an i32 index. */
#define T_HANDLE(name, k, res)                                                                     \
  static const w2n_ctype name = {.kind = k, .resource = res, .layout = T_SAME(4, 4, 1, 0, 0)}

#endif
