/* The WASI preview1 shim (for core modules): host functions that compiled modules import as
   "__w2n_host_wasi_snapshot_preview1__<name>", the binding of the guest's memory, which the
   generated program main makes after instantiation, and the capability configuration that the
   compiler bakes into every executable (`__w2n_wasi_config`, emitted by
   compiler/lowering/wasi_config.cpp from --dir/--env/--inherit-env). */
#ifndef W2N_WASI_H
#define W2N_WASI_H

#include "w2n/abi.h"

#ifndef __cplusplus
#include <stdbool.h>
#endif

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

/* ---- Capability contexts. ----
   Everything a guest's WASI calls can reach lives in one context: the configuration (preopens
   and environment), the arguments, the host fds behind stdio, and what is derived from them (the
   opened preopen directories, the environment list, preview1's descriptor table). An executable
   has one, made from __w2n_wasi_config, argv and fds 0-2 on first use (w2n_wasi_ctx_current). A
   library gives each instance its own (runtime-lib/src/lib/lib_wasi.c makes it from the host's
   w2n_config) and points the thread's w2n_lib_context_current (rt.h) at the instance's, which
   holds it, while a call runs in that instance. */
typedef struct w2n_wasi_ctx {
  const w2n_wasi_config *config;
  const char *const *args;
  uint32_t num_args;
  int32_t stdio[3]; /* host fds of guest stdin, stdout, stderr; -1: none (empty, discarded);
                       W2N_WASI_STDIO_CALLBACK: the host's functions below (libraries) */
  void *stdio_callback_ctx;
  int64_t (*stdio_read)(void *ctx, uint8_t *buf, size_t cap);
  bool (*stdio_write)(void *ctx, int stream, const uint8_t *bytes, size_t len);
  int32_t *preopen_fds; /* config->num_preopens entries: the open directories, or -1 */
  const char **env;     /* "NAME=VALUE", num_env entries, once env_ready */
  uint32_t num_env;
  bool env_ready;
  bool preopens_ready;       /* preopen_fds are open */
  bool table_ready;          /* preview1's descriptor table is made (it then owns preopen_fds) */
  struct w2n_wasi_fd *table; /* preview1 (wasi_fdtable.c) */
  uint32_t capacity;
} w2n_wasi_ctx;

#define W2N_WASI_STDIO_CALLBACK (-2)

/* The context of the running guest. */
w2n_wasi_ctx *w2n_wasi_ctx_current(void);
/* Opens ctx's preopened directories (once). 0, or the negative Linux errno of the first that
   cannot be opened, whose index goes to *failed. */
long w2n_wasi_ctx_open(w2n_wasi_ctx *ctx, uint32_t *failed);
/* The environment list of a configuration into out (room for its num_env entries plus, with
   inherit_env, the host's): later entries override earlier ones with the same name, "NAME"
   takes the host's value. Returns the count. */
uint32_t w2n_wasi_env_build(const w2n_wasi_config *c, const char **out);
/* Length of the name in "NAME=VALUE" (or of the whole string when it has no '='). */
size_t w2n_wasi_env_name_len(const char *s);
/* Closes what ctx opened: the preopens and preview1's descriptors (stdio fds are the caller's).
   The memory of ctx and its lists is the caller's to release. */
void w2n_wasi_ctx_close(w2n_wasi_ctx *ctx);

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
