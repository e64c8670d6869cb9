/* Declarations shared by the WASI 0.2 host's sources (wasip2_*.c): the host objects behind the
   resources (streams, pollables, descriptors), wasi:filesystem error codes, and helpers for
   storing canonical ABI results in guest memory. The preview1 shim's internals (wasi_internal.h:
   sandboxed path resolution, statx, errno mapping) are reused as they are. */
#ifndef W2N_WASIP2_INTERNAL_H
#define W2N_WASIP2_INTERNAL_H

#include "wasi_internal.h"
#include "wasip2.h"

#define P2_RES(sym) (&__w2n_p2_res_##sym)

/* ---- wasi:filesystem/types error-code (WIT order). ---- */
enum {
  P2_EC_ACCESS = 0,
  P2_EC_BAD_DESCRIPTOR = 3,
  P2_EC_ILLEGAL_BYTE_SEQUENCE = 9,
  P2_EC_INVALID = 12,
  P2_EC_IO = 13,
  P2_EC_IS_DIRECTORY = 14,
  P2_EC_NAME_TOO_LONG = 18,
  P2_EC_NOT_DIRECTORY = 24,
  P2_EC_UNSUPPORTED = 27,
  P2_EC_NOT_PERMITTED = 31,
  P2_EC_COUNT = 37,
};
/* The error-code for a preview1 errno (what the shared resolution code returns). */
uint8_t w2n_p2_error_code(int32_t wasi_errno);
/* The error-code for a negative Linux system call result. */
uint8_t w2n_p2_error_code_linux(long err);

/* Errors below are carried as "preview1 errno | P2_CODE": an error-code that has no preview1
   errno (or is clearer as itself) is tagged so that w2n_p2_error_code passes it through. */
#define P2_CODE(ec) (0x100 | (ec))

/* ---- Host objects (recycled by size; the runtime's allocator never frees small blocks). ---- */
void *w2n_p2_new(size_t size); /* zeroed */
void w2n_p2_delete(void *p, size_t size);

/* ---- Results in guest memory. ---- */
/* result<T, error-code> with T at offset `off` (the result's alignment): err(code). */
void w2n_p2_store_err(w2n_p2_opts *o, uint32_t ret, uint32_t off, uint32_t size, int32_t err);
/* result<_, error-code>: ok when err is 0. */
void w2n_p2_store_unit(w2n_p2_opts *o, uint32_t ret, int32_t err);
/* Copies bytes into a fresh guest list<u8> (realloc'd even when empty, as the canonical ABI
   does) and stores (ptr, len) at host address `at`. */
void w2n_p2_store_bytes(w2n_p2_opts *o, uint8_t *at, const void *data, uint32_t len);
/* Reads a guest path string (NUL-terminated into out[W2N_WASI_PATH_MAX]): NAMETOOLONG, INVAL for
   an embedded NUL. */
int32_t w2n_p2_load_path(w2n_p2_opts *o, uint32_t ptr, uint32_t len, char *out);

/* A host buffer for reads (at least 64 KiB), reused. */
uint8_t *w2n_p2_iobuf(size_t *cap);
#define P2_READ_MAX ((size_t)1 << 20)

/* Writes all of [p, p + n) to fd at `offset` (or at the file position when offset < 0; appended
   when `append`), retrying after EINTR, partial writes and EAGAIN. 0 or a negative errno. */
long w2n_p2_write_all(int fd, const uint8_t *p, size_t n, int64_t offset, bool append);
bool w2n_p2_is_tty(int fd);

/* ---- wasi:io/error: the rep is the Linux errno of the failed operation. ---- */
uint32_t w2n_p2_new_error(w2n_p2_opts *o, long linux_errno);

/* ---- Streams (wasi:io/streams input-stream and output-stream). ---- */
/* NONE: stdio the context does not grant (reads end at once, writes are discarded); CALLBACK:
   stdio that a library's host answers with its functions (wasi.h). */
