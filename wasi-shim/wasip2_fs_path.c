/* wasi:filesystem descriptor methods that take a path (other than open-at): each resolves the
   directory holding the final component beneath the descriptor with preview1's sandboxed
   resolution (wasi_resolve.c: openat2 RESOLVE_BENEATH or the O_NOFOLLOW walk; escapes are
   not-permitted) and runs one *at system call on that name, exactly as preview1's path_* calls
   do (wasi_path.c). As in Wasmtime, a non-directory descriptor is not-directory, and a
   directory without the mutate permission refuses changes with not-permitted. */
#include "wasip2_internal.h"

int32_t w2n_p2_prepare_path(const w2n_p2_desc *d, uint8_t perms, const char *path, int follow,
                            w2n_wasi_parent *out) {
  out->fd = -1;
  if (!d->is_dir) return P2_CODE(P2_EC_NOT_DIRECTORY);
  if ((d->perms & perms) != perms) return P2_CODE(P2_EC_NOT_PERMITTED);
  bool f = follow == P2_FOLLOW || (follow == P2_FOLLOW_IF_SLASH && w2n_wasi_has_trailing_slash(path));
  return w2n_wasi_resolve_parent(d->fd, path, f, out);
}

int32_t w2n_p2_prepare(w2n_p2_opts *o, const w2n_p2_desc *d, uint8_t perms, uint32_t ptr,
                       uint32_t len, int follow, w2n_wasi_parent *out) {
  char path[W2N_WASI_PATH_MAX];
  out->fd = -1;
  int32_t err = w2n_p2_load_path(o, ptr, len, path);
  return err ? err : w2n_p2_prepare_path(d, perms, path, follow, out);
}

static int32_t finish(w2n_wasi_parent *p, long r) {
  w2n_wasi_parent_close(p);
  return r < 0 ? w2n_wasi_errno_from_linux(r) : 0;
}

/* A path that ended in '/' must name a directory. */
static int32_t check_slash(const w2n_wasi_parent *p, w2n_statx *st) {
  int32_t err = w2n_wasi_statx(p->fd, p->name, W2N_AT_SYMLINK_NOFOLLOW, st);
  if (err) return err;
  return p->trailing_slash && !w2n_wasi_is_dir(st) ? W2N_WASI_ENOTDIR : 0;
}

/* One *at call with the final name: mkdirat, unlinkat. */
static void simple(w2n_p2_opts *o, uint32_t self, uint32_t ptr, uint32_t len, uint32_t ret,
                   long nr, bool dir) {
  w2n_wasi_parent p;
  int32_t err =
      w2n_p2_prepare(o, w2n_p2_desc_get(o, self), P2_PERM_MUTATE, ptr, len, P2_NOFOLLOW, &p);
  if (!err) {
    long r = nr == W2N_SYS_mkdirat
                 ? w2n_wasi_sys(nr, p.fd, (long)p.kname, 0777, 0, 0, 0)
                 : w2n_wasi_sys(nr, p.fd, (long)p.kname, dir ? W2N_AT_REMOVEDIR : 0, 0, 0, 0);
    err = finish(&p, r);
  }
  w2n_p2_store_unit(o, ret, err);
}

/* [method]descriptor.create-directory-at: func(self: borrow<descriptor>, path: string)
     -> result<_, error-code> */
void __w2n_p2_wasi_filesystem_types_descriptor_create_directory_at(w2n_p2_opts *o, uint32_t self,
                                                                   uint32_t ptr, uint32_t len,
                                                                   uint32_t ret) {
  simple(o, self, ptr, len, ret, W2N_SYS_mkdirat, false);
}

/* [method]descriptor.remove-directory-at: func(self: borrow<descriptor>, path: string)
     -> result<_, error-code> */
void __w2n_p2_wasi_filesystem_types_descriptor_remove_directory_at(w2n_p2_opts *o, uint32_t self,
                                                                   uint32_t ptr, uint32_t len,
                                                                   uint32_t ret) {
  simple(o, self, ptr, len, ret, W2N_SYS_unlinkat, true);
}

/* [method]descriptor.unlink-file-at: func(self: borrow<descriptor>, path: string)
     -> result<_, error-code> */
void __w2n_p2_wasi_filesystem_types_descriptor_unlink_file_at(w2n_p2_opts *o, uint32_t self,
                                                              uint32_t ptr, uint32_t len,
                                                              uint32_t ret) {
  simple(o, self, ptr, len, ret, W2N_SYS_unlinkat, false);
}

/* Resolves a path for stat-at / metadata-hash-at and stats its final component. */
static int32_t stat_at(w2n_p2_opts *o, uint32_t self, uint32_t path_flags, uint32_t ptr,
                       uint32_t len, w2n_statx *st) {
  w2n_wasi_parent p;
  int follow = (path_flags & 1) ? P2_FOLLOW : P2_FOLLOW_IF_SLASH;
  int32_t err = w2n_p2_prepare(o, w2n_p2_desc_get(o, self), 0, ptr, len, follow, &p);
  if (err) return err;
  err = check_slash(&p, st);
  w2n_wasi_parent_close(&p);
  return err;
}

