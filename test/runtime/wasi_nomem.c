/* A WASI call that needs guest memory before any memory was bound (a module without an exported
   "memory") traps instead of touching memory it does not have. */
#include "rt_test.h"

extern const w2n_funcref __w2n_host_wasi_snapshot_preview1__fd_write;

int __w2n_program_main(void) {
  const w2n_funcref *f = &__w2n_host_wasi_snapshot_preview1__fd_write;
  return ((int32_t(*)(void *, int32_t, int32_t, int32_t, int32_t))f->code)(0, 1, 0, 1, 8);
}
