/* Exception handling (the Wasm exception handling proposal): exception objects, the chain of
   try_table handler records and throwing. A try_table links a record living in its function's
   frame and calls w2n_setjmp on it; a throw pops the innermost record and jumps there, where the
   compiled landing code matches the catch clauses (or throws again). Component boundaries install
   w2n_exn_barrier, so an exception never unwinds into another component: it traps there. */
#include "rt.h"
#include "w2n/canon.h"

struct w2n_exn {
  const w2n_tag *tag;
  uint32_t count;
  uint32_t exposed;
  w2n_val values[];
};
_Static_assert(offsetof(w2n_exn, exposed) == W2N_EXN_EXPOSED, "exposed");
_Static_assert(offsetof(w2n_exn, values) == W2N_EXN_VALUES, "values");

typedef struct w2n_exn_handler {
  struct w2n_exn_handler *prev;
  uint64_t pad;
  w2n_jmpbuf buf;
} w2n_exn_handler;

_Static_assert(offsetof(w2n_exn_handler, buf) == W2N_EXN_HANDLER_BUF, "handler buffer");
_Static_assert(sizeof(w2n_exn_handler) == W2N_EXN_HANDLER_SIZE, "handler size");

W2N_THREAD w2n_exn_handler *__w2n_exn_head;
w2n_exn_handler w2n_exn_barrier;
static W2N_THREAD w2n_exn *caught;

/* Exceptions that were caught without becoming exnref values are reused, so a program that
   throws in a loop does not grow (the runtime's allocator never frees small blocks). */
#define W2N_EXN_REUSE_MAX 8
static W2N_THREAD w2n_exn *reusable[W2N_EXN_REUSE_MAX + 1];

w2n_exn *__w2n_exn_new(const w2n_tag *tag, uint32_t count) {
  w2n_exn *exn = 0;
  if (count <= W2N_EXN_REUSE_MAX && reusable[count]) {
    exn = reusable[count];
    reusable[count] = *(w2n_exn **)exn->values; /* the free list's link */
  } else {
    exn = __w2n_alloc(sizeof(w2n_exn) + (size_t)count * sizeof(w2n_val));
  }
  exn->tag = tag;
  exn->count = count;
  exn->exposed = 0;
  return exn;
}

void __w2n_exn_release(w2n_exn *exn) {
  if (!exn || exn->exposed || exn->count == 0 || exn->count > W2N_EXN_REUSE_MAX) return;
  *(w2n_exn **)exn->values = reusable[exn->count];
  reusable[exn->count] = exn;
}

void __w2n_try_enter(w2n_exn_handler *h) {
  h->prev = __w2n_exn_head;
  __w2n_exn_head = h;
}

__attribute__((noreturn)) void __w2n_throw(w2n_exn *exn) {
  if (!exn) __w2n_trap(W2N_TRAP_NULL_EXNREF);
  w2n_exn_handler *h = __w2n_exn_head;
  if (h == &w2n_exn_barrier)
    w2n_canon_trap("uncaught exception propagated out of component", UINT64_MAX);
#ifdef W2N_LIBRARY
  /* A library runs Wasm only inside calls from its host, and the fast export calls set no
     barrier (none is active around them): there, no handler means the same as the barrier. */
  if (!h) w2n_canon_trap("uncaught exception propagated out of component", UINT64_MAX);
#endif
  if (!h) __w2n_trap(W2N_TRAP_UNCAUGHT_EXCEPTION);
  __w2n_exn_head = h->prev;
  caught = exn;
  w2n_longjmp(h->buf, 1);
}

w2n_exn *__w2n_exn_caught(void) { return caught; }
