/* The `bench` host module of the Sightglass benchmark convention: a module that imports
   `bench.start` and `bench.end` (both [] -> []) gets these. `end` takes the monotonic time elapsed
   since `start` and appends it in nanoseconds, as one decimal line, to the file named by the
   environment variable W2N_BENCH_OUT (read from the process's own environment, not the guest's);
   without that variable it prints "bench: <ns> ns" on stderr. bench/ (the benchmark harness)
   relies on this; the object is linked only into programs that import `bench`. */
#include "rt.h"
#include "sigs.h"

#ifndef W2N_SYS_clock_gettime
#if defined(__aarch64__)
#define W2N_SYS_clock_gettime 113
#else
#define W2N_SYS_clock_gettime 228
#endif
#endif
#ifndef W2N_SYS_openat
#if defined(__aarch64__)
#define W2N_SYS_openat 56
#else
#define W2N_SYS_openat 257
#endif
#endif

enum {
  BENCH_CLOCK_MONOTONIC = 1,
  BENCH_AT_FDCWD = -100,
  BENCH_O_WRONLY_CREAT_APPEND = 01 | 0100 | 02000,
  BENCH_O_CLOEXEC = 02000000
};

static uint64_t bench_started;

static uint64_t bench_now(void) {
  struct {
    int64_t sec, nsec;
  } ts = {0, 0};
  w2n_sys(W2N_SYS_clock_gettime, BENCH_CLOCK_MONOTONIC, (long)&ts, 0, 0, 0, 0);
  return (uint64_t)ts.sec * 1000000000u + (uint64_t)ts.nsec;
}

/* The value of the process environment variable `name`, or 0. */
static const char *bench_getenv(const char *name) {
  size_t n = w2n_strlen(name);
  for (char **e = w2n_envp; e && *e; e++) {
    const char *s = *e;
    if (w2n_bytes_equal(s, w2n_strlen(s) > n ? n : w2n_strlen(s), name, n) && s[n] == '=')
      return s + n + 1;
  }
  return 0;
}

static void bench_start(void *ctx) { bench_started = bench_now(); }

static void bench_end(void *ctx) {
  uint64_t elapsed = bench_now() - bench_started;
  const char *path = bench_getenv("W2N_BENCH_OUT");
  w2n_out out;
  out.len = 0;
  out.fd = 2;
  if (path && *path) {
    long fd = w2n_sys(W2N_SYS_openat, BENCH_AT_FDCWD, (long)path,
                      BENCH_O_WRONLY_CREAT_APPEND | BENCH_O_CLOEXEC, 0644, 0, 0);
    if (fd >= 0) out.fd = (int)fd;
  }
  if (out.fd == 2) w2n_out_str(&out, "bench: ");
  w2n_out_udec(&out, elapsed);
  w2n_out_str(&out, out.fd == 2 ? " ns\n" : "\n");
  w2n_out_flush(&out);
  if (out.fd != 2) w2n_sys(W2N_SYS_close, out.fd, 0, 0, 0, 0, 0);
}

const w2n_funcref __w2n_host_bench__start = {(void *)bench_start, 0, __w2n_sig__, 0};
const w2n_funcref __w2n_host_bench__end = {(void *)bench_end, 0, __w2n_sig__, 0};
