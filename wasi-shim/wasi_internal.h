/* Declarations shared by the WASI shim's sources (not seen by compiled code): errno values, guest
   memory access, the descriptor table, rights, sandboxed path resolution and file metadata. */
#ifndef W2N_WASI_INTERNAL_H
#define W2N_WASI_INTERNAL_H

#include "rt.h"
#include "wasi.h"

/* ---- errno (wasi_errno.def). ---- */
enum {
#define W2N_WASI_ERRNO(name, wasi, linux_errno) W2N_WASI_E##name = wasi,
#include "wasi_errno.def"
#undef W2N_WASI_ERRNO
};
/* The WASI errno for a negative Linux system call result (EIO when WASI has no equivalent). */
int32_t w2n_wasi_errno_from_linux(long err);
/* Retries a system call interrupted by a signal. */
long w2n_wasi_sys(long n, long a, long b, long c, long d, long e, long f);

/* Linux constants the shim uses (same on x86-64 and AArch64 unless arch.h says otherwise). */
enum {
  W2N_EINTR = 4,
  W2N_EIO = 5,
  W2N_EBADF = 9,
  W2N_EAGAIN = 11,
  W2N_EPERM = 1,
  W2N_ENOENT = 2,
  W2N_EXDEV = 18,
  W2N_ENOTDIR = 20,
  W2N_EINVAL = 22,
  W2N_ENOSYS = 38,
  W2N_ELOOP = 40,
  W2N_O_RDONLY = 0,
  W2N_O_WRONLY = 1,
  W2N_O_RDWR = 2,
  W2N_O_CREAT = 0100,
  W2N_O_EXCL = 0200,
  W2N_O_NOCTTY = 0400,
  W2N_O_TRUNC = 01000,
  W2N_O_APPEND = 02000,
  W2N_O_NONBLOCK = 04000,
  W2N_O_DSYNC = 010000,
  W2N_O_SYNC = 04010000,
  W2N_O_CLOEXEC = 02000000,
  W2N_O_PATH = 010000000,
  W2N_AT_FDCWD = -100,
  W2N_AT_SYMLINK_NOFOLLOW = 0x100,
  W2N_AT_REMOVEDIR = 0x200,
  W2N_AT_EMPTY_PATH = 0x1000,
  W2N_F_GETFL = 3,
  W2N_F_SETFL = 4,
};

/* ---- Guest memory (wasi_memory.c). ---- */
/* Host address of guest bytes [ptr, ptr + len), or 0 when they are not all inside the memory. */
uint8_t *w2n_wasi_guest(uint32_t ptr, uint64_t len);
void w2n_wasi_store_u16(uint8_t *p, uint16_t v);
void w2n_wasi_store_u32(uint8_t *p, uint32_t v);
void w2n_wasi_store_u64(uint8_t *p, uint64_t v);
uint16_t w2n_wasi_load_u16(const uint8_t *p);
uint32_t w2n_wasi_load_u32(const uint8_t *p);
uint64_t w2n_wasi_load_u64(const uint8_t *p);
/* Stores a u32/u64 result at a guest pointer: EFAULT when it is out of bounds. */
int32_t w2n_wasi_put_u32(uint32_t ptr, uint32_t v);
int32_t w2n_wasi_put_u64(uint32_t ptr, uint64_t v);
void w2n_wasi_copy(void *dst, const void *src, size_t len);

/* A guest iovec array as host iovecs (at most W2N_WASI_MAX_IOVS; more is a short transfer). */
#define W2N_WASI_MAX_IOVS 1024
typedef struct w2n_iovec {
  void *base;
  size_t len;
} w2n_iovec;
/* Checks every buffer before any transfer: EFAULT when one is outside the memory. */
int32_t w2n_wasi_iovecs(uint32_t iovs, uint32_t count, w2n_iovec *out, uint32_t *out_count);

/* ---- Paths from the guest (wasi_memory.c). ---- */
#define W2N_WASI_PATH_MAX 4096
#define W2N_WASI_NAME_MAX 255
/* Copies a guest path into out[W2N_WASI_PATH_MAX], NUL-terminated: EFAULT, ENAMETOOLONG, EINVAL
   (an embedded NUL) or EILSEQ (not UTF-8), as Wasmtime reads guest strings. */
