// WASI calls whose behaviour the WASI test suite leaves open, checked against calls.expected
// (written by reasoning from the witx, Wasmtime's choices and README's "WASI and the sandbox"):
// the environment built from --env entries, clocks, proc_raise and sock_* errors, poll_oneoff
// with clock and fd subscriptions, rights that were dropped, fd_allocate, fd_readdir cookies with
// a tiny buffer, flag and descriptor validation, and stdio protection. run.sh grants "box"
// as "box" and builds with --env A=1 --env B --env A=2, running with B and C in the host
// environment, and stdout redirected to a file.
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

extern char **environ;
static const __wasi_fd_t box = 3;

// Debian's wasi-libc no longer declares proc_raise; the import is still part of preview1.
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise"))) int32_t
raw_proc_raise(int32_t signal);

static uint64_t now(void) {
  __wasi_timestamp_t t = 0;
  (void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t);
  return t;
}

static __wasi_subscription_t clock_sub(uint64_t userdata, __wasi_clockid_t id, uint64_t timeout,
                                       uint16_t flags) {
  __wasi_subscription_t s;
  memset(&s, 0, sizeof s);
  s.userdata = userdata;
  s.u.tag = __WASI_EVENTTYPE_CLOCK;
  s.u.u.clock.id = id;
  s.u.u.clock.timeout = timeout;
  s.u.u.clock.flags = flags;
  return s;
}

static __wasi_subscription_t fd_sub(uint64_t userdata, uint8_t type, __wasi_fd_t fd) {
  __wasi_subscription_t s;
  memset(&s, 0, sizeof s);
  s.userdata = userdata;
  s.u.tag = type;
  s.u.u.fd_read.file_descriptor = fd;
  return s;
}

static void poll_and_print(const char *what, const __wasi_subscription_t *subs, size_t n) {
  __wasi_event_t events[8];
  __wasi_size_t count = 0;
  __wasi_errno_t e = __wasi_poll_oneoff(subs, events, n, &count);
  printf("poll %s: %d, %lu events", what, e, e ? 0ul : (unsigned long)count);
  for (__wasi_size_t i = 0; e == 0 && i < count; i++)
    printf(" [userdata %llu error %d type %d]", (unsigned long long)events[i].userdata,
           events[i].error, events[i].type);
  printf("\n");
}

static __wasi_fd_t open_file(__wasi_fd_t dir, const char *path, __wasi_oflags_t oflags,
                             __wasi_rights_t rights) {
  __wasi_fd_t fd = (__wasi_fd_t)-1;
  __wasi_errno_t e = __wasi_path_open(dir, 0, path, oflags, rights, rights, 0, &fd);
  if (e) printf("open %s failed: %d\n", path, e);
  return fd;
}

