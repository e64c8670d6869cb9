/* path_open: opens a file or directory beneath a directory descriptor (wasi_resolve.c). As in
   Wasmtime, the requested rights decide only the open mode (FD_READ, FD_WRITE); the new
   descriptor reports every right its type and mode allow, less what the directory's guest
   dropped from its inheriting rights. */
#include "wasi_internal.h"

#define R(name) W2N_WASI_RIGHT(W2N_R_##name)

enum { OFLAGS_CREAT = 1, OFLAGS_DIRECTORY = 2, OFLAGS_EXCL = 4, OFLAGS_TRUNC = 8 };
enum {
  FDFLAGS_APPEND = 1,
  FDFLAGS_DSYNC = 2,
  FDFLAGS_NONBLOCK = 4,
  FDFLAGS_RSYNC = 8,
  FDFLAGS_SYNC = 16
};

static int host_flags(uint32_t oflags, uint32_t fdflags, int access) {
  int flags = access;
  if (oflags & OFLAGS_CREAT) flags |= W2N_O_CREAT;
  if (oflags & OFLAGS_DIRECTORY) flags |= W2N_O_DIRECTORY;
  if (oflags & OFLAGS_EXCL) flags |= W2N_O_EXCL;
  if (oflags & OFLAGS_TRUNC) flags |= W2N_O_TRUNC;
  if (fdflags & FDFLAGS_APPEND) flags |= W2N_O_APPEND;
  if (fdflags & FDFLAGS_DSYNC) flags |= W2N_O_DSYNC;
  if (fdflags & FDFLAGS_NONBLOCK) flags |= W2N_O_NONBLOCK;
  if (fdflags & (FDFLAGS_RSYNC | FDFLAGS_SYNC)) flags |= W2N_O_SYNC;
  return flags;
}

int32_t w2n_wasi_path_open(void *ctx, int32_t fd, int32_t dirflags, int32_t path_ptr,
                           int32_t path_len, int32_t oflags, int64_t rights_base,
                           int64_t rights_inheriting, int32_t fdflags, int32_t fd_ptr) {
  if ((uint32_t)dirflags & ~1u || (uint32_t)oflags & ~15u || (uint32_t)fdflags & ~31u)
    return W2N_WASI_EINVAL;
  w2n_wasi_fd *dir = w2n_wasi_fd_at(fd);
  if (!dir || dir->stdio) return W2N_WASI_EBADF;
  if (dir->kind != W2N_WASI_FD_DIR) return W2N_WASI_ENOTDIR;
  uint64_t needed = R(PATH_OPEN);
  if (oflags & OFLAGS_CREAT) needed |= R(PATH_CREATE_FILE);
  if (oflags & OFLAGS_TRUNC) needed |= R(PATH_FILESTAT_SET_SIZE);
  int32_t err = w2n_wasi_fd_lookup(fd, needed, &dir);
  if (err) return err;
  if (!w2n_wasi_guest((uint32_t)fd_ptr, 4)) return W2N_WASI_EFAULT;
  char path[W2N_WASI_PATH_MAX];
  err = w2n_wasi_read_path((uint32_t)path_ptr, (uint32_t)path_len, path);
  if (err) return err;

  bool read = (uint64_t)rights_base & R(FD_READ), write = (uint64_t)rights_base & R(FD_WRITE);
  int access = read && write ? W2N_O_RDWR : write ? W2N_O_WRONLY : W2N_O_RDONLY;
  int host;
  err = w2n_wasi_open_beneath(dir->host, path,
                              host_flags((uint32_t)oflags, (uint32_t)fdflags, access), dirflags & 1,
                              &host);
  if (err) return err;
  w2n_statx st;
  err = w2n_wasi_statx(host, "", W2N_AT_EMPTY_PATH, &st);
  if (err) {
    w2n_sys(W2N_SYS_close, host, 0, 0, 0, 0, 0);
    return err;
  }
  w2n_wasi_fd entry = {.host = host,
                       .kind = w2n_wasi_is_dir(&st) ? W2N_WASI_FD_DIR : W2N_WASI_FD_FILE,
                       .filetype = w2n_wasi_filetype(st.mode),
                       .sync_flags =
                           (uint8_t)(fdflags & (FDFLAGS_DSYNC | FDFLAGS_RSYNC | FDFLAGS_SYNC)),
                       .preopen = -1};
  w2n_wasi_rights_init(&entry, access, dir);
  int32_t guest_fd;
  err = w2n_wasi_fd_insert(&entry, &guest_fd);
  if (err) {
    w2n_sys(W2N_SYS_close, host, 0, 0, 0, 0, 0);
    return err;
  }
  return w2n_wasi_put_u32((uint32_t)fd_ptr, (uint32_t)guest_fd);
}
