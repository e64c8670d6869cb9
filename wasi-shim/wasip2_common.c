/* Helpers of the WASI 0.2 host: recycled host objects, canonical ABI results in guest memory
   (result<_, error-code>, list<u8>), guest paths, the read buffer, and writing everything. */
#include "wasip2_internal.h"

/* ---- Host objects: free lists by 16-byte size class (objects are small and fixed-size). ---- */
#define CLASSES 64
static void *free_lists[CLASSES];
static w2n_lock free_lists_lock;

void *w2n_p2_new(size_t size) {
  size_t c = (size + 15) / 16;
  if (c < CLASSES) {
    w2n_lock_acquire(&free_lists_lock);
    void **p = free_lists[c];
    if (p) free_lists[c] = *p;
    w2n_lock_release(&free_lists_lock);
    if (p) {
      uint8_t *b = (uint8_t *)p;
      for (size_t i = 0; i < c * 16; i++)
        b[i] = 0;
      return p;
    }
  }
  return w2n_alloc_shared(c * 16); /* reused through the free lists by any instance */
}

void w2n_p2_delete(void *p, size_t size) {
  size_t c = (size + 15) / 16;
  if (!p) return;
  if (c >= CLASSES) {
    w2n_free(p, c * 16);
    return;
  }
  w2n_lock_acquire(&free_lists_lock);
  *(void **)p = free_lists[c];
  free_lists[c] = p;
  w2n_lock_release(&free_lists_lock);
}

/* ---- Results. ---- */
void w2n_p2_store_err(w2n_p2_opts *o, uint32_t ret, uint32_t off, uint32_t size, int32_t err) {
  uint8_t *p = w2n_canon_mem(o, ret, size, off);
  p[0] = 1;
  p[off] = w2n_p2_error_code(err);
}

void w2n_p2_store_unit(w2n_p2_opts *o, uint32_t ret, int32_t err) {
  if (err) {
    w2n_p2_store_err(o, ret, 1, 2, err);
    return;
  }
  uint8_t *p = w2n_canon_mem(o, ret, 2, 1);
  p[0] = 0;
}

void w2n_p2_store_bytes(w2n_p2_opts *o, uint8_t *at, const void *data, uint32_t len) {
  uint32_t ptr = w2n_canon_realloc(o, 0, 0, 1, len);
  if (len) w2n_wasi_copy(w2n_canon_mem(o, ptr, len, 1), data, len);
  w2n_wasi_store_u32(at, ptr);
  w2n_wasi_store_u32(at + 4, len);
}

int32_t w2n_p2_load_path(w2n_p2_opts *o, uint32_t ptr, uint32_t len, char *out) {
  size_t n;
  const char *s = w2n_canon_load_string(o, ptr, len, &n);
  if (n >= W2N_WASI_PATH_MAX) return W2N_WASI_ENAMETOOLONG;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == 0) return W2N_WASI_EINVAL;
    out[i] = s[i];
  }
  out[n] = 0;
  return W2N_WASI_ESUCCESS;
}

/* ---- I/O. ---- */
static W2N_THREAD uint8_t *iobuf;

uint8_t *w2n_p2_iobuf(size_t *cap) {
  if (!iobuf) {
    iobuf = w2n_alloc_shared_try(P2_READ_MAX);
    if (!iobuf) w2n_fatal("out of memory");
  }
  *cap = P2_READ_MAX;
  return iobuf;
}

#ifndef W2N_SYS_pwritev2
#if defined(__aarch64__)
#define W2N_SYS_pwritev2 287
#else
#define W2N_SYS_pwritev2 328
#endif
#endif
#define RWF_APPEND 0x10

typedef struct pollfd_k {
  int32_t fd;
  int16_t events, revents;
} pollfd_k;

/* Waits until fd is writable (a non-blocking descriptor said EAGAIN). */
static void wait_writable(int fd) {
  pollfd_k p = {fd, 4 /* POLLOUT */, 0};
  w2n_wasi_sys(W2N_SYS_ppoll, (long)&p, 1, 0, 0, 8, 0);
}

static long append_once(int fd, const uint8_t *p, size_t n) {
  w2n_iovec iov = {(void *)p, n};
  long r = w2n_sys(W2N_SYS_pwritev2, fd, (long)&iov, 1, -1, -1, RWF_APPEND);
  if (r == -W2N_ENOSYS || r == -95 /* EOPNOTSUPP: an old kernel */) {
    w2n_statx st; /* not atomic, but where the file ends now */
    if (w2n_wasi_statx(fd, "", W2N_AT_EMPTY_PATH, &st)) return -5;
    r = w2n_sys(W2N_SYS_pwrite64, fd, (long)p, (long)n, (long)st.size, 0, 0);
  }
  return r;
}

long w2n_p2_write_all(int fd, const uint8_t *p, size_t n, int64_t offset, bool append) {
  size_t done = 0;
  while (done < n) {
    size_t chunk = n - done < ((size_t)1 << 30) ? n - done : ((size_t)1 << 30);
    long r;
    if (append)
      r = append_once(fd, p + done, chunk);
    else if (offset >= 0)
      r = w2n_sys(W2N_SYS_pwrite64, fd, (long)(p + done), (long)chunk, (long)(offset + done), 0, 0);
    else
      r = w2n_sys(W2N_SYS_write, fd, (long)(p + done), (long)chunk, 0, 0, 0);
    if (r == -W2N_EINTR) continue;
    if (r == -W2N_EAGAIN) {
      wait_writable(fd);
      continue;
    }
    if (r < 0) return r;
    if (r == 0) return -5; /* EIO: no progress */
    done += (size_t)r;
  }
  return 0;
}

bool w2n_p2_is_tty(int fd) {
  uint8_t termios[64];
  return w2n_sys(W2N_SYS_ioctl, fd, 0x5401 /* TCGETS */, (long)termios, 0, 0, 0) == 0;
}

bool w2n_p2_valid_utf8(const char *str, size_t n) {
  const uint8_t *s = (const uint8_t *)str;
  for (size_t i = 0; i < n;) {
    uint8_t c = s[i];
    size_t len;
    uint32_t min, cp;
    if (c < 0x80) {
      i++;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      len = 2, min = 0x80, cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3, min = 0x800, cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4, min = 0x10000, cp = c & 0x07;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}
