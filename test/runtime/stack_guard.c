/* Unbounded recursion without stack checks runs into the guard region below the Wasm stack; the
   signal handler reports "call stack exhausted" (not a crash), with the fault's function first. */
#include "rt_test.h"

volatile int forever = 1;

T_NOINLINE static int recurse(int n) {
  volatile char frame[4000];
  frame[0] = (char)n;
  if (!forever) return n;
  return recurse(n + 1) + frame[0];
}

static const w2n_func_name names[] = {{(void *)recurse, "recurse"}};
static const w2n_module_desc module = {.name = "m", .num_func_names = 1, .func_names = names};

int __w2n_program_main(void) {
  w2n_register_module(&module);
  return recurse(0);
}
