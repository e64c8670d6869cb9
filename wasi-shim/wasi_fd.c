/* WASI file descriptors, minimal for now: 0, 1 and 2 are the process's stdin/stdout/stderr,
   presented as character devices without seek rights (so wasi-libc's isatty is true and stdio is
   line buffered); every other descriptor is EBADF. fd_close only closes the guest's view. */
#include "rt.h"
#include "wasi.h"

#define W2N_WASI_FILETYPE_CHARACTER_DEVICE 2
#define W2N_WASI_RIGHT_FD_READ (1ull << 1)
#define W2N_WASI_RIGHT_FD_WRITE (1ull << 6)
#define W2N_WASI_RIGHT_POLL_FD_READWRITE (1ull << 27)

static bool closed[3];

static bool is_open(int32_t fd) { return fd >= 0 && fd <= 2 && !closed[fd]; }

/* One writev for the whole request (or its first 1024 buffers, the kernel's limit): a short
   write is a valid answer, and wasi-libc writes the rest itself. */
#define W2N_MAX_IOVS 1024

struct host_iovec {
  const void *base;
  size_t len;
};

int32_t w2n_wasi_fd_write(void *ctx, int32_t fd, int32_t iovs, int32_t iovs_len,
                          int32_t nwritten_ptr) {
  if (!is_open(fd) || fd == 0) return W2N_WASI_EBADF;
  uint32_t count = (uint32_t)iovs_len;
  uint8_t *list = w2n_wasi_guest((uint32_t)iovs, (uint64_t)count * 8);
  uint8_t *out = w2n_wasi_guest((uint32_t)nwritten_ptr, 4);
  if (!list || !out) return W2N_WASI_EFAULT;
  for (uint32_t i = 0; i < count; i++) /* check every buffer before writing any */
    if (!w2n_wasi_guest(w2n_wasi_load_u32(list + 8 * i), w2n_wasi_load_u32(list + 8 * i + 4)))
      return W2N_WASI_EFAULT;
  if (count > W2N_MAX_IOVS) count = W2N_MAX_IOVS;
  struct host_iovec host[W2N_MAX_IOVS];
  for (uint32_t i = 0; i < count; i++) {
    uint32_t len = w2n_wasi_load_u32(list + 8 * i + 4);
    host[i] = (struct host_iovec){w2n_wasi_guest(w2n_wasi_load_u32(list + 8 * i), len), len};
  }
  long r;
  do
    r = count ? w2n_sys(W2N_SYS_writev, fd, (long)host, count, 0, 0, 0) : 0;
  while (r == -4); /* EINTR */
  if (r < 0) return w2n_wasi_errno_from_linux(r);
  w2n_wasi_store_u32(out, (uint32_t)r);
  return W2N_WASI_ESUCCESS;
}

int32_t w2n_wasi_fd_close(void *ctx, int32_t fd) {
  if (!is_open(fd)) return W2N_WASI_EBADF;
  closed[fd] = true;
  return W2N_WASI_ESUCCESS;
}

int32_t w2n_wasi_fd_seek(void *ctx, int32_t fd, int64_t offset, int32_t whence,
                         int32_t newoffset_ptr) {
  if (!is_open(fd)) return W2N_WASI_EBADF;
  return W2N_WASI_ESPIPE; /* character devices cannot seek */
}

int32_t w2n_wasi_fd_fdstat_get(void *ctx, int32_t fd, int32_t buf_ptr) {
  if (!is_open(fd)) return W2N_WASI_EBADF;
  uint8_t *buf = w2n_wasi_guest((uint32_t)buf_ptr, 24);
  if (!buf) return W2N_WASI_EFAULT;
  uint64_t rights = W2N_WASI_RIGHT_POLL_FD_READWRITE |
                    (fd == 0 ? W2N_WASI_RIGHT_FD_READ : W2N_WASI_RIGHT_FD_WRITE);
  buf[0] = W2N_WASI_FILETYPE_CHARACTER_DEVICE; /* fs_filetype */
  buf[1] = 0;
  w2n_wasi_store_u16(buf + 2, 0); /* fs_flags */
  w2n_wasi_store_u32(buf + 4, 0);
  w2n_wasi_store_u64(buf + 8, rights); /* fs_rights_base */
  w2n_wasi_store_u64(buf + 16, 0);     /* fs_rights_inheriting */
  return W2N_WASI_ESUCCESS;
}
