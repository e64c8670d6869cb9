/* The WASI preview1 shim (for core modules): host functions that compiled modules import as
   "__w2n_host_wasi_snapshot_preview1__<name>", the binding of the guest's memory, which the
   generated program main makes after instantiation, and the capability configuration that the
   compiler bakes into every executable (`__w2n_wasi_config`, emitted by
   compiler/lowering/wasi_config.cpp from --dir/--env/--inherit-env). */
#ifndef W2N_WASI_H
#define W2N_WASI_H

#include "w2n/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Capability configuration (layout shared with the compiler). ----
   All strings are NUL-terminated. A preopen's host path, when relative, is resolved against the
   working directory when the program starts; its guest path is what fd_prestat_dir_name reports.
   An environment entry is "NAME=VALUE" (set) or "NAME" (pass the host's value of NAME, if any).
   With inherit_env, the guest sees the whole host environment, which the entries then override. */
#define W2N_WASI_CONFIG_VERSION 1u
typedef struct w2n_wasi_config {
  uint32_t version; /* W2N_WASI_CONFIG_VERSION */
  uint32_t inherit_env;
  uint32_t num_preopens;
  uint32_t num_env;
  const char *const *preopen_host;  /* num_preopens entries */
  const char *const *preopen_guest; /* num_preopens entries */
  const char *const *env;           /* num_env entries */
} w2n_wasi_config;

/* Emitted by the compiler into each executable; absent (weak, null) in programs that have none,
   which then get no directory and no environment. */
#ifndef __cplusplus
extern const w2n_wasi_config __w2n_wasi_config __attribute__((weak));
#endif

/* Gives the shim the guest's exported "memory"; every guest pointer is checked against its size.
   A WASI call that needs memory before this traps (W2N_TRAP_HOST_NO_MEMORY). Also opens the
   preopened directories, so that a missing one is reported before the guest runs. */
void w2n_wasi_bind_memory(w2n_memory *mem);

#define W2N_WASI_FUNC(name, sig, ret, params) ret w2n_wasi_##name params;
#include "wasi_funcs.def"
#undef W2N_WASI_FUNC

#ifdef __cplusplus
}
#endif

#if !defined(__cplusplus)
_Static_assert(sizeof(w2n_wasi_config) == 40 && offsetof(w2n_wasi_config, env) == 32,
               "w2n_wasi_config layout (compiler/lowering/wasi_config.cpp emits it)");
#endif

#endif
