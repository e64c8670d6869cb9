/* WASI 0.2 start-up and wasi:filesystem/preopens. The preopened directories are the capability
   context's (wasi_ctx.c opens them: an executable's from __w2n_wasi_config, reporting a missing
   one with exit status 1 as preview1 does; a library instance's at instantiation); get-directories
   hands out a new descriptor (its own dup of the directory's fd, with the read and mutate
   permissions) for each, under its guest path, on every call, as Wasmtime does. */
#include "wasip2_internal.h"

void w2n_wasip2_init(void) { w2n_wasi_preopens(); }

/* get-directories: func() -> list<tuple<own<descriptor>, string>>
   (elements of 12 bytes: handle at 0, name (ptr, len) at 4) */
void __w2n_p2_wasi_filesystem_preopens_get_directories(w2n_p2_opts *o, uint32_t ret) {
  const w2n_wasi_ctx *ctx = w2n_wasi_preopens();
  const w2n_wasi_config *c = ctx->config;
  uint32_t count = c->num_preopens;
  uint32_t list = w2n_canon_realloc(o, 0, 0, 4, count * 12);
  for (uint32_t i = 0; i < count; i++) {
    long fd =
        w2n_wasi_sys(W2N_SYS_fcntl, ctx->preopen_fds[i], 1030 /* F_DUPFD_CLOEXEC */, 0, 0, 0, 0);
    if (fd < 0) w2n_fatal("cannot duplicate a preopened directory");
    uint32_t h = w2n_p2_new_desc(o, (int)fd, true, P2_MODE_READ | P2_MODE_WRITE,
                                 P2_PERM_READ | P2_PERM_MUTATE);
    w2n_wasi_store_u32(w2n_canon_mem(o, list + 12 * i, 4, 4), h);
    const char *name = c->preopen_guest[i];
    w2n_canon_store_string(o, list + 12 * i + 4, name, w2n_strlen(name));
  }
  uint8_t *p = w2n_canon_mem(o, ret, 8, 4);
  w2n_wasi_store_u32(p, list);
  w2n_wasi_store_u32(p + 4, count);
}