/* [method]descriptor.stat-at: func(self: borrow<descriptor>, path-flags: path-flags,
     path: string) -> result<descriptor-stat, error-code>  (tag at 0, payload at 8, 104 bytes) */
void __w2n_p2_wasi_filesystem_types_descriptor_stat_at(w2n_p2_opts *o, uint32_t self,
                                                       uint32_t path_flags, uint32_t ptr,
                                                       uint32_t len, uint32_t ret) {
  w2n_statx st;
  int32_t err = stat_at(o, self, path_flags, ptr, len, &st);
  if (err) {
    w2n_p2_store_err(o, ret, 8, 104, err);
    return;
  }
  uint8_t *p = w2n_canon_mem(o, ret, 104, 8);
  p[0] = 0;
  w2n_p2_store_stat(p + 8, &st);
}

/* [method]descriptor.metadata-hash-at: func(self: borrow<descriptor>, path-flags: path-flags,
     path: string) -> result<metadata-hash-value, error-code>  (tag at 0, payload at 8) */
void __w2n_p2_wasi_filesystem_types_descriptor_metadata_hash_at(w2n_p2_opts *o, uint32_t self,
                                                                uint32_t path_flags, uint32_t ptr,
                                                                uint32_t len, uint32_t ret) {
  w2n_statx st;
  int32_t err = stat_at(o, self, path_flags, ptr, len, &st);
  if (err) {
    w2n_p2_store_err(o, ret, 8, 24, err);
    return;
  }
  uint8_t *p = w2n_canon_mem(o, ret, 24, 8);
  p[0] = 0;
  w2n_p2_store_hash(p + 8, &st);
}

/* [method]descriptor.set-times-at: func(self: borrow<descriptor>, path-flags: path-flags,
     path: string, data-access-timestamp: new-timestamp,
     data-modification-timestamp: new-timestamp) -> result<_, error-code> */
void __w2n_p2_wasi_filesystem_types_descriptor_set_times_at(
    w2n_p2_opts *o, uint32_t self, uint32_t path_flags, uint32_t ptr, uint32_t len,
    uint32_t atim_kind, uint64_t atim_sec, uint32_t atim_nsec, uint32_t mtim_kind,
    uint64_t mtim_sec, uint32_t mtim_nsec, uint32_t ret) {
  int64_t ts[4];
  w2n_p2_timespec(atim_kind, atim_sec, atim_nsec, ts);
  w2n_p2_timespec(mtim_kind, mtim_sec, mtim_nsec, ts + 2);
  w2n_wasi_parent p;
  int follow = (path_flags & 1) ? P2_FOLLOW : P2_FOLLOW_IF_SLASH;
  int32_t err =
      w2n_p2_prepare(o, w2n_p2_desc_get(o, self), P2_PERM_MUTATE, ptr, len, follow, &p);
  if (!err && p.trailing_slash) {
    w2n_statx st;
    err = check_slash(&p, &st);
    if (err) w2n_wasi_parent_close(&p);
  }
  if (!err)
    err = finish(&p, w2n_wasi_sys(W2N_SYS_utimensat, p.fd, (long)p.name, (long)ts,
                                  W2N_AT_SYMLINK_NOFOLLOW, 0, 0));
  w2n_p2_store_unit(o, ret, err);
}

/* [method]descriptor.link-at: func(self: borrow<descriptor>, old-path-flags: path-flags,
     old-path: string, new-descriptor: borrow<descriptor>, new-path: string)
     -> result<_, error-code> */
void __w2n_p2_wasi_filesystem_types_descriptor_link_at(w2n_p2_opts *o, uint32_t self,
                                                       uint32_t old_flags, uint32_t old_ptr,
                                                       uint32_t old_len, uint32_t new_desc,
                                                       uint32_t new_ptr, uint32_t new_len,
                                                       uint32_t ret) {
  w2n_p2_desc *from_d = w2n_p2_desc_get(o, self), *to_d = w2n_p2_desc_get(o, new_desc);
  w2n_wasi_parent from, to;
  int32_t err = 0;
  if (old_flags & 1) err = P2_CODE(P2_EC_INVALID); /* as Wasmtime: links are never followed */
  if (!err)
    err = w2n_p2_prepare(o, from_d, P2_PERM_MUTATE, old_ptr, old_len, P2_FOLLOW_IF_SLASH, &from);
  if (!err && from.trailing_slash) { /* "x/" names a directory, which cannot be hard-linked */
    w2n_statx st;
    err = check_slash(&from, &st);
    w2n_wasi_parent_close(&from);
    if (!err) err = W2N_WASI_EPERM;
  }
  if (!err) {
    err = w2n_p2_prepare(o, to_d, P2_PERM_MUTATE, new_ptr, new_len, P2_NOFOLLOW, &to);
    if (err) {
      w2n_wasi_parent_close(&from);
    } else {
      long r =
          w2n_wasi_sys(W2N_SYS_linkat, from.fd, (long)from.name, to.fd, (long)to.kname, 0, 0);
      w2n_wasi_parent_close(&from);
      err = finish(&to, r);
    }
  }
  w2n_p2_store_unit(o, ret, err);
}

