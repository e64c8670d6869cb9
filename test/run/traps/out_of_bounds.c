/* EXPECT: out of bounds memory access */
#include <stdint.h>
int main(void) {
  /* Linear memory is far smaller than 4 GiB, so this address is past its end. */
  *(volatile int *)(uintptr_t)0xfffffff0u = 1;
  return 0;
}
