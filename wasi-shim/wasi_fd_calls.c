/* The fd_* calls that work on the descriptor table itself: close, renumber and the preopened
   directories' descriptions (wasi-libc scans fd_prestat_get from 3 up to the first BADF). */
#include "wasi_internal.h"

int32_t w2n_wasi_fd_close(void *ctx, int32_t fd) {
  if (!w2n_wasi_fd_at(fd)) return W2N_WASI_EBADF;
  w2n_wasi_fd_release(fd);
  return W2N_WASI_ESUCCESS;
}

int32_t w2n_wasi_fd_renumber(void *ctx, int32_t fd, int32_t to) {
  if (!w2n_wasi_fd_at(fd) || !w2n_wasi_fd_at(to)) return W2N_WASI_EBADF;
  if (fd != to) w2n_wasi_fd_move(fd, to);
  return W2N_WASI_ESUCCESS;
}

static const char *preopen_name(int32_t fd) {
  w2n_wasi_fd *e = w2n_wasi_fd_at(fd);
  if (!e || e->preopen < 0) return 0;
  return w2n_wasi_config_get()->preopen_guest[e->preopen];
}

int32_t w2n_wasi_fd_prestat_get(void *ctx, int32_t fd, int32_t buf_ptr) {
  const char *name = preopen_name(fd);
  if (!name) return W2N_WASI_EBADF;
  uint8_t *buf = w2n_wasi_guest((uint32_t)buf_ptr, 8);
  if (!buf) return W2N_WASI_EFAULT;
  buf[0] = 0; /* preopentype DIR */
  buf[1] = buf[2] = buf[3] = 0;
  w2n_wasi_store_u32(buf + 4, (uint32_t)w2n_strlen(name));
  return W2N_WASI_ESUCCESS;
}

int32_t w2n_wasi_fd_prestat_dir_name(void *ctx, int32_t fd, int32_t path_ptr, int32_t path_len) {
  if (!w2n_wasi_fd_at(fd)) return W2N_WASI_EBADF;
  const char *name = preopen_name(fd);
  if (!name) return W2N_WASI_ENOTDIR; /* as Wasmtime: open, but not a preopened directory */
  size_t len = w2n_strlen(name);
  if (len > (uint32_t)path_len) return W2N_WASI_ENAMETOOLONG;
  uint8_t *buf = w2n_wasi_guest((uint32_t)path_ptr, len);
  if (!buf) return W2N_WASI_EFAULT;
  w2n_wasi_copy(buf, name, len); /* no NUL terminator */
  return W2N_WASI_ESUCCESS;
}
