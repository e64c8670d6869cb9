/* The small WASI preview1 shim that wasm2c output needs to run the benchmarks (wabt 1.0.32's
   wasm2c brings no WASI): the functions the kernels and the Sightglass modules import, on top of
   Linux system calls, plus the `bench` module (bench.start/bench.end, same contract as
   runtime-lib/src/bench_host.c). Guest fd 3 is the preopened directory "." (the working
   directory). This is a benchmark harness, not a sandbox: paths are not confined. */
#define _GNU_SOURCE
#include "wasi_shim.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

enum {
  E_SUCCESS = 0,
  E_ACCES = 2,
  E_BADF = 8,
  E_EXIST = 20,
  E_FAULT = 21,
  E_INVAL = 28,
  E_IO = 29,
  E_ISDIR = 31,
  E_LOOP = 32,
  E_NAMETOOLONG = 37,
  E_NOENT = 44,
  E_NOMEM = 48,
  E_NOSPC = 51,
  E_NOSYS = 52,
  E_NOTDIR = 54,
  E_NOTEMPTY = 55,
  E_NOTSUP = 58,
  E_PERM = 63,
  E_SPIPE = 70,
};

static u32 wasi_errno(int e) {
  switch (e) {
  case EACCES:
    return E_ACCES;
  case EBADF:
    return E_BADF;
  case EEXIST:
    return E_EXIST;
  case EFAULT:
    return E_FAULT;
  case EINVAL:
    return E_INVAL;
  case EISDIR:
    return E_ISDIR;
  case ELOOP:
    return E_LOOP;
  case ENAMETOOLONG:
    return E_NAMETOOLONG;
  case ENOENT:
    return E_NOENT;
  case ENOMEM:
    return E_NOMEM;
  case ENOSPC:
    return E_NOSPC;
  case ENOTDIR:
    return E_NOTDIR;
  case ENOTEMPTY:
    return E_NOTEMPTY;
  case EPERM:
    return E_PERM;
  case ESPIPE:
    return E_SPIPE;
  default:
    return E_IO;
  }
}

/* Guest fd -> host fd; -1 = closed. 0..2 are stdio, 3 the preopened ".". */
enum { MAX_FDS = 256, PREOPEN_FD = 3 };
static int fds[MAX_FDS] = {0, 1, 2};
static int fds_ready;

static void fds_init(void) {
  if (fds_ready) return;
  fds_ready = 1;
  for (int i = 3; i < MAX_FDS; i++)
    fds[i] = -1;
  fds[PREOPEN_FD] = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static int host_fd(u32 fd) {
  fds_init();
  return fd < MAX_FDS ? fds[fd] : -1;
}

/* Host address of guest bytes [ptr, ptr + len), or NULL when out of bounds. */
static uint8_t *mem(w2c_wasi *w, u32 ptr, u64 len) {
  if ((u64)ptr + len > w->memory->size) return NULL;
  return w->memory->data + ptr;
}
static void put_u32(uint8_t *p, u32 v) { memcpy(p, &v, 4); }
static void put_u64(uint8_t *p, u64 v) { memcpy(p, &v, 8); }
static u32 get_u32(const uint8_t *p) {
  u32 v;
  memcpy(&v, p, 4);
  return v;
}

/* ---- bench ---- */
static u64 bench_started;
static u64 now_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (u64)ts.tv_sec * 1000000000u + (u64)ts.tv_nsec;
}
void Z_benchZ_start(struct Z_bench_instance_t *b) { bench_started = now_ns(CLOCK_MONOTONIC); }
void Z_benchZ_end(struct Z_bench_instance_t *b) {
  u64 elapsed = now_ns(CLOCK_MONOTONIC) - bench_started;
  const char *path = getenv("W2N_BENCH_OUT");
  FILE *f = path && *path ? fopen(path, "a") : NULL;
  if (f) {
    fprintf(f, "%llu\n", (unsigned long long)elapsed);
    fclose(f);
  } else {
    fprintf(stderr, "bench: %llu ns\n", (unsigned long long)elapsed);
  }
}

