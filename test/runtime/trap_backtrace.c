/* A direct trap (as compiled code raises one: a call to __w2n_trap) outside script mode prints the
   message and the Wasm functions on the stack, innermost first, and exits with status 134. */
#include "rt_test.h"

volatile int sink;

T_NOINLINE static void inner(void) {
  sink = 1;
  __w2n_trap(W2N_TRAP_UNREACHABLE);
}
T_NOINLINE static void middle(void) {
  inner();
  sink = 2;
}
T_NOINLINE static void outer(void) {
  middle();
  sink = 3;
}

static const w2n_func_name names[] = {
    {(void *)inner, "inner"}, {(void *)middle, "middle"}, {(void *)outer, "$outer"}};
static const w2n_module_desc module = {.name = "m", .num_func_names = 3, .func_names = names};

int __w2n_program_main(void) {
  w2n_register_module(&module);
  outer();
  return 0;
}
