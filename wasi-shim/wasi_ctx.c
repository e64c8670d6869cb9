/* Capability contexts (wasi.h): which one the running guest has, the executable's (made once
   from what the build granted), opening the preopened directories and closing a context. */
#include "wasi_internal.h"

static const w2n_wasi_config empty_config = {W2N_WASI_CONFIG_VERSION, 0, 0, 0, 0, 0, 0};

#ifdef W2N_LIBRARY

/* Outside a call into an instance nothing should reach the shim; if something does, it sees a
   context that grants nothing (shared and never changed: its environment is ready and empty). */
static w2n_wasi_ctx nothing = {
    .config = &empty_config, .stdio = {-1, -1, -1}, .env_ready = true, .preopens_ready = true};

w2n_wasi_ctx *w2n_wasi_ctx_current(void) {
  /* Set by the library's entry points around every call into an instance (nested calls save
     and restore it); null outside them, when the shim sees a context that grants nothing. */
  w2n_lib_context *lib = w2n_lib_context_current;
  w2n_wasi_ctx *c = lib ? lib->wasi : 0;
  return c ? c : &nothing;
}
#else
static w2n_wasi_ctx process;
static bool process_ready;

/* The executable's context: the capabilities the compiler baked in, argv, the process's stdio. */
w2n_wasi_ctx *w2n_wasi_ctx_current(void) {
  if (!process_ready) {
    process_ready = true;
    const w2n_wasi_config *c = &__w2n_wasi_config;
    process.config = c && c->version == W2N_WASI_CONFIG_VERSION ? c : &empty_config;
    process.args = (const char *const *)w2n_argv;
    process.num_args = w2n_argc > 0 ? (uint32_t)w2n_argc : 0;
    for (int i = 0; i < 3; i++)
      process.stdio[i] = i;
  }
  return &process;
}
#endif

const w2n_wasi_config *w2n_wasi_config_get(void) { return w2n_wasi_ctx_current()->config; }

long w2n_wasi_ctx_open(w2n_wasi_ctx *ctx, uint32_t *failed) {
  if (ctx->preopens_ready) return 0;
  const w2n_wasi_config *c = ctx->config;
  if (!ctx->preopen_fds && c->num_preopens) {
    ctx->preopen_fds = w2n_alloc_try((size_t)c->num_preopens * sizeof *ctx->preopen_fds);
    if (!ctx->preopen_fds) w2n_fatal("out of memory");
  }
  for (uint32_t i = 0; i < c->num_preopens; i++)
    ctx->preopen_fds[i] = -1;
  for (uint32_t i = 0; i < c->num_preopens; i++) {
    long fd = w2n_wasi_sys(W2N_SYS_openat, W2N_AT_FDCWD, (long)c->preopen_host[i],
                           W2N_O_RDONLY | W2N_O_DIRECTORY | W2N_O_CLOEXEC, 0, 0, 0);
    if (fd < 0) {
      for (uint32_t j = 0; j < i; j++) { /* none stays open: the caller reports and goes on */
        w2n_sys(W2N_SYS_close, ctx->preopen_fds[j], 0, 0, 0, 0, 0);
        ctx->preopen_fds[j] = -1;
      }
      *failed = i;
      return fd;
    }
    ctx->preopen_fds[i] = (int32_t)fd;
  }
  ctx->preopens_ready = true;
  return 0;
}

void w2n_wasi_ctx_close(w2n_wasi_ctx *ctx) {
  if (ctx->table_ready) { /* the table owns the preopens (a guest may have closed them) */
    for (uint32_t fd = 0; fd < ctx->capacity; fd++) {
      w2n_wasi_fd *e = &ctx->table[fd];
      if (e->kind != W2N_WASI_FD_FREE && !e->stdio) w2n_sys(W2N_SYS_close, e->host, 0, 0, 0, 0, 0);
    }
    w2n_free(ctx->table, (size_t)ctx->capacity * sizeof *ctx->table);
  } else if (ctx->preopens_ready) {
    for (uint32_t i = 0; i < ctx->config->num_preopens; i++)
      if (ctx->preopen_fds[i] >= 0) w2n_sys(W2N_SYS_close, ctx->preopen_fds[i], 0, 0, 0, 0, 0);
  }
  ctx->table = 0;
  ctx->capacity = 0;
  ctx->table_ready = ctx->preopens_ready = false;
}
