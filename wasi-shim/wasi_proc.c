/* WASI process control: proc_exit ends the process with the guest's status. */
#include "rt.h"
#include "wasi.h"

void w2n_wasi_proc_exit(void *ctx, int32_t code) { w2n_exit(code); }
