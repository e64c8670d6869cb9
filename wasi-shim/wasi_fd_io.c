/* Reading, writing and seeking: one readv/writev/preadv/pwritev per call on the host fd (a short
   transfer is a valid answer; wasi-libc loops), with the host's file offset as the guest's.
   Directories are BADF, as in Wasmtime; stdin is read-only and stdout/stderr write-only. */
#include "wasi_internal.h"

#define R(name) W2N_WASI_RIGHT(W2N_R_##name)

static int32_t io_lookup(int32_t fd, uint64_t rights, bool writing, w2n_wasi_fd **out) {
  w2n_wasi_fd *e = w2n_wasi_fd_at(fd);
  if (!e || e->kind == W2N_WASI_FD_DIR) return W2N_WASI_EBADF;
  if (e->stdio && (e->stdio == W2N_WASI_STDIO_OUT) != writing) return W2N_WASI_EBADF;
  return w2n_wasi_fd_lookup(fd, rights, out);
}

/* One vectored transfer: syscall(host fd, iovecs, count[, offset]). */
static int32_t transfer(int32_t fd, uint64_t rights, bool writing, long nr, bool positioned,
                        int32_t iovs, int32_t iovs_len, uint64_t offset, int32_t result_ptr) {
  w2n_wasi_fd *e;
  int32_t err = io_lookup(fd, rights, writing, &e);
  if (err) return err;
  w2n_iovec host[W2N_WASI_MAX_IOVS];
  uint32_t count;
  err = w2n_wasi_iovecs((uint32_t)iovs, (uint32_t)iovs_len, host, &count);
  if (err) return err;
  if (!w2n_wasi_guest((uint32_t)result_ptr, 4)) return W2N_WASI_EFAULT;
  if (positioned && offset > (uint64_t)INT64_MAX) return W2N_WASI_EINVAL;
  long r = count == 0
               ? 0
               : w2n_wasi_sys(nr, e->host, (long)host, count, positioned ? (long)offset : 0, 0, 0);
  if (r < 0) return w2n_wasi_errno_from_linux(r);
  return w2n_wasi_put_u32((uint32_t)result_ptr, (uint32_t)r);
}

int32_t w2n_wasi_fd_read(void *ctx, int32_t fd, int32_t iovs, int32_t iovs_len, int32_t nread_ptr) {
  return transfer(fd, R(FD_READ), false, W2N_SYS_readv, false, iovs, iovs_len, 0, nread_ptr);
}

int32_t w2n_wasi_fd_write(void *ctx, int32_t fd, int32_t iovs, int32_t iovs_len,
                          int32_t nwritten_ptr) {
  return transfer(fd, R(FD_WRITE), true, W2N_SYS_writev, false, iovs, iovs_len, 0, nwritten_ptr);
}

int32_t w2n_wasi_fd_pread(void *ctx, int32_t fd, int32_t iovs, int32_t iovs_len, int64_t offset,
                          int32_t nread_ptr) {
  return transfer(fd, R(FD_READ) | R(FD_SEEK), false, W2N_SYS_preadv, true, iovs, iovs_len,
                  (uint64_t)offset, nread_ptr);
}

int32_t w2n_wasi_fd_pwrite(void *ctx, int32_t fd, int32_t iovs, int32_t iovs_len, int64_t offset,
                           int32_t nwritten_ptr) {
  return transfer(fd, R(FD_WRITE) | R(FD_SEEK), true, W2N_SYS_pwritev, true, iovs, iovs_len,
                  (uint64_t)offset, nwritten_ptr);
}

static int32_t seek(int32_t fd, uint64_t rights, int64_t offset, uint32_t whence,
                    int32_t result_ptr) {
  if (whence > 2) return W2N_WASI_EINVAL; /* SET, CUR, END: the Linux values too */
  w2n_wasi_fd *e = w2n_wasi_fd_at(fd);
  if (!e || e->kind == W2N_WASI_FD_DIR) return W2N_WASI_EBADF;
  int32_t err = w2n_wasi_fd_lookup(fd, rights, &e);
  if (err) return err;
  if (!w2n_wasi_guest((uint32_t)result_ptr, 8)) return W2N_WASI_EFAULT;
  long r = w2n_wasi_sys(W2N_SYS_lseek, e->host, (long)offset, whence, 0, 0, 0);
  if (r < 0) return w2n_wasi_errno_from_linux(r);
  return w2n_wasi_put_u64((uint32_t)result_ptr, (uint64_t)r);
}

int32_t w2n_wasi_fd_seek(void *ctx, int32_t fd, int64_t offset, int32_t whence,
                         int32_t newoffset_ptr) {
  uint64_t rights = offset == 0 && whence == 1 ? R(FD_TELL) : R(FD_SEEK);
  return seek(fd, rights, offset, (uint32_t)whence, newoffset_ptr);
}

int32_t w2n_wasi_fd_tell(void *ctx, int32_t fd, int32_t offset_ptr) {
  return seek(fd, R(FD_TELL), 0, 1, offset_ptr);
}
