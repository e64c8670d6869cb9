// The wasilib component for the library tests of WASI capabilities (host.c): its exports use
// WASI preview1 (adapted to WASI 0.2 by jco's reactor adapter) to list the preopened
// directories, read a file, the environment, the arguments, stdout and stdin. C for wasm32
// without a C library, the canonical ABI by hand (strings and lists as (pointer, length) in this
// module's memory; results that do not fit one value stored in a static return area).
#include <stddef.h>
#include <stdint.h>

#define EXPORT(name) __attribute__((export_name("example:wasilib/probe#" name)))
#define WASI(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(name)))

typedef struct {
  const void *buf;
  size_t len;
} iovec;

WASI("fd_prestat_get") uint16_t fd_prestat_get(int fd, void *prestat);
WASI("fd_prestat_dir_name") uint16_t fd_prestat_dir_name(int fd, char *buf, size_t len);
WASI("path_open")
uint16_t path_open(int dirfd, uint32_t dirflags, const char *path, size_t len, uint16_t oflags,
                   uint64_t base, uint64_t inheriting, uint16_t fdflags, int *fd);
WASI("fd_read") uint16_t fd_read(int fd, const iovec *iovs, size_t n, size_t *got);
WASI("fd_write") uint16_t fd_write(int fd, const iovec *iovs, size_t n, size_t *put);
WASI("fd_close") uint16_t fd_close(int fd);
WASI("environ_sizes_get") uint16_t environ_sizes_get(size_t *count, size_t *size);
WASI("environ_get") uint16_t environ_get(char **list, char *buf);
WASI("args_sizes_get") uint16_t args_sizes_get(size_t *count, size_t *size);
WASI("args_get") uint16_t args_get(char **list, char *buf);

// A bump allocator that never frees: the adapter may allocate its state through cabi_realloc,
// and each test instance makes only a few calls.
static unsigned char heap[1 << 18];
static size_t heap_used;

__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, size_t old_size,
                                                                size_t align, size_t size) {
  heap_used = (heap_used + align - 1) & ~(align - 1);
  if (heap_used + size > sizeof heap) __builtin_trap();
  unsigned char *p = heap + heap_used;
  heap_used += size;
  for (size_t i = 0; i < old_size && i < size; i++)
    p[i] = ((unsigned char *)old)[i];
  return p;
}

static size_t length(const char *s) {
  size_t n = 0;
  while (s[n])
    n++;
  return n;
}

static int same(const char *a, size_t na, const char *b, size_t nb) {
  if (na != nb) return 0;
  for (size_t i = 0; i < na; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

typedef struct {
  const char *ptr;
  uint32_t len;
} string;

static struct {
  string *ptr;
  uint32_t len;
} list_ret;

// result<string, u32>: case at 0, payload at 4.
static struct {
  uint8_t is_err;
  union {
    string ok;
    uint32_t err;
  } val;
} result_ret;

// The preopened directories are the fds from 3 up to the first that fd_prestat_get refuses.
static uint32_t preopen_names(string *out, uint32_t max, int *fds) {
  uint32_t n = 0;
  for (int fd = 3; n < max; fd++) {
    uint32_t prestat[2];
    if (fd_prestat_get(fd, prestat)) break;
    char *name = cabi_realloc(0, 0, 1, prestat[1] + 1);
    if (fd_prestat_dir_name(fd, name, prestat[1])) break;
    out[n] = (string){name, prestat[1]};
    fds[n++] = fd;
  }
  return n;
}

EXPORT("preopens") void *preopens(void) {
  string *names = cabi_realloc(0, 0, 4, 16 * sizeof *names);
  int fds[16];
  list_ret.ptr = names;
  list_ret.len = preopen_names(names, 16, fds);
  return &list_ret;
}

// The file is opened in the preopen named `dir`; without one, in the first fd past the preopens
// anyway (3 when there are none), so that the answer is what WASI says to that: BADF.
EXPORT("read-file")
void *read_file(const char *dir, size_t dir_len, const char *path, size_t path_len) {
  string names[16];
  int fds[16];
  uint32_t n = preopen_names(names, 16, fds);
  int dirfd = 3 + (int)n;
  for (uint32_t i = 0; i < n; i++)
    if (same(names[i].ptr, names[i].len, dir, dir_len)) dirfd = fds[i];
  int fd;
  uint16_t e =
      path_open(dirfd, 1 /* symlink-follow */, path, path_len, 0, 2 /* fd_read */, 0, 0, &fd);
  if (e) {
    result_ret.is_err = 1;
    result_ret.val.err = e;
    return &result_ret;
  }
  char *buf = cabi_realloc(0, 0, 1, 4096);
  size_t got = 0, total = 0;
  do {
    iovec iov = {buf + total, 4096 - total};
    e = fd_read(fd, &iov, 1, &got);
    total += got;
  } while (!e && got && total < 4096);
  fd_close(fd);
  result_ret.is_err = e != 0;
  if (e)
    result_ret.val.err = e;
  else
    result_ret.val.ok = (string){buf, (uint32_t)total};
  return &result_ret;
}

static void *strings(uint16_t (*sizes)(size_t *, size_t *), uint16_t (*get)(char **, char *)) {
  size_t count = 0, size = 0;
  list_ret.len = 0;
  if (sizes(&count, &size)) return &list_ret;
  char **list = cabi_realloc(0, 0, 4, count * sizeof *list + 4);
  char *buf = cabi_realloc(0, 0, 1, size + 1);
  if (get(list, buf)) return &list_ret;
  string *out = cabi_realloc(0, 0, 4, count * sizeof *out + 8);
  for (size_t i = 0; i < count; i++)
    out[i] = (string){list[i], (uint32_t)length(list[i])};
  list_ret.ptr = out;
  list_ret.len = (uint32_t)count;
  return &list_ret;
}

EXPORT("env") void *env(void) { return strings(environ_sizes_get, environ_get); }

EXPORT("args") void *args(void) { return strings(args_sizes_get, args_get); }

EXPORT("say") uint32_t say(const char *text, size_t len) {
  iovec iov = {text, len};
  size_t put = 0;
  return fd_write(1, &iov, 1, &put);
}

EXPORT("hear") void *hear(void) {
  char *buf = cabi_realloc(0, 0, 1, 4096);
  size_t got = 0, total = 0;
  uint16_t e;
  do {
    iovec iov = {buf + total, 4096 - total};
    e = fd_read(0, &iov, 1, &got);
    total += got;
  } while (!e && got && total < 4096);
  result_ret.is_err = e != 0;
  if (e)
    result_ret.val.err = e;
  else
    result_ret.val.ok = (string){buf, (uint32_t)total};
  return &result_ret;
}
