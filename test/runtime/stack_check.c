/* Unbounded recursion in a function that checks the stack limit on entry (as compiled code does)
   traps "call stack exhausted"; the backtrace stops after 64 lines. */
#include "rt_test.h"

volatile int sink;

T_NOINLINE static int recurse(int n) {
  if ((uintptr_t)__builtin_frame_address(0) < __w2n_stack_limit)
    __w2n_trap(W2N_TRAP_STACK_EXHAUSTED);
  int r = recurse(n + 1);
  sink = r;
  return r + n;
}

static const w2n_func_name names[] = {{(void *)recurse, "recurse"}};
static const w2n_module_desc module = {.name = "m", .num_func_names = 1, .func_names = names};

int __w2n_program_main(void) {
  w2n_register_module(&module);
  return recurse(0);
}