int32_t w2n_wasi_read_path(uint32_t ptr, uint32_t len, char *out);

/* ---- Descriptor table (wasi_fdtable.c). ---- */
enum { W2N_WASI_FD_FREE = 0, W2N_WASI_FD_FILE, W2N_WASI_FD_DIR };
enum { W2N_WASI_STDIO_NONE = 0, W2N_WASI_STDIO_IN, W2N_WASI_STDIO_OUT };
typedef struct w2n_wasi_fd {
  int32_t host;         /* the host file descriptor */
  uint8_t kind;         /* W2N_WASI_FD_* */
  uint8_t filetype;     /* WASI filetype, fixed at open */
  uint8_t stdio;        /* inherited stdio: the host fd is never closed */
  uint8_t sync_flags;   /* DSYNC/RSYNC/SYNC as requested (Linux folds RSYNC into SYNC) */
  int32_t preopen;      /* index of the preopened directory, or -1 */
  uint64_t rights_base; /* reported rights */
  uint64_t rights_inheriting;
  uint64_t dropped_base; /* rights the guest gave up (fd_fdstat_set_rights or inherited) */
  uint64_t dropped_inheriting;
} w2n_wasi_fd;

/* Makes the current context's table once: its stdio and its preopened directories (exits with
   status 1 when a granted directory cannot be opened: a library opens them at instantiation, so
   that cannot happen there). Every table access calls it. */
void w2n_wasi_init(void);
/* The current context with its preopened directories open (exits as w2n_wasi_init does). */
w2n_wasi_ctx *w2n_wasi_preopens(void);
/* The current context's configuration (wasi_ctx.c). */
const w2n_wasi_config *w2n_wasi_config_get(void);
/* The open descriptor `fd`, or 0. */
w2n_wasi_fd *w2n_wasi_fd_at(int32_t fd);
/* Looks up `fd` and checks that the guest has not dropped any of `rights`: BADF, NOTCAPABLE. */
int32_t w2n_wasi_fd_lookup(int32_t fd, uint64_t rights, w2n_wasi_fd **out);
/* Like w2n_wasi_fd_lookup, for operations on files only: directories and stdio are BADF, as in
   Wasmtime. */
int32_t w2n_wasi_file_lookup(int32_t fd, uint64_t rights, w2n_wasi_fd **out);
/* For path operations: the descriptor must be a directory (BADF otherwise). */
int32_t w2n_wasi_dir_lookup(int32_t fd, uint64_t rights, w2n_wasi_fd **out);
/* Adds an entry at the lowest free number; NFILE when the table cannot grow. */
int32_t w2n_wasi_fd_insert(const w2n_wasi_fd *entry, int32_t *fd_out);
/* Closes the guest descriptor (and its host fd, unless it is inherited stdio). */
void w2n_wasi_fd_release(int32_t fd);
/* Moves `from` onto `to` (which must be open; it is closed first). */
void w2n_wasi_fd_move(int32_t from, int32_t to);

/* ---- Rights (wasi_rights.c). ---- */
#define W2N_WASI_RIGHT(bit) ((uint64_t)1 << (bit))
enum {
  W2N_R_FD_DATASYNC = 0,
  W2N_R_FD_READ = 1,
  W2N_R_FD_SEEK = 2,
  W2N_R_FD_FDSTAT_SET_FLAGS = 3,
  W2N_R_FD_SYNC = 4,
  W2N_R_FD_TELL = 5,
  W2N_R_FD_WRITE = 6,
  W2N_R_FD_ADVISE = 7,
  W2N_R_FD_ALLOCATE = 8,
  W2N_R_PATH_CREATE_DIRECTORY = 9,
  W2N_R_PATH_CREATE_FILE = 10,
  W2N_R_PATH_LINK_SOURCE = 11,
  W2N_R_PATH_LINK_TARGET = 12,
  W2N_R_PATH_OPEN = 13,
  W2N_R_FD_READDIR = 14,
  W2N_R_PATH_READLINK = 15,
  W2N_R_PATH_RENAME_SOURCE = 16,
  W2N_R_PATH_RENAME_TARGET = 17,
  W2N_R_PATH_FILESTAT_GET = 18,
  W2N_R_PATH_FILESTAT_SET_SIZE = 19,
  W2N_R_PATH_FILESTAT_SET_TIMES = 20,
  W2N_R_FD_FILESTAT_GET = 21,
  W2N_R_FD_FILESTAT_SET_SIZE = 22,
  W2N_R_FD_FILESTAT_SET_TIMES = 23,
  W2N_R_PATH_SYMLINK = 24,
  W2N_R_PATH_REMOVE_DIRECTORY = 25,
  W2N_R_PATH_UNLINK_FILE = 26,
  W2N_R_POLL_FD_READWRITE = 27,
  W2N_R_SOCK_SHUTDOWN = 28,
  W2N_R_SOCK_ACCEPT = 29,
};
#define W2N_WASI_RIGHTS_ALL (((uint64_t)1 << 30) - 1)
/* Fills in the rights of a new entry: what the object and its open mode allow (as Wasmtime
   reports them), minus whatever the parent directory's guest dropped from its inheriting set
   (parent may be 0). `access` is the host open mode (W2N_O_RDONLY/WRONLY/RDWR). */
