/* bench_start/bench_end for the native builds of the kernels: the same contract as the
   runtime's `bench` host module (runtime-lib/src/bench_host.c), so the harness reads every
   engine's timings the same way: the elapsed nanoseconds between the two calls, appended as one
   line to the file named by W2N_BENCH_OUT, or printed to stderr when it is unset. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t started;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void bench_start(void) { started = now_ns(); }

void bench_end(void) {
  uint64_t elapsed = now_ns() - started;
  const char *path = getenv("W2N_BENCH_OUT");
  FILE *f = path ? fopen(path, "a") : NULL;
  if (f) {
    fprintf(f, "%llu\n", (unsigned long long)elapsed);
    fclose(f);
  } else {
    fprintf(stderr, "bench: %llu ns\n", (unsigned long long)elapsed);
  }
}
