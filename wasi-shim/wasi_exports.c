/* The host function objects that compiled modules bind their WASI imports to, one per entry of
   wasi_funcs.def: "__w2n_host_wasi_snapshot_preview1__<name>", called natively through `code`
   (vmctx 0, no generic entry). */
#include "rt.h"
#include "sigs.h"
#include "wasi.h"

#define W2N_WASI_FUNC(name, sig, ret, params)                                                      \
  const w2n_funcref __w2n_host_wasi_snapshot_preview1__##name = {(void *)w2n_wasi_##name, 0,       \
                                                                 __w2n_sig_##sig, 0};
#include "wasi_funcs.def"
#undef W2N_WASI_FUNC
