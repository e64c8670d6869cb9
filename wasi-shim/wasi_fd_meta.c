/* Descriptor and file metadata: fdstat (type, flags, rights), filestat, size, times, advice,
   allocation and syncing. Calls that change a file refuse directories and stdio with BADF, as in
   Wasmtime, so that a guest cannot truncate or retime the terminal or the files stdio was
   redirected to. */
#include "wasi_internal.h"

#define R(name) W2N_WASI_RIGHT(W2N_R_##name)
enum {
  FDFLAGS_APPEND = 1,
  FDFLAGS_DSYNC = 2,
  FDFLAGS_NONBLOCK = 4,
  FDFLAGS_RSYNC = 8,
  FDFLAGS_SYNC = 16
};

static int32_t result(long r) { return r < 0 ? w2n_wasi_errno_from_linux(r) : W2N_WASI_ESUCCESS; }

int32_t w2n_wasi_fd_fdstat_get(void *ctx, int32_t fd, int32_t buf_ptr) {
  w2n_wasi_fd *e;
  int32_t err = w2n_wasi_fd_lookup(fd, 0, &e);
  if (err) return err;
  uint8_t *buf = w2n_wasi_guest((uint32_t)buf_ptr, 24);
  if (!buf) return W2N_WASI_EFAULT;
  uint16_t flags = e->sync_flags;
  if (e->kind == W2N_WASI_FD_FILE) {
    long fl = w2n_sys(W2N_SYS_fcntl, e->host, W2N_F_GETFL, 0, 0, 0, 0);
    if (fl >= 0 && (fl & W2N_O_APPEND)) flags |= FDFLAGS_APPEND;
    if (fl >= 0 && (fl & W2N_O_NONBLOCK)) flags |= FDFLAGS_NONBLOCK;
  }
  for (int i = 0; i < 24; i++)
    buf[i] = 0;
  buf[0] = e->filetype;
  w2n_wasi_store_u16(buf + 2, flags);
  w2n_wasi_store_u64(buf + 8, e->rights_base);
  w2n_wasi_store_u64(buf + 16, e->rights_inheriting);
  return W2N_WASI_ESUCCESS;
}

int32_t w2n_wasi_fd_fdstat_set_flags(void *ctx, int32_t fd, int32_t flags) {
  if ((uint32_t)flags & ~31u) return W2N_WASI_EINVAL;
  w2n_wasi_fd *e;
  int32_t err = w2n_wasi_file_lookup(fd, R(FD_FDSTAT_SET_FLAGS), &e);
  if (err) return err;
  /* Only APPEND and NONBLOCK can change after open (as in Wasmtime and fcntl). */
  if (flags & (FDFLAGS_DSYNC | FDFLAGS_RSYNC | FDFLAGS_SYNC)) return W2N_WASI_EINVAL;
  long fl = w2n_sys(W2N_SYS_fcntl, e->host, W2N_F_GETFL, 0, 0, 0, 0);
  if (fl < 0) return w2n_wasi_errno_from_linux(fl);
  fl &= ~(long)(W2N_O_APPEND | W2N_O_NONBLOCK);
  if (flags & FDFLAGS_APPEND) fl |= W2N_O_APPEND;
  if (flags & FDFLAGS_NONBLOCK) fl |= W2N_O_NONBLOCK;
  return result(w2n_sys(W2N_SYS_fcntl, e->host, W2N_F_SETFL, fl, 0, 0, 0));
}

int32_t w2n_wasi_fd_filestat_get(void *ctx, int32_t fd, int32_t buf_ptr) {
  w2n_wasi_fd *e;
  int32_t err = w2n_wasi_fd_lookup(fd, R(FD_FILESTAT_GET), &e);
  if (err) return err;
  uint8_t *buf = w2n_wasi_guest((uint32_t)buf_ptr, 64);
  if (!buf) return W2N_WASI_EFAULT;
  w2n_statx st;
  err = w2n_wasi_statx(e->host, "", W2N_AT_EMPTY_PATH, &st);
  if (err) return err;
  w2n_wasi_store_filestat(buf, &st);
  if (e->stdio) buf[16] = e->filetype; /* as fdstat reports it */
  return W2N_WASI_ESUCCESS;
}

int32_t w2n_wasi_fd_filestat_set_size(void *ctx, int32_t fd, int64_t size) {
  w2n_wasi_fd *e;
  int32_t err = w2n_wasi_file_lookup(fd, R(FD_FILESTAT_SET_SIZE), &e);
  if (err) return err;
  if (size < 0) return W2N_WASI_EINVAL;
  return result(w2n_wasi_sys(W2N_SYS_ftruncate, e->host, (long)size, 0, 0, 0, 0));
}

int32_t w2n_wasi_fd_filestat_set_times(void *ctx, int32_t fd, int64_t atim, int64_t mtim,
                                       int32_t fst_flags) {
  int64_t ts[4];
  int32_t err = w2n_wasi_timespecs((uint64_t)atim, (uint64_t)mtim, (uint32_t)fst_flags, ts);
  if (err) return err;
  w2n_wasi_fd *e = w2n_wasi_fd_at(fd);
  if (!e || e->stdio) return W2N_WASI_EBADF;
  err = w2n_wasi_fd_lookup(fd, R(FD_FILESTAT_SET_TIMES), &e);
  if (err) return err;
  return result(w2n_wasi_sys(W2N_SYS_utimensat, e->host, 0, (long)ts, 0, 0, 0));
}

int32_t w2n_wasi_fd_advise(void *ctx, int32_t fd, int64_t offset, int64_t len, int32_t advice) {
  /* WASI: normal, sequential, random, willneed, dontneed, noreuse.
     Linux POSIX_FADV_*: normal 0, random 1, sequential 2, willneed 3, dontneed 4, noreuse 5. */
  static const uint8_t linux_advice[6] = {0, 2, 1, 3, 4, 5};
  if ((uint32_t)advice > 5) return W2N_WASI_EINVAL;
  w2n_wasi_fd *e;
  int32_t err = w2n_wasi_file_lookup(fd, R(FD_ADVISE), &e);
  if (err) return err;
  return result(
      w2n_sys(W2N_SYS_fadvise64, e->host, (long)offset, (long)len, linux_advice[advice], 0, 0));
}

int32_t w2n_wasi_fd_allocate(void *ctx, int32_t fd, int64_t offset, int64_t len) {
  w2n_wasi_fd *e;
  int32_t err = w2n_wasi_file_lookup(fd, R(FD_ALLOCATE), &e);
  if (err) return err;
  if (offset < 0 || len <= 0) return W2N_WASI_EINVAL;
  /* posix_fallocate: mode 0 also extends the file when offset + len is past its end. */
  return result(w2n_wasi_sys(W2N_SYS_fallocate, e->host, 0, (long)offset, (long)len, 0, 0));
}

static int32_t sync(int32_t fd, uint64_t right, long nr) {
  w2n_wasi_fd *e = w2n_wasi_fd_at(fd);
  if (!e || e->stdio) return W2N_WASI_EBADF;
  int32_t err = w2n_wasi_fd_lookup(fd, right, &e);
  if (err) return err;
  return result(w2n_wasi_sys(nr, e->host, 0, 0, 0, 0, 0));
}

int32_t w2n_wasi_fd_datasync(void *ctx, int32_t fd) {
  return sync(fd, R(FD_DATASYNC), W2N_SYS_fdatasync);
}

int32_t w2n_wasi_fd_sync(void *ctx, int32_t fd) { return sync(fd, R(FD_SYNC), W2N_SYS_fsync); }
