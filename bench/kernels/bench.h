/* Shared by every benchmark kernel: the timed-region markers and a deterministic PRNG.
   The markers have the Sightglass convention: a WebAssembly build imports them as `bench.start`
   and `bench.end` (each engine's harness records the time between them); a native build links
   bench/native/bench_native.c, which does the same with clock_gettime. Only the work between the
   markers is timed, so process start-up and, for node, compilation stay out of the figures. */
#ifndef BENCH_H
#define BENCH_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__wasm__)
__attribute__((import_module("bench"), import_name("start"))) void bench_start(void);
__attribute__((import_module("bench"), import_name("end"))) void bench_end(void);
#else
void bench_start(void);
void bench_end(void);
#endif

/* xorshift64*: the same sequence on every target, so checksums compare across builds. */
typedef struct {
  uint64_t s;
} bench_rng;

static inline uint64_t bench_next(bench_rng *r) {
  uint64_t x = r->s;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  r->s = x;
  return x * 0x2545F4914F6CDD1DULL;
}

/* A seed the optimizer cannot see through, so no kernel is folded at compile time. */
static volatile uint64_t bench_seed = 0x9E3779B97F4A7C15ULL;

static inline bench_rng bench_rng_new(void) {
  bench_rng r = {bench_seed};
  return r;
}

/* FNV-1a over bytes: the checksum most kernels print. */
static inline uint64_t bench_fnv(uint64_t h, const void *data, size_t len) {
  const unsigned char *p = (const unsigned char *)data;
  for (size_t i = 0; i < len; i++) {
    h ^= p[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}
#define BENCH_FNV_INIT 0xcbf29ce484222325ULL

#endif
