/* Traps under a trap catcher (script mode) unwind to it with the code, again and again: direct
   traps, guard-page faults (the signal mask must be restored each time, or the second fault would
   kill the process) and stack exhaustion in the guard region. */
#include "rt_test.h"

static w2n_memory *mem;
volatile int forever = 1;

T_NOINLINE static void store(void *arg) { *(volatile uint8_t *)(mem->base + (uintptr_t)arg) = 1; }
T_NOINLINE static void direct(void *arg) { __w2n_trap((uint32_t)(uintptr_t)arg); }
T_NOINLINE static int deep(int n) {
  volatile char frame[2000];
  frame[0] = (char)n;
  if (!forever) return n;
  return deep(n + 1) + frame[0];
}
T_NOINLINE static void overflow(void *arg) { deep(0); }
T_NOINLINE static void nothing(void *arg) {}

int __w2n_program_main(void) {
  mem = __w2n_memory_new(1, 0, 0);
  for (int i = 0; i < 3; i++) {
    CHECK(w2n_call_catching(store, (void *)0x10000) == W2N_TRAP_MEMORY_OOB);
    CHECK(w2n_call_catching(store, (void *)0xffff) == W2N_NO_TRAP);
    CHECK(w2n_call_catching(store, (void *)0x1ffffffffull) == W2N_TRAP_MEMORY_OOB);
    CHECK(w2n_call_catching(direct, (void *)W2N_TRAP_INT_OVERFLOW) == W2N_TRAP_INT_OVERFLOW);
    CHECK(w2n_call_catching(overflow, 0) == W2N_TRAP_STACK_EXHAUSTED);
    CHECK(w2n_call_catching(nothing, 0) == W2N_NO_TRAP);
  }
  /* The process state survived: memory grows and is usable after the traps. */
  CHECK(__w2n_memory_grow(mem, 1) == 1);
  CHECK(w2n_call_catching(store, (void *)0x10000) == W2N_NO_TRAP);
  return t_finish();
}
