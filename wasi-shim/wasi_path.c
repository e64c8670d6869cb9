/* The path_* calls other than path_open: each resolves the directory holding the final component
   beneath its directory descriptor (wasi_resolve.c) and then runs one *at system call on that
   name, which the kernel never follows out of the sandbox: the mutating calls do not follow a
   final link at all (a trailing slash is passed through, for the kernel's own checks), and the
   calls that do follow (stat, utimes, readlink with SYMLINK_FOLLOW or a trailing slash) get the
   link expanded inside the sandbox first and then run with AT_SYMLINK_NOFOLLOW. */
#include "wasi_internal.h"

#define R(name) W2N_WASI_RIGHT(W2N_R_##name)
#define LOOKUP_SYMLINK_FOLLOW 1u

enum { NOFOLLOW, FOLLOW, FOLLOW_IF_SLASH };

/* Looks up the directory descriptor, reads the guest path and resolves its parent. */
static int32_t prepare(int32_t fd, uint64_t rights, int32_t path_ptr, int32_t path_len, int follow,
                       w2n_wasi_parent *out) {
  w2n_wasi_fd *dir;
  int32_t err = w2n_wasi_dir_lookup(fd, rights, &dir);
  if (err) return err;
  char path[W2N_WASI_PATH_MAX];
  err = w2n_wasi_read_path((uint32_t)path_ptr, (uint32_t)path_len, path);
  if (err) return err;
  bool f = follow == FOLLOW || (follow == FOLLOW_IF_SLASH && w2n_wasi_has_trailing_slash(path));
  return w2n_wasi_resolve_parent(dir->host, path, f, out);
}

/* Runs a system call on a resolved parent, closes it and maps the result. */
static int32_t finish(w2n_wasi_parent *p, long r) {
  w2n_wasi_parent_close(p);
  return r < 0 ? w2n_wasi_errno_from_linux(r) : W2N_WASI_ESUCCESS;
}

/* A path that ended in '/' must name a directory. */
static int32_t check_slash(const w2n_wasi_parent *p, w2n_statx *st) {
  int32_t err = w2n_wasi_statx(p->fd, p->name, W2N_AT_SYMLINK_NOFOLLOW, st);
  if (err) return err;
  return p->trailing_slash && !w2n_wasi_is_dir(st) ? W2N_WASI_ENOTDIR : W2N_WASI_ESUCCESS;
}

int32_t w2n_wasi_path_create_directory(void *ctx, int32_t fd, int32_t path_ptr, int32_t path_len) {
  w2n_wasi_parent p;
  int32_t err = prepare(fd, R(PATH_CREATE_DIRECTORY), path_ptr, path_len, NOFOLLOW, &p);
  if (err) return err;
  return finish(&p, w2n_wasi_sys(W2N_SYS_mkdirat, p.fd, (long)p.kname, 0777, 0, 0, 0));
}

int32_t w2n_wasi_path_unlink_file(void *ctx, int32_t fd, int32_t path_ptr, int32_t path_len) {
  w2n_wasi_parent p;
  int32_t err = prepare(fd, R(PATH_UNLINK_FILE), path_ptr, path_len, NOFOLLOW, &p);
  if (err) return err;
  return finish(&p, w2n_wasi_sys(W2N_SYS_unlinkat, p.fd, (long)p.kname, 0, 0, 0, 0));
}

int32_t w2n_wasi_path_remove_directory(void *ctx, int32_t fd, int32_t path_ptr, int32_t path_len) {
  w2n_wasi_parent p;
  int32_t err = prepare(fd, R(PATH_REMOVE_DIRECTORY), path_ptr, path_len, NOFOLLOW, &p);
  if (err) return err;
  return finish(&p, w2n_wasi_sys(W2N_SYS_unlinkat, p.fd, (long)p.kname, W2N_AT_REMOVEDIR, 0, 0, 0));
}

int32_t w2n_wasi_path_rename(void *ctx, int32_t fd, int32_t old_path_ptr, int32_t old_path_len,
                             int32_t new_fd, int32_t new_path_ptr, int32_t new_path_len) {
  w2n_wasi_parent from, to;
  int32_t err = prepare(fd, R(PATH_RENAME_SOURCE), old_path_ptr, old_path_len, NOFOLLOW, &from);
  if (err) return err;
  err = prepare(new_fd, R(PATH_RENAME_TARGET), new_path_ptr, new_path_len, NOFOLLOW, &to);
  if (err) {
    w2n_wasi_parent_close(&from);
    return err;
  }
  long r = w2n_wasi_sys(W2N_SYS_renameat2, from.fd, (long)from.kname, to.fd, (long)to.kname, 0, 0);
  w2n_wasi_parent_close(&from);
  return finish(&to, r);
}