enum {
  P2_STREAM_STDIO = 0,
  P2_STREAM_FILE = 1,
  P2_STREAM_APPEND = 2,
  P2_STREAM_NONE = 3,
  P2_STREAM_CALLBACK = 4
};
typedef struct w2n_p2_stream {
  int fd;          /* host fd; CALLBACK: the stdio stream (0, 1, 2) */
  uint8_t kind;    /* P2_STREAM_* */
  uint8_t owns_fd; /* closed with the stream */
  uint8_t pad[2];
  uint64_t offset; /* P2_STREAM_FILE: where the next read or write goes */
} w2n_p2_stream;
uint32_t w2n_p2_new_stream(w2n_p2_opts *o, bool output, int fd, uint8_t kind, uint64_t offset);
/* Stores a stream-error at host address `at` (8 bytes): closed when err is 0, else
   last-operation-failed with a new error. */
void w2n_p2_store_stream_error(w2n_p2_opts *o, uint8_t *at, long err);
/* Reads up to len bytes (blocking or not); n bytes into buf; 0 at EOF; negative errno. */
long w2n_p2_stream_read(w2n_p2_stream *s, uint8_t *buf, size_t len, bool blocking);

/* ---- Pollables. ---- */
enum { P2_POLL_READY = 0, P2_POLL_TIMER = 1, P2_POLL_FD = 2 };
typedef struct w2n_p2_pollable {
  uint8_t kind;
  uint8_t pad;
  int16_t events; /* P2_POLL_FD: POLLIN / POLLOUT */
  int32_t fd;
  uint64_t deadline; /* P2_POLL_TIMER: monotonic nanoseconds */
} w2n_p2_pollable;
uint32_t w2n_p2_new_pollable(w2n_p2_opts *o, uint8_t kind, int fd, int16_t events,
                             uint64_t deadline);
uint64_t w2n_p2_monotonic_now(void);

/* ---- Descriptors (wasi:filesystem/types descriptor). ---- */
/* The open mode: files read and/or write; directories read and/or (as write) mutate-directory,
   as requested when they were opened (what get-flags reports). */
enum { P2_MODE_READ = 1, P2_MODE_WRITE = 2 };
enum { P2_PERM_READ = 1, P2_PERM_MUTATE = 2 };           /* directories: what the guest may do */
typedef struct w2n_p2_desc {
  int fd;
  uint8_t is_dir;
  uint8_t mode;  /* P2_MODE_* */
  uint8_t perms; /* P2_PERM_* (inherited from the preopen; what the guest may do) */
  uint8_t pad;
} w2n_p2_desc;
w2n_p2_desc *w2n_p2_desc_get(w2n_p2_opts *o, uint32_t handle);
uint32_t w2n_p2_new_desc(w2n_p2_opts *o, int fd, bool is_dir, uint8_t mode, uint8_t perms);
/* The descriptor-type of a file mode. */
uint8_t w2n_p2_descriptor_type(uint16_t mode);
/* Stores a descriptor-stat (96 bytes, align 8) at host address `at`. */
void w2n_p2_store_stat(uint8_t *at, const w2n_statx *st);
/* Stores a metadata-hash-value (16 bytes) at host address `at`. */
void w2n_p2_store_hash(uint8_t *at, const w2n_statx *st);
/* The utimensat timespec for a lowered new-timestamp (traps on a bad discriminant). */
void w2n_p2_timespec(uint32_t kind, uint64_t sec, uint32_t nsec, int64_t ts[2]);

/* Path operations: how the final component is treated (as preview1's path_* calls do). */
enum { P2_NOFOLLOW, P2_FOLLOW, P2_FOLLOW_IF_SLASH };
/* Checks that d is a directory (not-directory otherwise) whose perms include `perms`
   (not-permitted otherwise), reads the guest path and resolves its parent beneath d. */
int32_t w2n_p2_prepare(w2n_p2_opts *o, const w2n_p2_desc *d, uint8_t perms, uint32_t ptr,
                       uint32_t len, int follow, w2n_wasi_parent *out);
/* Like w2n_p2_prepare with a path already read (NUL-terminated). */
int32_t w2n_p2_prepare_path(const w2n_p2_desc *d, uint8_t perms, const char *path, int follow,
                            w2n_wasi_parent *out);

bool w2n_p2_valid_utf8(const char *s, size_t n);

#endif
