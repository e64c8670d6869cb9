/* A store just past the end of a linear memory faults in its guard region; the signal handler turns
   that into the trap "out of bounds memory access", with the faulting function first in the
   backtrace. */
#include "rt_test.h"

T_NOINLINE static void store_past_end(w2n_memory *mem, uint32_t addr) {
  *(volatile uint32_t *)(mem->base + addr) = 1;
}
T_NOINLINE static void run(w2n_memory *mem) {
  store_past_end(mem, 0xfffc); /* the last 4 bytes of page 0: fine */
  store_past_end(mem, 0x10000);
  store_past_end(mem, 0);
}

static const w2n_func_name names[] = {{(void *)store_past_end, "store_past_end"},
                                      {(void *)run, "run"}};
static const w2n_module_desc module = {.name = "m", .num_func_names = 2, .func_names = names};

int __w2n_program_main(void) {
  w2n_register_module(&module);
  run(__w2n_memory_new(1, 0, 0));
  return 0;
}
