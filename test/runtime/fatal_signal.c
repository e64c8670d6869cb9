/* A fault outside every linear memory and outside the Wasm stack is not a Wasm trap but a bug: the
   process reports "fatal signal 11 at address ..." and exits with status 139. */
#include "rt_test.h"

int __w2n_program_main(void) {
  __w2n_memory_new(1, 1, 1); /* a reservation exists, but the address is elsewhere */
  return *(volatile int *)(uintptr_t)0x10;
}
