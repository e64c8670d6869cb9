/* Rights, as Wasmtime reports them: a preopened directory has a fixed set of path rights (and
   inherits the file rights programs expect), any other descriptor has every right its type and
   open mode allow. Rights are not a second capability layer on top of the preopens, except that
   a guest may give rights up (fd_fdstat_set_rights): a dropped right is refused with NOTCAPABLE
   from then on, and rights dropped from a directory's inheriting set are dropped from whatever
   is opened through it. */
#include "wasi_internal.h"

#define R(name) W2N_WASI_RIGHT(W2N_R_##name)

static const uint64_t preopen_base =
    R(PATH_CREATE_DIRECTORY) | R(PATH_CREATE_FILE) | R(PATH_LINK_SOURCE) | R(PATH_LINK_TARGET) |
    R(PATH_OPEN) | R(FD_READDIR) | R(PATH_READLINK) | R(PATH_RENAME_SOURCE) |
    R(PATH_RENAME_TARGET) | R(PATH_SYMLINK) | R(PATH_REMOVE_DIRECTORY) | R(PATH_UNLINK_FILE) |
    R(PATH_FILESTAT_GET) | R(PATH_FILESTAT_SET_TIMES) | R(FD_FILESTAT_GET) |
    R(FD_FILESTAT_SET_TIMES);

static const uint64_t file_rights =
    R(FD_DATASYNC) | R(FD_READ) | R(FD_SEEK) | R(FD_FDSTAT_SET_FLAGS) | R(FD_SYNC) | R(FD_TELL) |
    R(FD_WRITE) | R(FD_ADVISE) | R(FD_ALLOCATE) | R(FD_FILESTAT_GET) | R(FD_FILESTAT_SET_SIZE) |
    R(FD_FILESTAT_SET_TIMES) | R(POLL_FD_READWRITE);

void w2n_wasi_rights_init(w2n_wasi_fd *e, int access, const w2n_wasi_fd *parent) {
  uint64_t base, inheriting;
  if (e->preopen >= 0) {
    base = preopen_base;
    inheriting = preopen_base | file_rights;
  } else if (e->stdio) {
    base = R(POLL_FD_READWRITE) | R(FD_FILESTAT_GET) |
           (e->stdio == W2N_WASI_STDIO_IN ? R(FD_READ) : R(FD_WRITE));
    if (e->filetype == 4) base |= R(FD_SEEK) | R(FD_TELL); /* a redirected regular file */
    inheriting = base;
  } else {
    base = W2N_WASI_RIGHTS_ALL;
    if (e->kind == W2N_WASI_FD_DIR)
      base &= ~(R(FD_SEEK) | R(FD_FILESTAT_SET_SIZE) | R(PATH_FILESTAT_SET_SIZE));
    if (access == W2N_O_WRONLY) base &= ~(R(FD_READ) | R(FD_READDIR));
    if (access == W2N_O_RDONLY) base &= ~R(FD_WRITE);
    inheriting = base;
  }
  uint64_t dropped = parent ? parent->dropped_inheriting : 0;
  e->rights_base = base & ~dropped;
  e->rights_inheriting = inheriting & ~dropped;
  e->dropped_base = base & dropped;
  e->dropped_inheriting = dropped;
}

int32_t w2n_wasi_fd_fdstat_set_rights(void *ctx, int32_t fd, int64_t rights_base,
                                      int64_t rights_inheriting) {
  w2n_wasi_fd *e;
  int32_t err = w2n_wasi_fd_lookup(fd, 0, &e);
  if (err) return err;
  uint64_t base = (uint64_t)rights_base, inheriting = (uint64_t)rights_inheriting;
  if ((base & ~e->rights_base) || (inheriting & ~e->rights_inheriting))
    return W2N_WASI_ENOTCAPABLE; /* rights can only be given up */
  e->dropped_base |= e->rights_base & ~base;
  e->dropped_inheriting |= e->rights_inheriting & ~inheriting;
  e->rights_base = base;
  e->rights_inheriting = inheriting;
  return W2N_WASI_ESUCCESS;
}
