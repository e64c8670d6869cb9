/* fd_readdir: directory entries as WASI dirents (24-byte header, then the name without a NUL).
   Cookies are the kernel's own directory offsets (getdents64 d_off), so reading resumes at
   any entry with one lseek and costs nothing per earlier entry; cookie 0 is the start. The
   buffer is filled completely, the last entry cut short if needed (the guest then asks again
   from that entry's cookie), as the witx describes. */
#include "wasi_internal.h"

#define R(name) W2N_WASI_RIGHT(W2N_R_##name)
#define DIRENT_SIZE 24

/* Linux's DT_* → WASI filetype (DT_UNKNOWN: ask statx). */
static uint8_t filetype_of(int dir, const char *name, uint8_t d_type) {
  switch (d_type) {
  case 2: /* DT_CHR */
    return 2;
  case 4: /* DT_DIR */
    return 3;
  case 6: /* DT_BLK */
    return 1;
  case 8: /* DT_REG */
    return 4;
  case 10: /* DT_LNK */
    return 7;
  case 12: /* DT_SOCK */
    return 6;
  case 0: { /* DT_UNKNOWN */
    w2n_statx st;
    return w2n_wasi_statx(dir, name, W2N_AT_SYMLINK_NOFOLLOW, &st) ? 0 : w2n_wasi_filetype(st.mode);
  }
  default: /* DT_FIFO and anything else */
    return 0;
  }
}

/* Copies as much of [src, src + len) as fits; returns false when the buffer is full. */
static bool put(uint8_t *buf, uint32_t cap, uint32_t *used, const void *src, uint32_t len) {
  uint32_t n = cap - *used < len ? cap - *used : len;
  w2n_wasi_copy(buf + *used, src, n);
  *used += n;
  return *used < cap;
}

int32_t w2n_wasi_fd_readdir(void *ctx, int32_t fd, int32_t buf_ptr, int32_t buf_len, int64_t cookie,
                            int32_t bufused_ptr) {
  w2n_wasi_fd *e;
  int32_t err = w2n_wasi_dir_lookup(fd, R(FD_READDIR), &e);
  if (err) return err;
  uint32_t cap = (uint32_t)buf_len;
  uint8_t *buf = w2n_wasi_guest((uint32_t)buf_ptr, cap);
  if (!buf || !w2n_wasi_guest((uint32_t)bufused_ptr, 4)) return W2N_WASI_EFAULT;
  if ((uint64_t)cookie > (uint64_t)INT64_MAX) return W2N_WASI_EINVAL;
  long r = w2n_wasi_sys(W2N_SYS_lseek, e->host, (long)cookie, 0, 0, 0, 0);
  if (r < 0) return w2n_wasi_errno_from_linux(r);
  uint32_t used = 0;
  _Alignas(8) uint8_t kbuf[8192];
  while (used < cap) {
    long n = w2n_wasi_sys(W2N_SYS_getdents64, e->host, (long)kbuf, sizeof kbuf, 0, 0, 0);
    if (n < 0) return w2n_wasi_errno_from_linux(n);
    if (n == 0) break;
    for (long off = 0; off < n && used < cap;) {
      /* linux_dirent64: d_ino u64, d_off s64, d_reclen u16, d_type u8, d_name[] */
      const uint8_t *d = kbuf + off;
      const char *name = (const char *)d + 19;
      uint32_t namlen = (uint32_t)w2n_strlen(name);
      uint8_t header[DIRENT_SIZE] = {0};
      w2n_wasi_store_u64(header, w2n_wasi_load_u64(d + 8)); /* d_next: this entry's d_off */
      w2n_wasi_store_u64(header + 8, w2n_wasi_load_u64(d)); /* d_ino */
      w2n_wasi_store_u32(header + 16, namlen);
      header[20] = filetype_of(e->host, name, d[18]);
      if (put(buf, cap, &used, header, DIRENT_SIZE)) put(buf, cap, &used, name, namlen);
      off += w2n_wasi_load_u16(d + 16);
    }
  }
  return w2n_wasi_put_u32((uint32_t)bufused_ptr, used);
}