/* [method]descriptor.rename-at: func(self: borrow<descriptor>, old-path: string,
     new-descriptor: borrow<descriptor>, new-path: string) -> result<_, error-code> */
void __w2n_p2_wasi_filesystem_types_descriptor_rename_at(w2n_p2_opts *o, uint32_t self,
                                                         uint32_t old_ptr, uint32_t old_len,
                                                         uint32_t new_desc, uint32_t new_ptr,
                                                         uint32_t new_len, uint32_t ret) {
  w2n_p2_desc *from_d = w2n_p2_desc_get(o, self), *to_d = w2n_p2_desc_get(o, new_desc);
  w2n_wasi_parent from, to;
  int32_t err = w2n_p2_prepare(o, from_d, P2_PERM_MUTATE, old_ptr, old_len, P2_NOFOLLOW, &from);
  if (!err) {
    err = w2n_p2_prepare(o, to_d, P2_PERM_MUTATE, new_ptr, new_len, P2_NOFOLLOW, &to);
    if (err) {
      w2n_wasi_parent_close(&from);
    } else {
      long r = w2n_wasi_sys(W2N_SYS_renameat2, from.fd, (long)from.kname, to.fd, (long)to.kname,
                            0, 0);
      w2n_wasi_parent_close(&from);
      err = finish(&to, r);
    }
  }
  w2n_p2_store_unit(o, ret, err);
}

/* [method]descriptor.symlink-at: func(self: borrow<descriptor>, old-path: string,
     new-path: string) -> result<_, error-code> */
void __w2n_p2_wasi_filesystem_types_descriptor_symlink_at(w2n_p2_opts *o, uint32_t self,
                                                          uint32_t old_ptr, uint32_t old_len,
                                                          uint32_t new_ptr, uint32_t new_len,
                                                          uint32_t ret) {
  char target[W2N_WASI_PATH_MAX];
  w2n_wasi_parent p;
  int32_t err = w2n_p2_load_path(o, old_ptr, old_len, target);
  if (!err)
    err = w2n_p2_prepare(o, w2n_p2_desc_get(o, self), P2_PERM_MUTATE, new_ptr, new_len,
                         P2_NOFOLLOW, &p);
  if (!err) {
    if (target[0] == '/') { /* could only ever lead outside the sandbox */
      w2n_wasi_parent_close(&p);
      err = W2N_WASI_EPERM;
    } else {
      err = finish(&p, w2n_wasi_sys(W2N_SYS_symlinkat, (long)target, p.fd, (long)p.kname, 0, 0, 0));
    }
  }
  w2n_p2_store_unit(o, ret, err);
}

/* [method]descriptor.readlink-at: func(self: borrow<descriptor>, path: string)
     -> result<string, error-code>  (tag at 0, payload at 4, 12 bytes)
   An absolute target is returned as it is, as Wasmtime and preview1 do (the WIT text asks for
   not-permitted, but reading a link reaches nothing outside). */
void __w2n_p2_wasi_filesystem_types_descriptor_readlink_at(w2n_p2_opts *o, uint32_t self,
                                                           uint32_t ptr, uint32_t len,
                                                           uint32_t ret) {
  w2n_wasi_parent p;
  char target[W2N_WASI_PATH_MAX];
  long n = 0;
  int32_t err =
      w2n_p2_prepare(o, w2n_p2_desc_get(o, self), 0, ptr, len, P2_FOLLOW_IF_SLASH, &p);
  if (!err) {
    n = w2n_wasi_sys(W2N_SYS_readlinkat, p.fd, (long)p.name, (long)target, sizeof target, 0, 0);
    w2n_wasi_parent_close(&p);
    if (n < 0) err = w2n_wasi_errno_from_linux(n);
    else if ((size_t)n >= sizeof target) err = W2N_WASI_ENAMETOOLONG;
    else if (!w2n_p2_valid_utf8(target, (size_t)n)) err = W2N_WASI_EILSEQ;
  }
  if (err) {
    w2n_p2_store_err(o, ret, 4, 12, err);
    return;
  }
  uint8_t *r = w2n_canon_mem(o, ret, 12, 4);
  r[0] = 0;
  w2n_canon_store_string(o, ret + 4, target, (size_t)n);
}