int main(void) {
  // Environment: --env A=1 --env B --env A=2, host has B=from-host and C=not-granted.
  for (char **e = environ; *e; e++)
    printf("env %s\n", *e);

  // Clocks, process control, sockets.
  for (__wasi_clockid_t id = 0; id <= 4; id++) {
    __wasi_timestamp_t res = 0, t = 0;
    __wasi_errno_t r = __wasi_clock_res_get(id, &res), g = __wasi_clock_time_get(id, 0, &t);
    printf("clock %u: res %d%s, time %d%s\n", id, r, r == 0 && res > 0 ? " (>0)" : "", g,
           g == 0 && t > 0 ? " (>0)" : "");
  }
  printf("proc_raise: %d\n", raw_proc_raise(15 /* TERM */));
  printf("sched_yield: %d\n", __wasi_sched_yield());
  printf("sock_shutdown 1: %d, 99: %d, 3: %d\n", __wasi_sock_shutdown(1, __WASI_SDFLAGS_RD),
         __wasi_sock_shutdown(99, __WASI_SDFLAGS_RD), __wasi_sock_shutdown(box, __WASI_SDFLAGS_WR));
  __wasi_fd_t accepted;
  printf("sock_accept 3: %d\n", __wasi_sock_accept(box, 0, &accepted));
  uint8_t random[16] = {0};
  printf("random_get 0: %d, 16: %d\n", __wasi_random_get(random, 0),
         __wasi_random_get(random, sizeof random));

  // poll_oneoff.
  __wasi_event_t ev;
  __wasi_size_t count;
  printf("poll nothing: %d\n", __wasi_poll_oneoff(NULL, &ev, 0, &count));
  __wasi_subscription_t s[3];
  s[0] = clock_sub(1, __WASI_CLOCKID_MONOTONIC, 10000000000ull, 0);
  s[1] = fd_sub(2, __WASI_EVENTTYPE_FD_READ, 99);
  poll_and_print("closed fd", s, 2);
  s[0] = fd_sub(3, __WASI_EVENTTYPE_FD_WRITE, 1);
  s[1] = clock_sub(4, __WASI_CLOCKID_MONOTONIC, 10000000000ull, 0);
  poll_and_print("stdout writable", s, 2);
  uint64_t start = now();
  s[0] = clock_sub(5, __WASI_CLOCKID_MONOTONIC, 50000000, 0);
  poll_and_print("50 ms", s, 1);
  printf("waited at least 50 ms: %d\n", now() - start >= 50000000);
  __wasi_timestamp_t real = 0;
  (void)__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &real);
  start = now();
  s[0] = clock_sub(6, __WASI_CLOCKID_REALTIME, real + 30000000,
                   __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
  poll_and_print("realtime deadline", s, 1);
  printf("waited at least 20 ms: %d\n", now() - start >= 20000000);
  s[0] = clock_sub(7, __WASI_CLOCKID_PROCESS_CPUTIME_ID, 1000, 0);
  poll_and_print("cpu-time clock", s, 1);
  s[0] = clock_sub(8, __WASI_CLOCKID_MONOTONIC, 0, 2); // an unknown flag
  poll_and_print("bad flags", s, 1);

  // stdio is protected; bad flags and descriptors are refused.
  printf("set_flags stdout: %d\n", __wasi_fd_fdstat_set_flags(1, __WASI_FDFLAGS_NONBLOCK));
  printf("set_times stdout: %d\n", __wasi_fd_filestat_set_times(1, 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
  printf("sync stdout: %d\n", __wasi_fd_sync(1));
  __wasi_fd_t fd;
  printf("path_open on stdout: %d\n", __wasi_path_open(1, 0, "x", 0, 0, 0, 0, &fd));
  printf("path_open bad oflags: %d\n", __wasi_path_open(box, 0, "x", 16, 0, 0, 0, &fd));
  printf("path_open bad fdflags: %d\n", __wasi_path_open(box, 0, "x", 0, 0, 0, 32, &fd));
  printf("mkdir through a file: %d\n", __wasi_path_create_directory(0, "x"));
  printf("set_times ATIM|ATIM_NOW: %d\n",
         __wasi_path_filestat_set_times(box, 0, ".", 0, 0,
                                        __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW));

  // Rights: dropping is allowed, regaining is not, and a dropped right is refused.
  __wasi_rights_t rw = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK;
  __wasi_fd_t f = open_file(box, "file", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, rw);
  __wasi_fdstat_t st;
  (void)__wasi_fd_fdstat_get(f, &st);
  printf("file fd %u type %d write right %d\n", f, st.fs_filetype,
         (st.fs_rights_base & __WASI_RIGHTS_FD_WRITE) != 0);
  __wasi_ciovec_t out = {(const uint8_t *)"hello", 5};
  __wasi_size_t n = 0;
  __wasi_errno_t e = __wasi_fd_write(f, &out, 1, &n);
  printf("write: %d %lu\n", e, (unsigned long)n);
  printf("drop write: %d\n",
         __wasi_fd_fdstat_set_rights(f, st.fs_rights_base & ~__WASI_RIGHTS_FD_WRITE,
                                     st.fs_rights_inheriting));
  printf("write after drop: %d\n", __wasi_fd_write(f, &out, 1, &n));
  printf("regain write: %d\n",
         __wasi_fd_fdstat_set_rights(f, st.fs_rights_base, st.fs_rights_inheriting));
  __wasi_filesize_t pos = 0;
  printf("seek bad whence: %d, seek set: %d", __wasi_fd_seek(f, 0, 3, &pos),
         __wasi_fd_seek(f, 1, __WASI_WHENCE_SET, &pos));
  printf(" -> %llu\n", (unsigned long long)pos);
  char buf[8] = {0};
  __wasi_iovec_t in = {(uint8_t *)buf, 4};
  e = __wasi_fd_read(f, &in, 1, &n);
  printf("read: %d %lu %s\n", e, (unsigned long)n, buf);
  e = __wasi_fd_allocate(f, 0, 100);
  __wasi_filestat_t fst;
  (void)__wasi_fd_filestat_get(f, &fst);
  printf("allocate: %s\n",
         (e == 0 && fst.size == 100) || e == __WASI_ERRNO_NOTSUP ? "ok" : "wrong");
  e = __wasi_fd_close(f);
  printf("close: %d, again: %d\n", e, __wasi_fd_close(f));
  // A directory that dropped FD_READ from its inheriting rights passes that on.
  (void)__wasi_path_create_directory(box, "sub");
  __wasi_fd_t sub = open_file(box, "sub", __WASI_OFLAGS_DIRECTORY, 0);
  (void)__wasi_fd_fdstat_get(sub, &st);
  printf("drop inherited read: %d\n",
         __wasi_fd_fdstat_set_rights(sub, st.fs_rights_base,
                                     st.fs_rights_inheriting & ~__WASI_RIGHTS_FD_READ));
  __wasi_fd_t g = open_file(sub, "g", __WASI_OFLAGS_CREAT, rw);
  (void)__wasi_fd_fdstat_get(g, &st);
  printf("inherited: read right %d, write right %d, read: %d\n",
         (st.fs_rights_base & __WASI_RIGHTS_FD_READ) != 0,
         (st.fs_rights_base & __WASI_RIGHTS_FD_WRITE) != 0, __wasi_fd_read(g, &in, 1, &n));
  (void)__wasi_fd_close(g);

  // fd_readdir with a buffer smaller than one entry plus its name, resumed by cookies.
  __wasi_fd_t d = open_file(box, "many", 0, 0);
  (void)d;
  (void)__wasi_path_create_directory(box, "many");
  d = open_file(box, "many", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR);
  for (int i = 0; i < 50; i++) {
    char name[16];
    snprintf(name, sizeof name, "entry%02d", i);
    (void)__wasi_fd_close(open_file(d, name, __WASI_OFLAGS_CREAT, 0));
  }
  int entries = 0, sum = 0, calls = 0;
  __wasi_dircookie_t cookie = 0;
  for (;;) {
    uint8_t dbuf[40]; // one 24-byte header and up to 16 bytes of name
    __wasi_size_t used = 0;
    if (__wasi_fd_readdir(d, dbuf, sizeof dbuf, cookie, &used) != 0) break;
    calls++;
    if (used < sizeof(__wasi_dirent_t)) break;
    __wasi_dirent_t de;
    memcpy(&de, dbuf, sizeof de);
    if (used < sizeof de + de.d_namlen) break; // the name did not fit: cannot happen here
    entries++;
    if (de.d_namlen == 7 && memcmp(dbuf + sizeof de, "entry", 5) == 0)
      sum += (dbuf[sizeof de + 5] - '0') * 10 + (dbuf[sizeof de + 6] - '0');
    cookie = de.d_next;
  }
  printf("readdir: %d entries (50 files, . and ..), names sum %d, %d calls\n", entries, sum, calls);
  return 0;
}
