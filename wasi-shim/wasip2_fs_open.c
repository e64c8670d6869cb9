/* [method]descriptor.open-at: opens a file or directory beneath a directory descriptor with
   preview1's sandboxed resolution (wasi_resolve.c). The checks and the open mode follow
   Wasmtime: create, truncate or write need the directory's mutate permission (not-permitted);
   directory with create, exclusive or truncate is invalid; creating or truncating opens for
   writing, and a descriptor opened neither for reading nor for writing is opened for reading. */
#include "wasip2_internal.h"

enum { OPEN_CREATE = 1, OPEN_DIRECTORY = 2, OPEN_EXCLUSIVE = 4, OPEN_TRUNCATE = 8 };
enum { F_READ = 1, F_WRITE = 2, F_FILE_SYNC = 4, F_DATA_SYNC = 8, F_REQ_SYNC = 16, F_MUTATE = 32 };

/* open-at: func(self: borrow<descriptor>, path-flags: path-flags, path: string,
     open-flags: open-flags, %flags: descriptor-flags) -> result<own<descriptor>, error-code>
   (tag at 0, payload at 4, 8 bytes) */
void __w2n_p2_wasi_filesystem_types_descriptor_open_at(w2n_p2_opts *o, uint32_t self,
                                                       uint32_t path_flags, uint32_t ptr,
                                                       uint32_t len, uint32_t open_flags,
                                                       uint32_t flags, uint32_t ret) {
  w2n_p2_desc *d = w2n_p2_desc_get(o, self);
  char path[W2N_WASI_PATH_MAX];
  int32_t err = w2n_p2_load_path(o, ptr, len, path);
  bool create = open_flags & OPEN_CREATE, trunc = open_flags & OPEN_TRUNCATE;
  bool write = create || trunc || (flags & F_WRITE);
  bool read = (flags & F_READ) || !(flags & F_WRITE);
  if (!err && !d->is_dir) err = P2_CODE(P2_EC_NOT_DIRECTORY);
  if (!err && !(d->perms & P2_PERM_MUTATE) && (create || trunc || (flags & (F_WRITE | F_MUTATE))))
    err = P2_CODE(P2_EC_NOT_PERMITTED);
  if (!err && (open_flags & OPEN_DIRECTORY) &&
      (open_flags & (OPEN_CREATE | OPEN_EXCLUSIVE | OPEN_TRUNCATE)))
    err = P2_CODE(P2_EC_INVALID);
  int host = -1;
  if (!err) {
    int hf = read && write ? W2N_O_RDWR : write ? W2N_O_WRONLY : W2N_O_RDONLY;
    if (create) hf |= W2N_O_CREAT | ((open_flags & OPEN_EXCLUSIVE) ? W2N_O_EXCL : 0);
    if (trunc) hf |= W2N_O_TRUNC;
    if (open_flags & OPEN_DIRECTORY) hf |= W2N_O_DIRECTORY;
    if (flags & (F_FILE_SYNC | F_REQ_SYNC)) hf |= W2N_O_SYNC;
    else if (flags & F_DATA_SYNC) hf |= W2N_O_DSYNC;
    err = w2n_wasi_open_beneath(d->fd, path, hf, path_flags & 1, &host);
  }
  w2n_statx st;
  if (!err) {
    err = w2n_wasi_statx(host, "", W2N_AT_EMPTY_PATH, &st);
    if (err) w2n_sys(W2N_SYS_close, host, 0, 0, 0, 0, 0);
  }
  if (err) {
    w2n_p2_store_err(o, ret, 4, 8, err);
    return;
  }
  bool is_dir = w2n_wasi_is_dir(&st);
  if (is_dir) write = (flags & F_MUTATE) && (d->perms & P2_PERM_MUTATE);
  uint8_t mode = (uint8_t)((read ? P2_MODE_READ : 0) | (write ? P2_MODE_WRITE : 0));
  uint32_t h = w2n_p2_new_desc(o, host, is_dir, mode, d->perms);
  uint8_t *p = w2n_canon_mem(o, ret, 8, 4);
  p[0] = 0;
  w2n_wasi_store_u32(p + 4, h);
}
