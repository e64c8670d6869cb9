/* Process control: proc_exit ends the process with the guest's status (the kernel keeps its low
   8 bits); proc_raise is ENOTSUP and sched_yield succeeds, as in Wasmtime. */
#include "wasi_internal.h"

void w2n_wasi_proc_exit(void *ctx, int32_t code) { w2n_exit(code); }

int32_t w2n_wasi_proc_raise(void *ctx, int32_t sig) { return W2N_WASI_ENOTSUP; }

int32_t w2n_wasi_sched_yield(void *ctx) {
  w2n_sys(W2N_SYS_sched_yield, 0, 0, 0, 0, 0, 0);
  return W2N_WASI_ESUCCESS;
}
