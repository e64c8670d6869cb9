/* A trap raised inside the runtime (memory.fill out of bounds) outside script mode: the backtrace
   skips the runtime's own frames and starts at the Wasm function that called it. */
#include "rt_test.h"

volatile int sink;

T_NOINLINE static void fill_past_end(w2n_memory *mem) {
  __w2n_memory_fill(mem, 65000, 0, 1000);
  sink = 1;
}
T_NOINLINE static void caller(w2n_memory *mem) {
  fill_past_end(mem);
  sink = 2;
}

static const w2n_func_name names[] = {{(void *)fill_past_end, "fill_past_end"},
                                      {(void *)caller, "caller"}};
static const w2n_module_desc module = {.name = "m", .num_func_names = 2, .func_names = names};

int __w2n_program_main(void) {
  w2n_register_module(&module);
  caller(__w2n_memory_new(1, 1, 1));
  return 0;
}
