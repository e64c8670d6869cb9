/* wasi:filesystem directory reading: read-directory opens the directory again (so every stream
   starts at the beginning and streams do not disturb each other) and directory-entry-stream
   reads it with getdents64, leaving out "." and "..". A name that is not UTF-8 is
   illegal-byte-sequence, as in Wasmtime. */
#include "wasip2_internal.h"

typedef struct dir_stream {
  int fd;
  uint32_t pos, len;
  uint8_t buf[4096];
} dir_stream;

static void dir_stream_dtor(uintptr_t rep) {
  dir_stream *s = (dir_stream *)rep;
  w2n_sys(W2N_SYS_close, s->fd, 0, 0, 0, 0, 0);
  w2n_p2_delete(s, sizeof *s);
}

const w2n_resource_type __w2n_p2_res_wasi_filesystem_types_directory_entry_stream = {
    .name = "wasi:filesystem/types.directory-entry-stream", .host_dtor = dir_stream_dtor};

/* [method]descriptor.read-directory: func(self: borrow<descriptor>)
     -> result<own<directory-entry-stream>, error-code>  (tag at 0, payload at 4) */
void __w2n_p2_wasi_filesystem_types_descriptor_read_directory(w2n_p2_opts *o, uint32_t self,
                                                              uint32_t ret) {
  w2n_p2_desc *d = w2n_p2_desc_get(o, self);
  int32_t err = d->is_dir ? 0 : P2_CODE(P2_EC_NOT_DIRECTORY);
  long fd = -1;
  if (!err) {
    fd = w2n_wasi_sys(W2N_SYS_openat, d->fd, (long)".",
                      W2N_O_RDONLY | W2N_O_DIRECTORY | W2N_O_CLOEXEC, 0, 0, 0);
    if (fd < 0) err = w2n_wasi_errno_from_linux(fd);
  }
  if (err) {
    w2n_p2_store_err(o, ret, 4, 8, err);
    return;
  }
  dir_stream *s = w2n_p2_new(sizeof *s);
  s->fd = (int)fd;
  uint32_t h = w2n_handle_new_own(o->instance, P2_RES(wasi_filesystem_types_directory_entry_stream),
                                  (uint64_t)(uintptr_t)s);
  uint8_t *p = w2n_canon_mem(o, ret, 8, 4);
  p[0] = 0;
  w2n_wasi_store_u32(p + 4, h);
}

static uint8_t entry_type(int dir, const char *name, uint8_t d_type) {
  switch (d_type) {
  case 1:
    return 4; /* DT_FIFO: fifo */
  case 2:
    return 2; /* DT_CHR: character-device */
  case 4:
    return 3; /* DT_DIR: directory */
  case 6:
    return 1; /* DT_BLK: block-device */
  case 8:
    return 6; /* DT_REG: regular-file */
  case 10:
    return 5; /* DT_LNK: symbolic-link */
  case 12:
    return 7; /* DT_SOCK: socket */
  default: {
    w2n_statx st;
    if (w2n_wasi_statx(dir, name, W2N_AT_SYMLINK_NOFOLLOW, &st)) return 0;
    return w2n_p2_descriptor_type(st.mode);
  }
  }
}

/* [method]directory-entry-stream.read-directory-entry: func(self: borrow<directory-entry-stream>)
     -> result<option<directory-entry>, error-code>
   (tag at 0; ok: option tag at 4, type at 8, name at 12; err: code at 4; 20 bytes, align 4) */
void __w2n_p2_wasi_filesystem_types_directory_entry_stream_read_directory_entry(w2n_p2_opts *o,
                                                                                uint32_t self,
                                                                                uint32_t ret) {
  dir_stream *s = (dir_stream *)(uintptr_t)w2n_handle_rep(
      o->instance, self, P2_RES(wasi_filesystem_types_directory_entry_stream));
  for (;;) {
    if (s->pos >= s->len) {
      long n = w2n_wasi_sys(W2N_SYS_getdents64, s->fd, (long)s->buf, sizeof s->buf, 0, 0, 0);
      if (n < 0) {
        w2n_p2_store_err(o, ret, 4, 20, w2n_wasi_errno_from_linux(n));
        return;
      }
      if (n == 0) { /* the end: none */
        uint8_t *p = w2n_canon_mem(o, ret, 20, 4);
        p[0] = 0;
        p[4] = 0;
        return;
      }
      s->pos = 0;
      s->len = (uint32_t)n;
    }
    /* linux_dirent64: d_ino u64, d_off s64, d_reclen u16, d_type u8, d_name[] */
    const uint8_t *e = s->buf + s->pos;
    s->pos += w2n_wasi_load_u16(e + 16);
    const char *name = (const char *)e + 19;
    size_t len = w2n_strlen(name);
    if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.')) continue;
    if (!w2n_p2_valid_utf8(name, len)) {
      w2n_p2_store_err(o, ret, 4, 20, P2_CODE(P2_EC_ILLEGAL_BYTE_SEQUENCE));
      return;
    }
    uint8_t type = entry_type(s->fd, name, e[18]);
    uint8_t *p = w2n_canon_mem(o, ret, 20, 4);
    p[0] = 0;
    p[4] = 1;
    p[8] = type;
    w2n_canon_store_string(o, ret + 12, name, len);
    return;
  }
}
