// The C side of the library-call benchmark: times the component's exports called through the
// header wasm2native generated (libcalls.a, calls.h) against the same functions called as plain
// native C (native.c, the floor). Each figure is the time of a loop of N calls divided by N, N
// chosen so that a loop takes at least 50 ms; the rounds interleave native and library calls.
// Prints lines that report.py reads:
//   CHECK <call> <result>               one call's result (equal to node's, and the native one's)
//   SAMPLE <engine> <call> <ns/call>    one loop
// Usage: host [ROUNDS]
//        host ENGINE CALL N    (N calls of one loop and nothing else, to run under a profiler)
#define _POSIX_C_SOURCE 199309L
#include "calls.h"
#include "native.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static calls_instance *inst;
static calls_string_t str;
static calls_list_u8_t list;
static volatile uint32_t sink;

static void fail(const char *what, w2n_error *err) {
  fprintf(stderr, "%s failed: %s\n", what, w2n_error_message(err));
  exit(1);
}

// ---- The loops: n calls each, results summed so that none can be dropped. ----
static void lib_add(long n) {
  uint32_t s = 0;
  w2n_error *err = NULL;
  for (long i = 0; i < n; i++) {
    int32_t r;
    if (!bench_calls_api_add(inst, (int32_t)i, 1, &r, &err)) fail("add", err);
    s += (uint32_t)r;
  }
  sink += s;
}

static void lib_len(long n) {
  uint32_t s = 0;
  w2n_error *err = NULL;
  for (long i = 0; i < n; i++) {
    uint32_t r;
    if (!bench_calls_api_len(inst, &str, &r, &err)) fail("len", err);
    s += r;
  }
  sink += s;
}

static void lib_ends(long n) {
  uint32_t s = 0;
  w2n_error *err = NULL;
  for (long i = 0; i < n; i++) {
    uint32_t r;
    if (!bench_calls_api_ends(inst, &list, &r, &err)) fail("ends", err);
    s += r;
  }
  sink += s;
}

static void native_add_loop(long n) {
  uint32_t s = 0;
  for (long i = 0; i < n; i++)
    s += (uint32_t)native_add((int32_t)i, 1);
  sink += s;
}

static void native_len_loop(long n) {
  uint32_t s = 0;
  for (long i = 0; i < n; i++)
    s += native_len((const char *)str.ptr, str.len);
  sink += s;
}

static void native_ends_loop(long n) {
  uint32_t s = 0;
  for (long i = 0; i < n; i++)
    s += native_ends(list.ptr, list.len);
  sink += s;
}

// The floor plus the one copy the canonical ABI cannot avoid: the argument into the callee's
// memory (here a buffer of the host's, reused as a guest's bump allocator would be).
static uint8_t *copy_buffer;

static void copy_len_loop(long n) {
  uint32_t s = 0;
  for (long i = 0; i < n; i++) {
    memcpy(copy_buffer, str.ptr, str.len);
    s += native_len((const char *)copy_buffer, str.len);
  }
  sink += s;
}

static void copy_ends_loop(long n) {
  uint32_t s = 0;
  for (long i = 0; i < n; i++) {
    memcpy(copy_buffer, list.ptr, list.len);
    s += native_ends(copy_buffer, list.len);
  }
  sink += s;
}

// ---- The import call: one call of the guest's call-host(n), which calls the host's host-add n
// times, so a loop's time over n is one import call (the one export call around it is noise
// at n >= 100000, which calibration reaches). ----
static bool host_add(void *ctx, int32_t a, int32_t b, int32_t *ret, w2n_error **error) {
  (void)ctx, (void)error;
  *ret = (int32_t)((uint32_t)a + (uint32_t)b);
  return true;
}

static void lib_import(long n) {
  int32_t r;
  w2n_error *err = NULL;
  if (!bench_calls_api_call_host(inst, (uint32_t)n, &r, &err)) fail("call-host", err);
  sink += (uint32_t)r;
}

static void native_import_loop(long n) { sink += (uint32_t)native_call_host((uint32_t)n); }

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

static double time_loop(void (*loop)(long), long n) {
  double t0 = now_ns();
  loop(n);
  return (now_ns() - t0) / (double)n;
}

// The number of calls that takes at least 50 ms (the first loops also warm everything up).
static long calibrate(void (*loop)(long)) {
  for (long n = 1;; n *= 2) {
    double t0 = now_ns();
    loop(n);
    if (now_ns() - t0 >= 50e6) return n;
  }
}

typedef struct bench {
  const char *engine, *call;
  void (*loop)(long);
  long n;
} bench;

int main(int argc, char **argv) {
  int rounds = argc == 2 ? atoi(argv[1]) : 15;
  w2n_error *err = NULL;
  calls_imports imports = {host_add};
  w2n_config config = {&imports, NULL};
  inst = calls_instantiate(&config, &err);
  if (!inst) fail("instantiate", err);

  static const char text[] = "abcdefghijklmnopqrstuvwxyz012345"; // 32 bytes of UTF-8
  str = (calls_string_t){(uint8_t *)text, sizeof text - 1};
  list.len = 1 << 20;
  list.ptr = malloc(list.len);
  for (size_t i = 0; i < list.len; i++)
    list.ptr[i] = (uint8_t)i;
  copy_buffer = malloc(list.len);

  bench benches[] = {
      {"native", "add", native_add_loop, 0},
      {"w2n", "add", lib_add, 0},
      {"native", "len", native_len_loop, 0},
      {"copy", "len", copy_len_loop, 0},
      {"w2n", "len", lib_len, 0},
      {"native", "ends", native_ends_loop, 0},
      {"copy", "ends", copy_ends_loop, 0},
      {"w2n", "ends", lib_ends, 0},
      {"native", "import", native_import_loop, 0},
      {"w2n", "import", lib_import, 0},
  };
  size_t count = sizeof benches / sizeof benches[0];
  if (argc == 4) {
    for (size_t i = 0; i < count; i++)
      if (!strcmp(argv[1], benches[i].engine) && !strcmp(argv[2], benches[i].call)) {
        benches[i].loop(atol(argv[3]));
        return 0;
      }
    fprintf(stderr, "no loop '%s %s'\n", argv[1], argv[2]);
    return 2;
  }
  // The results, once: report.py checks them against node's and the native floor's.
  int32_t a, h;
  uint32_t l, e;
  if (!bench_calls_api_add(inst, INT32_MAX, 1, &a, &err)) fail("add", err);
  if (!bench_calls_api_len(inst, &str, &l, &err)) fail("len", err);
  if (!bench_calls_api_ends(inst, &list, &e, &err)) fail("ends", err);
  if (!bench_calls_api_call_host(inst, 1000, &h, &err)) fail("call-host", err);
  printf("CHECK add %d\nCHECK len %u\nCHECK ends %u\nCHECK import %d\n", a, l, e, h);
  printf("CHECK-NATIVE add %d\nCHECK-NATIVE len %u\nCHECK-NATIVE ends %u\n",
         native_add(INT32_MAX, 1), native_len(text, str.len), native_ends(list.ptr, list.len));
  printf("CHECK-NATIVE import %d\n", native_call_host(1000));

  for (size_t i = 0; i < count; i++)
    benches[i].n = calibrate(benches[i].loop);
  for (int r = 0; r < rounds; r++)
    for (size_t i = 0; i < count; i++)
      printf("SAMPLE %s %s %.3f\n", benches[i].engine, benches[i].call,
             time_loop(benches[i].loop, benches[i].n));
  calls_instance_free(inst);
  free(list.ptr);
  free(copy_buffer);
  return 0;
}