/* ---- arguments and environment (the guest gets its arguments and no environment) ---- */
u32 Z_wasi_snapshot_preview1Z_args_sizes_get(w2c_wasi *w, u32 argc_ptr, u32 size_ptr) {
  uint8_t *a = mem(w, argc_ptr, 4), *s = mem(w, size_ptr, 4);
  if (!a || !s) return E_FAULT;
  u32 size = 0;
  for (int i = 0; i < w->argc; i++)
    size += (u32)strlen(w->argv[i]) + 1;
  put_u32(a, (u32)w->argc);
  put_u32(s, size);
  return E_SUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_args_get(w2c_wasi *w, u32 argv_ptr, u32 buf_ptr) {
  for (int i = 0; i < w->argc; i++) {
    u32 len = (u32)strlen(w->argv[i]) + 1;
    uint8_t *slot = mem(w, argv_ptr + 4 * (u32)i, 4), *dst = mem(w, buf_ptr, len);
    if (!slot || !dst) return E_FAULT;
    put_u32(slot, buf_ptr);
    memcpy(dst, w->argv[i], len);
    buf_ptr += len;
  }
  return E_SUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_environ_sizes_get(w2c_wasi *w, u32 count_ptr, u32 size_ptr) {
  uint8_t *c = mem(w, count_ptr, 4), *s = mem(w, size_ptr, 4);
  if (!c || !s) return E_FAULT;
  put_u32(c, 0);
  put_u32(s, 0);
  return E_SUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_environ_get(w2c_wasi *w, u32 environ_ptr, u32 buf_ptr) {
  return E_SUCCESS;
}

/* ---- file descriptors ---- */
static u32 do_iov(w2c_wasi *w, u32 fd, u32 iovs, u32 n, u32 done_ptr, int writing) {
  int h = host_fd(fd);
  if (h < 0) return E_BADF;
  struct iovec io[64];
  if (n > 64) n = 64; /* a short transfer is a valid answer */
  for (u32 i = 0; i < n; i++) {
    uint8_t *e = mem(w, iovs + 8 * i, 8);
    if (!e) return E_FAULT;
    u32 base = get_u32(e), len = get_u32(e + 4);
    uint8_t *p = mem(w, base, len);
    if (!p) return E_FAULT;
    io[i].iov_base = p;
    io[i].iov_len = len;
  }
  uint8_t *out = mem(w, done_ptr, 4);
  if (!out) return E_FAULT;
  ssize_t r = writing ? writev(h, io, (int)n) : readv(h, io, (int)n);
  if (r < 0) return wasi_errno(errno);
  put_u32(out, (u32)r);
  return E_SUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_write(w2c_wasi *w, u32 fd, u32 iovs, u32 n, u32 done_ptr) {
  return do_iov(w, fd, iovs, n, done_ptr, 1);
}

u32 Z_wasi_snapshot_preview1Z_fd_read(w2c_wasi *w, u32 fd, u32 iovs, u32 n, u32 done_ptr) {
  return do_iov(w, fd, iovs, n, done_ptr, 0);
}

u32 Z_wasi_snapshot_preview1Z_fd_close(w2c_wasi *w, u32 fd) {
  int h = host_fd(fd);
  if (h < 0) return E_BADF;
  fds[fd] = -1;
  return close(h) < 0 ? wasi_errno(errno) : E_SUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_sync(w2c_wasi *w, u32 fd) {
  int h = host_fd(fd);
  if (h < 0) return E_BADF;
  return fsync(h) < 0 ? wasi_errno(errno) : E_SUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_seek(w2c_wasi *w, u32 fd, u64 offset, u32 whence, u32 out_ptr) {
  int h = host_fd(fd);
  if (h < 0) return E_BADF;
  uint8_t *out = mem(w, out_ptr, 8);
  if (!out) return E_FAULT;
  if (whence > 2) return E_INVAL; /* WASI's set/cur/end are Linux's 0/1/2 */
  off_t r = lseek(h, (off_t)offset, (int)whence);
  if (r < 0) return wasi_errno(errno);
  put_u64(out, (u64)r);
  return E_SUCCESS;
}

static uint8_t filetype(mode_t m) {
  if (S_ISREG(m)) return 4;
  if (S_ISDIR(m)) return 3;
  if (S_ISCHR(m)) return 2;
  if (S_ISBLK(m)) return 1;
  if (S_ISLNK(m)) return 7;
  return 0;
}

u32 Z_wasi_snapshot_preview1Z_fd_fdstat_get(w2c_wasi *w, u32 fd, u32 buf_ptr) {
  int h = host_fd(fd);
  if (h < 0) return E_BADF;
  uint8_t *p = mem(w, buf_ptr, 24);
  if (!p) return E_FAULT;
  struct stat st;
  if (fstat(h, &st) < 0) return wasi_errno(errno);
  memset(p, 0, 24);
  p[0] = filetype(st.st_mode);
  int fl = fcntl(h, F_GETFL);
  uint16_t flags = (fl >= 0 && (fl & O_APPEND)) ? 1 : 0;
  memcpy(p + 2, &flags, 2);
  put_u64(p + 8, ~(u64)0); /* rights: everything */
  put_u64(p + 16, ~(u64)0);
  return E_SUCCESS;
}

static void put_filestat(uint8_t *p, const struct stat *st) {
  memset(p, 0, 64);
  put_u64(p, (u64)st->st_dev);
  put_u64(p + 8, (u64)st->st_ino);
  p[16] = filetype(st->st_mode);
  put_u64(p + 24, (u64)st->st_nlink);
  put_u64(p + 32, (u64)st->st_size);
  put_u64(p + 40, (u64)st->st_atim.tv_sec * 1000000000u + (u64)st->st_atim.tv_nsec);
  put_u64(p + 48, (u64)st->st_mtim.tv_sec * 1000000000u + (u64)st->st_mtim.tv_nsec);
  put_u64(p + 56, (u64)st->st_ctim.tv_sec * 1000000000u + (u64)st->st_ctim.tv_nsec);
}

u32 Z_wasi_snapshot_preview1Z_fd_filestat_get(w2c_wasi *w, u32 fd, u32 buf_ptr) {
  int h = host_fd(fd);
  if (h < 0) return E_BADF;
  uint8_t *p = mem(w, buf_ptr, 64);
  if (!p) return E_FAULT;
  struct stat st;
  if (fstat(h, &st) < 0) return wasi_errno(errno);
  put_filestat(p, &st);
  return E_SUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_prestat_get(w2c_wasi *w, u32 fd, u32 buf_ptr) {
  if (fd != PREOPEN_FD || host_fd(fd) < 0) return E_BADF;
  uint8_t *p = mem(w, buf_ptr, 8);
  if (!p) return E_FAULT;
  memset(p, 0, 8); /* tag 0: a directory */
  put_u32(p + 4, 1);
  return E_SUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_prestat_dir_name(w2c_wasi *w, u32 fd, u32 path, u32 len) {
  if (fd != PREOPEN_FD || host_fd(fd) < 0) return E_BADF;
  uint8_t *p = mem(w, path, len);
  if (!p) return E_FAULT;
  if (len > 0) p[0] = '.';
  return E_SUCCESS;
}

/* A NUL-terminated copy of a guest path, or NULL. */
static char *guest_path(w2c_wasi *w, u32 ptr, u32 len) {
  uint8_t *p = mem(w, ptr, len);
  if (!p || len > 4096) return NULL;
  char *s = malloc(len + 1);
  if (!s) return NULL;
  memcpy(s, p, len);
  s[len] = 0;
  return s;
}

u32 Z_wasi_snapshot_preview1Z_path_open(w2c_wasi *w, u32 dirfd, u32 lookupflags, u32 path,
                                        u32 path_len, u32 oflags, u64 rights, u64 inheriting,
                                        u32 fdflags, u32 fd_out) {
  int dir = host_fd(dirfd);
  if (dir < 0) return E_BADF;
  uint8_t *out = mem(w, fd_out, 4);
  char *name = guest_path(w, path, path_len);
  if (!out || !name) return free(name), E_FAULT;
  const u64 RIGHT_READ = 1u << 1, RIGHT_WRITE = 1u << 6;
  int flags = O_CLOEXEC;
  int r = (rights & RIGHT_READ) != 0, wr = (rights & RIGHT_WRITE) != 0;
  flags |= r && wr ? O_RDWR : wr ? O_WRONLY : O_RDONLY;
  if (oflags & 1) flags |= O_CREAT;
  if (oflags & 2) flags |= O_DIRECTORY;
  if (oflags & 4) flags |= O_EXCL;
  if (oflags & 8) flags |= O_TRUNC;
  if (fdflags & 1) flags |= O_APPEND;
  if (!(lookupflags & 1)) flags |= O_NOFOLLOW;
  int h = openat(dir, name, flags, 0644);
  if (h < 0 && errno == EISDIR) h = openat(dir, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  free(name);
  if (h < 0) return wasi_errno(errno);
  for (u32 i = PREOPEN_FD + 1; i < MAX_FDS; i++)
    if (fds[i] < 0) {
      fds[i] = h;
      put_u32(out, i);
      return E_SUCCESS;
    }
  close(h);
  return E_NOMEM;
}

u32 Z_wasi_snapshot_preview1Z_path_filestat_get(w2c_wasi *w, u32 dirfd, u32 lookupflags, u32 path,
                                                u32 path_len, u32 buf_ptr) {
  int dir = host_fd(dirfd);
  if (dir < 0) return E_BADF;
  uint8_t *p = mem(w, buf_ptr, 64);
  char *name = guest_path(w, path, path_len);
  if (!p || !name) return free(name), E_FAULT;
  struct stat st;
  int rc = fstatat(dir, name, &st, (lookupflags & 1) ? 0 : AT_SYMLINK_NOFOLLOW);
  free(name);
  if (rc < 0) return wasi_errno(errno);
  put_filestat(p, &st);
  return E_SUCCESS;
}

/* ---- clocks, randomness, polling, exit ---- */
u32 Z_wasi_snapshot_preview1Z_clock_time_get(w2c_wasi *w, u32 id, u64 precision, u32 out_ptr) {
  static const clockid_t clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
                                     CLOCK_THREAD_CPUTIME_ID};
  uint8_t *out = mem(w, out_ptr, 8);
  if (!out) return E_FAULT;
  if (id > 3) return E_INVAL;
  put_u64(out, now_ns(clocks[id]));
  return E_SUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_random_get(w2c_wasi *w, u32 buf, u32 len) {
  uint8_t *p = mem(w, buf, len);
  if (!p) return E_FAULT;
  while (len) {
    ssize_t n = getrandom(p, len, 0);
    if (n < 0) return wasi_errno(errno);
    p += n;
    len -= (u32)n;
  }
  return E_SUCCESS;
}

/* Only clock subscriptions (sleeps) are served; each is answered as having fired. */
u32 Z_wasi_snapshot_preview1Z_poll_oneoff(w2c_wasi *w, u32 in, u32 out, u32 n, u32 nevents_ptr) {
  uint8_t *subs = mem(w, in, (u64)n * 48), *events = mem(w, out, (u64)n * 32);
  uint8_t *nev = mem(w, nevents_ptr, 4);
  if (!subs || !events || !nev) return E_FAULT;
  u32 count = 0;
  for (u32 i = 0; i < n; i++) {
    const uint8_t *s = subs + 48 * i;
    uint8_t *e = events + 32 * count;
    memset(e, 0, 32);
    memcpy(e, s, 8); /* userdata */
    e[10] = s[8];    /* type */
    if (s[8] == 0) {
      u64 timeout;
      memcpy(&timeout, s + 24, 8);
      uint16_t flags;
      memcpy(&flags, s + 40, 2);
      struct timespec ts = {(time_t)(timeout / 1000000000u), (long)(timeout % 1000000000u)};
      clock_nanosleep(CLOCK_MONOTONIC, (flags & 1) ? TIMER_ABSTIME : 0, &ts, NULL);
    } else {
      uint16_t err = E_NOTSUP;
      memcpy(e + 8, &err, 2);
    }
    count++;
  }
  put_u32(nev, count);
  return E_SUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_sched_yield(w2c_wasi *w) { return E_SUCCESS; }

void Z_wasi_snapshot_preview1Z_proc_exit(w2c_wasi *w, u32 code) {
  fflush(NULL);
  _exit((int)code);
}
