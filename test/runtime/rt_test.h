/* Helpers for the runtime tests: each test is a freestanding program that plays the part of a
   compiled module (it defines __w2n_program_main and hand-made module descriptors) and is linked
   against the runtime archive alone. Checks print "FAIL <line>: <expr>" and the test then prints
   "PASS" only when every check held. */
#ifndef W2N_RT_TEST_H
#define W2N_RT_TEST_H

#include "w2n/abi.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Runtime internals that the tests use (declared in runtime-lib/src/rt.h). */
long w2n_write_all(int fd, const void *buf, size_t len);
#define W2N_NO_TRAP 0xffffffffu
uint32_t w2n_call_catching(void (*fn)(void *), void *arg);

static inline size_t t_strlen(const char *s) {
  size_t n = 0;
  while (s[n])
    n++;
  return n;
}

static inline void t_put(const char *s) { w2n_write_all(1, s, t_strlen(s)); }

static inline void t_put_u64(uint64_t v) {
  char buf[21];
  int i = 20;
  buf[i] = 0;
  do {
    buf[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  t_put(buf + i);
}

static int t_failures;

#define CHECK(expr)                                                                                \
  do {                                                                                             \
    if (!(expr)) {                                                                                 \
      t_put("FAIL ");                                                                              \
      t_put_u64(__LINE__);                                                                         \
      t_put(": " #expr "\n");                                                                      \
      t_failures++;                                                                                \
    }                                                                                              \
  } while (0)

/* Ends a check-style test: "PASS" and status 0, or status 1. */
static inline int t_finish(void) {
  if (t_failures) return 1;
  t_put("PASS\n");
  return 0;
}

/* Defines the canonical signature symbol like compiled modules do (weak, merged by the linker). */
#define T_SIG(id, letters) __attribute__((weak)) const char __w2n_sig_##id[] = letters

#define T_NOINLINE __attribute__((noinline))

#endif