int32_t w2n_wasi_path_link(void *ctx, int32_t old_fd, int32_t old_flags, int32_t old_path_ptr,
                           int32_t old_path_len, int32_t new_fd, int32_t new_path_ptr,
                           int32_t new_path_len) {
  if ((uint32_t)old_flags & ~LOOKUP_SYMLINK_FOLLOW) return W2N_WASI_EINVAL;
  w2n_wasi_parent from, to;
  int follow = (old_flags & LOOKUP_SYMLINK_FOLLOW) ? FOLLOW : FOLLOW_IF_SLASH;
  int32_t err = prepare(old_fd, R(PATH_LINK_SOURCE), old_path_ptr, old_path_len, follow, &from);
  if (err) return err;
  if (from.trailing_slash) { /* "x/" names a directory, which cannot be hard-linked */
    w2n_statx st;
    err = check_slash(&from, &st);
    w2n_wasi_parent_close(&from);
    return err ? err : W2N_WASI_EPERM;
  }
  err = prepare(new_fd, R(PATH_LINK_TARGET), new_path_ptr, new_path_len, NOFOLLOW, &to);
  if (err) {
    w2n_wasi_parent_close(&from);
    return err;
  }
  long r = w2n_wasi_sys(W2N_SYS_linkat, from.fd, (long)from.name, to.fd, (long)to.kname, 0, 0);
  w2n_wasi_parent_close(&from);
  return finish(&to, r);
}

int32_t w2n_wasi_path_symlink(void *ctx, int32_t old_path_ptr, int32_t old_path_len, int32_t fd,
                              int32_t new_path_ptr, int32_t new_path_len) {
  char target[W2N_WASI_PATH_MAX];
  int32_t err = w2n_wasi_read_path((uint32_t)old_path_ptr, (uint32_t)old_path_len, target);
  if (err) return err;
  w2n_wasi_parent p;
  err = prepare(fd, R(PATH_SYMLINK), new_path_ptr, new_path_len, NOFOLLOW, &p);
  if (err) return err;
  if (target[0] == '/') { /* could only ever lead outside the sandbox */
    w2n_wasi_parent_close(&p);
    return W2N_WASI_EPERM;
  }
  return finish(&p, w2n_wasi_sys(W2N_SYS_symlinkat, (long)target, p.fd, (long)p.kname, 0, 0, 0));
}

int32_t w2n_wasi_path_readlink(void *ctx, int32_t fd, int32_t path_ptr, int32_t path_len,
                               int32_t buf_ptr, int32_t buf_len, int32_t bufused_ptr) {
  uint8_t *buf = w2n_wasi_guest((uint32_t)buf_ptr, (uint32_t)buf_len);
  if (!buf || !w2n_wasi_guest((uint32_t)bufused_ptr, 4)) return W2N_WASI_EFAULT;
  w2n_wasi_parent p;
  int32_t err = prepare(fd, R(PATH_READLINK), path_ptr, path_len, FOLLOW_IF_SLASH, &p);
  if (err) return err;
  char target[W2N_WASI_PATH_MAX];
  long n = w2n_wasi_sys(W2N_SYS_readlinkat, p.fd, (long)p.name, (long)target, sizeof target, 0, 0);
  w2n_wasi_parent_close(&p);
  if (n < 0) return w2n_wasi_errno_from_linux(n);
  uint32_t used = (uint64_t)n < (uint32_t)buf_len ? (uint32_t)n : (uint32_t)buf_len;
  w2n_wasi_copy(buf, target, used); /* truncated to the buffer, as Wasmtime does */
  return w2n_wasi_put_u32((uint32_t)bufused_ptr, used);
}

int32_t w2n_wasi_path_filestat_get(void *ctx, int32_t fd, int32_t flags, int32_t path_ptr,
                                   int32_t path_len, int32_t buf_ptr) {
  if ((uint32_t)flags & ~LOOKUP_SYMLINK_FOLLOW) return W2N_WASI_EINVAL;
  uint8_t *buf = w2n_wasi_guest((uint32_t)buf_ptr, 64);
  if (!buf) return W2N_WASI_EFAULT;
  w2n_wasi_parent p;
  int follow = (flags & LOOKUP_SYMLINK_FOLLOW) ? FOLLOW : FOLLOW_IF_SLASH;
  int32_t err = prepare(fd, R(PATH_FILESTAT_GET), path_ptr, path_len, follow, &p);
  if (err) return err;
  w2n_statx st;
  err = check_slash(&p, &st);
  w2n_wasi_parent_close(&p);
  if (err) return err;
  w2n_wasi_store_filestat(buf, &st);
  return W2N_WASI_ESUCCESS;
}

int32_t w2n_wasi_path_filestat_set_times(void *ctx, int32_t fd, int32_t flags, int32_t path_ptr,
                                         int32_t path_len, int64_t atim, int64_t mtim,
                                         int32_t fst_flags) {
  if ((uint32_t)flags & ~LOOKUP_SYMLINK_FOLLOW) return W2N_WASI_EINVAL;
  int64_t ts[4];
  int32_t err = w2n_wasi_timespecs((uint64_t)atim, (uint64_t)mtim, (uint32_t)fst_flags, ts);
  if (err) return err;
  w2n_wasi_parent p;
  int follow = (flags & LOOKUP_SYMLINK_FOLLOW) ? FOLLOW : FOLLOW_IF_SLASH;
  err = prepare(fd, R(PATH_FILESTAT_SET_TIMES), path_ptr, path_len, follow, &p);
  if (err) return err;
  if (p.trailing_slash) {
    w2n_statx st;
    err = check_slash(&p, &st);
    if (err) {
      w2n_wasi_parent_close(&p);
      return err;
    }
  }
  return finish(&p, w2n_wasi_sys(W2N_SYS_utimensat, p.fd, (long)p.name, (long)ts,
                                 W2N_AT_SYMLINK_NOFOLLOW, 0, 0));
}