void w2n_wasi_rights_init(w2n_wasi_fd *entry, int access, const w2n_wasi_fd *parent);

/* ---- File metadata (wasi_stat.c). ---- */
typedef struct w2n_statx {
  uint32_t mask, blksize;
  uint64_t attributes;
  uint32_t nlink, uid, gid;
  uint16_t mode, pad0;
  uint64_t ino, size, blocks, attributes_mask;
  struct {
    int64_t sec;
    uint32_t nsec;
    int32_t pad;
  } atime, btime, ctime, mtime;
  uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
  uint64_t spare[14];
} w2n_statx;
/* statx(dirfd, path, flags); path "" with W2N_AT_EMPTY_PATH describes dirfd itself. */
int32_t w2n_wasi_statx(int dirfd, const char *path, int flags, w2n_statx *out);
uint8_t w2n_wasi_filetype(uint16_t mode);
bool w2n_wasi_is_dir(const w2n_statx *st);
/* Writes a WASI filestat (64 bytes). */
void w2n_wasi_store_filestat(uint8_t *buf, const w2n_statx *st);
/* The utimensat times for WASI fst_flags: INVAL for ATIM with ATIM_NOW (or MTIM with MTIM_NOW). */
int32_t w2n_wasi_timespecs(uint64_t atim, uint64_t mtim, uint32_t fst_flags, int64_t ts[4]);

/* ---- Sandboxed path resolution (wasi_resolve.c). ----
   Nothing here ever reaches outside the directory `root`: absolute paths, ".." above it and
   symbolic links that lead out of it are PERM (as in Wasmtime), link chains longer than 40 are
   LOOP. */
/* Opens `path` beneath `root` with open(2) `flags` (created files get mode 0666 & ~umask); the
   final component is followed only when `follow`. */
int32_t w2n_wasi_open_beneath(int root, const char *path, int flags, bool follow, int *fd_out);

/* The directory holding a path's final component, for the *at system calls. */
typedef struct w2n_wasi_parent {
  int fd; /* O_PATH directory (closed by w2n_wasi_parent_close unless it is root) */
  int root;
  bool trailing_slash;               /* the path ended in '/' */
  char name[W2N_WASI_NAME_MAX + 2];  /* final component ("." and ".." possible); see kname */
  char kname[W2N_WASI_NAME_MAX + 3]; /* name, plus "/" when the path had a trailing slash */
} w2n_wasi_parent;
/* Resolves all but the final component. With `follow`, a final symbolic link is expanded (within
   the sandbox) until the final component is not one. A final "." or ".." is checked to stay
   beneath root. */
int32_t w2n_wasi_resolve_parent(int root, const char *path, bool follow, w2n_wasi_parent *out);
void w2n_wasi_parent_close(w2n_wasi_parent *p);
/* Does the path end in '/' (after which POSIX follows a final symbolic link)? */
bool w2n_wasi_has_trailing_slash(const char *path);

/* The running guest's environment (wasi_args.c, from its context): "NAME=VALUE" strings. Shared by
   preview1 and the WASI 0.2 host. */
const char *const *w2n_wasi_environment(uint32_t *count);

#endif
