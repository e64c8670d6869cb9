/* EXPECT: integer divide by zero */
#include <stdio.h>
volatile int zero = 0;
/* Not 1 / zero: LLVM may rewrite 1 / x as a select, since only x = ±1 gives a non-zero result. */
int main(int argc, char **argv) {
  printf("%d\n", (argc + 99) / zero);
  return 0;
}
